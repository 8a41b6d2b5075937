"""Rule family ``evidence``: survivors' voice on the objectives that serve them.

The guide asks for a mix of quantitative and qualitative measures, and says of performance
management: "It is also important that survivors are involved in defining success and providing
performance feedback."  Its "Service user feedback" passage adds that survivor perspectives are
essential, and Table 3 lists among the victim care pathway's key performance indicators the
"Number and proportion of victims participating in decisions about services provided to them".
An objective in the stages that serve survivors directly (respite, recovery, sustainable freedom)
should therefore hold their feedback, or a consultation with them, from the plan year.
"""

from __future__ import annotations

from aspcore.hookspecs import hookimpl
from aspcore.model import Evidence, Finding, Objective, Plan
from aspcore.periods import Period
from aspcore.rules.rule import Rule, RuleContext, rule

__all__ = ["DEFAULT_PARAMS", "aspcore_register_rules", "evidence_for", "within_year"]

#: The family's parameters and their defaults (documented in docs/rules/evidence.md).
DEFAULT_PARAMS: dict[str, object] = {
    # guide, Table 3: the pathway stages after discovery are about the care survivors receive.
    "stages": ["respite", "recovery", "sustainable-freedom"],
    # guide, "Service user feedback": surveys, comments, consultations, meetings with users.
    "kinds": ["feedback", "consultation"],
}


def evidence_for(plan: Plan, objective: Objective) -> list[Evidence]:
    """The evidence entries that speak to an objective: linked to it, to one of its indicators
    or to one of its actions, in plan order."""
    ids = {objective.id, *objective.indicators}
    ids.update(a.id for a in plan.actions_of(objective.id))
    return [entry for entry in plan.evidence if ids.intersection(entry.links)]


def within_year(entry: Evidence, year: Period | None) -> bool:
    """Whether an entry is dated within the plan year (first and last day included).

    A plan with no year cannot place any date, so every entry counts; with a year, an undated
    entry does not, since nobody can tell which year's work it speaks to.
    """
    if year is None:
        return True
    return entry.date is not None and year.contains(entry.date)


@rule(
    "EVIDENCE-001",
    family="evidence",
    title="Objectives that serve survivors hold their feedback",
    applies_to="objective",
    severity="info",
    params=DEFAULT_PARAMS,
    suggestion="Record survivors' feedback or a consultation with them on this objective "
    "(an evidence entry of kind feedback or consultation, dated in the plan year, linked to "
    "the objective, one of its actions or one of its indicators)",
)
def survivors_heard(objective: Objective, ctx: RuleContext) -> Finding | None:
    """Guide: "It is also important that survivors are involved in defining success and
    providing performance feedback."  Table 3's key performance indicator "Number and
    proportion of victims participating in decisions about services provided to them" asks the
    same of the pathway.  An objective in one of the ``stages`` needs an evidence entry of one of
    the ``kinds`` dated within the plan year, linked to it directly, through one of its
    indicators or through one of its actions.  The finding names the linked entries that did not
    count (by id, kind and date: never their summary, which may not be quoted)."""
    stage = objective.stage
    if stage is None or stage.value not in set(ctx.param("stages")):
        return None
    kinds = set(ctx.param("kinds"))
    year = ctx.plan.year
    linked = evidence_for(ctx.plan, objective)
    if any(e.kind.value in kinds and within_year(e, year) for e in linked):
        return None
    when = f" dated in {year.label}" if year is not None else ""
    return ctx.finding(
        objective.id,
        f"objective {objective.id} ({stage.value.replace('-', ' ')} stage) has no "
        f"{' or '.join(sorted(kinds))} evidence{when} linked to it, to its actions or to its "
        "indicators: survivors' voice is missing",
        evidence={
            "objective": objective.id,
            "stage": stage.value,
            "year": year.label if year is not None else None,
            "kinds": sorted(kinds),
            "entries": [
                {
                    "id": e.id,
                    "kind": e.kind.value,
                    "date": e.date.isoformat() if e.date else None,
                }
                for e in linked
            ],
        },
        line=objective.line,
    )


@hookimpl(trylast=True)
def aspcore_register_rules() -> list[Rule]:
    """The evidence family's rules."""
    return [survivors_heard]
