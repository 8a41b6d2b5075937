"""Colour bands over a number line, validated like DHIS2 legend sets.

A scheme's bands cut the line of one measure (for indicators, the shortfall against target in
percent) into colours.  Each band is written as a TOML inline table with a colour and at most
one lower bound (``min`` = at least, ``above`` = more than) and at most one upper bound
(``max`` = at most, ``below`` = less than); a missing bound is unbounded::

    bands = [
      { rag = "green", max = 1 },
      { rag = "amber", above = 1, below = 5 },
      { rag = "red", min = 5 },
    ]

DHIS2 validates its legend sets before use: ordered, no gaps, no overlaps.  :func:`parse_bands`
does the same and more, because every value must get exactly one colour: the bands must be
written in ascending order, cover the whole line, meet exactly at each boundary (the boundary
value belongs to one band, never to both or neither), and the colours must get no better as the
measure grows (so that a smaller shortfall can never give a worse colour).  Any breach raises
:class:`~aspcore.errors.RulesetError` naming the scheme and the gap or overlap.

Bounds are compared exactly (:mod:`aspcore.rag.exact`): a bound is read as the decimal it is
written as, so it may have at most six decimal places, and a value exactly on a bound falls in
the band that includes it (Belfast's "between 1 per cent and 5 per cent" holds 5% itself).
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Mapping, Sequence
from fractions import Fraction

import attrs

from aspcore.errors import RulesetError
from aspcore.model import Rag
from aspcore.rag.exact import check_places, decimal

__all__ = ["BAND_COLOURS", "Band", "Bands", "parse_bands"]

#: Colours a band may have; grey means "no data" and is never the result of a measure.
BAND_COLOURS = (Rag.BLUE, Rag.GREEN, Rag.AMBER, Rag.RED)
_KEYS = {"rag", "min", "above", "max", "below"}
#: Bounds are percentages: beyond this they would not be exact in the batch API's arithmetic.
_LARGEST = 1e9


def _num(value: float) -> str:
    return f"{value:g}"


@attrs.frozen
class Band:
    """One colour over one interval; ``None`` bounds are unbounded."""

    rag: Rag
    lower: float | None = None
    lower_inclusive: bool = True
    upper: float | None = None
    upper_inclusive: bool = False

    def contains(self, value: Fraction | float) -> bool:
        """Whether ``value`` falls in this band, compared exactly with the bounds as written
        (a float by its exact binary value: pass a :class:`Fraction` to compare a decimal)."""
        lower, upper = self.exact_bounds
        if lower is not None and (value < lower or (value == lower and not self.lower_inclusive)):
            return False
        return upper is None or (value < upper or (value == upper and self.upper_inclusive))

    @functools.cached_property
    def exact_bounds(self) -> tuple[Fraction | None, Fraction | None]:
        """The lower and upper bounds as the decimals they are written as."""
        return (
            None if self.lower is None else decimal(self.lower),
            None if self.upper is None else decimal(self.upper),
        )

    def describe(self, unit: str = "") -> str:
        """The band in words, e.g. ``more than 1 and less than 5``, as evidence prints it."""
        parts = []
        if self.lower is not None:
            low = _num(self.lower) + unit
            parts.append(f"{low} or more" if self.lower_inclusive else f"more than {low}")
        if self.upper is not None:
            high = _num(self.upper) + unit
            parts.append(f"{high} or less" if self.upper_inclusive else f"less than {high}")
        return " and ".join(parts) or "any value"

    def to_dict(self) -> dict[str, object]:
        """The band as it is written in a ruleset."""
        out: dict[str, object] = {"rag": self.rag.value}
        if self.lower is not None:
            out["min" if self.lower_inclusive else "above"] = self.lower
        if self.upper is not None:
            out["max" if self.upper_inclusive else "below"] = self.upper
        return out


@attrs.frozen
class Bands:
    """A validated legend set: bands in ascending order that give every value one colour."""

    scheme: str
    bands: tuple[Band, ...]

    def band_of(self, value: Fraction | float) -> Band:
        """The band ``value`` falls in (validation guarantees there is exactly one)."""
        if not isinstance(value, Fraction) and math.isnan(value):
            raise ValueError(f"scheme {self.scheme!r}: cannot colour NaN")
        return next(band for band in self.bands if band.contains(value))

    def describe(self) -> list[dict[str, object]]:
        """The bands as evidence: colour, bounds and the same in words.

        Built once per bands and shared by every rating under them (read-only, like the rest
        of a status's evidence).
        """
        return self._described

    @functools.cached_property
    def _described(self) -> list[dict[str, object]]:
        return [{**band.to_dict(), "range": band.describe()} for band in self.bands]


def _bound(
    scheme: str, index: int, raw: Mapping[str, object], keys: tuple[str, str]
) -> float | None:
    given = [k for k in keys if k in raw]
    if len(given) > 1:
        raise RulesetError(
            f"scheme {scheme!r}, band {index + 1}: give either '{keys[0]}' or '{keys[1]}', not both"
        )
    if not given:
        return None
    value = raw[given[0]]
    where = f"scheme {scheme!r}, band {index + 1}: '{given[0]}'"
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise RulesetError(f"{where} must be a number, found {value!r}")
    if math.isinf(value):
        return None
    if abs(value) >= _LARGEST:
        raise RulesetError(f"{where} must be a percentage below {_LARGEST:g}, found {value!r}")
    check_places(value, where)
    return float(value)


def _band(scheme: str, index: int, raw: object) -> Band:
    if not isinstance(raw, Mapping):
        raise RulesetError(
            f"scheme {scheme!r}, band {index + 1}: expected a table such as "
            f'{{ rag = "green", max = 1 }}, found {raw!r}'
        )
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise RulesetError(
            f"scheme {scheme!r}, band {index + 1}: unknown key(s) {', '.join(unknown)}; "
            "a band holds rag, min or above, max or below"
        )
    colours = ", ".join(c.value for c in BAND_COLOURS)
    try:
        rag = Rag(str(raw.get("rag", "")).strip().lower())
    except ValueError:
        rag = None
    if rag not in BAND_COLOURS:
        raise RulesetError(
            f"scheme {scheme!r}, band {index + 1}: rag must be one of {colours}, "
            f"found {raw.get('rag')!r}"
        )
    assert rag is not None
    lower = _bound(scheme, index, raw, ("min", "above"))
    upper = _bound(scheme, index, raw, ("max", "below"))
    band = Band(rag, lower, "above" not in raw, upper, "max" in raw)
    if (
        lower is not None
        and upper is not None
        and (
            lower > upper
            or (lower == upper and not (band.lower_inclusive and band.upper_inclusive))
        )
    ):
        raise RulesetError(
            f"scheme {scheme!r}, band {index + 1} ({rag.value}) is empty: {band.describe()}"
        )
    return band


def _join(scheme: str, prev: Band, nxt: Band) -> None:
    """Raise unless ``nxt`` starts exactly where ``prev`` ends."""
    where = f"scheme {scheme!r}: {prev.rag.value} band ({prev.describe()}) and next " + (
        f"{nxt.rag.value} band ({nxt.describe()})"
    )
    if prev.upper is None or nxt.lower is None:
        raise RulesetError(
            f"{where} overlap: only the first band may start unbounded and only "
            "the last may end unbounded; write the bands in ascending order"
        )
    u, low = prev.upper, nxt.lower
    if u < low:
        left = "(" if prev.upper_inclusive else "["
        right = ")" if nxt.lower_inclusive else "]"
        raise RulesetError(
            f"{where} leave a gap: values in {left}{_num(u)}, {_num(low)}{right} have no colour"
        )
    if u > low:
        raise RulesetError(f"{where} overlap between {_num(low)} and {_num(u)}")
    if prev.upper_inclusive and nxt.lower_inclusive:
        raise RulesetError(f"{where} overlap: both include {_num(u)}")
    if not prev.upper_inclusive and not nxt.lower_inclusive:
        raise RulesetError(f"{where} leave a gap: the value {_num(u)} itself has no colour")


def parse_bands(scheme: str, raw: object) -> Bands:
    """Read and validate a legend set; raises :class:`RulesetError` naming the scheme."""
    if not isinstance(raw, Sequence) or isinstance(raw, str) or not raw:
        raise RulesetError(
            f"scheme {scheme!r}: 'bands' must be a non-empty list of tables, found {raw!r}"
        )
    bands = tuple(_band(scheme, i, item) for i, item in enumerate(raw))
    for prev, nxt in itertools.pairwise(bands):
        _join(scheme, prev, nxt)
        if nxt.rag.badness < prev.rag.badness:
            raise RulesetError(
                f"scheme {scheme!r}: colours must get no better as the shortfall grows, but "
                f"{nxt.rag.value} ({nxt.describe()}) follows {prev.rag.value}"
            )
    if bands[0].lower is not None:
        raise RulesetError(
            f"scheme {scheme!r}: gap below the first band: values under {_num(bands[0].lower)} "
            "have no colour (leave out the first band's lower bound)"
        )
    if bands[-1].upper is not None:
        raise RulesetError(
            f"scheme {scheme!r}: gap above the last band: values over {_num(bands[-1].upper)} "
            "have no colour (leave out the last band's upper bound)"
        )
    return Bands(scheme, bands)
