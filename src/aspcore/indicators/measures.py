"""Measures: what an indicator's numerator or denominator counts or summarises.

A measure is written like a function call in a compute block: ``count()``,
``count_distinct(person_id)``, ``sum(hours)``, ``mean(age)``, ``median(days_in_recovery)``,
``min(x)``, ``max(x)``, and for durations ``median(days_between(referral_date, decision_date))``.
It is read here (never evaluated as Python) into a :class:`MeasureCall`, which gives two narwhals
expressions: the value each row contributes, and the aggregation over a group's rows.  Rows whose
value is null are left out before aggregating, so every backend agrees (``count_distinct`` never
counts a missing id; ``mean`` never averages one).

The built-in measures (:data:`BUILTIN_MEASURES`) are registered like any plugin's, by the
built-in plugin :mod:`aspcore.builtin.measures` (``trylast``).  Plugins add measures with the
same hook, ``aspcore_register_measures``, returning :class:`Measure` objects; a plugin measure
with a built-in's name replaces it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Literal

import attrs
import narwhals as nw

from aspcore.indicators import period_keys as pk
from aspcore.indicators.errors import ComputeError
from aspcore.plugins import manager_or_default

if TYPE_CHECKING:
    from aspcore.plugins import Plugins

__all__ = [
    "BUILTIN_MEASURES",
    "HOOK",
    "VALUE",
    "Measure",
    "MeasureCall",
    "measure_registry",
    "parse_measure",
]

#: The hook plugins implement to add measures.
HOOK = "aspcore_register_measures"
#: The temporary column holding each row's value while a measure aggregates it.
VALUE = "_aspcore_value"

Argument = Literal["none", "optional", "required"]


@attrs.frozen
class Measure:
    """An aggregation a compute block can name.

    ``aggregate`` receives the column of row values (``nw.col(VALUE)``) and returns the
    aggregation for ``group_by(...).agg``; keep it a single aggregation of that column (or
    ``nw.len()``) so it runs on pandas too.  ``argument`` says whether the measure reads a
    column; ``numeric`` casts that column to float first.  ``counts`` marks a count of rows or
    people: zero when nothing matches, and suppressed when small in published output.
    ``additive`` marks values whose cells add up to their totals (counts, sums): those tables
    get secondary suppression.
    """

    name: str = attrs.field(validator=attrs.validators.matches_re(r"^[a-z_][a-z0-9_]*$"))
    aggregate: Callable[[nw.Expr], nw.Expr]
    argument: Argument = "required"
    numeric: bool = True
    counts: bool = False
    additive: bool = False
    description: str = ""


def _len(_values: nw.Expr) -> nw.Expr:
    return nw.len()


BUILTIN_MEASURES: dict[str, Measure] = {
    m.name: m
    for m in (
        Measure(
            "count",
            _len,
            argument="optional",
            numeric=False,
            counts=True,
            additive=True,
            description="rows (with a value in the column, when one is named)",
        ),
        Measure(
            "count_distinct",
            lambda v: v.n_unique(),
            numeric=False,
            counts=True,
            additive=True,
            description="different values of the column: people, when it is the person id",
        ),
        Measure("sum", lambda v: v.sum(), additive=True, description="total of the column"),
        Measure("mean", lambda v: v.mean(), description="arithmetic mean of the column"),
        Measure("median", lambda v: v.median(), description="median (middle two averaged)"),
        Measure("min", lambda v: v.min(), description="smallest value of the column"),
        Measure("max", lambda v: v.max(), description="largest value of the column"),
    )
}

_CALL = re.compile(r"^\s*([A-Za-z_]\w*)\s*\((.*)\)\s*$", re.S)
_DURATION = "days_between"


@attrs.frozen
class MeasureCall:
    """A measure as a compute block wrote it: the measure and the column(s) it reads.

    ``between`` holds the two date columns of ``days_between(start, end)`` (end minus start,
    in days), used instead of ``column``.
    """

    text: str
    measure: Measure
    column: str | None = None
    between: tuple[str, str] | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns this measure reads."""
        if self.between is not None:
            return self.between
        return () if self.column is None else (self.column,)

    @property
    def date_columns(self) -> tuple[str, ...]:
        """The columns read as dates (those of ``days_between``)."""
        return self.between or ()

    def values(self) -> nw.Expr | None:
        """Each row's value, or ``None`` when the measure reads no column (``count()``)."""
        if self.between is not None:
            start, end = self.between
            duration = pk.date_day(nw.col(end)) - pk.date_day(nw.col(start))
            return duration.cast(nw.Float64)
        if self.column is None:
            return None
        column = nw.col(self.column)
        return column.cast(nw.Float64) if self.measure.numeric else column

    def aggregate(self) -> nw.Expr:
        """The aggregation over the rows' values (column :data:`VALUE`)."""
        return self.measure.aggregate(nw.col(VALUE))


def _split_arguments(text: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    current = ""
    for char in text:
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
            continue
        depth += (char == "(") - (char == ")")
        current += char
    if current.strip() or parts:
        parts.append(current.strip())
    return parts


def _column(text: str, source: str) -> str:
    if not text.isidentifier():
        raise ComputeError(
            f"measure `{source}`: {text!r} is not a column name (letters, digits and _)"
        )
    return text


def _unknown(name: str, measures: Mapping[str, Measure], source: str) -> ComputeError:
    close = difflib.get_close_matches(name, [*measures, _DURATION], n=1)
    hint = f"; did you mean {close[0]}?" if close else ""
    return ComputeError(
        f"measure `{source}`: unknown measure {name!r}{hint} "
        f"(measures: {', '.join(sorted(measures))})"
    )


def parse_measure(text: object, measures: Mapping[str, Measure] = BUILTIN_MEASURES) -> MeasureCall:
    """Read a measure such as ``count_distinct(person_id)``; raises :class:`ComputeError`."""
    if not isinstance(text, str) or not (match := _CALL.match(text)):
        raise ComputeError(
            f"measure {text!r} is not a call such as count() or count_distinct(person_id)"
        )
    name, inner = match.group(1), match.group(2)
    if name == _DURATION:
        raise ComputeError(
            f"measure `{text}`: days_between gives one number per row; wrap it in an "
            f"aggregation, e.g. median({text.strip()})"
        )
    if name not in measures:
        raise _unknown(name, measures, text)
    measure = measures[name]
    args = _split_arguments(inner)
    if not args:
        if measure.argument == "required":
            raise ComputeError(f"measure `{text}`: {name} needs a column, e.g. {name}(person_id)")
        return MeasureCall(text, measure)
    if measure.argument == "none" or len(args) > 1:
        raise ComputeError(f"measure `{text}`: {name} takes at most one argument")
    arg = args[0]
    inner_match = _CALL.match(arg)
    if inner_match is None:
        return MeasureCall(text, measure, column=_column(arg, text))
    if inner_match.group(1) != _DURATION:
        raise ComputeError(
            f"measure `{text}`: only days_between(start, end) may be used inside a measure"
        )
    dates = _split_arguments(inner_match.group(2))
    if len(dates) != 2:
        raise ComputeError(f"measure `{text}`: days_between needs two date columns")
    return MeasureCall(text, measure, between=(_column(dates[0], text), _column(dates[1], text)))


def measure_registry(plugins: Plugins | None) -> dict[str, Measure]:
    """Every measure by name (a plugin's wins over a built-in).

    Without a plugin manager, the shared default's (built-ins and installed plugins).  A plugin
    that raises or returns something other than :class:`Measure` objects is a ``PLUGIN-001``
    failure the manager records in ``plugins.failures``, with every other plugin failure: an
    evaluation reports them, and strict mode raises.
    """
    return manager_or_default(plugins).registry(
        HOOK, Measure, "aspcore.indicators.Measure", lambda m: m.name
    )
