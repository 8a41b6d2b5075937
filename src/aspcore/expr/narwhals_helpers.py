"""Small narwhals building blocks that behave the same on every backend.

Backends disagree about nulls: numpy-backed pandas compares NaN as ``False`` and keeps booleans
with nulls in object columns; polars keeps NaN as a value; integer results come back as
``UInt32``, ``Int8`` or ``Int64``.  These helpers are written so that the answer is the same
whichever convention the backend follows: numbers are float64 and finite-or-null, a comparison
is only made where its operands are not null, and booleans are tested with ``== True`` and
``fill_null`` rather than negated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import narwhals as nw

__all__ = [
    "as_of_ordinal",
    "finite",
    "guard",
    "is_false",
    "is_true",
    "number",
    "ordinal",
]


def number(value: float) -> nw.Expr:
    """A float64 literal."""
    return nw.lit(float(value), nw.Float64)


def finite(expr: nw.Expr) -> nw.Expr:
    """``expr`` cast to float64 where it is finite, null where it is NaN, infinite or null."""
    as_float = expr.cast(nw.Float64)
    return nw.when(as_float.is_finite()).then(as_float)


def guard(result: nw.Expr, operands: Sequence[nw.Expr]) -> nw.Expr:
    """``result`` where every operand is not null, null elsewhere."""
    if not operands:
        return result
    condition = ~operands[0].is_null()
    for operand in operands[1:]:
        condition = condition & ~operand.is_null()
    return nw.when(condition).then(result)


def is_true(expr: nw.Expr) -> nw.Expr:
    """A null-free boolean: ``expr`` is true (null and false give False)."""
    return (expr == nw.lit(True)).fill_null(False)


def is_false(expr: nw.Expr) -> nw.Expr:
    """A null-free boolean: ``expr`` is false (null and true give False)."""
    return (expr == nw.lit(False)).fill_null(False)


def ordinal(date: nw.Expr) -> nw.Expr:
    """The proleptic Gregorian ordinal of a date column, as ``datetime.date.toordinal`` gives.

    Built from the year and the day of the year, because date subtraction gives a duration on
    some backends and an integer on others.
    """
    before = date.dt.year().cast(nw.Float64) - number(1)
    days_before_year = (
        before * number(365)
        + (before / number(4)).floor()
        - (before / number(100)).floor()
        + (before / number(400)).floor()
    )
    return days_before_year + date.dt.ordinal_day().cast(nw.Float64)


def as_of_ordinal(as_of: dt.date) -> nw.Expr:
    """The ordinal of the reference date, as a float64 literal."""
    return number(as_of.toordinal())
