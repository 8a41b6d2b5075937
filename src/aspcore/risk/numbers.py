"""Exact arithmetic for risk scores.

Scores, weights and band bounds are held as :class:`fractions.Fraction` so that ``0.1 + 0.2`` is
``0.3`` and a score never misses a band by a rounding error.  These helpers convert at the edges:
from TOML or plan values in, to plain ``int``/``float`` (JSON) and short text (messages) out.
"""

from __future__ import annotations

import functools
import math
from decimal import Decimal
from fractions import Fraction

from aspcore.expr.formulas import Formula

__all__ = ["exact", "plain", "round_to_step", "show", "steps_formula"]


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
    units = steps_formula(step).evaluate({"x": value})
    assert isinstance(units, int)
    return units * step


@functools.lru_cache(maxsize=64)
def steps_formula(step: Fraction) -> Formula:
    """The whole number of ``step`` nearest a value ``x``, halves up: ``floor(x / step + 1/2)``
    written in whole numbers, ``(2 * q * x + p) // (2 * p)`` for ``step = p/q``, so that a
    fraction (one risk) is rounded exactly and a float (:func:`aspcore.batch.risk_scores`) by
    the same formula."""
    p, q = step.numerator, step.denominator
    return Formula(f"({2 * q} * x + {p}) // {2 * p}", {"x": "number"})
