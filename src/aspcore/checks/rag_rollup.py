"""Rule family ``rag``, roll-ups and exceptions: from items to objectives, pillars and the board.

These rules run on the evaluation, after every action and indicator has its status, so they roll
up whatever rated the items (the built-in rules or a partnership's replacements).  The items of
an objective are its actions and the latest statuses of its indicators; a pillar or pathway stage
holds the items of its objectives (and, for a pillar, indicators tagged with it); the partnership
holds every item.  Each roll-up is a status and a row of the ``rollup`` section with the
distribution.  ``RAG-030`` writes the ``exceptions`` section the guide's exception reports need,
and ``RAG-031`` asks for a corrective action for every red item.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from aspcore.hookspecs import hookimpl
from aspcore.model import ActionStatus, Finding, PathwayStage, Plan, Rag, Status
from aspcore.rag import DEFAULT_PARAMS, RollupPolicy, reported_agrees, roll_up
from aspcore.rag.trend import Direction
from aspcore.rules.evaluation import Evaluation
from aspcore.rules.rule import Outcome, Row, Rule, RuleContext, rule

__all__ = ["aspcore_register_rules"]

_Key = tuple[str, str]


@attrs.frozen
class _PlanIndex:
    """Who belongs to whom in a plan, built once per evaluation (the roll-ups look it up often).

    ``corrective`` holds each action's own corrective action; ``corrective_of_indicator`` the
    corrective actions recorded on the actions of the objectives an indicator measures, in plan
    order, as ``"A1: text"``; ``measured_by`` the indicators of each objective id.
    """

    actions_of: Mapping[str, tuple[str, ...]]
    measured_by: Mapping[str, tuple[str, ...]]
    corrective: Mapping[str, str]
    corrective_of_indicator: Mapping[str, tuple[str, ...]]

    @classmethod
    def of(cls, plan: Plan, memo: dict[str, Any]) -> _PlanIndex:
        """The plan's index from the evaluation's memo, building it on first use."""
        found = memo.get("rag.plan-index")
        if isinstance(found, _PlanIndex):
            return found
        actions_of: dict[str, list[str]] = {}
        for action in plan.actions:
            if action.objective is not None:
                actions_of.setdefault(action.objective, []).append(action.id)
        measured_by: dict[str, dict[str, None]] = {}
        for objective in plan.objectives:
            measured_by.setdefault(objective.id, {}).update(dict.fromkeys(objective.indicators))
        corrective_of_indicator: dict[str, list[str]] = {}
        for action in plan.actions:
            if action.corrective_action and action.objective in measured_by:
                for indicator in measured_by[action.objective]:
                    corrective_of_indicator.setdefault(indicator, []).append(
                        f"{action.id}: {action.corrective_action}"
                    )
        index = cls(
            actions_of={k: tuple(v) for k, v in actions_of.items()},
            measured_by={k: tuple(v) for k, v in measured_by.items()},
            corrective={a.id: a.corrective_action for a in plan.actions if a.corrective_action},
            corrective_of_indicator={k: tuple(v) for k, v in corrective_of_indicator.items()},
        )
        memo["rag.plan-index"] = index
        return index


class _Items:
    """The action and latest indicator statuses of an evaluation, and who they belong to."""

    def __init__(self, ctx: RuleContext, evaluation: Evaluation) -> None:
        self.plan = ctx.plan
        self.index = _PlanIndex.of(ctx.plan, ctx.memo)
        self.actions: dict[str, Status] = {}
        self.indicators: dict[str, Status] = {}
        for status in evaluation.statuses:
            if status.kind == "action":
                self.actions[status.subject] = status
            elif status.kind == "indicator":
                self.indicators[status.subject] = status
        # An item's entry in roll-up evidence depends only on its kind, subject and colour, so
        # the roll-ups of one evaluation share one entry per item.
        self._entries: dict[tuple[str, str, Rag | None], Mapping[str, object]] = (
            ctx.memo.setdefault("rag.rollup-entries", {})
        )

    def of_objectives(self, objective_ids: Iterable[str]) -> dict[_Key, Status]:
        """The statuses of these objectives' actions and indicators, by (kind, subject)."""
        wanted = set(objective_ids)
        found: dict[_Key, Status] = {}
        for objective_id in sorted(wanted):
            for action in self.index.actions_of.get(objective_id, ()):
                if action in self.actions:
                    found["action", action] = self.actions[action]
        for objective_id in sorted(wanted):
            for ind in self.index.measured_by.get(objective_id, ()):
                if ind in self.indicators:
                    found["indicator", ind] = self.indicators[ind]
        return found

    def everything(self) -> dict[_Key, Status]:
        """Every action and indicator status."""
        return {
            **{("action", k): s for k, s in self.actions.items()},
            **{("indicator", k): s for k, s in self.indicators.items()},
        }

    def entry(self, status: Status) -> Mapping[str, object]:
        """The item as roll-up evidence lists it: kind, subject and colour."""
        key = (status.kind, status.subject, status.rag)
        found = self._entries.get(key)
        if found is None:
            found = self._entries[key] = {
                "kind": status.kind,
                "subject": status.subject,
                "rag": status.rag,
            }
        return found

    def corrective_actions(self, status: Status) -> tuple[str, ...]:
        """Corrective actions of an item (for an indicator: on its objectives' actions)."""
        if status.kind == "action":
            found = self.index.corrective.get(status.subject)
            return (found,) if found else ()
        return self.index.corrective_of_indicator.get(status.subject, ())


def _rolled(
    ctx: RuleContext,
    items: _Items,
    policy: RollupPolicy,
    level: str,
    subject: str,
    found: dict[_Key, Status],
) -> list[Outcome]:
    rolled = [found[key] for key in sorted(found)]
    result = roll_up([s.rag for s in rolled], policy)
    evidence = {
        **policy.to_dict(),
        "counts": dict(result.counts),
        "score": result.score,
        "items": [items.entry(s) for s in rolled],
    }
    return [
        ctx.status(subject, result.rag, result.reason, kind=level, evidence=evidence),
        Row(
            "rollup",
            {
                "level": level,
                "subject": subject,
                "rag": result.rag.value,
                "method": policy.method,
                **result.counts,
                "total": len(rolled),
                "score": result.score,
            },
        ),
    ]


@rule(
    "RAG-020",
    family="rag",
    title="Roll-up per objective",
    applies_to="evaluation",
    severity="info",
    params=DEFAULT_PARAMS,
)
def objective_rollup(evaluation: Evaluation, ctx: RuleContext) -> Iterator[Outcome]:
    """Each objective's status rolled up from its actions and indicators."""
    items = _Items(ctx, evaluation)
    policy = RollupPolicy.from_params(ctx.params)
    for objective in ctx.plan.objectives:
        yield from _rolled(
            ctx, items, policy, "objective", objective.id, items.of_objectives([objective.id])
        )


@rule(
    "RAG-021",
    family="rag",
    title="Roll-up per pillar",
    applies_to="evaluation",
    severity="info",
    params=DEFAULT_PARAMS,
)
def pillar_rollup(evaluation: Evaluation, ctx: RuleContext) -> Iterator[Outcome]:
    """Each pillar of the plan's pillar set that has objectives or tagged indicators."""
    items = _Items(ctx, evaluation)
    policy = RollupPolicy.from_params(ctx.params)
    for pillar in ctx.plan.pillars:
        objectives = [o.id for o in ctx.plan.objectives if o.pillar is pillar]
        tagged = [i.id for i in ctx.plan.indicators if i.pillar is pillar]
        if not objectives and not tagged:
            continue
        found = items.of_objectives(objectives)
        found.update(
            {("indicator", i): items.indicators[i] for i in tagged if i in items.indicators}
        )
        yield from _rolled(ctx, items, policy, "pillar", pillar.value, found)


@rule(
    "RAG-022",
    family="rag",
    title="Roll-up per pathway stage",
    applies_to="evaluation",
    severity="info",
    params=DEFAULT_PARAMS,
)
def stage_rollup(evaluation: Evaluation, ctx: RuleContext) -> Iterator[Outcome]:
    """Each victim care pathway stage (guide, Table 3) that has objectives, in pathway order."""
    items = _Items(ctx, evaluation)
    policy = RollupPolicy.from_params(ctx.params)
    for stage in PathwayStage:
        objectives = [o.id for o in ctx.plan.objectives if o.stage is stage]
        if objectives:
            yield from _rolled(
                ctx, items, policy, "stage", stage.value, items.of_objectives(objectives)
            )


@rule(
    "RAG-023",
    family="rag",
    title="Roll-up for the whole partnership",
    applies_to="evaluation",
    severity="info",
    params=DEFAULT_PARAMS,
)
def partnership_rollup(evaluation: Evaluation, ctx: RuleContext) -> list[Outcome]:
    """The partnership's status and distribution over every action and indicator."""
    items = _Items(ctx, evaluation)
    policy = RollupPolicy.from_params(ctx.params)
    return _rolled(ctx, items, policy, "partnership", ctx.plan.partnership, items.everything())


_TYPE_ORDER = {
    name: i
    for i, name in enumerate(("red", "amber", "worsening", "changed status", "missing data"))
}
_BY_COLOUR = {Rag.RED: "red", Rag.AMBER: "amber", Rag.GREY: "missing data"}
_NAMES = {rag: rag.value for rag in Rag}


def _exception_types(status: Status) -> list[str]:
    """Why an item belongs on the exception list (none, one or several reasons)."""
    found = [_BY_COLOUR[status.rag]] if status.rag in _BY_COLOUR else []
    evidence = status.evidence
    if Direction.WORSENING in (evidence.get("vs_previous"), evidence.get("vs_last_year")):
        found.append("worsening")
    reported = _rag(evidence.get("reported_rag"))
    if reported is not None and status.rag is not None:
        complete = evidence.get("status") == ActionStatus.COMPLETE or "from_report" in evidence
        if not reported_agrees(reported, status.rag, complete=complete):
            found.append("changed status")
    return found


def _rag(value: object) -> Rag | None:
    if value is None or isinstance(value, Rag):
        return value
    try:
        return Rag(str(value)) if value is not None else None
    except ValueError:
        return None


@rule(
    "RAG-030",
    family="rag",
    title="Exception list: red, amber, worsening, changed and missing items",
    applies_to="evaluation",
    severity="info",
    params=DEFAULT_PARAMS,
)
def exceptions(evaluation: Evaluation, ctx: RuleContext) -> list[Row]:
    """The ``exceptions`` section: what a board's exception report lists, with the reasons."""
    items = _Items(ctx, evaluation)
    rows = []
    for (kind, subject), status in items.everything().items():
        for kind_of_exception in _exception_types(status):
            rows.append(
                {
                    "type": kind_of_exception,
                    "kind": kind,
                    "subject": subject,
                    "period": status.period,
                    "rag": status.rag.value if status.rag else None,
                    "reason": _detail(kind_of_exception, status),
                    "corrective_action": (
                        "; ".join(items.corrective_actions(status)) or None
                        if kind_of_exception in ("red", "amber")
                        else None
                    ),
                }
            )
    rows.sort(key=lambda r: (_TYPE_ORDER[str(r["type"])], str(r["kind"]), str(r["subject"])))
    return [Row("exceptions", row) for row in rows]


def _detail(kind_of_exception: str, status: Status) -> str:
    """Why an item is on the exception list, for one of its reasons."""
    evidence = status.evidence
    if kind_of_exception == "worsening":
        return (
            f"against the previous period: {evidence.get('vs_previous')}; "
            f"against the same period last year: {evidence.get('vs_last_year')}"
        )
    if kind_of_exception == "changed status":
        return f"reported {_value(evidence.get('reported_rag'))}, computed {_value(status.rag)}"
    return status.reason


def _value(rag: object) -> str | None:
    found = _rag(rag)
    return _NAMES[found] if found else None


@rule(
    "RAG-031",
    family="rag",
    title="Every red item has a corrective action",
    applies_to="evaluation",
    severity="warning",
    params=DEFAULT_PARAMS,
    suggestion="Record a corrective action (corrective_action) on the action, or on an action "
    "of the objective the indicator measures",
)
def red_needs_corrective_action(evaluation: Evaluation, ctx: RuleContext) -> Iterator[Finding]:
    """Red needs a corrective action (Havering; the guide's exception reports)."""
    items = _Items(ctx, evaluation)
    lines = {("action", a.id): a.line for a in ctx.plan.actions}
    lines.update({("indicator", i.id): i.line for i in ctx.plan.indicators})
    for (kind, subject), status in sorted(items.everything().items()):
        if status.rag is not Rag.RED or items.corrective_actions(status):
            continue
        missing = (
            "and records no corrective action"
            if kind == "action"
            else "and no action of the objectives it measures records a corrective action"
        )
        yield ctx.finding(
            subject,
            f"{kind} {subject} is red {missing}: {status.reason}",
            kind=kind,
            evidence={"rag": status.rag, "reason": status.reason, "period": status.period},
            line=lines.get((kind, subject)),
        )


@hookimpl(trylast=True)
def aspcore_register_rules() -> list[Rule]:
    """The roll-up and exception rules of the RAG family."""
    return [
        objective_rollup,
        pillar_rollup,
        stage_rollup,
        partnership_rollup,
        exceptions,
        red_needs_corrective_action,
    ]
