"""The action RAG decision: each branch, its evidence, and monotonicity in progress and time."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aspcore.errors import RulesetError
from aspcore.model import Action, ActionStatus, Rag
from aspcore.rag import ActionReason as R
from aspcore.rag import ActionThresholds, expected_progress, rate_action, reported_agrees

DEFAULT = ActionThresholds()
START, DUE = dt.date(2018, 4, 1), dt.date(2019, 3, 31)


def act(**fields: object) -> Action:
    base: dict[str, object] = {
        "id": "A1",
        "start": START,
        "due": DUE,
        "status": ActionStatus.IN_PROGRESS,
    }
    return Action(**{**base, **fields})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "as_of", "rag", "code", "reason"),
    [
        ({"status": ActionStatus.COMPLETE}, dt.date(2019, 6, 1), Rag.BLUE, R.COMPLETE, "complete"),
        ({"status": ActionStatus.CANCELLED}, dt.date(2018, 6, 1), None, R.CANCELLED, "cancelled"),
        (
            {"status": None, "rag": Rag.GREEN},
            dt.date(2019, 6, 1),
            Rag.GREEN,
            R.FROM_REPORT,
            "reported green",
        ),
        ({"due": None, "start": None}, dt.date(2018, 6, 1), Rag.GREY, R.NO_DUE_DATE, "no due"),
        ({"progress": 90}, dt.date(2019, 4, 2), Rag.RED, R.OVERDUE, "due 2 day(s) ago"),
        # half way through the year 50% is expected: 5% done is 45 points behind
        ({"progress": 5}, dt.date(2018, 9, 30), Rag.RED, R.BEHIND, "45 points behind"),
        ({"progress": 30}, dt.date(2018, 9, 30), Rag.AMBER, R.BEHIND, "20 points behind"),
        ({"progress": 40}, dt.date(2018, 9, 30), Rag.GREEN, R.ON_SCHEDULE, "on schedule"),
        (
            {"progress": 70, "start": None},
            dt.date(2019, 3, 20),
            Rag.AMBER,
            R.DUE_SOON,
            "due in 11 day(s)",
        ),
        ({"progress": 70}, dt.date(2019, 3, 20), Rag.AMBER, R.BEHIND, "27 points behind"),
        ({"progress": None}, dt.date(2019, 3, 20), Rag.AMBER, R.DUE_SOON, "progress is unknown"),
        ({"progress": 96}, dt.date(2019, 3, 20), Rag.GREEN, R.ON_SCHEDULE, "on schedule"),
        # not started and no progress figure: 0% done
        (
            {"status": ActionStatus.NOT_STARTED},
            dt.date(2018, 9, 30),
            Rag.RED,
            R.BEHIND,
            "0% against",
        ),
    ],
)
def test_action_decision(
    fields: dict[str, object], as_of: dt.date, rag: Rag | None, code: R, reason: str
) -> None:
    """Each step of the decision: its colour, its code (also in the evidence) and its words."""
    rating = rate_action(act(**fields), as_of, DEFAULT)
    assert rating.rag is rag
    assert rating.code is code
    assert rating.evidence["reason_code"] == code.value
    assert reason in rating.reason


def test_brag_off_makes_complete_green() -> None:
    rating = rate_action(act(status=ActionStatus.COMPLETE), START, ActionThresholds(brag=False))
    assert rating.rag is Rag.GREEN


def test_evidence_holds_inputs_and_thresholds() -> None:
    rating = rate_action(act(progress=30, rag=Rag.GREEN), dt.date(2018, 9, 30), DEFAULT)
    evidence = rating.evidence
    assert evidence["progress"] == 30
    assert evidence["expected_progress"] == 50.0
    assert evidence["shortfall"] == 20.0
    assert evidence["days_to_due"] == 182
    assert evidence["start"] == START and evidence["due"] == DUE
    assert evidence["status"] is ActionStatus.IN_PROGRESS
    assert evidence["reported_rag"] is Rag.GREEN
    assert evidence["due_source"] == "plan"
    assert evidence["thresholds"] == {
        "brag": True,
        "amber_shortfall": 15,
        "red_shortfall": 40,
        "due_soon_days": 14,
        "due_soon_progress": 75,
    }


def test_due_date_from_timescale_is_said_in_the_evidence() -> None:
    action = act(
        timescale="June 2016",
        start=dt.date(2016, 6, 1),
        due=dt.date(2016, 6, 30),
        due_from_timescale=True,
    )
    evidence = rate_action(action, dt.date(2016, 5, 1), DEFAULT).evidence
    assert evidence["due_source"] == "timescale"
    assert evidence["due_note"] == "the due date was read from the timescale 'June 2016'"


@pytest.mark.parametrize(
    ("start", "due", "as_of", "expected"),
    [
        (START, DUE, dt.date(2018, 1, 1), 0.0),
        (START, DUE, START, 0.0),
        (START, DUE, DUE, 100.0),
        (START, DUE, dt.date(2020, 1, 1), 100.0),
        (dt.date(2018, 1, 1), dt.date(2018, 1, 11), dt.date(2018, 1, 6), 50.0),
        (DUE, START, dt.date(2018, 6, 1), None),
        (START, START, START, None),
    ],
)
def test_expected_progress_is_linear_and_clamped(
    start: dt.date, due: dt.date, as_of: dt.date, expected: float | None
) -> None:
    assert expected_progress(start, due, as_of) == expected


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"amber_shortfall": 50, "red_shortfall": 40}, "must not exceed"),
        ({"red_shortfall": 140}, "red_shortfall must be between 0 and 100"),
        ({"due_soon_days": 3.5}, "whole days"),
        ({"due_soon_days": "two weeks"}, "due_soon_days must be a number"),
        ({"brag": "yes"}, "brag must be true or false"),
    ],
)
def test_bad_thresholds_are_ruleset_errors(params: dict[str, object], message: str) -> None:
    with pytest.raises(RulesetError, match=message):
        ActionThresholds.from_params(params)


def test_thresholds_read_from_params() -> None:
    got = ActionThresholds.from_params({"amber_shortfall": 10, "due_soon_days": 28})
    assert got == ActionThresholds(amber_shortfall=10, due_soon_days=28)


def test_reported_blue_and_green_agree_only_for_complete_actions() -> None:
    assert reported_agrees(Rag.GREEN, Rag.BLUE, complete=True)
    assert not reported_agrees(Rag.BLUE, Rag.GREEN, complete=False)
    assert not reported_agrees(Rag.GREEN, Rag.RED, complete=False)


# -- properties ------------------------------------------------------------------------------

dates = st.dates(dt.date(2017, 1, 1), dt.date(2020, 12, 31))
progress = st.floats(0, 100, allow_nan=False)
thresholds = st.builds(
    lambda amber, extra, days, soon: ActionThresholds(
        amber_shortfall=amber,
        red_shortfall=min(100, amber + extra),
        due_soon_days=days,
        due_soon_progress=soon,
    ),
    st.integers(0, 60),
    st.integers(0, 60),
    st.integers(0, 60),
    st.integers(0, 100),
)


@st.composite
def actions(draw: st.DrawFn) -> Action:
    start = draw(st.one_of(st.none(), dates))
    due = draw(st.one_of(st.none(), dates))
    status = draw(st.sampled_from([ActionStatus.IN_PROGRESS, ActionStatus.NOT_STARTED, None]))
    return act(start=start, due=due, status=status)


def _bad(rag: Rag | None) -> int:
    assert rag is not None
    return rag.badness


@given(actions(), progress, progress, dates, thresholds)
def test_more_progress_never_worsens(
    action: Action, p1: float, p2: float, as_of: dt.date, limits: ActionThresholds
) -> None:
    low, high = sorted((p1, p2))
    worse = rate_action(attrs.evolve(action, progress=low), as_of, limits)
    better = rate_action(attrs.evolve(action, progress=high), as_of, limits)
    assert _bad(better.rag) <= _bad(worse.rag)


@given(actions(), st.one_of(st.none(), progress), dates, dates, thresholds)
def test_later_as_of_never_improves(
    action: Action, done: float | None, d1: dt.date, d2: dt.date, limits: ActionThresholds
) -> None:
    early, late = sorted((d1, d2))
    action = attrs.evolve(action, progress=done)
    assert _bad(rate_action(action, late, limits).rag) >= _bad(
        rate_action(action, early, limits).rag
    )
