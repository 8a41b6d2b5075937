"""Published reports suppress small counts; unpublished ones show them and say so."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from aspcore.model import Plan, Unit
from aspcore.report import ReportOptions, render
from aspcore.report.disclosure import is_suppressed, suppressed_periods
from aspcore.rules.evaluation import Evaluation


@given(st.integers(min_value=-10, max_value=100), st.integers(min_value=1, max_value=20))
def test_counts_from_one_to_below_the_threshold_are_suppressed(value: int, min_count: int) -> None:
    assert is_suppressed(value, Unit.COUNT, min_count=min_count) == (1 <= value < min_count)


@given(st.floats(min_value=0, max_value=100), st.sampled_from([Unit.PERCENT, Unit.NUMBER]))
def test_values_that_are_not_counts_of_people_are_never_suppressed(
    value: float, unit: Unit
) -> None:
    assert not is_suppressed(value, unit)


def test_the_small_counts_of_the_plan_are_found(plan: Plan) -> None:
    assert suppressed_periods(plan) == {("I1", "2018-19 Q1"): 3, ("I2", "2018-19 Q2"): 2}
    assert suppressed_periods(plan, min_count=3) == {("I2", "2018-19 Q2"): 2}


def test_published_markdown_hides_small_counts(full: Evaluation, plan: Plan) -> None:
    text = str(render(full, plan, "markdown"))
    assert "\\[c\\] (2018-19 Q2)" in text  # [c] escaped as Markdown
    assert "2018-19 Q1 suppressed" in text
    assert "latest 2 against 60" not in text
    assert "Q2: 2 against 60" not in str(render(full, plan, "markdown", "exceptions"))
    assert "counts from 1 to 4 are suppressed" in text


def test_unpublished_markdown_shows_them_and_says_so(full: Evaluation, plan: Plan) -> None:
    text = str(render(full, plan, "markdown", published=False))
    assert "2 (2018-19 Q2)" in text
    assert "Q2: 2 against 60" in str(render(full, plan, "markdown", "exceptions", published=False))
    assert "UNPUBLISHED values" in text


def test_the_threshold_is_a_parameter(full: Evaluation, plan: Plan) -> None:
    text = str(render(full, plan, "markdown", options=ReportOptions(min_count=10)))
    assert "counts from 1 to 9 are suppressed" in text
    assert "7 (2018-19 Q2)" not in text


def test_published_json_redacts_statuses_findings_and_trends(full: Evaluation, plan: Plan) -> None:
    data = json.loads(render(full, plan, "json"))
    assert data["disclosure"] == {
        "published": True,
        "min_count": 5,
        "suppressed": ["I1@2018-19 Q1", "I2@2018-19 Q2"],
    }
    (i2,) = [s for s in data["statuses"] if s["subject"] == "I2" and s["kind"] == "indicator"]
    assert i2["rag"] == "red"
    assert i2["evidence"] == {"suppressed": True}
    assert "2" not in i2["reason"]
    (i1,) = [s for s in data["statuses"] if s["subject"] == "I1" and s["kind"] == "indicator"]
    assert i1["evidence"]["actual"] == 7
    assert i1["evidence"]["previous"] is None
    (finding,) = [f for f in data["findings"] if f["subject"] == "I2@2018-19 Q2"]
    assert finding["message"] == "I2 fell to [c] from 14"
    (listed,) = [e for e in data["exceptions"] if e["subject"] == "I2"]
    assert listed["reason"] == "value suppressed for publication (small count)"
    trends = {t["indicator"]: t for t in data["trends"]}
    assert trends["I2"]["value"] is None
    assert trends["I1"]["previous"] is None
    assert trends["I1"]["value"] == 7


def test_unpublished_json_is_the_evaluation_as_it_is(full: Evaluation, plan: Plan) -> None:
    data = json.loads(render(full, plan, "json", published=False))
    disclosure = data.pop("disclosure")
    assert disclosure["published"] is False
    assert data == json.loads(full.to_json())
