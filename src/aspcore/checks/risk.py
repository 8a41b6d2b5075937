"""Rule family ``risk``: score each risk under its scheme, report what cannot be scored, rank.

The guide (section 4) names risk management, "for example, use of MoRiLE", for risks to
performance, and Table 6 puts risks in the LogFrame; DOMAIN ("MoRiLE-style risk scoring") gives
the shape of a score (harm, likelihood, a separate confidence, organisational position feeding a
priority) and the one documented partnership grid (Fife CSP, impact x likelihood).  The scoring
itself is :mod:`aspcore.risk`; these rules turn it into findings (``RISK-001``..``RISK-006``),
one ``risk`` status per risk and the ranked ``risks`` section (``RISK-010``); the rules that read
risks against the plan (review dates, alignment with objectives) are in
:mod:`aspcore.checks.risk_plan`.  All of them run once per plan, so a broken scheme or parameter
is reported once, by ``RISK-010``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from aspcore.errors import RulesetError
from aspcore.hookspecs import hookimpl
from aspcore.model import Finding, Plan, Rag, Risk, Status
from aspcore.plugins import manager_or_default
from aspcore.risk import RiskScheme, RiskScore, ScoreProblem, find_scheme, score
from aspcore.risk.bands import BAND_COLOURS
from aspcore.risk.factors import closest
from aspcore.risk.grid import likelihood_impact_grid
from aspcore.risk.loading import available_schemes, did_you_mean
from aspcore.risk.scoring import ProblemKind
from aspcore.rules.rule import Row, Rule, RuleContext, rule

if TYPE_CHECKING:
    from aspcore.plugins import Plugins

__all__ = [
    "DEFAULT_PARAMS",
    "Assessment",
    "RiskParams",
    "aspcore_register_rules",
    "assess",
    "check_risk_params",
    "rank",
    "risk_params",
]

#: The family's parameters and their defaults (``[params.risk]``).
DEFAULT_PARAMS: dict[str, object] = {
    "scheme": "fife-4x4",
    "schemes": {},
    "mitigation_rags": ["red"],
    "high_rags": ["red"],
    "low_confidence": ["low"],
}


@attrs.frozen
class Assessment:
    """One risk, the scheme it is scored under, and the result (or why there is none).

    ``scheme`` is ``None`` when no scheme has the name; ``error`` holds a scheme that exists but
    is invalid.  ``defaulted`` is true when the risk named no scheme and the ruleset's default
    was used.
    """

    risk: Risk
    scheme_name: str
    defaulted: bool
    known: tuple[str, ...] = ()
    scheme: RiskScheme | None = None
    result: RiskScore | None = None
    error: RulesetError | None = None


def _registry(plugins: Plugins | None) -> dict[str, Path]:
    """Scheme name → file: the shipped schemes and those plugins register."""
    return available_schemes(manager_or_default(plugins))


@attrs.frozen
class RiskParams:
    """The family's parameters (``[params.risk]``), checked and typed.

    ``high_rags`` picks the bands that count as high (:meth:`RiskScheme.bands_coloured`);
    ``low_confidence`` the labels of a confidence scale that count as low.
    """

    scheme: str
    schemes: Mapping[str, object]
    mitigation_rags: frozenset[Rag]
    high_rags: frozenset[Rag]
    low_confidence: frozenset[str]


def _colours(params: Mapping[str, Any], name: str) -> frozenset[Rag]:
    """A parameter that lists RAG colours."""
    rags, colours = params[name], [r.value for r in Rag]
    if not isinstance(rags, list) or not all(isinstance(r, str) and r in colours for r in rags):
        raise RulesetError(
            f"params.risk.{name} must be a list of RAG colours ({', '.join(colours)}), "
            f"found {rags!r}"
        )
    return frozenset(Rag(r) for r in rags)


def _high_rags(params: Mapping[str, Any]) -> frozenset[Rag]:
    """``high_rags``: at least one band colour, and every colour worse than one it names.

    Band colours get no better as the score grows, so such a set always picks a scheme's top
    band(s); ``["amber"]`` alone would call an amber band high but not the red one above it.
    """
    rags = _colours(params, "high_rags") & frozenset(BAND_COLOURS)
    if not rags:
        raise RulesetError(
            'params.risk.high_rags must name at least one band colour, e.g. ["red"], found '
            f"{params['high_rags']!r}"
        )
    least = min(r.badness for r in rags)
    missing = [c.value for c in BAND_COLOURS if c.badness > least and c not in rags]
    if missing:
        raise RulesetError(
            f"params.risk.high_rags {params['high_rags']!r} must also name {', '.join(missing)}: "
            "a band above a high band is high too"
        )
    return rags


def _labels(params: Mapping[str, Any], name: str) -> frozenset[str]:
    """A parameter that lists labels of a scale (compared without case)."""
    labels = params[name]
    if not isinstance(labels, list) or not all(isinstance(x, str) and x.strip() for x in labels):
        raise RulesetError(f"params.risk.{name} must be a list of scale labels, found {labels!r}")
    return frozenset(x.strip().lower() for x in labels)


def risk_params(params: Mapping[str, Any]) -> RiskParams:
    """The family's parameters, checked; raises :class:`RulesetError` for the first bad one."""
    default, inline = params["scheme"], params["schemes"]
    if not isinstance(default, str) or not default.strip():
        raise RulesetError(f"params.risk.scheme must be a scheme name, found {default!r}")
    if not isinstance(inline, Mapping):
        raise RulesetError(
            "params.risk.schemes must hold one table per scheme, e.g. [params.risk.schemes.local]"
        )
    return RiskParams(
        scheme=default,
        schemes=inline,
        mitigation_rags=_colours(params, "mitigation_rags"),
        high_rags=_high_rags(params),
        low_confidence=_labels(params, "low_confidence"),
    )


def check_risk_params(params: Mapping[str, Any], plugins: Plugins | None) -> None:
    """Raise :class:`RulesetError` for the first ``[params.risk]`` value the rules could not use.

    The checks the rules make when they run (:func:`assess`), made once for ``aspcore rulesets
    lint``: the parameters themselves, every scheme the ruleset defines (bands with no gap or
    overlap, ...) and the default scheme, which must exist.
    """
    checked = risk_params(params)
    default, inline = checked.scheme, checked.schemes
    registry = _registry(plugins)
    for name in inline:
        find_scheme(str(name), registry=registry, inline=inline)
    if default not in inline and default not in registry:
        known = sorted({*registry, *map(str, inline)})
        raise RulesetError(
            f"params.risk.scheme: no risk scheme named {default!r}"
            f"{did_you_mean(default, known)} (known schemes: {', '.join(known)})"
        )
    find_scheme(default, registry=registry, inline=inline)


def assess(plan: Plan, ctx: RuleContext) -> tuple[list[Assessment], RulesetError | None]:
    """Score every risk of ``plan``; also the first ruleset or scheme error met, if any.

    Computed once per evaluation: every rule of the family shares the result.
    """
    key = "risk:assessments"
    if key not in ctx.memo:
        ctx.memo[key] = _assess(plan, ctx)
    found: tuple[list[Assessment], RulesetError | None] = ctx.memo[key]
    return found


def _assess(plan: Plan, ctx: RuleContext) -> tuple[list[Assessment], RulesetError | None]:
    try:
        checked = risk_params(ctx.params)
    except RulesetError as exc:
        return [], exc
    default, inline = checked.scheme, checked.schemes
    registry = _registry(ctx.plugins)
    known = tuple(sorted({*registry, *inline}))
    schemes: dict[str, RiskScheme | RulesetError | None] = {}
    out: list[Assessment] = []
    for risk in plan.risks:
        name = risk.scheme or default
        if name not in schemes:
            try:
                schemes[name] = find_scheme(
                    name, registry=registry, inline=inline, origin=f"ruleset {ctx.ruleset}"
                )
            except RulesetError as exc:
                schemes[name] = exc
        found = schemes[name]
        base = Assessment(risk, name, risk.scheme is None, known)
        if isinstance(found, RulesetError):
            out.append(attrs.evolve(base, error=found))
        elif found is None:
            out.append(base)
        else:
            result = score(found, risk.scores, confidence=risk.confidence)
            out.append(attrs.evolve(base, scheme=found, result=result))
    error = next((a.error for a in out if a.error is not None), None)
    return out, error


def _rank_key(item: Assessment) -> tuple[bool, float, float, str]:
    result = item.result
    assert result is not None
    return (
        result.priority is None,
        -(result.priority or 0),
        -(result.score or 0),
        item.risk.id,
    )


def rank(assessments: list[Assessment]) -> dict[str, int]:
    """Risk id → rank within its scheme: priority first, then score, then id (1 = highest).

    Risks are ranked within their scheme because scores of different schemes are on different
    scales; unscored risks have no rank.
    """
    groups: dict[str, list[Assessment]] = {}
    for item in assessments:
        if item.result is not None and item.result.scored:
            groups.setdefault(item.scheme_name, []).append(item)
    ranks: dict[str, int] = {}
    for items in groups.values():
        for position, item in enumerate(sorted(items, key=_rank_key), start=1):
            ranks.setdefault(item.risk.id, position)
    return ranks


def _problem_rule(
    rule_id: str, kind: ProblemKind, title: str, severity: str, suggestion: str
) -> Rule:
    def check(plan: Plan, ctx: RuleContext) -> Iterator[Finding]:
        for item in assess(plan, ctx)[0]:
            if item.result is None:
                continue
            for problem in item.result.problems:
                if problem.kind == kind:
                    yield _problem_finding(item, problem, ctx)

    check.__doc__ = f"{title} (one finding per factor)."
    return rule(
        rule_id,
        family="risk",
        title=title,
        applies_to="plan",
        severity=severity,
        params=DEFAULT_PARAMS,
        check_params=check_risk_params,
        suggestion=suggestion,
    )(check)


def _problem_finding(item: Assessment, problem: ScoreProblem, ctx: RuleContext) -> Finding:
    scheme = item.scheme
    assert scheme is not None
    factor = scheme.factors.get(problem.factor)
    return ctx.finding(
        item.risk.id,
        f"risk {item.risk.id} ({scheme.name}): {problem.message}",
        kind="risk",
        evidence={
            "scheme": scheme.name,
            "factor": problem.factor,
            "value": problem.value,
            "scale": factor.scale() if factor else None,
            "feeds": problem.feeds,
            "problem": problem.kind,
        },
        suggestion=problem.suggestion or None,
        line=item.risk.line,
    )


_PROBLEM_RULES = [
    _problem_rule(
        "RISK-001",
        "missing",
        "A risk scores every factor its scheme needs",
        "error",
        "Score the factor on its scale, or say why it cannot be scored yet",
    ),
    _problem_rule(
        "RISK-002",
        "not-a-number",
        "A risk's scores are numbers (or labels of the scale)",
        "error",
        "Write the score as a number on the factor's scale, or as one of its labels",
    ),
    _problem_rule(
        "RISK-003",
        "out-of-range",
        "A risk's scores lie on their factors' scales",
        "error",
        "Use a score between the scale's minimum and maximum (whole numbers unless the scale "
        "allows fractions)",
    ),
    _problem_rule(
        "RISK-004",
        "ignored",
        "A risk gives no scores its scheme cannot use",
        "warning",
        "Fix the factor's name, or remove it",
    ),
]


@rule(
    "RISK-005",
    family="risk",
    title="A risk's scheme is known",
    applies_to="plan",
    severity="error",
    params=DEFAULT_PARAMS,
    check_params=check_risk_params,
    suggestion="Use a known scheme name, or define the scheme under [params.risk.schemes]",
)
def known_scheme(plan: Plan, ctx: RuleContext) -> Iterator[Finding]:
    """A risk names a scheme (or falls back on ``params.risk.scheme``) that exists."""
    for item in assess(plan, ctx)[0]:
        if item.scheme is not None or item.error is not None:
            continue
        hint = did_you_mean(item.scheme_name, item.known)
        close = closest(item.scheme_name, item.known)
        whose = (
            f"has no scheme and the ruleset's default (params.risk.scheme) is "
            f"{item.scheme_name!r}, which is not known"
            if item.defaulted
            else f"names risk scheme {item.scheme_name!r}, which is not known"
        )
        yield ctx.finding(
            item.risk.id,
            f"risk {item.risk.id} {whose}{hint} (known schemes: {', '.join(item.known)})",
            kind="risk",
            evidence={
                "scheme": item.scheme_name,
                "default": item.defaulted,
                "known": list(item.known),
            },
            suggestion=(
                None
                if close is None
                else f'Set params.risk.scheme = "{close}"'
                if item.defaulted
                else f"Write scheme: {close}"
            ),
            line=item.risk.line,
        )


@rule(
    "RISK-006",
    family="risk",
    title="A risk in a band that needs a mitigation has one",
    applies_to="plan",
    severity="warning",
    params=DEFAULT_PARAMS,
    check_params=check_risk_params,
    suggestion="Record the mitigation: what the partnership will do to reduce the risk",
)
def mitigated(plan: Plan, ctx: RuleContext) -> Iterator[Finding]:
    """Risks whose band is coloured one of ``mitigation_rags`` (red) name a mitigation."""
    assessments = assess(plan, ctx)[0]
    if not assessments:
        return
    rags = risk_params(ctx.params).mitigation_rags
    for item in assessments:
        result = item.result
        if result is None or result.rag not in rags or (item.risk.mitigation or "").strip():
            continue
        yield ctx.finding(
            item.risk.id,
            f"risk {item.risk.id} scores {result.score} under {result.scheme}, band "
            f"{result.label} ({result.rag.value if result.rag else ''}), but has no mitigation",
            kind="risk",
            evidence={
                "scheme": result.scheme,
                "score": result.score,
                "band": result.band,
                "rag": result.rag,
                "mitigation_rags": sorted(r.value for r in rags),
            },
            line=item.risk.line,
        )


def _status(item: Assessment, rank_of: Mapping[str, int], ctx: RuleContext) -> Status:
    risk, result, scheme = item.risk, item.result, item.scheme
    if result is None or scheme is None or not result.scored:
        why = (
            "; ".join(p.message for p in result.problems if p.kind != "ignored")
            if result is not None
            else f"no risk scheme named {item.scheme_name!r}"
        )
        return ctx.status(
            risk.id,
            Rag.GREY,
            f"risk {risk.id} is not scored: {why}",
            kind="risk",
            evidence={"scheme": item.scheme_name, "factors": dict(risk.scores)},
        )
    working = result.breakdown["risk"]["working"]
    band = next(b for b in scheme.bands if b.name == result.band)
    return ctx.status(
        risk.id,
        result.rag,
        f"risk {risk.id} scores {result.score} under {scheme.name} ({working}), band "
        f"{result.label} ({band.span()}); priority {result.priority}, "
        f"rank {rank_of.get(risk.id)}",
        kind="risk",
        evidence={
            "scheme": scheme.name,
            "illustrative": scheme.illustrative,
            "factors": dict(result.factors),
            "working": working,
            "score": result.score,
            "band": result.band,
            "bands": [b.to_dict() for b in scheme.bands],
            "priority": result.priority,
            "confidence": result.confidence,
            "rank": rank_of.get(risk.id),
        },
    )


def _row(item: Assessment, rank_of: Mapping[str, int]) -> Row:
    """The risk's row in the ``risks`` section; ``confidence`` is the label when there is one."""
    result = item.result or RiskScore(scheme=item.scheme_name)
    problems = [p.message for p in result.problems]
    if item.scheme is None:
        problems.append(f"no risk scheme named {item.scheme_name!r}")
    return Row(
        "risks",
        {
            "id": item.risk.id,
            "statement": item.risk.statement,
            "level": item.risk.level,
            "rank": rank_of.get(item.risk.id),
            "scheme": result.scheme,
            "illustrative": result.illustrative,
            "score": result.score,
            "band": result.band,
            "label": result.label,
            "rag": result.rag,
            "priority": result.priority,
            "confidence": result.confidence_label or result.confidence,
            "confidence_score": result.confidence,
            "factors": dict(result.factors),
            "breakdown": result.breakdown,
            "problems": problems,
        },
    )


@rule(
    "RISK-010",
    family="risk",
    title="Every risk has a status and a row in the ranked risk register",
    applies_to="plan",
    severity="info",
    params=DEFAULT_PARAMS,
    check_params=check_risk_params,
)
def register(plan: Plan, ctx: RuleContext) -> Iterator[Status | Row]:
    """One ``risk`` status per risk (its band's colour, grey when unscored), the ``risks``
    section ranked by priority within each scheme (ties: higher score, then id), and the
    ``risk-grids`` section (:func:`_grids`)."""
    assessments, error = assess(plan, ctx)
    if error is not None:
        raise error
    rank_of = rank(assessments)

    def ordered(item: Assessment) -> tuple[bool, str, int, str]:
        rid = item.risk.id
        return (rid not in rank_of, item.scheme_name, rank_of.get(rid, 0), rid)

    for item in sorted(assessments, key=ordered):
        yield _status(item, rank_of, ctx)
        yield _row(item, rank_of)
    yield from _grids(assessments)


def _grids(assessments: list[Assessment]) -> Iterator[Row]:
    """The ``risk-grids`` section: for each scheme the risks use whose score is likelihood by
    impact, every cell of its grid scored and banded by the scheme (what a heat map colours)."""
    schemes = {item.scheme.name: item.scheme for item in assessments if item.scheme is not None}
    for name, scheme in sorted(schemes.items()):
        cells = likelihood_impact_grid(scheme)
        if cells is None:
            continue
        yield Row(
            "risk-grids",
            {
                "scheme": name,
                "cells": [
                    {
                        "likelihood": cell.likelihood,
                        "impact": cell.impact,
                        "score": cell.score,
                        "band": cell.band,
                        "label": cell.label,
                        "rag": cell.rag,
                    }
                    for cell in cells
                ],
            },
        )


@hookimpl(trylast=True)
def aspcore_register_rules() -> list[Rule]:
    """The risk family's rules that read the register (those reading risks against the plan
    are registered by :mod:`aspcore.checks.risk_plan`, which builds on this module)."""
    return [*_PROBLEM_RULES, known_scheme, mitigated, register]
