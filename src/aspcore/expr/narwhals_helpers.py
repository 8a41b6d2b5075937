"""Narwhals building blocks that give the same answers on every backend, in linear size.

Backends disagree about nulls: numpy-backed pandas compares NaN as ``False`` and keeps booleans
with nulls in object columns; polars keeps NaN as a value distinct from null.  And narwhals has no
way to name a sub-expression, so an expression used twice is computed twice (on pandas, which
has no common-subexpression elimination).  So inside an expression:

* a number is a float64 column, never NaN (NaN becomes null after every operation);
* a boolean is *encoded* as a float64 that is never null: ``1.0`` true, ``-1.0`` false and
  ``0.0`` null.  Then Kleene ``and`` is the minimum, ``or`` the maximum, ``not`` is negation,
  and ``a == b`` for booleans is ``a * b``: each uses its operands once.  The encoding is
  decoded only once, for the final result;
* numbers are compared through the sign of their difference, which propagates nulls on every
  backend, so comparisons also use their operands once.

Functions that need an operand twice (a null guard on a text comparison, say) take it as two
separately built expressions, so the caller can count the cost (see ``narwhals_backend``).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Sequence
from typing import Any, Final, Protocol

import narwhals as nw

from aspcore.expr.types import Type

__all__ = [
    "MAX_FLOAT",
    "Args",
    "as_of_ordinal",
    "clean",
    "decode",
    "encode",
    "encode_guarded",
    "encode_total",
    "equal",
    "less",
    "null_of",
    "number",
    "ordinal",
]

MAX_FLOAT: Final = sys.float_info.max

_DTYPES: Final[dict[str, Any]] = {"number": nw.Float64, "text": nw.String, "date": nw.Date}


class Args(Protocol):
    """The arguments of a function call, as a narwhals implementation sees them."""

    as_of: dt.date | None

    def expr(self, index: int) -> nw.Expr:
        """A fresh build of argument ``index`` (call again to use it twice)."""

    def literal(self, index: int) -> object:
        """The value of literal argument ``index``."""

    def is_literal(self, index: int) -> bool:
        """Whether argument ``index`` is a literal."""

    def type(self, index: int) -> Type:
        """The static type of argument ``index``."""

    def count(self) -> int:
        """How many arguments there are."""


def number(value: float) -> nw.Expr:
    """A float64 literal."""
    return nw.lit(float(value), nw.Float64)


def null_of(type_: Type) -> nw.Expr:
    """A typed null literal (the encoded null ``0.0`` for booleans)."""
    if type_ == "boolean":
        return number(0)
    dtype = _DTYPES.get(type_)
    return nw.lit(None) if dtype is None else nw.lit(None, dtype)


def clean(expr: nw.Expr) -> nw.Expr:
    """``expr`` with NaN turned into null (infinities stay)."""
    return expr.fill_nan(None)


def encode(boolean: nw.Expr) -> nw.Expr:
    """The encoding of a boolean column that may hold nulls (null, or None in object columns)."""
    return (boolean.cast(nw.Float64) * number(2) - number(1)).fill_null(0.0)


def encode_total(boolean: nw.Expr) -> nw.Expr:
    """The encoding of a boolean expression that is never null."""
    return boolean.cast(nw.Float64) * number(2) - number(1)


def encode_guarded(result: nw.Expr, operands: Sequence[nw.Expr]) -> nw.Expr:
    """The encoding of ``result``, or null where any operand is null.

    For native boolean results that numpy-backed pandas computes as False from a null operand.
    """
    if not operands:
        return encode(result)
    known = ~operands[0].is_null()
    for operand in operands[1:]:
        known = known & ~operand.is_null()
    return nw.when(known).then(encode_total(result)).otherwise(number(0))


def decode(encoded: nw.Expr, encoded_again: nw.Expr) -> nw.Expr:
    """A boolean column with nulls from an encoded boolean (two builds of the same thing)."""
    false = nw.when(encoded_again < number(0)).then(nw.lit(False))
    return nw.when(encoded > number(0)).then(nw.lit(True)).otherwise(false)


def less(a: nw.Expr, b: nw.Expr) -> nw.Expr:
    """The encoding of ``a < b`` for numbers (infinity counts as the largest float)."""
    difference = b.clip(-MAX_FLOAT, MAX_FLOAT) - a.clip(-MAX_FLOAT, MAX_FLOAT)
    return encode(difference.clip(0.0, 1.0).ceil())


def equal(a: nw.Expr, b: nw.Expr) -> nw.Expr:
    """The encoding of ``a == b`` for numbers (infinity counts as the largest float)."""
    distance = (a.clip(-MAX_FLOAT, MAX_FLOAT) - b.clip(-MAX_FLOAT, MAX_FLOAT)).abs()
    return -encode(distance.clip(0.0, 1.0).ceil())


def ordinal(date: Callable[[], nw.Expr]) -> nw.Expr:
    """The proleptic Gregorian ordinal of a date, as ``datetime.date.toordinal`` gives.

    Built from the year and the day of the year, because subtracting dates gives a duration on
    some backends and an integer on others.  ``date`` builds the date (it is used five times).
    """

    def before() -> nw.Expr:
        return date().dt.year().cast(nw.Float64) - number(1)

    days_before_year = (
        before() * number(365)
        + (before() / number(4)).floor()
        - (before() / number(100)).floor()
        + (before() / number(400)).floor()
    )
    return days_before_year + date().dt.ordinal_day().cast(nw.Float64)


def as_of_ordinal(as_of: dt.date | None) -> nw.Expr:
    """The ordinal of the reference date, as a float64 literal."""
    assert as_of is not None, "checked by Expression.to_narwhals"
    return number(as_of.toordinal())
