"""The limits aspcore holds input to, so that no file can exhaust memory, hang a reader or crash
it, whoever wrote it.

A small file can describe a great deal: a 5 KB workbook can name a cell in its last row and
column (17 billion cells), a 1 KB YAML file can repeat an alias until it means hundreds of
megabytes.  Input past a limit is refused with an :class:`~aspcore.errors.AspcoreError` saying
which limit and where, before the memory is taken.  Where a limit is Excel's own, nothing Excel
saves is refused.  The table in ``docs/reference/limits.md`` lists every limit; a test keeps it in
step with this module.
"""

from __future__ import annotations

__all__ = [
    "MAX_CELLS",
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_NESTING",
    "MAX_NUMBER_DIGITS",
    "MAX_ROWS",
    "MAX_RULESET_BYTES",
    "MAX_UNPACKED_BYTES",
    "MAX_YAML_BYTES",
    "MAX_YAML_NODES",
]

#: Bytes of a table file (CSV, XLSX) read by default; ``max_bytes`` changes it per call.
MAX_FILE_BYTES = 256 * 1024 * 1024
#: Rows of a table, header rows and blank rows included: Excel's own limit.
MAX_ROWS = 1_048_576
#: Columns of a table holding a value: Excel's own limit.
MAX_COLUMNS = 16_384
#: Cells of a table, blank cells within each row included: what a table may hold in memory.
MAX_CELLS = 10_000_000
#: Characters in one cell: Excel's own limit.
MAX_CELL_CHARS = 32_767
#: Bytes a workbook's parts may unpack to (a workbook is a zip file of XML).
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
#: Bytes of a YAML file (a plan, a schema).
MAX_YAML_BYTES = 16 * 1024 * 1024
#: Values in a YAML document once its aliases are expanded, as a report would print them.
MAX_YAML_NODES = 1_000_000
#: Levels of lists and mappings inside one another, in YAML and TOML.
MAX_NESTING = 64
#: Digits of an integer written in YAML or TOML: Python's own limit for reading one.
MAX_NUMBER_DIGITS = 4_300
#: Bytes of a ruleset or RAG scheme TOML file.
MAX_RULESET_BYTES = 1024 * 1024
