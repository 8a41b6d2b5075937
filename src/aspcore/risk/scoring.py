"""Scoring one risk under a scheme: pure functions, no rules, no I/O.

:func:`score` reads a risk's raw scores (as a plan gives them: numbers, numbers written as text,
or a scale's labels), combines them as the scheme says and returns a :class:`RiskScore` with the
risk score, its band, the priority, the separate confidence and the working behind each.  Bad
input never raises: a missing factor, a score that is not a number or one outside its scale is a
:class:`ScoreProblem` in the result, and whatever depends on it is left unscored (``None``).
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any, Literal, TypeAlias, cast

import attrs

from aspcore.model import Rag, jsonable
from aspcore.risk.factors import Combination, Factor, closest, exact_text
from aspcore.risk.numbers import exact, plain, round_to_step, show
from aspcore.risk.scheme import RISK, RiskScheme

__all__ = ["ProblemKind", "RiskScore", "ScoreProblem", "read_value", "score"]

#: ``missing``: a factor the score needs has no value; ``not-a-number``: a value that is neither
#: a number nor a label of the scale; ``out-of-range``: a number off the factor's scale;
#: ``ignored``: a value the scheme has no use for (an unknown factor, a confidence it cannot take).
ProblemKind: TypeAlias = Literal["missing", "not-a-number", "out-of-range", "ignored"]


@attrs.frozen
class ScoreProblem:
    """Why part of a risk could not be scored, or what was ignored."""

    kind: ProblemKind
    factor: str
    value: object
    message: str
    feeds: str = ""
    suggestion: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "kind": self.kind,
            "factor": self.factor,
            "value": jsonable(self.value),
            "feeds": self.feeds,
            "message": self.message,
        }


@attrs.frozen
class RiskScore:
    """A risk scored under a scheme, with the working (``breakdown``) behind every number.

    ``score`` is the risk score (rounded to the scheme's step) and ``band``/``label``/``rag``
    its band; ``priority`` ranks risks; ``confidence`` (and its scale label) is kept apart and
    never changes the others.  Each is ``None`` when a value it needs is missing or unreadable;
    ``problems`` says why.  ``factors`` holds the value read for each factor.
    """

    scheme: str
    score: int | float | None = None
    band: str | None = None
    label: str | None = None
    rag: Rag | None = None
    priority: int | float | None = None
    confidence: int | float | None = None
    confidence_label: str | None = None
    factors: Mapping[str, int | float] = attrs.field(factory=dict)
    breakdown: Mapping[str, Any] = attrs.field(factory=dict)
    problems: tuple[ScoreProblem, ...] = ()
    illustrative: bool = False

    @property
    def scored(self) -> bool:
        """Whether the risk score could be computed."""
        return self.score is not None

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "scheme": self.scheme,
            "illustrative": self.illustrative,
            "score": self.score,
            "band": self.band,
            "label": self.label,
            "rag": self.rag.value if self.rag else None,
            "priority": self.priority,
            "confidence": self.confidence,
            "confidence_label": self.confidence_label,
            "factors": dict(self.factors),
            "breakdown": jsonable(self.breakdown),
            "problems": [p.to_dict() for p in self.problems],
        }


def read_value(factor: Factor, raw: object, feeds: str = "") -> Fraction | ScoreProblem:
    """The value of one factor from a raw score: a number, number text or a label of the scale."""
    blank = raw is None or (isinstance(raw, str) and not raw.strip())
    value = None if blank else exact(raw)
    if isinstance(raw, str) and not blank:
        named = factor.value_named(raw)
        value = named if named is not None else exact_text(raw)
    row = factor.check_table.choose({"given": not blank, "value": value})
    if row.outcome is None:
        assert value is not None
        return value
    texts = {"raw": repr(raw), "value": "" if value is None else show(value)}
    message = row.reason.render({name: texts[name] for name in row.reason.names})
    return ScoreProblem(
        cast(ProblemKind, row.outcome), factor.name, None if blank else raw, message, feeds
    )


def _given(
    scheme: RiskScheme, scores: Mapping[Any, object], confidence: object
) -> tuple[dict[str, object], list[ScoreProblem]]:
    """The raw value of each factor, with the plan's ``confidence`` placed on its factor."""
    known = scheme.factors
    raw: dict[str, object] = {}
    problems: list[ScoreProblem] = []
    for key, value in scores.items():
        name = str(key)
        if name in known:
            raw[name] = value
            continue
        close = closest(name, known)
        hint = f"; did you mean '{close}'?" if close else ""
        problems.append(
            ScoreProblem(
                "ignored",
                name,
                value,
                f"{scheme.name} has no factor '{name}'{hint} (factors: {', '.join(known)})",
                suggestion=f"Rename it to '{close}'" if close else "Remove it or fix its name",
            )
        )
    if confidence is None or (isinstance(confidence, str) and not confidence.strip()):
        return raw, problems
    targets = scheme.factors_for("confidence")
    if len(targets) == 1 and targets[0].name not in raw:
        raw[targets[0].name] = confidence
        return raw, problems
    if not targets:
        why = f"{scheme.name} scores no confidence"
    elif len(targets) > 1:
        why = f"{scheme.name} scores confidence by {', '.join(f.name for f in targets)}"
    else:
        why = f"scores already give {targets[0].name}"
    problems.append(
        ScoreProblem("ignored", "confidence", confidence, f"confidence {confidence!r}: {why}")
    )
    return raw, problems


def _combine(
    combination: Combination, inputs: Mapping[str, Fraction]
) -> tuple[Fraction | None, str]:
    """The combined value and its working, or ``None`` when an input is missing."""
    if any(name not in inputs for name in combination.inputs):
        missing = [name for name in combination.inputs if name not in inputs]
        return None, f"not scored: no value for {', '.join(missing)}"
    result = combination.apply(inputs)
    if combination.combine is None:
        return result, combination.formula(inputs)
    return result, f"{combination.formula(inputs)} = {show(result)}"


def _read_factors(
    scheme: RiskScheme, raw: Mapping[str, object]
) -> tuple[dict[str, Fraction], list[ScoreProblem]]:
    """The value of every factor given; confidence factors are optional as a group."""
    values: dict[str, Fraction] = {}
    problems: list[ScoreProblem] = []
    trusted = {f.name for f in scheme.factors_for("confidence")}
    confidence_given = bool(trusted & set(raw))
    for factor in scheme.factors.values():
        if factor.name in trusted and not confidence_given:
            continue
        read = read_value(factor, raw.get(factor.name), scheme.role(factor.section))
        if isinstance(read, ScoreProblem):
            problems.append(read)
        else:
            values[factor.name] = read
    return values, problems


def _factor_row(factor: Factor, values: Mapping[str, Fraction], given: object) -> dict[str, Any]:
    value = values.get(factor.name)
    return {
        "value": plain(value) if value is not None else None,
        "label": factor.label_of(value) if value is not None else None,
        "scale": factor.scale(),
        **({"given": given} if isinstance(given, str) else {}),
    }


def score(
    scheme: RiskScheme, scores: Mapping[Any, object], *, confidence: object = None
) -> RiskScore:
    """Score a risk: its raw ``scores`` (factor → value) and optional ``confidence`` text.

    ``confidence`` is read on the scheme's confidence factor when it has exactly one (e.g.
    ``"medium"`` on a scale labelled low, medium, high).
    """
    raw, problems = _given(scheme, scores, confidence)
    values, unreadable = _read_factors(scheme, raw)
    sections: dict[str, Fraction] = {}
    section_rows: dict[str, Any] = {}
    for section in scheme.sections:
        value, working = _combine(section.combination, values)
        if value is not None:
            sections[section.name] = value
        section_rows[section.name] = {
            "label": section.label,
            "feeds": scheme.role(section.name),
            "rule": section.combination.describe(),
            "factors": {f.name: _factor_row(f, values, raw.get(f.name)) for f in section.factors},
            "score": plain(value) if value is not None else None,
            "working": working,
        }
    exact_risk, risk_working = _combine(scheme.risk, sections)
    risk = round_to_step(exact_risk, scheme.step) if exact_risk is not None else None
    if risk is not None and risk != exact_risk:
        risk_working += f", rounded to {show(risk)} (step {show(scheme.step)})"
    band = scheme.band_for(risk) if risk is not None else None
    breakdown: dict[str, Any] = {
        "sections": section_rows,
        "risk": {
            "rule": scheme.risk.describe(),
            "working": risk_working,
            "range": [plain(scheme.risk_low), plain(scheme.risk_high)],
            "band": band.to_dict() if band else None,
        },
        "priority": {"rule": RISK, "working": "the priority is the risk score"},
    }
    priority: Fraction | None = risk
    if scheme.priority is not None:
        with_risk = {**sections, **({RISK: risk} if risk is not None else {})}
        priority, working = _combine(scheme.priority, with_risk)
        breakdown["priority"] = {"rule": scheme.priority.describe(), "working": working}
    trust: Fraction | None = None
    trust_label: str | None = None
    if scheme.confidence is not None:
        trust, working = _combine(scheme.confidence, sections)
        breakdown["confidence"] = {"rule": scheme.confidence.describe(), "working": working}
        trusted = scheme.factors_for("confidence")
        if trust is not None and len(trusted) == 1:
            trust_label = trusted[0].label_of(values[trusted[0].name])
    return RiskScore(
        scheme=scheme.name,
        score=plain(risk) if risk is not None else None,
        band=band.name if band else None,
        label=band.label if band else None,
        rag=band.rag if band else None,
        priority=plain(priority) if priority is not None else None,
        confidence=plain(trust) if trust is not None else None,
        confidence_label=trust_label,
        factors={name: plain(value) for name, value in values.items()},
        breakdown=breakdown,
        problems=(*problems, *unreadable),
        illustrative=scheme.illustrative,
    )
