"""Hypothesis strategies for risk schemes, with an independent oracle for their score range.

:func:`schemes` draws valid scheme tables: one to three risk sections of one to three factors on
integer scales, each section and the risk combined by a random rule (product, sum, weighted sum
with whole or fractional weights, max), sometimes an organisational-position section feeding the
priority and a confidence section, and bands that cut the exact score range at random points.
The range is computed here, from the drawn numbers, not by the code under test.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

COMBINES = ("product", "sum", "weighted_sum", "max")
COLOURS = ("green", "amber", "red")
WEIGHTS = st.sampled_from([1, 2, 3, 0.5, 1.5, 0.25])


def apply(combine: str | None, values: list[Fraction], weights: list[Fraction]) -> Fraction:
    """What a combination gives, written out independently of aspcore."""
    if combine == "product":
        return math.prod(values, start=Fraction(1))
    if combine == "weighted_sum":
        return sum((w * v for w, v in zip(weights, values, strict=True)), Fraction(0))
    if combine == "max":
        return max(values)
    return sum(values, Fraction(0))


def rounded(value: Fraction) -> Fraction:
    """Half-up rounding to a whole number (every generated scheme has step 1)."""
    return Fraction(math.floor(value + Fraction(1, 2)))


@st.composite
def combination(draw: st.DrawFn, names: list[str]) -> dict[str, Any]:
    """``combine`` (and ``weights``) for ``names``; a single input may be taken as it is."""
    if len(names) == 1 and draw(st.booleans()):
        return {}
    combine = draw(st.sampled_from(COMBINES))
    out: dict[str, Any] = {"combine": combine}
    if combine == "weighted_sum":
        out["weights"] = {name: draw(WEIGHTS) for name in names}
    return out


def _value(table: dict[str, Any], names: list[str], values: list[Fraction]) -> Fraction:
    given = table.get("weights", {})
    weights = [Fraction(repr(given[n])) for n in names] if given else []
    return apply(table.get("combine"), values, weights)


@st.composite
def _section(draw: st.DrawFn, prefix: str) -> dict[str, Any]:
    count = draw(st.integers(1, 3))
    factors: dict[str, Any] = {}
    for i in range(count):
        low = draw(st.integers(0, 3))
        factors[f"{prefix}{i}"] = {"min": low, "max": draw(st.integers(low + 1, low + 4))}
    return {"factors": factors, **draw(combination(list(factors)))}


def section_range(section: dict[str, Any], end: str) -> Fraction:
    """A section's lowest (``end="min"``) or highest (``"max"``) score."""
    names = list(section["factors"])
    values = [Fraction(section["factors"][n][end]) for n in names]
    return _value(section, names, values)


@st.composite
def bands(draw: st.DrawFn, low: int, high: int) -> list[dict[str, Any]]:
    """Bands cutting ``low``..``high`` at random points, colours never getting better."""
    inner = list(range(low + 1, high + 1))
    cuts = sorted(draw(st.sets(st.sampled_from(inner), max_size=4))) if inner else []
    starts = [low, *cuts]
    ends = [c - 1 for c in cuts] + [high]
    colours = sorted((draw(st.sampled_from(COLOURS)) for _ in starts), key=COLOURS.index)
    return [
        {"name": f"b{i}", "min": s, "max": e, "rag": colour}
        for i, (s, e, colour) in enumerate(zip(starts, ends, colours, strict=True))
    ]


@st.composite
def schemes(draw: st.DrawFn) -> dict[str, Any]:
    """A valid scheme table, plus ``_range`` (the risk score range) for the tests' oracle."""
    count = draw(st.integers(1, 3))
    sections = {f"s{i}": draw(_section(f"f{i}_")) for i in range(count)}
    risk_names = list(sections)
    risk = {"of": risk_names, **draw(combination(risk_names))}
    data: dict[str, Any] = {"name": "generated", "sections": sections, "risk": risk}
    ends = []
    for end in ("min", "max"):
        values = [section_range(sections[n], end) for n in risk_names]
        ends.append(int(rounded(_value(risk, risk_names, values))))
    if draw(st.booleans()):
        sections["position"] = draw(_section("p"))
        data["priority"] = {"of": ["risk", "position"], **draw(combination(["risk", "position"]))}
    if draw(st.booleans()):
        sections["trust"] = draw(_section("c"))
        data["confidence"] = {"of": ["trust"]}
    data["bands"] = draw(bands(ends[0], ends[1]))
    data["_range"] = tuple(ends)
    return data


def without_oracle(data: dict[str, Any]) -> dict[str, Any]:
    """The scheme table as a user would write it (no ``_range``)."""
    return {k: v for k, v in data.items() if k != "_range"}
