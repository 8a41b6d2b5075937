"""The standard library: every function an expression may call, and nothing else.

Each :class:`FunctionSpec` gives the name, the parameter and result types, which arguments must be
literals, and two implementations that must agree:

* ``python`` takes plain values; unless ``null_propagating`` is false it is only called when no
  argument is null (the backend returns null otherwise).  Functions with ``needs_as_of`` receive
  the reference date first.
* ``narwhals`` takes an :class:`~aspcore.expr.narwhals_helpers.Args` and returns a narwhals
  expression in the backend's representation (booleans encoded; see ``narwhals_helpers``).  It
  must return null for null arguments itself, and build an argument again to use it twice.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import operator
import re
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, Final, Literal, TypeAlias

import attrs
import narwhals as nw

from aspcore.expr import narwhals_helpers as h
from aspcore.expr.types import Type

__all__ = ["FUNCTIONS", "FunctionSpec", "ParamType"]

ParamType: TypeAlias = Type | Literal["T"]
"""A parameter's type; ``T`` is one type shared by every ``T`` parameter (and the result)."""

_F64 = nw.Float64
_WHITESPACE = "[ \\t\\n\\r\\x0b\\x0c]"
_WORD = re.compile("[^ \\t\\n\\r\\x0b\\x0c]+")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_NDIGITS: Final = 15


@attrs.frozen(kw_only=True)
class FunctionSpec:
    """One whitelisted function: its signature, documentation and both implementations."""

    name: str
    params: tuple[ParamType, ...]
    returns: ParamType
    python: Callable[..., Any] = attrs.field(repr=False)
    narwhals: Callable[[h.Args], nw.Expr] = attrs.field(repr=False)
    signature: str
    summary: str
    example: str
    optional: int = 0
    variadic: bool = False
    generic: frozenset[Type] = frozenset()
    literal: frozenset[int] = frozenset()
    validate: Callable[[tuple[object, ...]], str | None] | None = attrs.field(
        default=None, repr=False
    )
    null_propagating: bool = True
    needs_as_of: bool = False
    fold: bool = False

    @property
    def min_args(self) -> int:
        """The fewest arguments the function takes."""
        return len(self.params) - self.optional

    @property
    def max_args(self) -> int | None:
        """The most arguments the function takes (None: no limit)."""
        return None if self.variadic else len(self.params)

    def param(self, index: int) -> ParamType:
        """The type of argument ``index`` (variadic functions repeat their last parameter)."""
        return self.params[min(index, len(self.params) - 1)]


# -- dates --------------------------------------------------------------------------------------


def _months_between(a: dt.date, b: dt.date) -> int:
    raw = (b.year - a.year) * 12 + (b.month - a.month)
    if raw > 0 and b.day < a.day:
        return raw - 1
    if raw < 0 and b.day > a.day:
        return raw + 1
    return raw


def _nw_months_between(args: h.Args) -> nw.Expr:
    # Months as year * 12 + month + day / 32: the difference, truncated towards zero, is the
    # number of whole months (the day fraction decides the partial month).
    def months(index: int) -> nw.Expr:
        return (
            args.expr(index).dt.year().cast(_F64) * h.number(12)
            + args.expr(index).dt.month().cast(_F64)
            + args.expr(index).dt.day().cast(_F64) / h.number(32)
        )

    sign = nw.when(months(1) - months(0) < h.number(0)).then(h.number(-1)).otherwise(h.number(1))
    return sign * (months(1) - months(0)).abs().floor()


def _days_until(args: h.Args) -> nw.Expr:
    return h.ordinal(lambda: args.expr(0)) - h.as_of_ordinal(args.as_of)


def _days_since(args: h.Args) -> nw.Expr:
    return h.as_of_ordinal(args.as_of) - h.ordinal(lambda: args.expr(0))


def _days_between(args: h.Args) -> nw.Expr:
    return h.ordinal(lambda: args.expr(1)) - h.ordinal(lambda: args.expr(0))


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _check_date(args: tuple[object, ...]) -> str | None:
    text = args[0]
    if not isinstance(text, str) or not _ISO_DATE.fullmatch(text):
        return f"date() needs a 'YYYY-MM-DD' text, got {text!r}"
    try:
        dt.date.fromisoformat(text)
    except ValueError as exc:
        return f"date({text!r}) is not a valid date: {exc}"
    return None


# -- numbers ------------------------------------------------------------------------------------


def _floor(value: float) -> float:
    return float(math.floor(value)) if math.isfinite(value) else value


def _round(x: float, ndigits: int = 0) -> float:
    scale = 10.0 ** abs(ndigits)
    scaled = abs(x) * scale if ndigits >= 0 else abs(x) / scale
    whole = _floor(scaled + 0.5)
    result = whole / scale if ndigits >= 0 else whole * scale
    result = -result if x < 0 else result
    return int(result) if ndigits <= 0 and math.isfinite(result) else result


def _nw_round(args: h.Args) -> nw.Expr:
    ndigits = args.literal(1) if args.count() > 1 else 0
    assert isinstance(ndigits, int)
    scale = h.number(10.0 ** abs(ndigits))
    magnitude = args.expr(0).abs()
    scaled = magnitude * scale if ndigits >= 0 else magnitude / scale
    whole = (scaled + h.number(0.5)).floor()
    result = whole / scale if ndigits >= 0 else whole * scale
    sign = nw.when(args.expr(0) < h.number(0)).then(h.number(-1)).otherwise(h.number(1))
    return result * sign


def _check_ndigits(args: tuple[object, ...]) -> str | None:
    if len(args) < 2:
        return None
    ndigits = args[1]
    if type(ndigits) is not int or not -MAX_NDIGITS <= ndigits <= MAX_NDIGITS:
        return f"round() needs a whole number of digits from -{MAX_NDIGITS} to {MAX_NDIGITS}"
    return None


def _extreme(horizontal: Callable[..., nw.Expr]) -> Callable[[h.Args], nw.Expr]:
    def extreme(args: h.Args) -> nw.Expr:
        indexes = range(args.count())
        known = _all(~args.expr(i).is_null() for i in indexes)
        result = horizontal(*(args.expr(i) for i in indexes))
        if args.type(0) == "date":
            result = result.cast(nw.Date)
        return nw.when(known).then(result)

    return extreme


def _all(exprs: Iterable[nw.Expr]) -> nw.Expr:
    return functools.reduce(operator.and_, exprs)


# -- text and nulls -----------------------------------------------------------------------------


def _nw_word_count(args: h.Args) -> nw.Expr:
    one_per_word = args.expr(0).str.replace_all(f"[^{_WHITESPACE[1:-1]}]+", "x")
    return one_per_word.str.replace_all(f"{_WHITESPACE}+", "").str.len_chars().cast(_F64)


def _text_test(test: Callable[[nw.Expr, str], nw.Expr]) -> Callable[[h.Args], nw.Expr]:
    def text_test(args: h.Args) -> nw.Expr:
        argument = args.literal(1)
        assert isinstance(argument, str)
        return h.encode_guarded(test(args.expr(0), argument), [args.expr(0)])

    return text_test


def _is_text(args: tuple[object, ...]) -> str | None:
    return None if isinstance(args[1], str) else "the second argument must be a text literal"


def _coalesce(*args: object) -> object:
    return next((arg for arg in args if arg is not None), None)


def _nw_coalesce(args: h.Args) -> nw.Expr:
    # The parser has dropped None arguments and any after a literal, so a literal is last.
    present = list(range(args.count()))
    if args.type(present[0]) != "boolean":  # booleans are encoded: null is 0, not null
        return nw.coalesce(*(args.expr(i) for i in present))
    result = args.expr(present[-1])
    for index in reversed(present[:-1]):
        chosen = nw.when(args.expr(index) != h.number(0)).then(args.expr(index))
        result = chosen.otherwise(result)
    return result


def _nw_is_null(args: h.Args) -> nw.Expr:
    type_ = args.type(0)
    if type_ == "null":
        return h.number(1)
    if type_ == "boolean":
        return h.encode_total(args.expr(0) == h.number(0))
    return h.encode_total(args.expr(0).is_null())


_SPECS = [
    FunctionSpec(
        name="days_until",
        params=("date",),
        returns="number",
        python=lambda as_of, d: d.toordinal() - as_of.toordinal(),
        narwhals=_days_until,
        needs_as_of=True,
        signature="days_until(d: date) -> number",
        summary="Days from the as-of date to `d` (negative once `d` has passed).",
        example="days_until(due) < 30",
    ),
    FunctionSpec(
        name="days_since",
        params=("date",),
        returns="number",
        python=lambda as_of, d: as_of.toordinal() - d.toordinal(),
        narwhals=_days_since,
        needs_as_of=True,
        signature="days_since(d: date) -> number",
        summary="Days from `d` to the as-of date (negative while `d` is in the future).",
        example="days_since(start) > 90",
    ),
    FunctionSpec(
        name="days_between",
        params=("date", "date"),
        returns="number",
        python=lambda a, b: b.toordinal() - a.toordinal(),
        narwhals=_days_between,
        signature="days_between(a: date, b: date) -> number",
        summary="Days from `a` to `b` (`b` minus `a`; negative when `b` is earlier).",
        example="days_between(start, due) > 365",
    ),
    FunctionSpec(
        name="months_between",
        params=("date", "date"),
        returns="number",
        python=_months_between,
        narwhals=_nw_months_between,
        signature="months_between(a: date, b: date) -> number",
        summary="Whole calendar months from `a` to `b`, counted towards zero: the difference "
        "in months, less one when `b`'s day of the month has not reached `a`'s "
        "(plus one when counting backwards).",
        example="months_between(start, due) >= 12",
    ),
    FunctionSpec(
        name="year",
        params=("date",),
        returns="number",
        python=lambda d: d.year,
        narwhals=lambda args: args.expr(0).dt.year().cast(_F64),
        signature="year(d: date) -> number",
        summary="The calendar year of `d`.",
        example="year(due) == 2019",
    ),
    FunctionSpec(
        name="month",
        params=("date",),
        returns="number",
        python=lambda d: d.month,
        narwhals=lambda args: args.expr(0).dt.month().cast(_F64),
        signature="month(d: date) -> number",
        summary="The month of `d`, 1 (January) to 12.",
        example="month(due) in (1, 2, 3)",
    ),
    FunctionSpec(
        name="date",
        params=("text",),
        returns="date",
        python=_date,
        narwhals=lambda args: nw.lit(_date(str(args.literal(0))), nw.Date),
        literal=frozenset({0}),
        validate=_check_date,
        fold=True,
        signature="date(text: text literal) -> date",
        summary="A fixed date written `'YYYY-MM-DD'`, checked when the expression is compiled.",
        example="due > date('2019-03-31')",
    ),
    FunctionSpec(
        name="lower",
        params=("text",),
        returns="text",
        python=str.lower,
        narwhals=lambda args: args.expr(0).str.to_lowercase(),
        signature="lower(s: text) -> text",
        summary="`s` in lower case.",
        example="lower(status) == 'complete'",
    ),
    FunctionSpec(
        name="upper",
        params=("text",),
        returns="text",
        python=str.upper,
        narwhals=lambda args: args.expr(0).str.to_uppercase(),
        signature="upper(s: text) -> text",
        summary="`s` in upper case.",
        example="upper(rag) == 'RED'",
    ),
    FunctionSpec(
        name="contains",
        params=("text", "text"),
        returns="boolean",
        python=lambda s, sub: sub in s,
        narwhals=_text_test(lambda s, sub: s.str.contains(sub, literal=True)),
        literal=frozenset({1}),
        validate=_is_text,
        signature="contains(s: text, sub: text literal) -> boolean",
        summary="Whether `sub` occurs in `s` (case-sensitive, no patterns).",
        example="contains(lower(statement), 'training')",
    ),
    FunctionSpec(
        name="starts_with",
        params=("text", "text"),
        returns="boolean",
        python=lambda s, prefix: s.startswith(prefix),
        narwhals=_text_test(lambda s, prefix: s.str.starts_with(prefix)),
        literal=frozenset({1}),
        validate=_is_text,
        signature="starts_with(s: text, prefix: text literal) -> boolean",
        summary="Whether `s` begins with `prefix` (case-sensitive).",
        example="starts_with(id, 'A')",
    ),
    FunctionSpec(
        name="ends_with",
        params=("text", "text"),
        returns="boolean",
        python=lambda s, suffix: s.endswith(suffix),
        narwhals=_text_test(lambda s, suffix: s.str.ends_with(suffix)),
        literal=frozenset({1}),
        validate=_is_text,
        signature="ends_with(s: text, suffix: text literal) -> boolean",
        summary="Whether `s` ends with `suffix` (case-sensitive).",
        example="ends_with(owner, 'Police')",
    ),
    FunctionSpec(
        name="word_count",
        params=("text",),
        returns="number",
        python=lambda s: len(_WORD.findall(s)),
        narwhals=_nw_word_count,
        signature="word_count(s: text) -> number",
        summary="The number of words in `s`: runs of characters other than ASCII whitespace "
        "(space, tab, newline, carriage return, vertical tab, form feed).",
        example="word_count(statement) > 40",
    ),
    FunctionSpec(
        name="length",
        params=("text",),
        returns="number",
        python=len,
        narwhals=lambda args: args.expr(0).str.len_chars().cast(_F64),
        signature="length(s: text) -> number",
        summary="The number of characters (Unicode code points) in `s`.",
        example="length(id) <= 8",
    ),
    FunctionSpec(
        name="abs",
        params=("number",),
        returns="number",
        python=abs,
        narwhals=lambda args: args.expr(0).abs(),
        signature="abs(x: number) -> number",
        summary="The absolute value of `x`.",
        example="abs(value - target) <= 5",
    ),
    FunctionSpec(
        name="min",
        params=("T", "T"),
        returns="T",
        python=lambda *args: min(args),
        narwhals=_extreme(nw.min_horizontal),
        variadic=True,
        generic=frozenset({"number", "text", "date"}),
        signature="min(a: T, b: T, ...) -> T",
        summary="The smallest argument; all numbers, all texts or all dates. Null if any is null.",
        example="min(progress, 100) >= 50",
    ),
    FunctionSpec(
        name="max",
        params=("T", "T"),
        returns="T",
        python=lambda *args: max(args),
        narwhals=_extreme(nw.max_horizontal),
        variadic=True,
        generic=frozenset({"number", "text", "date"}),
        signature="max(a: T, b: T, ...) -> T",
        summary="The largest argument; all numbers, all texts or all dates. Null if any is null.",
        example="max(start, date('2019-04-01')) < due",
    ),
    FunctionSpec(
        name="round",
        params=("number", "number"),
        returns="number",
        python=_round,
        narwhals=_nw_round,
        optional=1,
        literal=frozenset({1}),
        validate=_check_ndigits,
        signature="round(x: number, ndigits: whole-number literal = 0) -> number",
        summary="`x` rounded to `ndigits` decimal places (negative: tens, hundreds...), halves "
        f"away from zero: round(2.5) is 3, round(-2.5) is -3. `ndigits` is -{MAX_NDIGITS} to "
        f"{MAX_NDIGITS}.",
        example="round(progress / 10) == 5",
    ),
    FunctionSpec(
        name="is_null",
        params=("any",),
        returns="boolean",
        python=lambda x: x is None,
        narwhals=_nw_is_null,
        null_propagating=False,
        signature="is_null(x: any) -> boolean",
        summary="Whether `x` is null (missing). Never null itself.",
        example="is_null(due) and status != 'complete'",
    ),
    FunctionSpec(
        name="coalesce",
        params=("T", "T"),
        returns="T",
        python=_coalesce,
        narwhals=_nw_coalesce,
        variadic=True,
        generic=frozenset({"number", "text", "date", "boolean"}),
        null_propagating=False,
        signature="coalesce(a: T, b: T, ...) -> T",
        summary="The first argument that is not null (null if all are).",
        example="coalesce(progress, 0) < 50",
    ),
]

FUNCTIONS: Final[Mapping[str, FunctionSpec]] = MappingProxyType({s.name: s for s in _SPECS})
"""The whitelist: every function an expression may call, by name."""
