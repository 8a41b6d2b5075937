"""Every hook aspcore calls, documented where it is declared.

Plugins implement these with ``@aspcore.hookimpl``.  Built-in rule families are plugins too
(registered with ``trylast=True``), so a partnership's plugin can replace anything built in.
Each hook's reference page, with a runnable example, is ``docs/plugins/hooks.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from aspcore.adapters import Adapter
    from aspcore.indicators.measures import Measure
    from aspcore.report.registry import Renderer
    from aspcore.rules.evaluation import Evaluation
    from aspcore.rules.rule import Rule
    from aspcore.schemas.spec import SchemaSpec

hookspec = pluggy.HookspecMarker("aspcore")
hookimpl = pluggy.HookimplMarker("aspcore")

__all__ = [
    "aspcore_evaluation_finished",
    "aspcore_register_adapters",
    "aspcore_register_measures",
    "aspcore_register_rag_schemes",
    "aspcore_register_renderers",
    "aspcore_register_risk_schemes",
    "aspcore_register_rules",
    "aspcore_register_rulesets",
    "aspcore_register_schemas",
    "hookimpl",
    "hookspec",
]


@hookspec
def aspcore_register_rules() -> list[Rule]:  # type: ignore[empty-body]
    """Return the rules this plugin provides.

    Called once when a plugin manager first builds its rule registry.  Return a list of
    :class:`aspcore.Rule` objects, usually made with the :func:`aspcore.rule` decorator.  A rule
    whose id is already registered by a built-in replaces it.

    Example::

        @aspcore.rule("LOCAL-010", family="local", title="Actions have owners",
                      applies_to="action")
        def action_has_owner(action, ctx):
            if not action.owner:
                return ctx.finding(action.id, f"action {action.id} has no owner")
            return None

        @aspcore.hookimpl
        def aspcore_register_rules():
            return [action_has_owner]
    """


@hookspec
def aspcore_register_rulesets() -> list[Path]:  # type: ignore[empty-body]
    """Return ruleset TOML files (or folders of them) this plugin ships.

    Called when a ruleset is looked up by name.  Each file's ``name`` key is the name users pass
    to ``--ruleset``; a partnership can ship its ruleset this way instead of as a loose file.

    Example::

        @aspcore.hookimpl
        def aspcore_register_rulesets():
            return [Path(__file__).parent / "northshire.toml"]
    """


@hookspec
def aspcore_evaluation_finished(evaluation: Evaluation) -> None:
    """Notification that an evaluation is complete, for a host system to store or push it.

    Called once at the end of every :func:`aspcore.evaluate`.  The return value is ignored; an
    exception is reported as an error finding (or raised in strict mode) and does not stop the
    other plugins being notified.

    Example::

        @aspcore.hookimpl
        def aspcore_evaluation_finished(evaluation):
            print(evaluation.plan, len(evaluation.findings))
    """


@hookspec
def aspcore_register_renderers() -> list[Renderer]:  # type: ignore[empty-body]
    """Return report renderers (:class:`aspcore.report.Renderer`) this plugin provides.

    Called when a report is rendered with this plugin manager.  A renderer whose ``format`` is
    already registered replaces it (built-ins first, then plugins), so a partnership can give
    every HTML report its own template, or add a format of its own.

    Example::

        @aspcore.hookimpl
        def aspcore_register_renderers():
            return [aspcore.report.html_renderer([Path(__file__).parent / "templates"])]
    """


@hookspec
def aspcore_register_schemas() -> list[SchemaSpec]:  # type: ignore[empty-body]
    """Return the return schemas (:class:`aspcore.schemas.SchemaSpec`) this plugin provides.

    Called when the schema registry is built (``aspcore validate``, ``ingest``, ``schema``).  A
    schema with a built-in's name replaces it; a schema exported with ``aspcore schema NAME
    --format yaml`` can ship as a file and be returned with ``aspcore.schemas.load_schema``.

    Example::

        @aspcore.hookimpl
        def aspcore_register_schemas():
            return [SchemaSpec("hub-visits", "Virtual hub visits",
                               (ColumnSpec("visits", "integer", "Visits"),))]
    """


@hookspec
def aspcore_register_risk_schemes() -> list[Path]:  # type: ignore[empty-body]
    """Return risk scheme TOML files (or folders of them) this plugin ships.

    Called when a plan's risks are scored.  Each file's ``name`` is what a risk's ``scheme``
    names; a plugin's scheme with the name of a shipped one replaces it.  Schemes are data:
    factors with scales, a combination rule, bands (validated: ordered, no gaps, no overlaps),
    confidence kept separate, and priority.

    Example::

        @aspcore.hookimpl
        def aspcore_register_risk_schemes():
            return [Path(__file__).parent / "northshire-risk.toml"]
    """


@hookspec
def aspcore_register_rag_schemes() -> list[Path]:  # type: ignore[empty-body]
    """Return indicator RAG scheme TOML files (or folders of them) this plugin ships.

    Called once per plugin manager, when an indicator is first rated against its target (the
    ``RAG-010`` rule of ``aspcore check`` and :func:`aspcore.evaluate`, and
    :func:`aspcore.batch.indicator_status`).  Each file holds what a ruleset's
    ``[params.rag.schemes.NAME]`` table holds (``bands``, optional ``red_unless_improved`` and
    ``source``) and a ``name`` (default: the file name), which is what ``[params.rag] scheme``
    names.  A ruleset's own scheme of the same name wins over a plugin's, and a plugin's over a
    built-in (``belfast``, ``havering``, ``camms``).  A plugin that raises, returns something
    other than paths, or ships an invalid scheme becomes a ``PLUGIN-001`` finding.

    Example::

        # northshire-rag.toml:  name = "northshire"
        #                       bands = [{ rag = "green", max = 5 }, { rag = "amber", above = 5,
        #                                 below = 20 }, { rag = "red", min = 20 }]
        @aspcore.hookimpl
        def aspcore_register_rag_schemes():
            return [Path(__file__).parent / "northshire-rag.toml"]
    """


@hookspec
def aspcore_register_adapters() -> list[Adapter]:  # type: ignore[empty-body]
    """Return the adapters (:class:`aspcore.adapters.Adapter`) this plugin provides.

    Called the first time a plugin manager's adapter registry is built (``aspcore.adapters.
    adapters(plugins)``), e.g. when a command is given ``--from ADAPTER:PATH``.  An adapter
    reads a case system's export into a plan (``check``) and named datasets (``indicators``,
    ``ingest``).  An adapter whose name is already registered is replaced by a later plugin's.

    Example::

        from aspcore.adapters import Adapter, AdapterData

        def read_visits(path, agency="Outreach team"):
            events = polars.read_csv(path)  # columns person_id, event, date, agency
            return AdapterData("visits", str(path), frames={"events": events},
                               schemas={"events": "case-events"})

        @aspcore.hookimpl
        def aspcore_register_adapters():
            return [Adapter(name="visits", description="Outreach visits CSV",
                            data_reader=read_visits, options={"agency": "who visited"})]
    """


@hookspec
def aspcore_register_measures() -> list[Measure]:  # type: ignore[empty-body]
    """Return measures (:class:`aspcore.indicators.measures.Measure`) for computed indicators.

    Called when indicators are computed from data.  A compute block names a measure in its
    ``measure`` (e.g. ``"p75(days)"``); a plugin's measure with a built-in's name replaces it.  A
    plugin that raises or returns something else becomes a ``PLUGIN-001`` finding.

    Example::

        @aspcore.hookimpl
        def aspcore_register_measures():
            return [Measure("p75", lambda col: col.quantile(0.75, interpolation="nearest"))]
    """
