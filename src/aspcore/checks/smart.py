"""Rule family ``smart``: are objectives Specific, Measurable, Attainable, Relevant, Time-bound?

Guide, section 3.  One finding per failed letter, and a scorecard row per objective in the
evaluation's ``smart`` section (the five letters as true/false, with the reasons).  Variant letter
names are accepted in the ``skip_letters`` parameter: A may be written Achievable or Agreed and
R may be written Realistic.

Specific is judged on what the statement says, not on its length: a verb saying what will be
done, made concrete by a target group, a quantity, or an indicator with a target linked to the
objective (the guide's own example, "reintegrate survivors into society", is four words long and
is measured by "percent of survivors in long-term employment").  ``min_words`` is deprecated and
ignored; it stays a known parameter so rulesets that set it keep loading.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator

from aspcore.checks.smart_specific import ACTION_VERBS, specific_reasons
from aspcore.hookspecs import hookimpl
from aspcore.model import Finding, Objective, Plan
from aspcore.rules.rule import Row, Rule, RuleContext, rule

__all__ = ["LETTER_ALIASES", "aspcore_register_rules", "letter_of", "smart_scorecard"]

#: Names partnerships use for each letter (guide: A = Achievable/Agreed, R = Realistic).
LETTER_ALIASES: dict[str, str] = {
    "s": "S",
    "specific": "S",
    "m": "M",
    "measurable": "M",
    "a": "A",
    "attainable": "A",
    "achievable": "A",
    "agreed": "A",
    "r": "R",
    "relevant": "R",
    "realistic": "R",
    "t": "T",
    "time-bound": "T",
    "timebound": "T",
    "timely": "T",
}
_PARAMS: dict[str, object] = {
    # Deprecated and ignored: Specific no longer counts words (see the module docstring).
    "min_words": 6,
    # Verbs that say what an objective will do (see smart_specific.ACTION_VERBS).
    "action_verbs": list(ACTION_VERBS),
    "vague_terms": [
        "improve",
        "enhance",
        "support",
        "raise awareness",
        "strengthen",
        "promote",
        "tackle",
        "work towards",
        "combat",
    ],
    "target_groups": [
        "victim",
        "survivor",
        "professional",
        "business",
        "worker",
        "frontline",
        "police",
        "officer",
        "council",
        "school",
        "community",
        "communities",
        "agency",
        "agencies",
        "partner",
        "staff",
        "volunteer",
        "child",
        "children",
        "adult",
        "people",
        "public",
        "offender",
        "perpetrator",
        "trafficker",
        "service user",
        "first responder",
    ],
    "max_target_ratio": 3.0,
    "year_tolerance_days": 92,
    "max_objectives_per_pillar": 6,
    "skip_letters": [],
}


def letter_of(name: str) -> str:
    """The SMART letter a name or alias stands for (``Achievable`` → ``A``)."""
    key = name.strip().lower()
    if key not in LETTER_ALIASES:
        raise ValueError(f"{name!r} is not a SMART letter; use S, M, A, R, T or their names")
    return LETTER_ALIASES[key]


def _targeted(o: Objective, ctx: RuleContext) -> list[str]:
    """The objective's indicators that have a target (what makes it measurable)."""
    return [i for i in o.indicators if (ind := ctx.plan.indicator(i)) is not None and ind.target]


def _specific(o: Objective, ctx: RuleContext) -> list[str]:
    """Guide, section 3: "clear and not vague; easy to understand" (see :mod:`smart_specific`).

    Length and owner are not judged here (Attainable asks who delivers the objective).
    """
    return specific_reasons(
        o.statement,
        has_targeted_indicator=bool(_targeted(o, ctx)),
        action_verbs=ctx.param("action_verbs"),
        target_groups=ctx.param("target_groups"),
        vague_terms=ctx.param("vague_terms"),
    )


def _measurable(o: Objective, ctx: RuleContext) -> list[str]:
    if _targeted(o, ctx):
        return []
    if o.indicators:
        return ["its indicators have no targets"]
    return ["it is linked to no indicator"]


def _attainable(o: Objective, ctx: RuleContext) -> list[str]:
    reasons: list[str] = []
    ratio = float(ctx.param("max_target_ratio"))
    for ind_id in o.indicators:
        ind = ctx.plan.indicator(ind_id)
        if ind is None or ind.target is None or ind.baseline is None:
            continue
        base, target = ind.baseline.value, ind.target.value
        years = 1
        if ind.target.period and ind.baseline.period:
            days = (ind.target.period.end - ind.baseline.period.end).days
            years = max(1, round(days / 365))
        if base > 0 and target > base * ratio**years:
            reasons.append(
                f"indicator {ind_id} targets {target:g} from a baseline of {base:g} "
                f"(more than {ratio:g} times in {years} year(s))"
            )
    if not o.owner and not any(a.owner for a in ctx.plan.actions_of(o.id)):
        reasons.append("nobody owns it or any of its actions")
    return reasons


def _relevant(o: Objective, ctx: RuleContext) -> list[str]:
    if o.pillar or o.stage:
        return []
    vision = set(re.findall(r"[a-z]{5,}", ctx.plan.vision.lower()))
    if vision & set(re.findall(r"[a-z]{5,}", o.statement.lower())):
        return []
    return ["it is tied to no pillar, pathway stage or words of the vision"]


def _time_bound(o: Objective, ctx: RuleContext) -> list[str]:
    if not o.timescale:
        return ["it has no timescale"]
    scale = o.parsed_timescale
    if scale is None:
        return [f"its timescale {o.timescale!r} cannot be read"]
    if scale.end is None and scale.duration_months is None:
        return [f"its timescale {o.timescale!r} has no end date or fixed duration"]
    year = ctx.plan.year
    if year is not None and scale.end is not None:
        slack = dt.timedelta(days=int(ctx.param("year_tolerance_days")))
        starts = scale.start or scale.end
        if scale.end < year.start - slack or starts > year.end + slack:
            return [f"its timescale {o.timescale!r} falls outside the plan year {year.label}"]
    return []


_CHECKS = {"S": _specific, "M": _measurable, "A": _attainable, "R": _relevant, "T": _time_bound}


def smart_scorecard(o: Objective, ctx: RuleContext) -> dict[str, list[str]]:
    """The reasons each letter fails for ``o`` (an empty list means the letter passes).

    Computed once per objective and evaluation (the five letter rules and the scorecard share it).
    """
    key = f"smart:{o.id}"
    if key not in ctx.memo:
        skipped = {letter_of(s) for s in ctx.param("skip_letters")}
        ctx.memo[key] = {
            letter: [] if letter in skipped else check(o, ctx) for letter, check in _CHECKS.items()
        }
    card: dict[str, list[str]] = ctx.memo[key]
    return card


def _letter_rule(letter: str, name: str, rule_id: str, suggestion: str) -> Rule:
    def check(o: Objective, ctx: RuleContext) -> Finding | None:
        reasons = smart_scorecard(o, ctx)[letter]
        if not reasons:
            return None
        return ctx.finding(
            o.id,
            f"objective {o.id} is not {name}: " + "; ".join(reasons),
            evidence={"letter": letter, "reasons": reasons, "statement": o.statement},
            line=o.line,
        )

    check.__doc__ = f"SMART {letter}: the objective is {name} (guide, section 3)."
    return rule(
        rule_id,
        family="smart",
        title=f"Objectives are {name}",
        applies_to="objective",
        severity="warning",
        params=_PARAMS,
        suggestion=suggestion,
    )(check)


_LETTER_RULES = [
    _letter_rule(
        "S",
        "specific",
        "SMART-S-001",
        "Say what will be done, for whom or how much, or link an indicator with a target "
        "(guide: 'reintegrate survivors into society', measured by 'percent of survivors in "
        "long-term employment')",
    ),
    _letter_rule(
        "M",
        "measurable",
        "SMART-M-001",
        "Link an indicator with a target, e.g. 'percent of survivors in long-term employment'",
    ),
    _letter_rule(
        "A",
        "attainable",
        "SMART-A-001",
        "Check the target against the baseline and who will deliver it",
    ),
    _letter_rule(
        "R",
        "relevant",
        "SMART-R-001",
        "Tag the objective with a pillar or pathway stage that ties it to the vision",
    ),
    _letter_rule(
        "T",
        "time-bound",
        "SMART-T-001",
        "Give a start and end ('between June and October 2018') or a fixed duration",
    ),
]


@rule(
    "SMART-010",
    family="smart",
    title="Scorecard per objective, and no more than 6 objectives per pillar",
    applies_to="plan",
    severity="info",
    params=_PARAMS,
    suggestion="HM Treasury's Green Book advises at most 5 or 6 SMART objectives",
)
def scorecard(plan: Plan, ctx: RuleContext) -> Iterator[Row | Finding]:
    """Writes the ``smart`` section and flags pillars with too many objectives (Green Book)."""
    for objective in plan.objectives:
        reasons = smart_scorecard(objective, ctx)
        yield Row(
            "smart",
            {
                "subject": objective.id,
                **{letter: not why for letter, why in reasons.items()},
                "score": sum(1 for why in reasons.values() if not why),
                "reasons": {letter: why for letter, why in reasons.items() if why},
            },
        )
    counts = Counter(o.pillar.value for o in plan.objectives if o.pillar)
    limit = int(ctx.param("max_objectives_per_pillar"))
    for pillar, count in sorted(counts.items()):
        if count > limit:
            yield ctx.finding(
                pillar,
                f"the {pillar} pillar has {count} objectives; more than {limit}",
                kind="pillar",
                evidence={"objectives": count, "limit": limit},
            )


@hookimpl(trylast=True)
def aspcore_register_rules() -> list[Rule]:
    """The SMART family's rules."""
    return [*_LETTER_RULES, scorecard]
