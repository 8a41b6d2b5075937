"""Direction of travel: is an indicator better or worse than in a comparison period?

Councils print an arrow beside each indicator, against the previous period or the same period
last year.  The direction depends on polarity: for a lower-is-better indicator (say, days to a
decision) a fall is an improvement.  Values within ``tolerance`` of each other are unchanged.
"""

from __future__ import annotations

import enum
import math

from aspcore.model import Polarity

__all__ = ["Direction", "direction"]


class Direction(enum.StrEnum):
    """The four answers a direction-of-travel arrow can give."""

    IMPROVING = "improving"
    WORSENING = "worsening"
    UNCHANGED = "unchanged"
    NO_COMPARISON = "no comparison"


def direction(
    current: float | None,
    other: float | None,
    polarity: Polarity,
    tolerance: float = 0.0,
) -> Direction:
    """The direction from ``other`` (the comparison period) to ``current``.

    ``NO_COMPARISON`` when either value is missing.  Differences of at most ``tolerance`` (and
    floating-point noise) count as unchanged.
    """
    if current is None or other is None:
        return Direction.NO_COMPARISON
    change = current - other
    if abs(change) <= tolerance or math.isclose(current, other, rel_tol=1e-9, abs_tol=1e-12):
        return Direction.UNCHANGED
    better = change > 0 if polarity is Polarity.HIGHER else change < 0
    return Direction.IMPROVING if better else Direction.WORSENING
