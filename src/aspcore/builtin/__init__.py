"""Built-in plugins that register what heavy parts of aspcore provide, without importing them.

Every plugin manager imports its built-in plugins (:data:`aspcore.plugins.DEFAULT_PLUGINS`), so
evaluating one plan would otherwise bring the dataframe libraries and the report renderers with
them.  Each module here implements one registration hook and imports the code it registers only
when the hook is called: renderers when a report is rendered, schemas when a return is
validated, measures when indicators are computed or a compute block is checked.
"""
