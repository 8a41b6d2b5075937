"""The implementations of the standard library's functions, in both backends.

``python`` implementations take plain non-null values; ``narwhals`` implementations take an
:class:`~aspcore.expr.narwhals_helpers.Args` and return an expression in the vectorised backend's
representation (booleans encoded), null for null arguments.  :mod:`aspcore.expr.functions`
pairs them up with their signatures.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import operator
import re
from collections.abc import Callable, Iterable
from typing import Final

import narwhals as nw

from aspcore.expr import narwhals_helpers as h
from aspcore.expr.types import MAX_EXACT_INT

F64 = nw.Float64
WHITESPACE = "[ \\t\\n\\r\\x0b\\x0c]"
WORD = re.compile("[^ \\t\\n\\r\\x0b\\x0c]+")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_NDIGITS: Final = 15


# -- dates --------------------------------------------------------------------------------------


def months_between(a: dt.date, b: dt.date) -> int:
    raw = (b.year - a.year) * 12 + (b.month - a.month)
    if raw > 0 and b.day < a.day:
        return raw - 1
    if raw < 0 and b.day > a.day:
        return raw + 1
    return raw


def nw_months_between(args: h.Args) -> nw.Expr:
    # Months as year * 12 + month + day / 32: the difference, truncated towards zero, is the
    # number of whole months (the day fraction decides the partial month).
    def months(index: int) -> nw.Expr:
        return (
            args.expr(index).dt.year().cast(F64) * h.number(12)
            + args.expr(index).dt.month().cast(F64)
            + args.expr(index).dt.day().cast(F64) / h.number(32)
        )

    sign = nw.when(months(1) - months(0) < h.number(0)).then(h.number(-1)).otherwise(h.number(1))
    return sign * (months(1) - months(0)).abs().floor()


def nw_days_until(args: h.Args) -> nw.Expr:
    return h.ordinal(lambda: args.expr(0)) - h.as_of_ordinal(args.as_of)


def nw_days_since(args: h.Args) -> nw.Expr:
    return h.as_of_ordinal(args.as_of) - h.ordinal(lambda: args.expr(0))


def nw_days_between(args: h.Args) -> nw.Expr:
    return h.ordinal(lambda: args.expr(1)) - h.ordinal(lambda: args.expr(0))


def parse_date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def check_date(args: tuple[object, ...]) -> str | None:
    text = args[0]
    if not isinstance(text, str) or not ISO_DATE.fullmatch(text):
        return f"date() needs a 'YYYY-MM-DD' text, got {text!r}"
    try:
        dt.date.fromisoformat(text)
    except ValueError as exc:
        return f"date({text!r}) is not a valid date: {exc}"
    return None


# -- numbers ------------------------------------------------------------------------------------


def floor(value: float) -> float:
    return float(math.floor(value)) if math.isfinite(value) else value


def round_half_away(x: float, ndigits: int = 0) -> float:
    scale = 10.0 ** abs(ndigits)
    scaled = abs(x) * scale if ndigits >= 0 else abs(x) / scale
    whole = floor(scaled + 0.5)
    result = whole / scale if ndigits >= 0 else whole * scale
    result = -result if x < 0 else result
    # a whole result is an int only while float64 holds it exactly, as the frame backend gives
    return int(result) if ndigits <= 0 and abs(result) <= MAX_EXACT_INT else result


def nw_round(args: h.Args) -> nw.Expr:
    ndigits = args.literal(1) if args.count() > 1 else 0
    assert isinstance(ndigits, int)
    scale = h.number(10.0 ** abs(ndigits))
    magnitude = args.expr(0).abs()
    scaled = magnitude * scale if ndigits >= 0 else magnitude / scale
    whole = (scaled + h.number(0.5)).floor()
    result = whole / scale if ndigits >= 0 else whole * scale
    sign = nw.when(args.expr(0) < h.number(0)).then(h.number(-1)).otherwise(h.number(1))
    return result * sign


def check_ndigits(args: tuple[object, ...]) -> str | None:
    if len(args) < 2:
        return None
    ndigits = args[1]
    if type(ndigits) is not int or not -MAX_NDIGITS <= ndigits <= MAX_NDIGITS:
        return f"round() needs a whole number of digits from -{MAX_NDIGITS} to {MAX_NDIGITS}"
    return None


def nw_extreme(horizontal: Callable[..., nw.Expr]) -> Callable[[h.Args], nw.Expr]:
    def nw_extreme_of(args: h.Args) -> nw.Expr:
        indexes = range(args.count())
        known = all_of(~args.expr(i).is_null() for i in indexes)
        result = horizontal(*(args.expr(i) for i in indexes))
        if args.type(0) == "date":
            result = result.cast(nw.Date)
        return nw.when(known).then(result)

    return nw_extreme_of


def all_of(exprs: Iterable[nw.Expr]) -> nw.Expr:
    return functools.reduce(operator.and_, exprs)


# -- text and nulls -----------------------------------------------------------------------------


def nw_word_count(args: h.Args) -> nw.Expr:
    one_per_word = args.expr(0).str.replace_all(f"[^{WHITESPACE[1:-1]}]+", "x")
    return one_per_word.str.replace_all(f"{WHITESPACE}+", "").str.len_chars().cast(F64)


def nw_text_test(test: Callable[[nw.Expr, str], nw.Expr]) -> Callable[[h.Args], nw.Expr]:
    def nw_text_test_of(args: h.Args) -> nw.Expr:
        argument = args.literal(1)
        assert isinstance(argument, str)
        return h.encode_guarded(test(args.expr(0), argument), [args.expr(0)])

    return nw_text_test_of


def check_text_literal(args: tuple[object, ...]) -> str | None:
    return None if isinstance(args[1], str) else "the second argument must be a text literal"


def coalesce(*args: object) -> object:
    return next((arg for arg in args if arg is not None), None)


def nw_coalesce(args: h.Args) -> nw.Expr:
    # The parser has dropped None arguments and any after a literal.  (Not nw.coalesce: on
    # pandas it fills one column from another, which warns when their storage differs.)
    boolean = args.type(0) == "boolean"
    result = args.expr(args.count() - 1)
    for index in reversed(range(args.count() - 1)):
        present = args.expr(index) != h.number(0) if boolean else ~args.expr(index).is_null()
        result = nw.when(present).then(args.expr(index)).otherwise(result)
    return result


def nw_is_null(args: h.Args) -> nw.Expr:
    type_ = args.type(0)
    if type_ == "null":
        return h.number(1)
    if type_ == "boolean":
        return h.encode_total(args.expr(0) == h.number(0))
    return h.encode_total(args.expr(0).is_null())
