"""Value types of the expression language and the Python values that carry them.

Every value an expression reads or produces is null (``None``) or one of four kinds:
``number`` (``int`` or ``float``, never ``bool``), ``text`` (``str``), ``date``
(``datetime.date``, never ``datetime``) and ``boolean`` (``bool``).  ``any`` is the static type of
a field whose type was not declared: it is checked when the expression runs.  ``null`` is the
static type of the literal ``None`` only.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import numbers
from typing import Final, Literal, get_args

__all__ = [
    "FIELD_TYPES",
    "MAX_EXACT_INT",
    "FieldType",
    "Type",
    "kind_of",
    "normalise",
]

FieldType = Literal["number", "text", "date", "boolean", "any"]
"""The type of a record field, and of an expression's result."""

Type = Literal["number", "text", "date", "boolean", "any", "null"]
"""The static type of a node of an expression: a field type, or ``null`` for the literal None."""

FIELD_TYPES: Final[frozenset[str]] = frozenset(get_args(FieldType))

MAX_EXACT_INT: Final = 2**53
"""Integers up to this magnitude are exact in a float64; larger results become floats."""

_KINDS: Final[dict[type, Type]] = {
    bool: "boolean",
    int: "number",
    float: "number",
    str: "text",
    dt.date: "date",
}


def kind_of(value: object) -> Type:
    """The type of a normalised value (see :func:`normalise`)."""
    if value is None:
        return "null"
    return _KINDS[type(value)]


def normalise(value: object) -> object:
    """``value`` as the language sees it, or raise ``TypeError`` saying what it is.

    NaN is null (infinities stay); integers beyond 2**53 become floats; ``str`` subclasses (such as
    ``StrEnum`` members) become plain ``str``; numeric types other than ``int``/``float`` (numpy
    scalars, ``Decimal``) become ``int`` or ``float``.  A ``datetime`` is refused: it is not a date.
    """
    kind = type(value)
    if kind is int:
        assert isinstance(value, int)
        return value if -MAX_EXACT_INT <= value <= MAX_EXACT_INT else _big(value)
    if kind is float:
        assert isinstance(value, float)
        return None if math.isnan(value) else value
    if value is None or kind in (str, bool, dt.date):
        return value
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, dt.datetime):
        raise TypeError("a datetime, not a date (use .date())")
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, numbers.Integral):
        return normalise(int(value))
    if isinstance(value, numbers.Real | decimal.Decimal):
        return normalise(float(value))
    name = type(value).__name__
    if name == "bool_":  # numpy.bool_ is neither bool nor Integral
        return bool(value)
    if name in ("NAType", "NaTType"):  # pandas' missing-value markers
        return None
    raise TypeError(f"a value of type {type(value).__name__}")


def _big(value: int) -> float | None:
    try:
        return float(value)
    except OverflowError:
        return None
