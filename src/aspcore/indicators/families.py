"""Indicator families: published values that add up to one another, across indicators.

Indicators that count the same rows the same way (the same dataset, view and date column, the
same measure of the same column, the same condition) publish values of one *family*: at several
frequencies and by several breakdowns, one indicator's total is the sum of another's values.
Disclosure control protects a family as a whole (:mod:`~aspcore.indicators.disclosure`), so a
value hidden in one indicator's table cannot be worked out from another's.  A condition is
compared as written, spaces and quote marks aside (``sex=='f'`` and ``sex == "f"`` are one).

A value of a family is a :data:`Cell`: the first and last day of its period and its breakdown
values other than ``all`` (a value by sex and age group for every age is the value by sex).  A
calendar quarter and the financial quarter of the same months are one cell.  The family's
groups, each a total and the parts that add up to it, are:

* over breakdowns: a cell and the cells that break it down by one more column (the total and
  the values by sex; the total and the values by age group; the women and the women of each age
  group);
* over time: a period and the shorter periods of one length within it (a year and its
  quarters, a year and its months, a quarter and its months), financial and calendar periods
  alike, as their months decide.

A part missing from a published table is a count of nothing, 0, which a reader knows from its
absence: every period holding rows of the dataset gets a row for every breakdown value found.
Counts of distinct people add up over time only roughly (a person may be counted in two
quarters of a year); they are protected as if they added up, which can only hide more.  Values
of the ``journey_periods`` view are mostly stocks (who is open at a quarter's end is counted
again in the next quarter, and is the year's value when it is the last quarter), so over time
they are tied only where their values show it.
"""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
import functools
import io
import itertools
import tokenize
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from aspcore.indicators.definition import TOTAL, ComputeSpec, Side
from aspcore.indicators.disclosure import Group
from aspcore.indicators.measures import Measure
from aspcore.periods import Period, parse_period

if TYPE_CHECKING:
    from aspcore.indicators.result import IndicatorRow

__all__ = ["Cell", "Family", "cell_of", "families", "family_groups", "period_of_label"]

#: A breakdown: ``(column, value)`` pairs, sorted, without the columns whose value is ``all``.
Breakdown = tuple[tuple[str, str], ...]
#: A period's first and last day.
Span = tuple[dt.date, dt.date]
#: A value of a family: its period's first and last day, and its breakdown.
Cell = tuple[dt.date, dt.date, Breakdown]
#: The view whose values are stocks and states of a period, which do not add up over time.
_STOCKS = "journey_periods"
_LAYOUT = frozenset(
    {tokenize.NEWLINE, tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
)


@attrs.frozen
class Family:
    """The values of one family among a result's rows.

    ``members`` holds, for each value, the position of its row, the side it is
    (``numerator`` or ``denominator``) and its :data:`Cell`; rows of several indicators can
    hold the same cell.  ``stocks`` says that its values do not add up over time (the
    ``journey_periods`` view).
    """

    measure: Measure
    stocks: bool
    members: tuple[tuple[int, str, Cell], ...]


def families(rows: Sequence[IndicatorRow], specs: Mapping[str, ComputeSpec]) -> list[Family]:
    """The families of ``rows``' values, in order of first appearance (rows of indicators not
    in ``specs`` are in none)."""
    found: dict[tuple[object, ...], tuple[Measure, bool, list[tuple[int, str, Cell]]]] = {}
    for index, row in enumerate(rows):
        spec = specs.get(row.indicator)
        if spec is None:
            continue
        cell = cell_of(row)
        stocks = spec.view == _STOCKS
        for name, side in spec.sides:
            entry = found.setdefault(_family_key(spec, side), (side.measure.measure, stocks, []))
            entry[2].append((index, name, cell))
    return [Family(m, stocks, tuple(members)) for m, stocks, members in found.values()]


@functools.lru_cache(maxsize=4096)
def period_of_label(label: str) -> Period:
    """The :class:`~aspcore.periods.Period` of a canonical label (cached: labels repeat)."""
    return parse_period(label)


def cell_of(row: IndicatorRow) -> Cell:
    """The cell a row's values are: its period's days and its breakdown values but ``all``."""
    period = period_of_label(row.period)
    return (period.start, period.end, tuple(sorted(p for p in row.by if p[1] != TOTAL)))


def family_groups(values: Mapping[Cell, float], *, stocks: bool = False) -> list[Group[Cell]]:
    """The groups of a family's values: over breakdowns, and over time.

    Sums run through every period of the family and every breakdown of its cells (with their
    totals), published or not: a reader can chain sums through a value no indicator publishes
    (the year by sex, between the year's total and the months by sex), so such a value is a
    member, as an unknown.  A value missing from a table that is published is a count of
    nothing, 0, and is left out.  ``stocks`` (values that do not add up over time) get, over
    time, only the ties their values show (:func:`_observed_ties`).
    """
    present = set(values)
    spans = sorted({(start, end) for start, end, _by in present})
    breakdowns = sorted({margin for _s, _e, by in present for margin in _margins(by)})
    published = {(start, end, _columns(by)) for start, end, by in present}

    def member(cell: Cell) -> bool:
        return cell in present or (cell[0], cell[1], _columns(cell[2])) not in published

    found = [
        Group(total if member(total) else None, tuple(p for p in parts if member(p)))
        for total, parts in _sums(spans, breakdowns, over_time=not stocks)
    ]
    if stocks:
        found += _observed_ties(values, spans, member)
    return found


def _observed_ties(
    values: Mapping[Cell, float], spans: Sequence[Span], member: Callable[[Cell], bool]
) -> list[Group[Cell]]:
    """Ties over time between published values of stocks, where their values show them.

    People open at a year's end are those open at the end of its last quarter; people who
    moved on in a year are those who moved on in its quarters.  Which holds depends on the
    measure's condition, which a reader knows, so each is a group wherever the values agree
    (a tie that holds by chance only hides more).
    """
    found: list[Group[Cell]] = []
    for span, shorter in _nested(spans):
        for by in sorted({by for start, end, by in values if (start, end) == span}):
            parts = [(start, end, by) for start, end in shorter]
            if any(member(part) and part not in values for part in parts):
                continue  # a part no indicator publishes: its value is unknown
            known = [part for part in parts if part in values]
            total = values[(*span, by)]
            if known and total == sum(values[part] for part in known):
                found.append(Group((*span, by), tuple(known)))
            if parts[-1] in values and total == values[parts[-1]]:
                found.append(Group((*span, by), (parts[-1],)))
    return found


def _sums(
    spans: Sequence[Span], breakdowns: Sequence[Breakdown], *, over_time: bool
) -> Iterator[tuple[Cell, list[Cell]]]:
    """Every sum of the lattice of ``spans`` by ``breakdowns``: each cell with the cells that
    break it down by one more column, and (``over_time``) with its shorter periods."""
    children: dict[tuple[Breakdown, str], list[Breakdown]] = {}
    for by in breakdowns:
        for position, (column, _value) in enumerate(by):
            children.setdefault((by[:position] + by[position + 1 :], column), []).append(by)
    for start, end in spans:
        for (parent, _column), finer in sorted(children.items()):
            yield (start, end, parent), [(start, end, by) for by in finer]
    if not over_time:
        return
    for span, shorter in _nested(spans):
        for by in breakdowns:
            yield (*span, by), [(start, end, by) for start, end in shorter]


def _nested(spans: Sequence[Span]) -> Iterator[tuple[Span, list[Span]]]:
    """Each period with the shorter periods of one length that fill it (those of the family)."""
    lengths = sorted({_months(*span) for span in spans})
    for start, end in spans:
        for length in (n for n in lengths if n < _months(start, end)):
            same = [(s, e) for s, e in spans if _months(s, e) == length and s <= end and e >= start]
            if same and all(start <= s and e <= end for s, e in same):
                yield (start, end), same


def _margins(by: Breakdown) -> Iterator[Breakdown]:
    """A breakdown and its totals over any of its columns."""
    for size in range(len(by) + 1):
        yield from itertools.combinations(by, size)


def _columns(by: Breakdown) -> tuple[str, ...]:
    return tuple(column for column, _value in by)


def _family_key(spec: ComputeSpec, side: Side) -> tuple[object, ...]:
    """What a side counts: the rows (dataset, view, condition), the measure and the dates."""
    call = side.measure
    where = None if side.where is None else _spelling(side.where.source)
    return (
        spec.dataset,
        spec.view,
        spec.period,
        call.measure.name,
        call.column,
        call.between,
        where,
    )


def _spelling(source: str) -> str:
    """A condition's tokens, spaces and quote marks aside (``a=='b'`` is ``a == "b"``)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return source
    words = []
    for token in tokens:
        if token.type in _LAYOUT:
            continue
        word = token.string
        if token.type == tokenize.STRING:
            with contextlib.suppress(ValueError, SyntaxError):
                word = repr(ast.literal_eval(word))
        words.append(word)
    return " ".join(words)


def _months(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1
