"""Lookups by id are indexed once per plan, not rebuilt by scanning the plan on every call.

A rule that looks up an objective or an action once per subject by scanning the plan makes an
evaluation quadratic (a 100,000-action plan took half a minute and gigabytes).  The plan's
items are held in tuples that count how often they are walked: an evaluation may walk each a
few times per rule, never once per subject.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import attrs

import aspcore
from aspcore.model import Action, ChainLevel, ChainNode, Indicator, Objective, Pillar, Plan

AS_OF = dt.date(2018, 11, 30)


class Counted(tuple[Any, ...]):
    """A tuple that counts the walks over it."""

    walks = 0

    def __iter__(self) -> Iterator[Any]:
        type(self).walks += 1
        return super().__iter__()


class CountedObjectives(Counted):
    walks = 0


class CountedActions(Counted):
    walks = 0


def _plan(objectives: int, actions: int) -> Plan:
    pillars = [Pillar.PURSUE, Pillar.PREVENT, Pillar.PROTECT, Pillar.PREPARE]
    return Plan(
        partnership="P",
        objectives=CountedObjectives(
            Objective(f"O{i}", "Support survivors", pillar=pillars[i % 4], indicators=("I",))
            for i in range(objectives)
        ),
        actions=CountedActions(
            Action(f"A{i}", "Train staff", objective=f"O{i % objectives}", owner="Police")
            for i in range(actions)
        ),
        chain=tuple(
            ChainNode(f"N{i}", ChainLevel.OUTPUT, sources=(f"A{i}",), indicators=("I",))
            for i in range(actions)
        ),
        indicators=(Indicator("I", "survivors supported", source="NRM", owner="Police"),),
    )


def test_an_evaluation_walks_objectives_and_actions_a_bounded_number_of_times() -> None:
    plan = _plan(objectives=300, actions=1_000)
    CountedObjectives.walks = CountedActions.walks = 0
    result = aspcore.evaluate(plan, as_of=AS_OF)
    assert not [f for f in result.findings if f.rule == "RULE-ERROR"]
    assert CountedObjectives.walks < 100, "objectives are scanned once per subject"
    assert CountedActions.walks < 100, "actions are scanned once per subject"


def test_lookups_find_items_by_id_and_an_evolved_plan_indexes_itself_afresh() -> None:
    plan = _plan(objectives=2, actions=4)
    assert plan.objective("O1") is plan.objectives[1] and plan.objective("nope") is None
    assert plan.action("A3") is plan.actions[3] and plan.action("O1") is None
    assert plan.indicator("I") is plan.indicators[0]
    assert plan.actions_of("O0") == (plan.actions[0], plan.actions[2])
    assert plan.actions_of("nope") == ()
    other = attrs.evolve(plan, actions=(Action("B1", objective="O0"),))
    assert other.action("A3") is None and other.actions_of("O0") == other.actions
    assert other.objective("O1") is plan.objective("O1")
    assert plan == attrs.evolve(plan) and hash(plan) == hash(attrs.evolve(plan))
    assert set(attrs.asdict(plan, recurse=False)) == {f.name for f in attrs.fields(Plan)}
