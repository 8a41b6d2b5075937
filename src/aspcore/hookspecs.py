"""Every hook aspcore calls, documented where it is declared.

Plugins implement these with ``@aspcore.hookimpl``.  Built-in rules, rulesets, risk schemes,
schemas, renderers and measures are registered through the same hooks by built-in plugins (with
``trylast=True``), so a partnership's plugin can replace anything built in.  Each docstring gives
the hook's signature, when it is called, what it returns and an example: a complete plugin module,
the same as in the hook's section of the reference (``docs/plugins/hooks.md``), where the files it
names are shown; the test suite runs every one.

A hook that raises, or returns something other than what its docstring says, becomes a
``PLUGIN-001`` error finding naming the plugin, the hook and what was expected and found (fatal in
strict mode); the other plugins still run.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from aspcore.adapters import Adapter
    from aspcore.indicators.measures import Measure
    from aspcore.monitoring.readers import ReturnReader
    from aspcore.report.registry import Renderer
    from aspcore.rules.evaluation import Evaluation
    from aspcore.rules.rule import Rule
    from aspcore.schemas.spec import SchemaSpec

hookspec = pluggy.HookspecMarker("aspcore")
hookimpl = pluggy.HookimplMarker("aspcore")

__all__ = [
    "PATHS",
    "aspcore_evaluation_finished",
    "aspcore_register_adapters",
    "aspcore_register_measures",
    "aspcore_register_rag_schemes",
    "aspcore_register_renderers",
    "aspcore_register_return_readers",
    "aspcore_register_risk_schemes",
    "aspcore_register_rules",
    "aspcore_register_rulesets",
    "aspcore_register_schemas",
    "hookimpl",
    "hookspec",
]

#: What the hooks that ship files (rulesets, risk schemes, RAG schemes) return items of: paths,
#: ``str`` or ``os.PathLike`` (such as :class:`pathlib.Path`).
PATHS: tuple[type, ...] = (str, os.PathLike)


@hookspec
def aspcore_register_rules() -> list[Rule]:  # type: ignore[empty-body]
    """Return the rules this plugin provides.

    Signature: ``aspcore_register_rules() -> list[Rule]``.

    Called once per plugin manager, the first time its rule registry is built: the first
    evaluation (``aspcore check``, ``aspcore report``, :func:`aspcore.evaluate`), or ``aspcore
    rulesets show|lint``.

    Returns a list of :class:`aspcore.Rule` objects, usually made with the :func:`aspcore.rule`
    decorator.  A rule whose id is already registered by a built-in replaces it.  An installed
    plugin's rules run only under a ruleset that asks for them: the plugin's own ruleset (or one
    that extends it), or one whose ``enable`` names the rule or its family (see
    :func:`aspcore.rules.registry.asked_rules`).

    Example::

        import aspcore


        @aspcore.rule("LOCAL-010", family="local", title="Actions have owners", applies_to="action")
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

    Signature: ``aspcore_register_rulesets() -> list[Path]``.

    Called once per plugin manager, the first time a ruleset is looked up by name
    (``--ruleset NAME``, a ruleset's ``extends``, ``aspcore rulesets list``).

    Returns a list of paths (:class:`pathlib.Path` or ``str``).  Each file's ``name`` key is the
    name users pass to ``--ruleset``; a partnership can ship its ruleset this way instead of as a
    loose file.  A file that is missing, is not TOML or has no ``name`` is a failure of the plugin.

    Example (``northshire.toml`` is shown in the reference)::

        from pathlib import Path

        import aspcore


        @aspcore.hookimpl
        def aspcore_register_rulesets():
            return [Path(__file__).parent / "northshire.toml"]
    """


@hookspec
def aspcore_evaluation_finished(evaluation: Evaluation) -> None:
    """Notification that an evaluation is complete, for a host system to store or push it.

    Signature: ``aspcore_evaluation_finished(evaluation: Evaluation) -> None``.

    Called once at the end of every evaluation (``aspcore check``, ``aspcore report``,
    :func:`aspcore.evaluate`).

    Returns nothing; a return value is ignored.  An exception is reported as an error finding in
    that evaluation (or raised in strict mode) and does not stop the other plugins being notified.

    Example::

        import sys

        import aspcore


        @aspcore.hookimpl
        def aspcore_evaluation_finished(evaluation):
            print(f"{evaluation.plan}: {len(evaluation.findings)} finding(s)", file=sys.stderr)
    """


@hookspec
def aspcore_register_renderers() -> list[Renderer]:  # type: ignore[empty-body]
    """Return report renderers (:class:`aspcore.report.Renderer`) this plugin provides.

    Signature: ``aspcore_register_renderers() -> list[Renderer]``.

    Called once per plugin manager, the first time a report is rendered (``aspcore report``,
    :func:`aspcore.report.write_report`).

    Returns a list of :class:`aspcore.report.Renderer` objects.  A renderer whose ``format`` is
    already registered replaces it (built-ins first, then plugins), so a partnership can give
    every HTML report its own templates (:func:`aspcore.report.html_renderer`), or add a format of
    its own, chosen by the output file's suffix.

    Example::

        import csv
        import io

        import aspcore
        from aspcore.report import Renderer


        def findings_csv(evaluation, plan, kind, published, options):
            \"\"\"The evaluation's findings, one CSV row each.\"\"\"
            text = io.StringIO()
            writer = csv.writer(text, lineterminator="\\n")
            writer.writerow(["rule", "subject", "severity", "message"])
            for finding in evaluation.findings:
                severity = finding.severity.value
                writer.writerow([finding.rule, finding.subject, severity, finding.message])
            return text.getvalue()


        @aspcore.hookimpl
        def aspcore_register_renderers():
            return [Renderer("findings-csv", findings_csv, (".csv",), description="Findings")]
    """


@hookspec
def aspcore_register_schemas() -> list[SchemaSpec]:  # type: ignore[empty-body]
    """Return the return schemas (:class:`aspcore.schemas.SchemaSpec`) this plugin provides.

    Signature: ``aspcore_register_schemas() -> list[SchemaSpec]``.

    Called once per plugin manager, the first time a schema is looked up by name (``aspcore
    validate``, ``ingest``, ``schema``, ``ingest --from``).

    Returns a list of :class:`aspcore.schemas.SchemaSpec` objects; one with a built-in's name
    replaces it.  A schema exported with ``aspcore schema NAME --format yaml`` can ship as a file
    and be returned with ``aspcore.schemas.load_schema``.

    Example::

        import aspcore
        from aspcore.schemas import ColumnSpec, SchemaSpec

        HUB_VISITS = SchemaSpec(
            "hub-visits", "Virtual hub visits", (ColumnSpec("visits", "integer", "Visits"),)
        )


        @aspcore.hookimpl
        def aspcore_register_schemas():
            return [HUB_VISITS]
    """


@hookspec
def aspcore_register_risk_schemes() -> list[Path]:  # type: ignore[empty-body]
    """Return risk scheme TOML files (or folders of them) this plugin ships.

    Signature: ``aspcore_register_risk_schemes() -> list[Path]``.

    Called once per plugin manager, the first time a plan's risks are scored.

    Returns a list of paths.  Each file's ``name`` is what a risk's ``scheme`` names; a plugin's
    scheme with the name of a shipped one replaces it.  Schemes are data: factors with scales, a
    combination rule, bands (validated: ordered, no gaps, no overlaps), confidence kept separate,
    and priority.  Each file is validated when it is registered: a missing or invalid one is a
    failure of the plugin.

    Example (``northshire-3x3.toml`` is shown in the reference)::

        from pathlib import Path

        import aspcore


        @aspcore.hookimpl
        def aspcore_register_risk_schemes():
            return [Path(__file__).parent / "northshire-3x3.toml"]
    """


@hookspec
def aspcore_register_rag_schemes() -> list[Path]:  # type: ignore[empty-body]
    """Return indicator RAG scheme TOML files (or folders of them) this plugin ships.

    Signature: ``aspcore_register_rag_schemes() -> list[Path]``.

    Called once per plugin manager, when an indicator is first rated against its target (the
    ``RAG-010`` rule of ``aspcore check`` and :func:`aspcore.evaluate`, and
    :func:`aspcore.batch.indicator_status`).

    Returns a list of paths.  Each file holds what a ruleset's ``[params.rag.schemes.NAME]``
    table holds (``bands``, optional ``red_unless_improved``, ``shortfall`` and ``source``) and a
    ``name`` (default: the file name), which is what ``[params.rag] scheme`` names.  A ruleset's
    own scheme of the same name wins over a plugin's, and a plugin's over a built-in (``belfast``,
    ``havering``, ``camms``).  A file that is missing or not a valid scheme is a failure of the
    plugin.

    Example (``northshire-rag.toml`` is shown in the reference)::

        from pathlib import Path

        import aspcore


        @aspcore.hookimpl
        def aspcore_register_rag_schemes():
            return [Path(__file__).parent / "northshire-rag.toml"]
    """


@hookspec
def aspcore_register_adapters() -> list[Adapter]:  # type: ignore[empty-body]
    """Return the adapters (:class:`aspcore.adapters.Adapter`) this plugin provides.

    Signature: ``aspcore_register_adapters() -> list[Adapter]``.

    Called once per plugin manager, the first time its adapter registry is built
    (``aspcore.adapters.adapters(plugins)``), e.g. when a command is given ``--from
    ADAPTER:PATH`` (``check``, ``indicators``, ``ingest``).

    Returns a list of :class:`aspcore.adapters.Adapter` objects.  An adapter reads a case
    system's export into a plan (``check``) and named datasets (``indicators``, ``ingest``).  An
    adapter whose name is already registered is replaced by a later plugin's.

    Example::

        import polars as pl

        import aspcore
        from aspcore.adapters import Adapter, AdapterData


        def read_visits(path, agency="Outreach team"):
            \"\"\"Each row of a visits CSV (columns person, date) is a case event.\"\"\"
            events = pl.read_csv(path, try_parse_dates=True).select(
                pl.col("person").alias("person_id"),
                pl.lit("outreach_visit").alias("event"),
                "date",
                pl.lit(agency).alias("agency"),
            )
            return AdapterData(
                "visits", str(path), frames={"events": events}, schemas={"events": "case-events"}
            )


        @aspcore.hookimpl
        def aspcore_register_adapters():
            visits = Adapter(
                name="visits",
                description="Outreach visits CSV",
                data_reader=read_visits,
                options={"agency": "the agency that made the visits"},
            )
            return [visits]
    """


@hookspec
def aspcore_register_measures() -> list[Measure]:  # type: ignore[empty-body]
    """Return measures (:class:`aspcore.indicators.Measure`) for computed indicators.

    Signature: ``aspcore_register_measures() -> list[Measure]``.

    Called once per plugin manager, the first time indicators are computed from data or a
    compute block is checked (``aspcore indicators``, ``check --data``,
    :func:`aspcore.indicators.compute_indicators`).

    Returns a list of :class:`aspcore.indicators.Measure` objects.  A compute block names a
    measure in its ``measure`` (e.g. ``"p75(days)"``); a plugin's measure with a built-in's name
    replaces it.

    Example::

        import aspcore
        from aspcore.indicators import Measure


        def longest_quarter(values):
            \"\"\"The value a quarter of the rows exceed (nearest rank).\"\"\"
            return values.quantile(0.75, interpolation="nearest")


        @aspcore.hookimpl
        def aspcore_register_measures():
            return [Measure("p75", longest_quarter, description="75th percentile")]
    """


@hookspec
def aspcore_register_return_readers() -> list[ReturnReader]:  # type: ignore[empty-body]
    """Return readers (:class:`aspcore.monitoring.ReturnReader`) of stored returns.

    Signature: ``aspcore_register_return_readers() -> list[ReturnReader]``.

    Called once per plugin manager, the first time a plan is rated from a store (``aspcore
    check --store``, ``aspcore report --store``, ``aspcore returns status --store``,
    :func:`aspcore.monitoring.with_returns`).

    Returns a list of :class:`aspcore.monitoring.ReturnReader` objects, each naming a schema and
    a function ``read(plan, row)`` that turns one stored row of it into observations of the
    plan's indicators.  aspcore adds each observation's provenance (agency, ingest, file, row).
    A plugin's reader for a schema replaces the built-in one.

    Example::

        import aspcore
        from aspcore.model import Observation
        from aspcore.monitoring import ReturnReader


        def referrals_row(plan, row):
            \"\"\"Each pre-NRM monthly return row's referrals, as indicator REF.\"\"\"
            if plan.indicator("REF") is None:
                return []
            period = aspcore.parse_period(row["month"])
            return [Observation("REF", period, float(row["referrals"]))]


        @aspcore.hookimpl
        def aspcore_register_return_readers():
            return [ReturnReader("pre-nrm-monitoring", referrals_row)]
    """
