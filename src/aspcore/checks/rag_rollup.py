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

from collections.abc import Iterable, Iterator, Sequence

from aspcore.hookspecs import hookimpl
from aspcore.model import ActionStatus, Finding, PathwayStage, Plan, Rag, Status
from aspcore.rag import DEFAULT_PARAMS, RollupPolicy, reported_agrees, roll_up
from aspcore.rag.trend import Direction
from aspcore.rules.evaluation import Evaluation
from aspcore.rules.rule import Outcome, Row, Rule, RuleContext, rule

__all__ = ["aspcore_register_rules"]

_Key = tuple[str, str]


class _Items:
    """The action and latest indicator statuses of an evaluation, and who they belong to."""

    def __init__(self, plan: Plan, evaluation: Evaluation) -> None:
        self.plan = plan
        self.actions = {s.subject: s for s in evaluation.statuses_of("action")}
        self.indicators = {s.subject: s for s in evaluation.statuses_of("indicator")}

    def of_objectives(self, objective_ids: Iterable[str]) -> dict[_Key, Status]:
        """The statuses of these objectives' actions and indicators, by (kind, subject)."""
        wanted = set(objective_ids)
        found: dict[_Key, Status] = {}
        for action in self.plan.actions:
            if action.objective in wanted and action.id in self.actions:
                found["action", action.id] = self.actions[action.id]
        for objective in self.plan.objectives:
            if objective.id in wanted:
                for ind in objective.indicators:
                    if ind in self.indicators:
                        found["indicator", ind] = self.indicators[ind]
        return found

    def everything(self) -> dict[_Key, Status]:
        """Every action and indicator status."""
        return {
            **{("action", k): s for k, s in self.actions.items()},
            **{("indicator", k): s for k, s in self.indicators.items()},
        }

    def corrective_actions(self, status: Status) -> list[str]:
        """Corrective actions of an item (for an indicator: on its objectives' actions)."""
        if status.kind == "action":
            return [
                a.corrective_action
                for a in self.plan.actions
                if a.id == status.subject and a.corrective_action
            ]
        objectives = {o.id for o in self.plan.objectives if status.subject in o.indicators}
        return [
            f"{a.id}: {a.corrective_action}"
            for a in self.plan.actions
            if a.objective in objectives and a.corrective_action
        ]


def _rolled(ctx: RuleContext, level: str, subject: str, found: dict[_Key, Status]) -> list[Outcome]:
    items: Sequence[Status] = [found[key] for key in sorted(found)]
    policy = RollupPolicy.from_params(ctx.params)
    result = roll_up([s.rag for s in items], policy)
    evidence = {
        **policy.to_dict(),
        "counts": dict(result.counts),
        "score": result.score,
        "items": [{"kind": s.kind, "subject": s.subject, "rag": s.rag} for s in items],
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
                "total": len(items),
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
    items = _Items(ctx.plan, evaluation)
    for objective in ctx.plan.objectives:
        yield from _rolled(ctx, "objective", objective.id, items.of_objectives([objective.id]))


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
    items = _Items(ctx.plan, evaluation)
    for pillar in ctx.plan.pillars:
        objectives = [o.id for o in ctx.plan.objectives if o.pillar is pillar]
        tagged = [i.id for i in ctx.plan.indicators if i.pillar is pillar]
        if not objectives and not tagged:
            continue
        found = items.of_objectives(objectives)
        found.update(
            {("indicator", i): items.indicators[i] for i in tagged if i in items.indicators}
        )
        yield from _rolled(ctx, "pillar", pillar.value, found)


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
    items = _Items(ctx.plan, evaluation)
    for stage in PathwayStage:
        objectives = [o.id for o in ctx.plan.objectives if o.stage is stage]
        if objectives:
            yield from _rolled(ctx, "stage", stage.value, items.of_objectives(objectives))


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
    return _rolled(
        ctx, "partnership", ctx.plan.partnership, _Items(ctx.plan, evaluation).everything()
    )


_TYPES = ("red", "amber", "worsening", "changed status", "missing data")


def _exception_types(status: Status) -> list[str]:
    """Why an item belongs on the exception list (none, one or several reasons)."""
    types = {Rag.RED: ["red"], Rag.AMBER: ["amber"], Rag.GREY: ["missing data"]}
    found = list(types.get(status.rag, [])) if status.rag else []
    evidence = status.evidence
    if Direction.WORSENING in (evidence.get("vs_previous"), evidence.get("vs_last_year")):
        found.append("worsening")
    reported = _rag(evidence.get("reported_rag"))
    if reported is not None and status.rag is not None:
        complete = evidence.get("status") == ActionStatus.COMPLETE
        if not reported_agrees(reported, status.rag, complete=complete):
            found.append("changed status")
    return found


def _rag(value: object) -> Rag | None:
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
    items = _Items(ctx.plan, evaluation)
    rows = []
    for (kind, subject), status in items.everything().items():
        for kind_of_exception in _exception_types(status):
            evidence = status.evidence
            detail = {
                "worsening": f"against the previous period: {evidence.get('vs_previous')}; "
                f"against the same period last year: {evidence.get('vs_last_year')}",
                "changed status": f"reported {_value(evidence.get('reported_rag'))}, "
                f"computed {_value(status.rag)}",
            }.get(kind_of_exception, status.reason)
            rows.append(
                {
                    "type": kind_of_exception,
                    "kind": kind,
                    "subject": subject,
                    "period": status.period,
                    "rag": _value(status.rag),
                    "reason": detail,
                    "corrective_action": (
                        "; ".join(items.corrective_actions(status)) or None
                        if kind_of_exception in ("red", "amber")
                        else None
                    ),
                }
            )
    rows.sort(key=lambda r: (_TYPES.index(str(r["type"])), str(r["kind"]), str(r["subject"])))
    return [Row("exceptions", row) for row in rows]


def _value(rag: object) -> str | None:
    found = _rag(rag)
    return found.value if found else None


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
    items = _Items(ctx.plan, evaluation)
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
