"""Fuzzing: hostile plans, plan files, rulesets, expressions, returns and workbooks.

The promise each target checks (the hardening issue, docs/security.md): bad input gives a
finding or an :class:`~aspcore.errors.AspcoreError` (the CLI's one paragraph and exit 2), never
another exception; and a name planted in a column that may hold one is never quoted back.
``make test`` runs a few thousand examples; ``make fuzz`` 100,000.
"""

from __future__ import annotations

import datetime as dt
import string
import tempfile
from pathlib import Path
from typing import Any

import yaml
from fuzzing import FUZZ, PLANTED_NAME, hostile_text, scalars, values
from hypothesis import given
from hypothesis import strategies as st

import aspcore
from aspcore.errors import AspcoreError
from aspcore.expr import compile_expression
from aspcore.io.yaml_io import load_yaml_text
from aspcore.plugins import get_plugins
from aspcore.returns import validate_file
from aspcore.rules import registry as rule_registry
from aspcore.rules.ruleset import load_ruleset

AS_OF = dt.date(2018, 11, 30)
PLUGINS = get_plugins()

SECTIONS = ("objectives", "actions", "chain", "indicators", "observations", "risks", "evidence")
FIELDS = (
    "id", "statement", "objective", "owner", "timescale", "start", "due", "status", "progress",
    "rag", "level", "from", "indicators", "unit", "polarity", "baseline", "target", "frequency",
    "aggregation", "due_days", "agencies", "from_return", "indicator", "period", "value",
    "agency", "scheme", "scores", "confidence", "review_by", "kind", "date", "consent", "links",
    "pillar", "stage", "standard", "shortfall", "compute",
)  # fmt: skip

items = st.dictionaries(st.sampled_from(FIELDS), values, max_size=8)
plans = st.fixed_dictionaries(
    {"partnership": st.one_of(hostile_text, st.just("P"))},
    optional={
        "year": st.one_of(st.sampled_from(["2018-19", "2018", "bad"]), scalars),
        "vision": hostile_text,
        "pillar_set": st.one_of(st.sampled_from(["4ps", "3ps-partnership"]), hostile_text),
        **{name: st.one_of(st.lists(items, max_size=5), values) for name in SECTIONS},
    },
)


def only_aspcore_errors(call: Any, *args: Any, **kwargs: Any) -> Any:
    """Run ``call``; an AspcoreError is an accepted answer (returns None), anything else fails."""
    try:
        return call(*args, **kwargs)
    except AspcoreError:
        return None


def evaluated(data: dict[str, Any]) -> tuple[aspcore.Plan, aspcore.Evaluation] | None:
    """The plan read from ``data`` and its evaluation (no rule may fail), or ``None`` when the
    data is no plan (a PlanError)."""
    plan = only_aspcore_errors(aspcore.plan_from_mapping, data)
    if plan is None:
        return None
    evaluation = aspcore.evaluate(plan, as_of=AS_OF, plugins=PLUGINS)
    failed = [f.message for f in evaluation.findings if f.rule == "RULE-ERROR"]
    assert not failed, failed
    return plan, evaluation


@FUZZ
@given(plans)
def test_plans_give_findings_or_plan_errors(data: dict[str, Any]) -> None:
    done = evaluated(data)
    if done is not None:
        done[1].to_json()


@FUZZ
@given(st.one_of(st.text(max_size=300), plans.map(lambda d: yaml.safe_dump(d, default_style=None))))
def test_plan_text_gives_a_plan_or_a_plan_error(text: str) -> None:
    data = only_aspcore_errors(load_yaml_text, text)
    if isinstance(data, dict):
        only_aspcore_errors(aspcore.plan_from_mapping, data)


toml_keys = st.sampled_from(["name", "version", "extends", "description", "disable", "enable"])
toml_values = st.one_of(
    st.sampled_from(['"iasc-default"', '"x"', "1", "[]", '["rag"]', '"../x.toml"', '"/dev/zero"']),
    st.text(string.printable, max_size=20).map(repr),
)
rag_params = st.dictionaries(
    st.sampled_from(
        ["amber_shortfall", "red_shortfall", "due_soon_days", "scheme", "rollup", "brag"]
    ),
    st.one_of(
        st.integers(-5, 200).map(str),
        st.floats(allow_nan=False, allow_infinity=False).map(repr),
        st.sampled_from(['"belfast"', '"nope"', "true", '"worst_of"']),
    ),
    max_size=4,
)


@FUZZ
@given(st.dictionaries(toml_keys, toml_values, max_size=5), rag_params, st.text(max_size=80))
def test_rulesets_load_or_give_ruleset_errors(
    top: dict[str, str], rag: dict[str, str], noise: str
) -> None:
    body = "\n".join(f"{k} = {v}" for k, v in top.items())
    body += "\n[params.rag]\n" + "\n".join(f"{k} = {v}" for k, v in rag.items())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.toml"
        path.write_text(body + "\n" + noise, encoding="utf-8", errors="replace")
        ruleset = only_aspcore_errors(load_ruleset, path, rule_registry.rulesets(PLUGINS))
        if ruleset is None:
            return
        plan = aspcore.plan_from_mapping({"partnership": "P", "actions": [{"id": "A1"}]})
        only_aspcore_errors(aspcore.evaluate, plan, as_of=AS_OF, ruleset=ruleset, plugins=PLUGINS)


atoms = st.one_of(
    st.sampled_from(["status", "progress", "due", "x", "1", "1e308", "'a'", "None", "True"]),
    st.sampled_from(["round(progress) * 10", "days_until(due)", "len(status)", "'\\ud800'"]),
    st.text(string.printable, max_size=6),
)
operators = st.sampled_from([" and ", " or ", " == ", " < ", " + ", " * ", " / ", " % ", "(", ")"])
expressions = st.lists(st.one_of(atoms, operators), min_size=1, max_size=12).map("".join)
records = st.fixed_dictionaries(
    {
        "status": st.one_of(st.none(), hostile_text),
        "progress": st.one_of(st.none(), st.floats(allow_nan=False), st.integers()),
        "due": st.one_of(st.none(), st.dates()),
        "x": scalars,
    }
)


@FUZZ
@given(expressions, records)
def test_expressions_compile_and_run_or_give_expression_errors(
    source: str, record: dict[str, Any]
) -> None:
    compiled = only_aspcore_errors(compile_expression, source)
    if compiled is not None:
        only_aspcore_errors(compiled.evaluate, record, as_of=AS_OF)


CSV_HEADERS = ["Period", "Indicator", "Agency", "Value", "Comment", "Person ID", "Stage", "Date"]
cells = st.one_of(hostile_text, st.integers().map(str), st.sampled_from(["2018-19 Q1", "I1"]))


@FUZZ
@given(
    st.lists(st.sampled_from(CSV_HEADERS), min_size=0, max_size=6),
    st.lists(st.lists(cells, max_size=7), max_size=6),
    st.sampled_from(["indicator-return", "case-events", "pre-nrm-monitoring", "nrm-breakdown"]),
)
def test_returns_validate_or_give_input_errors(
    headers: list[str], rows: list[list[str]], schema: str
) -> None:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "return.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8", errors="replace")
        report = only_aspcore_errors(validate_file, path, schema, plugins=PLUGINS)
    if report is not None and schema == "case-events":
        shown = " ".join(p.message for p in report.problems)
        assert PLANTED_NAME not in shown


@FUZZ
@given(
    st.lists(
        st.tuples(st.integers(1, 60), st.integers(1, 12), st.one_of(hostile_text, scalars)),
        max_size=12,
    ),
    st.booleans(),
)
def test_workbooks_validate_or_give_input_errors(
    placed: list[tuple[int, int, Any]], header: bool
) -> None:
    from openpyxl import Workbook
    from openpyxl.utils.exceptions import IllegalCharacterError

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    if header:
        sheet.append(["Period", "Indicator", "Agency", "Value"])
    for row, column, value in placed:
        try:
            sheet.cell(row=row + 1, column=column, value=value)
        except (ValueError, TypeError, IllegalCharacterError):  # openpyxl refuses these values
            continue
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "return.xlsx"
        try:
            book.save(path)
        except Exception:  # openpyxl cannot write some cells it accepted: nothing to read
            return
        only_aspcore_errors(validate_file, path, "indicator-return", plugins=PLUGINS)


@FUZZ
@given(plans)
def test_reports_of_hostile_plans_are_written(data: dict[str, Any]) -> None:
    """Every report format writes whatever text a plan holds (control characters included)."""
    from aspcore.report import write_report

    done = evaluated(data)
    if done is None:
        return
    plan, evaluation = done
    with tempfile.TemporaryDirectory() as folder:
        for suffix in (".html", ".md", ".xlsx", ".json"):
            write_report(
                evaluation, plan, Path(folder) / f"board{suffix}", "board", plugins=PLUGINS
            )
