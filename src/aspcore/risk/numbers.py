"""Exact arithmetic for risk scores.

Scores, weights and band bounds are held as :class:`fractions.Fraction` so that ``0.1 + 0.2`` is
``0.3`` and a score never misses a band by a rounding error.  These helpers convert at the edges:
from TOML or plan values in, to plain ``int``/``float`` (JSON) and short text (messages) out.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

__all__ = ["exact", "plain", "round_to_step", "show"]


def exact(value: object) -> Fraction | None:
    """``value`` as an exact fraction, or ``None`` when it is not a finite number.

    Booleans are not numbers here (``yes`` in a plan is not a score).  Floats are read through
    their shortest text, so ``0.1`` becomes ``1/10`` and not the nearest binary fraction.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(repr(value)) if math.isfinite(value) else None
    if isinstance(value, Fraction):
        return value
    if isinstance(value, Decimal):
        return Fraction(value) if value.is_finite() else None
    return None


def plain(value: Fraction) -> int | float:
    """The JSON form: an ``int`` when whole, else a ``float``."""
    return value.numerator if value.denominator == 1 else float(value)


def show(value: Fraction) -> str:
    """Short text for messages: ``12``, ``2.5``, ``0.333333``."""
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"


def round_to_step(value: Fraction, step: Fraction) -> Fraction:
    """``value`` rounded to the nearest multiple of ``step``, halves rounded up.

    Rounding this way never reverses an order: a larger value never rounds to a smaller result.
    """
    return math.floor(value / step + Fraction(1, 2)) * step
