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

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Final, Literal, TypeAlias

import attrs
import narwhals as nw

from aspcore.expr import function_impls as impl
from aspcore.expr import narwhals_helpers as h
from aspcore.expr.function_impls import MAX_NDIGITS
from aspcore.expr.types import Type

__all__ = ["FUNCTIONS", "FunctionSpec", "ParamType"]

ParamType: TypeAlias = Type | Literal["T"]
"""A parameter's type; ``T`` is one type shared by every ``T`` parameter (and the result)."""


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


_SPECS = [
    FunctionSpec(
        name="days_until",
        params=("date",),
        returns="number",
        python=lambda as_of, d: d.toordinal() - as_of.toordinal(),
        narwhals=impl.nw_days_until,
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
        narwhals=impl.nw_days_since,
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
        narwhals=impl.nw_days_between,
        signature="days_between(a: date, b: date) -> number",
        summary="Days from `a` to `b` (`b` minus `a`; negative when `b` is earlier).",
        example="days_between(start, due) > 365",
    ),
    FunctionSpec(
        name="months_between",
        params=("date", "date"),
        returns="number",
        python=impl.months_between,
        narwhals=impl.nw_months_between,
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
        narwhals=lambda args: args.expr(0).dt.year().cast(impl.F64),
        signature="year(d: date) -> number",
        summary="The calendar year of `d`.",
        example="year(due) == 2019",
    ),
    FunctionSpec(
        name="month",
        params=("date",),
        returns="number",
        python=lambda d: d.month,
        narwhals=lambda args: args.expr(0).dt.month().cast(impl.F64),
        signature="month(d: date) -> number",
        summary="The month of `d`, 1 (January) to 12.",
        example="month(due) in (1, 2, 3)",
    ),
    FunctionSpec(
        name="date",
        params=("text",),
        returns="date",
        python=impl.parse_date,
        narwhals=lambda args: nw.lit(impl.parse_date(str(args.literal(0))), nw.Date),
        literal=frozenset({0}),
        validate=impl.check_date,
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
        narwhals=impl.nw_text_test(lambda s, sub: s.str.contains(sub, literal=True)),
        literal=frozenset({1}),
        validate=impl.check_text_literal,
        signature="contains(s: text, sub: text literal) -> boolean",
        summary="Whether `sub` occurs in `s` (case-sensitive, no patterns).",
        example="contains(lower(statement), 'training')",
    ),
    FunctionSpec(
        name="starts_with",
        params=("text", "text"),
        returns="boolean",
        python=lambda s, prefix: s.startswith(prefix),
        narwhals=impl.nw_text_test(lambda s, prefix: s.str.starts_with(prefix)),
        literal=frozenset({1}),
        validate=impl.check_text_literal,
        signature="starts_with(s: text, prefix: text literal) -> boolean",
        summary="Whether `s` begins with `prefix` (case-sensitive).",
        example="starts_with(id, 'A')",
    ),
    FunctionSpec(
        name="ends_with",
        params=("text", "text"),
        returns="boolean",
        python=lambda s, suffix: s.endswith(suffix),
        narwhals=impl.nw_text_test(lambda s, suffix: s.str.ends_with(suffix)),
        literal=frozenset({1}),
        validate=impl.check_text_literal,
        signature="ends_with(s: text, suffix: text literal) -> boolean",
        summary="Whether `s` ends with `suffix` (case-sensitive).",
        example="ends_with(owner, 'Police')",
    ),
    FunctionSpec(
        name="word_count",
        params=("text",),
        returns="number",
        python=lambda s: len(impl.WORD.findall(s)),
        narwhals=impl.nw_word_count,
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
        narwhals=lambda args: args.expr(0).str.len_chars().cast(impl.F64),
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
        narwhals=impl.nw_extreme(nw.min_horizontal),
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
        narwhals=impl.nw_extreme(nw.max_horizontal),
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
        python=impl.round_half_away,
        narwhals=impl.nw_round,
        optional=1,
        literal=frozenset({1}),
        validate=impl.check_ndigits,
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
        narwhals=impl.nw_is_null,
        null_propagating=False,
        signature="is_null(x: any) -> boolean",
        summary="Whether `x` is null (missing). Never null itself.",
        example="is_null(due) and status != 'complete'",
    ),
    FunctionSpec(
        name="coalesce",
        params=("T", "T"),
        returns="T",
        python=impl.coalesce,
        narwhals=impl.nw_coalesce,
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
