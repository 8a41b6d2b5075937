"""Direction of travel: is an indicator better or worse than in a comparison period?

Councils print an arrow beside each indicator, against the previous period or the same period
last year.  The direction depends on polarity: for a lower-is-better indicator (say, days to a
decision) a fall is an improvement.  Values within ``tolerance`` of each other are unchanged.

The decision is a decision table (:func:`direction_table`), which :func:`direction` runs on one
pair of values and :func:`aspcore.batch.indicator_status` on a frame.
"""

from __future__ import annotations

import enum
import functools
import sys

from aspcore.expr.decisions import Decision, DecisionTable
from aspcore.expr.types import FieldType
from aspcore.model import Polarity

__all__ = ["Direction", "direction", "direction_table"]


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
    table = direction_table(tolerance)
    return Direction(table.rows[table.lookup(current, other, polarity is Polarity.LOWER)].code)


@functools.lru_cache(maxsize=64)
def direction_table(tolerance: float) -> DecisionTable:
    """The direction decision, over ``current`` and ``other`` (numbers, or null) and ``lower``
    (true when lower is better).

    Unchanged within ``tolerance``, or when the values are equal as :func:`math.isclose` says
    (relative 1e-9, absolute 1e-12; never for an infinite value), which absorbs floating-point
    noise.
    """
    rows = [
        Decision(
            Direction.NO_COMPARISON.value,
            "is_null(current) or is_null(other)",
            Direction.NO_COMPARISON.value,
            "there is no value to compare with",
        ),
        Decision(
            Direction.UNCHANGED.value,
            "current == other or abs(current - other) <= tolerance"
            f" or (max(abs(current), abs(other)) <= {sys.float_info.max!r}"
            " and abs(current - other) <= max(1e-09 * max(abs(current), abs(other)), 1e-12))",
            Direction.UNCHANGED.value,
            "the values are the same, within the tolerance",
        ),
        Decision(
            Direction.IMPROVING.value,
            "(current < other) if lower else (current > other)",
            Direction.IMPROVING.value,
            "the value moved the better way",
        ),
        Decision(
            Direction.WORSENING.value,
            "True",
            Direction.WORSENING.value,
            "the value moved the worse way",
        ),
    ]
    fields: dict[str, FieldType] = {"current": "number", "other": "number", "lower": "boolean"}
    return DecisionTable(rows, fields=fields, constants={"tolerance": float(tolerance)})
