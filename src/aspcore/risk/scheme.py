"""A risk scheme: how a risk is scored, combined into a priority, and banded.

A scheme is data, written in TOML (a file, or a table under ``[params.risk.schemes]`` of a
ruleset)::

    name = "fife-4x4"
    [sections.impact.factors.impact]          # sections hold factors, each on a scale
    min = 1
    max = 4
    [sections.likelihood.factors.likelihood]
    min = 1
    max = 4
    [risk]                                    # how sections combine into the risk score
    combine = "product"
    of = ["impact", "likelihood"]
    [[bands]]                                 # named, coloured ranges of the risk score
    name = "low"
    min = 1
    max = 3
    rag = "green"
    ...

``[risk]`` combines sections into the risk score, which is rounded to the scheme's ``step`` (1
unless given) and banded.  The optional ``[priority]`` combines the risk score (written
``"risk"``) with other sections, such as an organisational position (capacity, capability); with
no ``[priority]`` the priority is the risk score.  The optional ``[confidence]`` combines its own
sections into a confidence score that is kept apart: a section feeding confidence may not feed
risk or priority.  Every section must feed one of the three.  Every scale, weight, rule and band
is configuration, which is why MoRiLE-style scoring can be written down although MoRiLE's own
numbers are not public.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping
from fractions import Fraction
from typing import Literal, TypeAlias

import attrs

from aspcore.errors import RulesetError
from aspcore.expr.decisions import Decision, DecisionTable
from aspcore.expr.templates import escape
from aspcore.model import Rag
from aspcore.risk.bands import Band, check_bands, parse_band
from aspcore.risk.factors import (
    Combination,
    Factor,
    Section,
    as_table,
    check_keys,
    closest,
    get_text,
)
from aspcore.risk.numbers import exact, plain, round_to_step, show

__all__ = ["RISK", "SCHEME_KEYS", "RiskScheme", "Role"]

#: The name ``[priority]`` uses for the risk score among its inputs.
RISK = "risk"
#: Top-level keys a scheme may hold.
SCHEME_KEYS = frozenset(
    {
        "name",
        "title",
        "description",
        "source",
        "illustrative",
        "step",
        "sections",
        "risk",
        "priority",
        "confidence",
        "bands",
    }
)
_FORMULA_KEYS = frozenset({"combine", "of", "weights", "description"})
Role: TypeAlias = Literal["risk", "priority", "confidence"]
_Ranges: TypeAlias = Mapping[str, tuple[Fraction, Fraction]]


def _formula(raw: object, key: str, ranges: _Ranges, where: str) -> Combination:
    """Read ``[risk]``, ``[priority]`` or ``[confidence]``: which inputs, combined how."""
    here = f"{where}: [{key}]"
    data = as_table(raw, here)
    check_keys(data, _FORMULA_KEYS, here)
    names = data.get("of")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise RulesetError(f"{here}: 'of' must be a non-empty list of section names")
    if len(set(names)) != len(names):
        raise RulesetError(f"{here}: 'of' names a section twice")
    for name in names:
        if name not in ranges:
            close = closest(name, ranges)
            hint = f"; did you mean '{close}'?" if close else ""
            raise RulesetError(
                f"{here}: 'of' names {name!r}, which is not one of {', '.join(sorted(ranges))}"
                f"{hint}"
            )
    return Combination.from_mapping(
        data.get("combine"), tuple(names), data.get("weights"), ranges, here
    )


@attrs.frozen
class RiskScheme:
    """A validated risk scheme (build one with :meth:`from_mapping` or ``load_scheme``).

    ``origin`` says where it was read from (a file, or a ruleset table) and prefixes every
    error about it.  ``risk_low``/``risk_high`` is the range of possible risk scores, which the
    bands cover exactly.
    """

    name: str
    origin: str
    sections: tuple[Section, ...]
    risk: Combination
    bands: tuple[Band, ...]
    risk_low: Fraction
    risk_high: Fraction
    priority: Combination | None = None
    confidence: Combination | None = None
    title: str = ""
    source: str = ""
    description: str = ""
    illustrative: bool = False
    step: Fraction = Fraction(1)

    @property
    def factors(self) -> dict[str, Factor]:
        """Every factor by name, in the order the scheme lists them."""
        return {f.name: f for s in self.sections for f in s.factors}

    def role(self, section: str) -> Role:
        """What a section feeds: ``risk``, ``priority`` (and not risk) or ``confidence``."""
        if section in self.risk.inputs:
            return "risk"
        if self.priority is not None and section in self.priority.inputs:
            return "priority"
        return "confidence"

    def factors_for(self, role: Role) -> tuple[Factor, ...]:
        """The factors of the sections with this role."""
        return tuple(f for s in self.sections if self.role(s.name) == role for f in s.factors)

    def band_for(self, score: Fraction) -> Band | None:
        """The band of a risk score (``None`` only for a score outside the scheme's range)."""
        number = self.band_table.position({"steps": score / self.step})
        return self.bands[number] if number < len(self.bands) else None

    @property
    def band_table(self) -> DecisionTable:
        """The banding as a decision table over ``steps``, the risk score in steps (whole
        numbers, as every band's ends are): one row per band, its name as the outcome and
        code, then a last row (no band) for a score outside the scheme's range or none.  The
        per-plan scoring and :func:`aspcore.batch.risk_scores` both band through it; it is
        compiled once per set of bands."""
        return _band_table(self.bands, self.step)

    def bands_coloured(self, rags: Collection[Rag]) -> tuple[Band, ...]:
        """The bands whose colour is one of ``rags``, in ascending order.

        Colours get no better as the score grows (checked when the scheme is read), so the
        bands of the worst colour(s) are always the scheme's top bands: ``{red}`` picks the
        highest band(s) of any scheme without naming a score.
        """
        return tuple(band for band in self.bands if band.rag in rags)

    def summary(self) -> dict[str, object]:
        """What evidence and reports print about the scheme: name, range, rules and bands."""
        return {
            "name": self.name,
            "title": self.title,
            "illustrative": self.illustrative,
            "range": [plain(self.risk_low), plain(self.risk_high)],
            "risk": self.risk.describe(),
            "priority": self.priority.describe() if self.priority else RISK,
            "confidence": self.confidence.describe() if self.confidence else None,
            "bands": [band.to_dict() for band in self.bands],
        }

    @classmethod
    def from_mapping(
        cls, data: object, *, origin: str, default_name: str | None = None
    ) -> RiskScheme:
        """Read and validate a scheme; raises :class:`RulesetError` naming ``origin``."""
        top = as_table(data, f"{origin}: a risk scheme")
        name = top.get("name", default_name)
        if not isinstance(name, str) or not name.strip():
            raise RulesetError(f"{origin}: a risk scheme needs a 'name'")
        where = f"{origin}: risk scheme '{name}'"
        check_keys(top, SCHEME_KEYS, where)
        step = exact(top.get("step", 1))
        if step is None or step <= 0:
            raise RulesetError(f"{where}: 'step' must be a number above 0, found {top['step']!r}")
        illustrative = top.get("illustrative", False)
        if not isinstance(illustrative, bool):
            raise RulesetError(f"{where}: 'illustrative' must be true or false")
        sections_raw = as_table(top.get("sections", {}), f"{where}: sections")
        if not sections_raw:
            raise RulesetError(f"{where}: needs at least one section ([sections.NAME])")
        if RISK in sections_raw:
            raise RulesetError(f"{where}: a section may not be called '{RISK}' (the risk score)")
        sections = tuple(Section.from_mapping(s, v, where) for s, v in sections_raw.items())
        seen: dict[str, str] = {}
        for section in sections:
            for factor in section.factors:
                if factor.name in seen:
                    raise RulesetError(
                        f"{where}: factor '{factor.name}' is in sections '{seen[factor.name]}' "
                        f"and '{section.name}'; plans score factors by name, so names must differ"
                    )
                seen[factor.name] = section.name
        ranges = {
            s.name: s.combination.bounds({f.name: (f.low, f.high) for f in s.factors})
            for s in sections
        }
        if RISK not in top:
            raise RulesetError(f"{where}: needs a [risk] table saying how sections combine")
        risk = _formula(top[RISK], RISK, ranges, where)
        exact_low, exact_high = risk.bounds({n: ranges[n] for n in risk.inputs})
        low, high = round_to_step(exact_low, step), round_to_step(exact_high, step)
        priority = confidence = None
        if "priority" in top:
            priority_ranges = {**ranges, RISK: (low, high)}
            priority = _formula(top["priority"], "priority", priority_ranges, where)
        if "confidence" in top:
            confidence = _formula(top["confidence"], "confidence", ranges, where)
        _check_roles(sections, risk, priority, confidence, where)
        bands_raw = top.get("bands")
        if not isinstance(bands_raw, list) or not bands_raw:
            raise RulesetError(f"{where}: needs [[bands]] covering scores {show(low)}-{show(high)}")
        bands = tuple(parse_band(b, i, where, step) for i, b in enumerate(bands_raw))
        check_bands(bands, low, high, step, where)
        return cls(
            name=name,
            origin=origin,
            sections=sections,
            risk=risk,
            bands=bands,
            risk_low=low,
            risk_high=high,
            priority=priority,
            confidence=confidence,
            title=get_text(top, "title", name, where),
            source=get_text(top, "source", "", where),
            description=get_text(top, "description", "", where),
            illustrative=illustrative,
            step=step,
        )


def _check_roles(
    sections: tuple[Section, ...],
    risk: Combination,
    priority: Combination | None,
    confidence: Combination | None,
    where: str,
) -> None:
    """Confidence is kept apart from risk and priority, and every section feeds something."""
    scoring = set(risk.inputs) | set(priority.inputs if priority else ())
    trusted = set(confidence.inputs if confidence else ())
    for section in sections:
        if section.name in scoring and section.name in trusted:
            raise RulesetError(
                f"{where}: section '{section.name}' feeds both [confidence] and the risk or "
                "priority; confidence is kept separate and never changes the risk score"
            )
        if section.name not in scoring | trusted:
            raise RulesetError(
                f"{where}: section '{section.name}' feeds nothing; name it in the 'of' list of "
                "[risk], [priority] or [confidence]"
            )


@functools.lru_cache(maxsize=64)
def _band_table(bands: tuple[Band, ...], step: Fraction) -> DecisionTable:
    rows = [
        Decision(
            band.name,
            f"steps >= {band.low / step} and steps <= {band.high / step}",
            band.name,
            escape(f"the risk score is in the {band.label} band ({band.span()})"),
        )
        for band in bands
    ]
    rows.append(Decision("unbanded", "True", None, "the risk score has no band"))
    return DecisionTable(rows, fields={"steps": "number"})
