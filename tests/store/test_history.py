"""Evaluations kept in the store, read back whole, and what changed between two of them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import aspcore
from aspcore.errors import InputFileError
from aspcore.model import Finding, Plan, Rag, Severity, Status
from aspcore.plugins import get_plugins
from aspcore.report import ReportOptions, compose
from aspcore.report.model import Bullets
from aspcore.rules import Evaluation
from aspcore.rules.changes import diff_evaluations
from aspcore.store import (
    Store,
    changes,
    find_evaluation,
    history,
    plugin_versions,
    record_evaluation,
)

ROOT = Path(__file__).resolve().parents[2]
JUNE, NOVEMBER = dt.date(2018, 6, 30), dt.date(2018, 11, 30)
AT = dt.datetime(2018, 12, 3, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return aspcore.load_plan(ROOT / "examples" / "northshire-plan.yaml")


@pytest.fixture(scope="module")
def june(plan: Plan) -> Evaluation:
    return aspcore.evaluate(plan, as_of=JUNE)


@pytest.fixture(scope="module")
def november(plan: Plan) -> Evaluation:
    return aspcore.evaluate(plan, as_of=NOVEMBER)


def record(store: Store, evaluation: Evaluation, minutes: int = 0) -> int:
    recorded = record_evaluation(
        store,
        evaluation,
        plan_sha256="ab" * 32,
        plugins={"zeta": "2.0", "alpha": "1.0"},
        recorded_at=AT + dt.timedelta(minutes=minutes),
    )
    return recorded.id


def colours(evaluation: Evaluation, kind: str) -> dict[str, Rag | None]:
    return {s.subject: s.rag for s in evaluation.statuses_of(kind)}


def test_a_recorded_evaluation_reads_back_whole(store: Store, june: Evaluation) -> None:
    record(store, june)
    (recorded,) = history(store)
    assert (
        recorded.id == 1 and recorded.plan == june.plan == "Northshire Modern Slavery Partnership"
    )
    assert recorded.as_of == JUNE and recorded.plan_sha256 == "ab" * 32
    assert recorded.ruleset == f"{june.ruleset['name']} {june.ruleset['version']}"
    assert recorded.aspcore_version == june.version
    assert recorded.plugins == {"alpha": "1.0", "zeta": "2.0"}
    assert recorded.recorded_at == AT
    assert recorded.evaluation_json == june.to_json()
    assert [s.to_dict() for s in recorded.statuses] == [s.to_dict() for s in june.statuses]
    assert [f.to_dict() for f in recorded.findings] == [f.to_dict() for f in june.findings]
    assert recorded.to_dict() == {
        "id": 1,
        "plan": june.plan,
        "as_of": "2018-06-30",
        "ruleset": recorded.ruleset,
        "recorded_at": "2018-12-03T09:30:00+00:00",
    }


def test_recorded_at_is_kept_in_utc(store: Store, june: Evaluation) -> None:
    london = dt.timezone(dt.timedelta(hours=1))
    for when in (dt.datetime(2018, 7, 1, 10, 0, tzinfo=london), dt.datetime(2018, 7, 1, 9, 0)):
        record_evaluation(store, june, plan_sha256="x", plugins={}, recorded_at=when)
    assert [r.recorded_at for r in history(store)] == [
        dt.datetime(2018, 7, 1, 9, tzinfo=dt.UTC)
    ] * 2


def test_a_rerun_is_a_new_evaluation_in_recording_order(
    store: Store, june: Evaluation, november: Evaluation
) -> None:
    ids = [record(store, e, n) for n, e in enumerate((november, june, june))]
    assert ids == [1, 2, 3]
    assert [(r.id, r.as_of) for r in history(store)] == [(1, NOVEMBER), (2, JUNE), (3, JUNE)]
    assert find_evaluation(store, "2018-06-30").id == 3  # the latest with that as-of date
    assert find_evaluation(store, JUNE, plan=june.plan).id == 3
    assert find_evaluation(store, "2").id == find_evaluation(store, 2).id == 2


def test_plugin_versions_name_every_plugin_that_loaded() -> None:
    versions = plugin_versions(get_plugins())
    assert list(versions) == sorted(versions)
    assert versions["aspcore.checks.rag_actions"] == aspcore.__version__


def test_changes_default_to_the_last_two_of_the_same_plan(
    store: Store, june: Evaluation, november: Evaluation
) -> None:
    other = Evaluation("Another Partnership", NOVEMBER, june.ruleset, (), ())
    record(store, june)
    record(store, november, 1)
    record(store, other, 2)  # latest, but alone: nothing to compare it with
    with pytest.raises(InputFileError, match="no earlier recorded evaluation"):
        changes(store)
    found = changes(store, to_ref=2)
    assert (found.before.id, found.after.id) == (1, 2)
    assert found.diff.to_dict() == diff_evaluations(june, november).to_dict()
    assert changes(store, from_ref=1).after.id == 2  # the latest of the same plan
    data = found.to_dict()
    assert list(data) == ["from", "to", "statuses", "new_findings", "resolved_findings"]
    assert data["from"] == found.before.to_dict() and data["to"]["as_of"] == "2018-11-30"
    assert json.loads(json.dumps(data)) == data


def test_colours_really_move_between_june_and_november(
    june: Evaluation, november: Evaluation
) -> None:
    diff = diff_evaluations(june, november)
    before, after = colours(june, "action"), colours(november, "action")
    moved = {c.subject: (c.before, c.after) for c in diff.statuses if c.kind == "action"}
    assert moved == {a: (before.get(a), after.get(a)) for a in after if before.get(a) != after[a]}
    assert Rag.RED in {c.after for c in diff.statuses}
    assert diff.new_findings  # the actions that turned red have findings of their own


@pytest.mark.parametrize(
    ("from_ref", "to_ref", "message"),
    [
        ("7", None, r"no recorded evaluation has id 7 \(ids 1 to 2\)"),
        ("2017-01-01", None, "no evaluation as of 2017-01-01 is recorded"),
        ("2017-01-01", "2", "no evaluation of Northshire Modern Slavery Partnership as of 2017"),
        (None, "2019-03-31", "as-of dates recorded: 2018-06-30, 2018-11-30"),
        ("last week", None, "expected an evaluation id or a date"),
        ("2018-02-30", None, "not a real date"),
    ],
)
def test_references_that_match_nothing_are_refused(
    store: Store,
    june: Evaluation,
    november: Evaluation,
    from_ref: str | None,
    to_ref: str | None,
    message: str,
) -> None:
    record(store, june)
    record(store, november)
    with pytest.raises(InputFileError, match=message):
        changes(store, from_ref, to_ref)


def test_a_store_without_evaluations_or_with_one_is_refused(store: Store, june: Evaluation) -> None:
    with pytest.raises(InputFileError, match="no evaluations recorded in this store"):
        history(store)
    record(store, june)
    with pytest.raises(InputFileError, match="no earlier recorded evaluation"):
        changes(store)


def test_evaluations_is_a_table_no_schema_may_take() -> None:
    from aspcore.store.layout import RESERVED

    assert "evaluations" in RESERVED


# -- matching ----------------------------------------------------------------------------------
def finding(subject: str, message: str, severity: Severity = Severity.WARNING) -> Finding:
    return Finding("RAG-002", subject, severity, message)


def evaluation(statuses: tuple[Status, ...] = (), findings: tuple[Finding, ...] = ()) -> Evaluation:
    return Evaluation("P", JUNE, {"name": "r", "version": "1"}, findings, statuses)


def test_findings_match_by_rule_subject_and_severity_not_message() -> None:
    june = evaluation(findings=(finding("A4", "computes as green at 2018-06-30"),))
    november = evaluation(findings=(finding("A4", "computes as red at 2018-11-30"),))
    assert diff_evaluations(june, november).empty
    worse = evaluation(findings=(finding("A4", "computes as red", Severity.ERROR),))
    diff = diff_evaluations(june, worse)
    assert diff.new_findings == worse.findings and diff.resolved_findings == june.findings


def test_repeated_findings_pair_identical_messages_first() -> None:
    before = evaluation(findings=(finding("A1", "one"), finding("A1", "two")))
    after = evaluation(findings=(finding("A1", "two"), finding("A1", "three"), finding("A1", "x")))
    diff = diff_evaluations(before, after)
    assert [f.message for f in diff.new_findings] == ["x"]
    assert diff.resolved_findings == ()


def test_the_latest_rating_is_compared_across_periods() -> None:
    june = evaluation((Status("I1", "indicator", Rag.AMBER, "", period="2018-19 Q1"),))
    november = evaluation((Status("I1", "indicator", Rag.RED, "", period="2018-19 Q2"),))
    (change,) = diff_evaluations(june, november).statuses
    assert change.to_dict() == {
        "subject": "I1",
        "kind": "indicator",
        "period": "2018-19 Q2",
        "from": "amber",
        "to": "red",
    }


def test_per_period_ratings_are_compared_period_by_period() -> None:
    def series(*rags: Rag) -> tuple[Status, ...]:
        return tuple(
            Status("I1", "indicator-period", rag, "", period=f"2018-19 Q{n}")
            for n, rag in enumerate(rags, start=1)
        )

    diff = diff_evaluations(evaluation(series(Rag.RED)), evaluation(series(Rag.RED, Rag.GREEN)))
    assert [(c.period, c.before, c.after) for c in diff.statuses] == [
        ("2018-19 Q2", None, Rag.GREEN)
    ]


RAGS = st.sampled_from([*Rag, None])
SUBJECTS = st.sampled_from(["A1", "A2", "I1", "O1"])
KINDS = st.sampled_from(["action", "indicator", "objective"])
RATINGS = st.dictionaries(st.tuples(KINDS, SUBJECTS), RAGS, max_size=12)


def rated(ratings: dict[tuple[str, str], Rag | None]) -> Evaluation:
    return evaluation(tuple(Status(s, k, rag, "") for (k, s), rag in sorted(ratings.items())))


@given(RATINGS, RATINGS)
def test_statuses_that_change_are_exactly_those_whose_colour_differs(
    old: dict[tuple[str, str], Rag | None], new: dict[tuple[str, str], Rag | None]
) -> None:
    diff = diff_evaluations(rated(old), rated(new))
    expected = {
        key: (old.get(key), new.get(key))
        for key in old.keys() | new.keys()
        if old.get(key) != new.get(key)
    }
    assert {(c.kind, c.subject): (c.before, c.after) for c in diff.statuses} == expected
    assert [(c.kind, c.subject) for c in diff.statuses] == sorted(expected)


@given(
    RATINGS,
    st.lists(st.tuples(SUBJECTS, st.sampled_from(["m", "n"]), st.sampled_from(list(Severity)))),
)
def test_an_evaluation_compared_with_itself_has_no_changes(
    ratings: dict[tuple[str, str], Rag | None], found: list[tuple[str, str, Severity]]
) -> None:
    same = evaluation(rated(ratings).statuses, tuple(finding(s, m, v) for s, m, v in found))
    assert diff_evaluations(same, same).empty


def test_the_example_compared_with_itself_has_no_changes(
    june: Evaluation, november: Evaluation
) -> None:
    assert diff_evaluations(june, june).empty and diff_evaluations(november, november).empty


# -- the report --------------------------------------------------------------------------------
def test_the_report_opens_with_the_changes_since_an_earlier_evaluation(
    store: Store, plan: Plan, june: Evaluation, november: Evaluation
) -> None:
    record(store, june)
    since = find_evaluation(store, "2018-06-30")
    report = compose(november, plan, options=ReportOptions(since=since))
    section = report.sections[0]
    assert (section.id, section.title) == ("changes", "Changes since 2018-06-30")
    plain = compose(november, plan)
    assert report.sections[1:] == plain.sections and "changes" not in {s.id for s in plain.sections}
    (nothing,) = compose(june, plan, options=ReportOptions(since=since)).sections[0].blocks
    assert isinstance(nothing, Bullets) and nothing.count == 0
    assert nothing.empty.startswith("No action or indicator turned red")
