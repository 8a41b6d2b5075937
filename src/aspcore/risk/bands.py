"""Bands of a risk scheme: named, labelled, RAG-coloured ranges of the risk score.

Each band is an inclusive range ``min``-``max`` on the scheme's score grid (multiples of its
``step``, 1 by default)::

    bands = [
      { name = "low", label = "Low", min = 1, max = 3, rag = "green" },
      { name = "medium", label = "Medium", min = 4, max = 7, rag = "amber" },
    ]

Like DHIS2 legend sets they are validated before use, so that every possible score has exactly
one band: written in ascending order, the first starting at the lowest possible score, each
starting one step after the previous ends (no gap, no overlap), the last ending at the highest
possible score, and colours getting no better as the score grows.  Any breach raises
:class:`~aspcore.errors.RulesetError` naming the scheme (and its file) and the problem.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from fractions import Fraction

import attrs

from aspcore.errors import RulesetError
from aspcore.model import Rag
from aspcore.risk.numbers import exact, plain, show

__all__ = ["BAND_COLOURS", "BAND_KEYS", "Band", "check_bands", "parse_band"]

#: Colours a band may have; grey means "no data" and is never the colour of a score.
BAND_COLOURS = (Rag.BLUE, Rag.GREEN, Rag.AMBER, Rag.RED)
#: Keys of one band table.
BAND_KEYS = frozenset({"name", "label", "min", "max", "rag", "description"})


@attrs.frozen
class Band:
    """One band: every score from ``low`` to ``high`` inclusive."""

    name: str
    label: str
    low: Fraction
    high: Fraction
    rag: Rag
    description: str = ""

    def contains(self, score: Fraction) -> bool:
        """Whether ``score`` falls in this band."""
        return self.low <= score <= self.high

    def span(self) -> str:
        """The range as text: ``8-11``."""
        return f"{show(self.low)}-{show(self.high)}"

    def to_dict(self) -> dict[str, object]:
        """The band as evidence and JSON show it."""
        return {
            "name": self.name,
            "label": self.label,
            "min": plain(self.low),
            "max": plain(self.high),
            "rag": self.rag.value,
        }


def parse_band(raw: object, index: int, where: str, step: Fraction) -> Band:
    """Read one band table; ``where`` names the scheme in errors."""
    here = f"{where}: band {index + 1}"
    if not isinstance(raw, Mapping):
        raise RulesetError(
            f"{here}: expected a table such as "
            f'{{ name = "low", min = 1, max = 3, rag = "green" }}, found {raw!r}'
        )
    unknown = sorted(set(raw) - BAND_KEYS)
    if unknown:
        raise RulesetError(
            f"{here}: unknown key(s) {', '.join(unknown)}; a band holds "
            f"{', '.join(sorted(BAND_KEYS))}"
        )
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise RulesetError(f"{here}: needs a 'name'")
    here = f"{where}: band '{name}'"
    colours = ", ".join(c.value for c in BAND_COLOURS)
    try:
        rag = Rag(str(raw.get("rag", "")).strip().lower())
    except ValueError:
        rag = Rag.GREY
    if rag not in BAND_COLOURS:
        raise RulesetError(f"{here}: 'rag' must be one of {colours}, found {raw.get('rag')!r}")
    bounds: list[Fraction] = []
    for key in ("min", "max"):
        value = exact(raw.get(key))
        if value is None:
            raise RulesetError(f"{here}: '{key}' must be a number, found {raw.get(key)!r}")
        if (value / step).denominator != 1:
            raise RulesetError(
                f"{here}: '{key}' = {show(value)} is not a multiple of the scheme's step "
                f"{show(step)}"
            )
        bounds.append(value)
    low, high = bounds
    if low > high:
        raise RulesetError(f"{here}: 'min' {show(low)} is above 'max' {show(high)}")
    label = raw.get("label", name)
    description = raw.get("description", "")
    if not isinstance(label, str) or not isinstance(description, str):
        raise RulesetError(f"{here}: 'label' and 'description' must be text")
    return Band(name, label, low, high, rag, description)


def check_bands(
    bands: Sequence[Band], low: Fraction, high: Fraction, step: Fraction, where: str
) -> None:
    """Raise :class:`RulesetError` unless ``bands`` give every score ``low``..``high`` one band.

    Scores are multiples of ``step``.  The message names the bands involved and the scores left
    without a band (a gap) or given two (an overlap).
    """
    if not bands:
        raise RulesetError(f"{where}: needs at least one band ([[bands]])")
    names = [b.name for b in bands]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise RulesetError(f"{where}: band name(s) used twice: {', '.join(repeated)}")
    first, last = bands[0], bands[-1]
    if first.low > low:
        raise RulesetError(
            f"{where}: gap below the first band: no band covers scores {show(low)}-"
            f"{show(first.low - step)} (band '{first.name}' starts at {show(first.low)}, the "
            f"lowest possible score is {show(low)})"
        )
    if first.low < low:
        raise RulesetError(
            f"{where}: band '{first.name}' starts at {show(first.low)}, below the lowest "
            f"possible score {show(low)}; the bands must span exactly {show(low)}-{show(high)}"
        )
    for prev, nxt in itertools.pairwise(bands):
        pair = f"bands '{prev.name}' ({prev.span()}) and '{nxt.name}' ({nxt.span()})"
        if nxt.low <= prev.low:
            raise RulesetError(f"{where}: {pair} are not in ascending order")
        if nxt.low <= prev.high:
            raise RulesetError(
                f"{where}: {pair} overlap: scores {show(nxt.low)}-"
                f"{show(min(prev.high, nxt.high))} fall in both"
            )
        if nxt.low > prev.high + step:
            raise RulesetError(
                f"{where}: gap between {pair}: no band covers scores "
                f"{show(prev.high + step)}-{show(nxt.low - step)}"
            )
        if nxt.rag.badness < prev.rag.badness:
            raise RulesetError(
                f"{where}: colours must get no better as the score grows, but band "
                f"'{nxt.name}' ({nxt.rag.value}) follows '{prev.name}' ({prev.rag.value})"
            )
    if last.high < high:
        raise RulesetError(
            f"{where}: gap above the last band: no band covers scores {show(last.high + step)}-"
            f"{show(high)} (band '{last.name}' ends at {show(last.high)}, the highest possible "
            f"score is {show(high)})"
        )
    if last.high > high:
        raise RulesetError(
            f"{where}: band '{last.name}' ends at {show(last.high)}, above the highest possible "
            f"score {show(high)}; the bands must span exactly {show(low)}-{show(high)}"
        )
