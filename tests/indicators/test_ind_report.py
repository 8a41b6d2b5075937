"""Computed values are rated as typed observations are, and a published report hides both alike.

A count of 3 typed into a plan and a count of 3 computed from case data must read the same in a
board report: rated against the target (green), their value shown as ``[c]`` and listed under
``disclosure.suppressed``.  Values that only the computed tables hide (a percentage with a small
numerator) are rated too, and hidden in the report as they are in ``--publish`` output.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from aspcore import plan_from_mapping
from aspcore.cli import app
from aspcore.indicators import ComputeError, IndicatorResult, IndicatorRow, compute_indicators
from aspcore.model import Plan

AS_OF = dt.date(2018, 9, 30)
LEGAL = "event == 'legal_advice'"
PLAN = {
    "partnership": "P",
    "year": "2018-19",
    "indicators": [
        {
            "id": "C",
            "name": "People given legal advice",
            "unit": "count",
            "target": {"value": 2, "op": ">="},
            "compute": {
                "from": "events",
                "numerator": {"where": LEGAL, "measure": "count_distinct(person_id)"},
                "period": "date",
            },
        },
        {
            "id": "P",
            "name": "Share of people identified given legal advice",
            "unit": "percent",
            "target": {"value": 5, "op": ">="},
            "compute": {
                "from": "events",
                "numerator": {"where": LEGAL, "measure": "count_distinct(person_id)"},
                "denominator": {
                    "where": "event == 'identified'",
                    "measure": "count_distinct(person_id)",
                },
                "period": "date",
            },
        },
        {
            "id": "T",
            "name": "Typed count",
            "unit": "count",
            "target": {"value": 2, "op": ">="},
        },
    ],
    "observations": [{"indicator": "T", "period": "2018-19 Q2", "value": 3}],
}


def small_events() -> pl.DataFrame:
    """40 people identified in July 2018; three of them given legal advice."""
    identified = [(f"p-{n}", "identified", dt.date(2018, 7, 2)) for n in range(40)]
    advised = [(f"p-{n}", "legal_advice", dt.date(2018, 8, 1)) for n in range(3)]
    return pl.DataFrame(
        [*identified, *advised], schema=["person_id", "event", "date"], orient="row"
    )


@pytest.fixture(scope="module")
def computed() -> IndicatorResult:
    return compute_indicators(plan_from_mapping(PLAN), {"events": small_events()}, as_of=AS_OF)


def test_values_are_kept_for_rating_and_marked_where_publishing_hides_them(
    computed: IndicatorResult,
) -> None:
    observations = {o.indicator: o for o in computed.to_observations()}
    assert (observations["C"].value, observations["C"].withheld) == (3.0, True)
    assert (observations["P"].value, observations["P"].withheld) == (7.5, True)
    published = {row.indicator: row for row in computed.publish().rows}
    assert published["C"].suppressed and published["P"].suppressed
    assert published["P"].reason == "suppressed: a count from 1 to 4"


def test_a_result_built_by_hand_applies_to_a_plan_with_nothing_withheld() -> None:
    """Without the definitions behind its rows nothing says which values publishing would hide,
    so none is marked: a small count is then hidden in a report as a typed one is."""
    plan = plan_from_mapping(PLAN)
    rows = (
        IndicatorRow("C", "2018-19 Q2", value=3.0, numerator=3.0),
        IndicatorRow("C", "2018-19 Q2", by=(("sex", "female"),), value=3.0, numerator=3.0),
    )
    result = IndicatorResult(rows=rows, findings=(), as_of=AS_OF)
    applied = result.apply_to(plan)
    computed = [o for o in applied.observations if o.indicator == "C"]
    assert [(o.period.label, o.value, o.withheld) for o in computed] == [("2018-19 Q2", 3.0, False)]
    assert [o.indicator for o in applied.observations] == ["T", "C"]
    with pytest.raises(ComputeError, match="does not say how it was computed"):
        result.publish()


def test_publishing_in_process_is_publishing_while_computing(
    indicator_plan: Plan, events: pl.DataFrame, as_of_2019: dt.date
) -> None:
    data = {"events": events.lazy()}
    unpublished = compute_indicators(indicator_plan, data, as_of=as_of_2019)
    published = compute_indicators(indicator_plan, data, as_of=as_of_2019, publish=True)
    assert unpublished.publish() == published
    assert published.publish() is published
    hidden = {(r.indicator, r.period) for r in published.rows if r.is_total and r.suppressed}
    withheld = {(o.indicator, o.period.label) for o in unpublished.to_observations() if o.withheld}
    assert hidden == withheld and hidden


def report(tmp_path: Path, suffix: str, *extra: str) -> str:
    plan = tmp_path / "plan.yaml"
    plan.write_text(json.dumps(PLAN), encoding="utf-8")
    data = tmp_path / "events.csv"
    small_events().write_csv(data)
    out = tmp_path / f"report{suffix}"
    args = ["report", str(plan), "--data", f"events={data}", "--as-of", "2018-09-30"]
    result = CliRunner().invoke(app, [*args, "-o", str(out), *extra])
    assert result.exit_code == 0, result.stderr
    return out.read_text(encoding="utf-8")


def test_a_published_report_rates_computed_values_as_typed_ones(tmp_path: Path) -> None:
    data = json.loads(report(tmp_path, ".json"))
    rated = {s["subject"]: s for s in data["statuses"] if s["kind"] == "indicator"}
    assert {name: rated[name]["rag"] for name in "CPT"} == {
        "C": "green",
        "P": "green",
        "T": "green",
    }
    assert data["disclosure"]["suppressed"] == ["C@2018-19 Q2", "P@2018-19 Q2", "T@2018-19 Q2"]
    assert all(rated[name]["evidence"] == {"suppressed": True} for name in "CPT")
    missing = [row for row in data.get("exceptions", []) if "missing" in str(row).lower()]
    assert missing == []


def test_a_published_report_shows_neither_value(tmp_path: Path) -> None:
    board = report(tmp_path, ".md")
    lines = [line for line in board.splitlines() if line.startswith(("| C |", "| P |", "| T |"))]
    assert len(lines) == 3 and all(r"\[c\]" in line for line in lines)  # [c] in Markdown
    assert "7.5" not in board and "no value was reported" not in board


def test_an_unpublished_report_shows_both(tmp_path: Path) -> None:
    board = report(tmp_path, ".md", "--unpublished")
    assert "7.5%" in board and "[c]" not in board
