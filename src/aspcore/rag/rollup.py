"""Rolling many RAG statuses up into one, and counting them.

Worst-of is the one documented roll-up rule; councils also publish the distribution (e.g.
38 green, 2 amber, 6 red), which every roll-up reports whatever the method.  The methods:

* ``worst_of``: the worst colour by :attr:`Rag.badness` (red, amber, grey, green, blue): a red
  item makes the whole red; missing data (grey) shows through green but never makes it red;
* ``majority``: the most common colour, blue counted as green; a tie goes to the worse colour;
* ``weighted``: the mean of ``weights`` by colour over the rated items (grey left out), green at
  ``weighted_green`` or more, amber at ``weighted_amber`` or more, red below.  The mean is
  compared exactly (:mod:`aspcore.rag.exact`): 79.996 is not 80; it is shown to two decimals,
  or more when two would put it on the other side of a threshold.

In every method blue (complete) counts as done, never worse than green; the result is blue only
when every rated item is complete.  Items with no RAG (cancelled actions) are counted apart and
not rated.  With nothing to rate, the roll-up is grey.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any

import attrs

from aspcore.errors import RulesetError
from aspcore.model import Rag
from aspcore.rag.exact import check_places, decimal, fixed, shown
from aspcore.rag.params import number, table, text

__all__ = ["ROLLUP_METHODS", "Rollup", "RollupPolicy", "distribution", "roll_up"]

ROLLUP_METHODS = ("worst_of", "majority", "weighted")
_WEIGHTED = (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE)
_WORST_FIRST = tuple(sorted(Rag, key=lambda c: -c.badness))
#: The colours a distribution counts, in the order councils publish them, with their names.
_COUNTED = tuple((c, c.value) for c in (Rag.GREEN, Rag.AMBER, Rag.RED, Rag.BLUE, Rag.GREY))


@attrs.frozen
class RollupPolicy:
    """How to roll up: the method and, for ``weighted``, the weights and thresholds."""

    method: str = "worst_of"
    weights: Mapping[Rag, float] = attrs.field(
        factory=lambda: {Rag.RED: 0.0, Rag.AMBER: 50.0, Rag.GREEN: 100.0, Rag.BLUE: 100.0}
    )
    green_min: float = 80
    amber_min: float = 50

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> RollupPolicy:
        """Read and check ``rollup``, ``weights``, ``weighted_green`` and ``weighted_amber``."""
        raw = table(params, "weights")
        unknown = sorted(set(raw) - {c.value for c in _WEIGHTED})
        if unknown:
            raise RulesetError(
                f"params.rag.weights: unknown colour(s) {', '.join(unknown)}; give weights for "
                "red, amber, green and blue (grey is not rated)"
            )
        missing = sorted({c.value for c in _WEIGHTED} - set(raw))
        if missing:
            raise RulesetError(f"params.rag.weights: no weight for {', '.join(missing)}")
        weights = {c: number(raw, c.value) for c in _WEIGHTED}
        green = number(params, "weighted_green")
        amber = number(params, "weighted_amber")
        for name, value in (("weighted_green", green), ("weighted_amber", amber)):
            check_places(value, f"params.rag.{name}")
        if amber > green:
            raise RulesetError(
                f"params.rag.weighted_amber ({amber:g}) must not exceed "
                f"params.rag.weighted_green ({green:g})"
            )
        return cls(text(params, "rollup", ROLLUP_METHODS), weights, green, amber)

    def to_dict(self) -> dict[str, object]:
        """The policy as evidence."""
        out: dict[str, object] = {"method": self.method}
        if self.method == "weighted":
            out["weights"] = {c.value: w for c, w in self.weights.items()}
            out["weighted_green"] = self.green_min
            out["weighted_amber"] = self.amber_min
        return out


@attrs.frozen
class Rollup:
    """A rolled-up colour, why, the distribution and (for ``weighted``) the score."""

    rag: Rag
    reason: str
    counts: Mapping[str, int]
    score: float | None = None


def distribution(colours: Iterable[Rag | None]) -> dict[str, int]:
    """Counts per colour (green, amber, red, blue, grey) and of unrated items (``none``)."""
    return _distribution(Counter(colours))


def _distribution(counted: Counter[Rag | None]) -> dict[str, int]:
    return {**{name: counted[c] for c, name in _COUNTED}, "none": counted[None]}


def _spelled(counts: Mapping[str, int]) -> str:
    shown = [f"{n} {colour}" for colour, n in counts.items() if n and colour != "none"]
    return ", ".join(shown)


def roll_up(colours: Iterable[Rag | None], policy: RollupPolicy) -> Rollup:
    """Roll ``colours`` up under ``policy`` (see the module docstring)."""
    counted = Counter(colours)
    counts = _distribution(counted)
    rated = sum(counts.values()) - counts["none"]
    if not rated:
        return Rollup(Rag.GREY, "there is nothing to rate", counts)
    summary = _spelled(counts)
    if counts["blue"] == rated:
        return Rollup(Rag.BLUE, f"every item is complete ({summary})", counts)
    if policy.method == "worst_of":
        worst = next(c for c in _WORST_FIRST if counted[c])
        return Rollup(worst, f"worst of {rated} items ({summary}) is {worst.value}", counts)
    if policy.method == "majority":
        tally = {c: counted[c] for c in _WORST_FIRST if counted[c]}
        tally[Rag.GREEN] = tally.get(Rag.GREEN, 0) + tally.pop(Rag.BLUE, 0)
        top = max(tally.items(), key=lambda kv: (kv[1], kv[0].badness))[0]
        return Rollup(
            top,
            f"most of {rated} items ({summary}) are {top.value}"
            + (" (blue counted as green)" if counts["blue"] else ""),
            counts,
        )
    scored = rated - counts["grey"]
    if not scored:
        return Rollup(Rag.GREY, f"no item has data ({summary})", counts)
    total = sum(decimal(policy.weights[c]) * counted[c] for c in _WEIGHTED)
    exact = Fraction(total) / scored
    green, amber = decimal(policy.green_min), decimal(policy.amber_min)
    rag = Rag.GREEN if exact >= green else Rag.AMBER if exact >= amber else Rag.RED
    # "at least" is "not below": the value shown must be below a threshold just when exact is
    below, places = shown(-exact, (-green, -amber), least=2)
    return Rollup(
        rag,
        f"weighted score {fixed(-below, places)} over {scored} rated items ({summary}); "
        f"green at {fixed(green)} or more, amber at {fixed(amber)} or more",
        counts,
        float(-below),
    )
