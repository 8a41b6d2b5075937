"""``batch.findings``: a ruleset's ``when`` rules over a frame give the engine's findings.

Each example draws a table of actions, indicators or risks from the shared strategies
(vocabulary in any spelling, blank and padded text, missing and reversed dates, numbers out of
range, NaN or infinite) and a ruleset of expression rules of that kind from :data:`RULES`
(thresholds as parameters, messages filling text, numbers and dates).  The table, read as a
plan by :func:`aspcore.evaluate`, and the same table as a frame of a drawn backend through
:func:`aspcore.batch.findings`, must give the same findings: rule, subject, severity, message
and suggestion, in the same order.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aspcore import Rule, Ruleset, Severity, evaluate, plan_from_mapping
from aspcore.batch import FrameError, findings
from frames import BATCH_BACKENDS, SPARK_WARNING, Convert, to_polars
from strategies import (
    ACTION_SCHEMA,
    INDICATOR_RECORD_SCHEMA,
    RISK_SCHEMA,
    action_plan,
    action_tables,
    frames,
    indicator_records,
    risk_records,
)

#: Expression rules a partnership might write, by kind: (when, message, params).
RULES: dict[str, list[tuple[str, str, dict[str, Any]]]] = {
    "action": [
        (
            "status == 'not-started' and days_until(due) < days",
            "Action {id} has not started and is due within {days} days ({due})",
            {"days": 30},
        ),
        ("progress < floor", "{id} barely moved: {statement} at {progress}%", {"floor": 10}),
        ("rag == 'red' and status != 'complete'", "{id} is red ({status}, {rag})", {}),
        ("is_null(owner) or owner == ''", "Nobody owns {id}", {}),
        (
            "days_since(start) > 365 and progress <= 50.5",
            "{id} started {start}, {progress}% done",
            {},
        ),
        ("due < start", "{id}: due {due} before its start {start}", {}),
        ("word_count(statement) >= 3 and status == 'in-progress'", "{owner} leads {id}", {}),
    ],
    "indicator": [
        ("is_null(target)", "{id} has no target", {}),
        (
            "target < baseline and polarity == 'higher'",
            "{id} aims lower than it starts ({baseline} to {target})",
            {},
        ),
        ("unit == 'percent' and target > 100", "{id}: {target}% is more than everyone", {}),
        ("level == 'outcome' and is_null(owner)", "Nobody owns outcome {id} ({name})", {}),
        ("frequency == 'annual' or pillar == 'protect'", "{id} {pillar} {frequency}", {}),
        ("length(name) < shortest", "{id}'s name is short: {name}", {"shortest": 8}),
        ("unit == 'number' and polarity == 'higher'", "{id} counts up in {unit}", {}),
    ],
    "risk": [
        ("level == 'High' and is_null(owner)", "Nobody owns high risk {id}", {}),
        ("is_null(scheme)", "{id} has no scheme", {}),
        ("lower(confidence) == 'low'", "{id}: low confidence ({confidence})", {}),
        ("word_count(statement) > words", "{id}: {statement}", {"words": 2}),
    ],
}
#: How each kind's rows are drawn, typed and written as a plan.
TABLES: dict[str, tuple[Any, dict[str, Any], Any]] = {
    "action": (action_tables(), ACTION_SCHEMA, action_plan),
    "indicator": (
        indicator_records,
        INDICATOR_RECORD_SCHEMA,
        lambda rows: {"partnership": "Test", "indicators": rows},
    ),
    "risk": (risk_records, RISK_SCHEMA, lambda rows: {"partnership": "Test", "risks": rows}),
}
AS_OF = dt.date(2018, 11, 30)
COLUMNS = ("rule", "subject", "severity", "message", "suggestion")


def ruleset(chosen: list[int], severities: list[Severity], kind: str = "action") -> Ruleset:
    """A ruleset of the chosen :data:`RULES` of ``kind`` (and the built-in rules, whose
    findings :func:`engine` leaves out)."""
    rules = tuple(
        Rule(
            id=f"LOCAL-{index:03d}",
            family="local",
            title=f"Local rule {index}",
            applies_to=kind,  # type: ignore[arg-type]
            when=RULES[kind][index][0],
            message=RULES[kind][index][1],
            params=RULES[kind][index][2],
            severity=severity,
            suggestion="Talk to the owner" if index % 2 else "",
        )
        for index, severity in zip(chosen, severities, strict=True)
    )
    return Ruleset(name="local", version="1", rules=rules)


def engine(
    rows: list[dict[str, Any]], rules: Ruleset, as_of: dt.date, kind: str = "action"
) -> list[tuple[Any, ...]]:
    result = evaluate(plan_from_mapping(TABLES[kind][2](rows)), as_of=as_of, ruleset=rules)
    return [
        (f.rule, f.subject, f.severity.value, f.message, f.suggestion)
        for f in result.findings
        if f.rule.startswith("LOCAL-")
    ]


def batch(
    frame: Any, rules: Ruleset, as_of: dt.date, kind: str = "action"
) -> list[tuple[Any, ...]]:
    out = to_polars(findings(frame, kind=kind, as_of=as_of, ruleset=rules))
    return list(out.select(COLUMNS).iter_rows())


severities = st.lists(st.sampled_from(list(Severity)), min_size=4, max_size=4)


@pytest.mark.parametrize("kind", sorted(RULES))
@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(
    levels=severities,
    as_of=st.dates(dt.date(2017, 1, 1), dt.date(2020, 12, 31)),
    data=st.data(),
)
def test_findings_equal_the_engines(
    kind: str, levels: list[Severity], as_of: dt.date, data: st.DataObject
) -> None:
    rows_of, schema, _plan = TABLES[kind]
    rows = data.draw(rows_of)
    indexes = st.sampled_from(range(len(RULES[kind])))
    chosen = data.draw(st.lists(indexes, min_size=1, max_size=4, unique=True))
    rules = ruleset(chosen, levels[: len(chosen)], kind)
    _backend, frame = data.draw(frames(rows, schema, BATCH_BACKENDS))
    assert batch(frame, rules, as_of, kind) == engine(rows, rules, as_of, kind)


@pytest.mark.spark
@pytest.mark.filterwarnings(SPARK_WARNING)
@settings(max_examples=1, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=action_tables(min_size=100, max_size=100))
def test_findings_equal_the_engines_on_spark(to_spark: Convert, rows: list[dict[str, Any]]) -> None:
    rules = ruleset(list(range(len(RULES["action"]))), [Severity.WARNING] * len(RULES["action"]))
    frame = to_spark(pl.DataFrame(rows, schema=ACTION_SCHEMA))
    assert batch(frame, rules, AS_OF) == engine(rows, rules, AS_OF)


def test_the_documented_rule_over_a_frame() -> None:
    """The rule of docs/writing-rules.md, over a frame as a case platform holds its actions."""
    rules = Ruleset(
        name="northshire",
        version="2019.1",
        rules=(
            Rule(
                id="LOCAL-001",
                family="local",
                title="Not started and due within a month",
                applies_to="action",
                when="status == 'not-started' and days_until(due) < 30",
                message="Action {id} has not started and is due within a month",
                suggestion="Agree a start date with the owner",
            ),
        ),
    )
    frame = pl.DataFrame(
        {
            "id": ["A1", "A2", "A3"],
            "status": ["Not started", "in progress", "not_started"],
            "due": [dt.date(2018, 12, 29), dt.date(2018, 12, 1), dt.date(2018, 12, 30)],
        }
    )
    out = findings(frame, kind="action", as_of=AS_OF, ruleset=rules)
    # 29 days to 29 December is under 30; 30 days to 30 December is not.
    assert out.rows() == [
        (
            "LOCAL-001",
            "A1",
            "warning",
            "Action A1 has not started and is due within a month",
            "Agree a start date with the owner",
            dt.date(2018, 12, 29),
            "A1",
            "not-started",
        )
    ]
    assert out.columns == [
        *("rule", "subject", "severity", "message", "suggestion"),
        "due",
        "id",
        "status",
    ]


def test_no_rules_give_an_empty_frame_with_the_columns() -> None:
    frame = pl.DataFrame({"id": ["A1"], "status": ["done"]})
    out = findings(frame, kind="action", as_of=AS_OF, ruleset=Ruleset(name="none", version="1"))
    assert out.shape == (0, 6)
    assert out.columns == [*COLUMNS, "id"]


def test_a_column_a_rule_reads_must_be_there() -> None:
    rules = ruleset([0], [Severity.WARNING])
    with pytest.raises(FrameError, match="no column 'due'"):
        findings(
            pl.DataFrame({"id": ["A1"], "status": ["done"]}),
            kind="action",
            as_of=AS_OF,
            ruleset=rules,
        )


def test_other_kinds_are_refused_by_name() -> None:
    with pytest.raises(FrameError, match="kind 'objective' cannot be read from a frame yet"):
        findings(pl.DataFrame({"id": ["O1"]}), kind="objective", as_of=AS_OF)


def shadowing(when: str, progress: object) -> Ruleset:
    """A ruleset of one action rule whose parameter ``progress`` hides the field."""
    rule = Rule(
        id="LOCAL-001",
        family="local",
        title="A parameter named like a field",
        applies_to="action",
        when=when,
        message="{id} {progress}",
        params={"progress": progress},
    )
    return Ruleset(name="shadow", version="1", rules=(rule,))


def test_a_parameter_named_like_a_field_wins_as_in_the_engine() -> None:
    """The engine reads a rule's parameters over the subject's fields; so does a frame."""
    rules = shadowing("progress < 10", 5)
    rows = [{"id": "A1", "progress": 50.0}]
    frame = pl.DataFrame(rows)
    assert (
        batch(frame, rules, AS_OF)
        == engine(rows, rules, AS_OF)
        == [("LOCAL-001", "A1", "warning", "A1 5", "")]
    )


def test_a_parameter_of_another_type_than_the_field_it_hides_is_refused() -> None:
    rules = shadowing("progress == 'high'", "high")
    with pytest.raises(FrameError, match="parameter 'progress' is text but hides the number"):
        findings(
            pl.DataFrame({"id": ["A1"], "progress": [1.0]}),
            kind="action",
            as_of=AS_OF,
            ruleset=rules,
        )


def test_a_row_without_an_id_is_left_out_and_said_to_be() -> None:
    """The plan loader leaves an item without an id out (PLAN-007): no rule runs on it, and the
    frame's result says so instead of losing the row."""
    rules = ruleset([3], [Severity.WARNING])  # "Nobody owns {id}" fires on every row here
    frame = pl.DataFrame({"id": ["A1", "  ", None], "owner": [None, None, None]})
    out = findings(frame, kind="action", as_of=AS_OF, ruleset=rules)
    assert out.select(COLUMNS).rows() == [
        *[
            (
                "PLAN-007",
                "",
                "error",
                "a row of actions has no id; it is left out",
                "Give every item a short unique id such as O1 or A3",
            )
        ]
        * 2,
        ("LOCAL-003", "A1", "warning", "Nobody owns A1", "Talk to the owner"),
    ]
    rows = [{"id": "A1", "owner": None}, {"id": "  ", "owner": None}]
    assert engine(rows, rules, AS_OF) == [
        ("LOCAL-003", "A1", "warning", "Nobody owns A1", "Talk to the owner")
    ]
