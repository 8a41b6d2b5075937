"""Disclosure control across an indicator family: no suppressed value comes back by subtraction.

The same count published at two frequencies (a year and its quarters), or by two breakdowns
(sex, and sex by age group), is one family of cells tied by sums: a year is the sum of its
quarters, a quarter of its months, a total of its breakdown values.  A value hidden in one
indicator's table must not be worked out from another's.

The regression tests compute real plans.  The property tests write the sums out on their own
(every period of a year by every breakdown, :class:`Grid`), generate counts and the tables
published, and check that no sum holds exactly one hidden value and, by exact elimination over
the rationals, that no hidden value is a combination of the published ones.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import attrs
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from aspcore import plan_from_mapping
from aspcore.indicators import compute_indicators
from aspcore.indicators.disclosure import PRIMARY, SECONDARY, is_small, suppress
from aspcore.indicators.families import family_groups
from aspcore.indicators.result import IndicatorResult
from aspcore.periods import parse_period

AS_OF = dt.date(2019, 6, 30)
MIN_COUNT = 5


def _indicator(ident: str, frequency: str, by: Sequence[str] = ()) -> dict[str, Any]:
    return {
        "id": ident,
        "unit": "count",
        "compute": {
            "from": "e",
            "numerator": {"where": "event == 'identified'", "measure": "count()"},
            "period": "date",
            "frequency": frequency,
            "by": list(by),
        },
    }


def _published(frame: pl.DataFrame, indicators: list[dict[str, Any]]) -> IndicatorResult:
    plan = plan_from_mapping({"partnership": "P", "indicators": indicators})
    return compute_indicators(plan, {"e": frame}, as_of=AS_OF, publish=True)


def _events(counts: dict[tuple[dt.date, str], int]) -> pl.DataFrame:
    """``count`` identification events on each day, for people of each sex."""
    dates: list[dt.date] = []
    sexes: list[str] = []
    for (day, sex), count in counts.items():
        dates += [day] * count
        sexes += [sex] * count
    return pl.DataFrame(
        {
            "person_id": [f"p-{i}" for i in range(len(dates))],
            "event": ["identified"] * len(dates),
            "date": dates,
            "sex": sexes,
        }
    )


def _cells(result: IndicatorResult) -> dict[tuple[str, str, tuple[str, ...]], float | None]:
    return {
        (row.indicator, row.period, tuple(v for _c, v in row.by)): row.value for row in result.rows
    }


def test_a_year_does_not_give_back_its_suppressed_quarter() -> None:
    """Quarters 10, 12, 8 and a hidden Q4: the year, 32, would give Q4 = 2."""
    frame = _events(
        {
            (dt.date(2018, 5, 1), "female"): 10,
            (dt.date(2018, 8, 1), "female"): 12,
            (dt.date(2018, 11, 1), "female"): 8,
            (dt.date(2019, 2, 1), "female"): 2,
        }
    )
    result = _published(frame, [_indicator("Q", "quarterly"), _indicator("Y", "annual")])
    cells = _cells(result)
    quarters = [cells[("Q", f"2018-19 Q{n}", ())] for n in (1, 2, 3, 4)]
    year = cells[("Y", "2018-19", ())]
    assert quarters[3] is None  # 2: a small count
    hidden = sum(1 for value in [*quarters, year] if value is None)
    assert hidden >= 2, (quarters, year)
    # the published values no longer give Q4 by subtraction
    assert year is None or sum(1 for value in quarters if value is None) >= 2


def test_a_quarter_by_sex_does_not_give_back_a_month_by_sex() -> None:
    """May: 10 women, 2 men (both hidden); June and July published; the quarter by sex would
    give back May's women (and so its men) by subtraction."""
    frame = _events(
        {
            (dt.date(2018, 4, 3), "female"): 10,
            (dt.date(2018, 4, 3), "male"): 2,
            (dt.date(2018, 5, 3), "female"): 10,
            (dt.date(2018, 5, 3), "male"): 10,
            (dt.date(2018, 6, 3), "female"): 10,
            (dt.date(2018, 6, 3), "male"): 10,
        }
    )
    indicators = [_indicator("M", "monthly", ["sex"]), _indicator("Q", "quarterly", ["sex"])]
    cells = _cells(_published(frame, indicators))
    assert cells[("M", "2018-04", ("male",))] is None
    for sex in ("female", "male"):
        months = [cells[("M", f"2018-{m:02d}", (sex,))] for m in (4, 5, 6)]
        quarter = cells[("Q", "2018-19 Q1", (sex,))]
        unknown = sum(1 for value in [*months, quarter] if value is None)
        assert unknown != 1, (sex, months, quarter)


# --- what a reader can subtract: the sums tying a family, written out independently -----------

Cell = tuple[dt.date, dt.date, tuple[tuple[str, str], ...]]
Equation = dict[Cell, int]
YEAR = dt.date(2018, 4, 1)  # the first day of the financial year 2018-19
LENGTHS = (1, 3, 12)  # months, quarters, the year
COLUMNS = ("sex", "age_group")
SUBSETS: tuple[tuple[str, ...], ...] = ((), ("sex",), ("age_group",), ("sex", "age_group"))


def _span(first: int, length: int) -> tuple[dt.date, dt.date]:
    """The first and last day of ``length`` months from the ``first``-th month of the year."""

    def month_start(offset: int) -> dt.date:
        months = YEAR.month - 1 + offset
        return dt.date(YEAR.year + months // 12, months % 12 + 1, 1)

    return month_start(first), month_start(first + length) - dt.timedelta(days=1)


@attrs.frozen
class Grid:
    """Counts of people per month of the year (the first ``months``) and breakdown values."""

    months: int
    values: dict[str, tuple[str, ...]]
    leaves: dict[tuple[int, tuple[str, ...]], int]

    def spans(self, length: int) -> list[tuple[dt.date, dt.date]]:
        """The periods of ``length`` months holding the grid's months (the year: one)."""
        return [_span(first, length) for first in range(0, self.months, length)]

    def breakdowns(self, subset: Sequence[str]) -> list[tuple[tuple[str, str], ...]]:
        columns = sorted(subset)
        return [
            tuple(zip(columns, chosen, strict=True))
            for chosen in itertools.product(*(self.values[c] for c in columns))
        ]

    def table(self, length: int, subset: Sequence[str]) -> dict[Cell, int]:
        """Every cell of one table: its periods of ``length`` months by the ``subset``."""
        return {
            (start, end, by): self.value(start, end, by)
            for start, end in self.spans(length)
            for by in self.breakdowns(subset)
        }

    def value(self, start: dt.date, end: dt.date, by: tuple[tuple[str, str], ...]) -> int:
        wanted = dict(by)
        total = 0
        for (month, leaf), count in self.leaves.items():
            day = _span(month, 1)[0]
            named = dict(zip(COLUMNS, leaf, strict=True))
            if start <= day <= end and all(named[c] == v for c, v in wanted.items()):
                total += count
        return total

    def equations(self) -> list[Equation]:
        """Every sum: a cell is its parts by one more column, and its shorter periods."""
        found: list[Equation] = []
        for length in LENGTHS:
            for start, end in self.spans(length):
                for subset in SUBSETS:
                    for by in self.breakdowns(subset):
                        total = (start, end, by)
                        for column in (c for c in COLUMNS if c not in subset):
                            more = self.breakdowns((*subset, column))
                            parts = [p for p in more if set(by) <= set(p)]
                            found.append({total: -1, **{(start, end, p): 1 for p in parts}})
                        for shorter in (n for n in LENGTHS if n < length):
                            inside = [s for s in self.spans(shorter) if start <= s[0] <= end]
                            found.append({total: -1, **{(s, e, by): 1 for s, e in inside}})
        return found


def derivable(equations: Sequence[Equation], unknown: set[Cell]) -> set[Cell]:
    """The unknown cells the equations give exactly, all other cells being known.

    A cell is derivable when its unit vector lies in the row space of the equations restricted
    to the unknown cells, that is when every vector of their null space is 0 there.  Dense
    Gauss-Jordan elimination over the rationals, written apart from the package's own.
    """
    order = sorted(unknown)
    matrix = [
        [Fraction(equation.get(cell, 0)) for cell in order]
        for equation in equations
        if unknown.intersection(equation)
    ]
    pivots: list[int] = []  # the pivot column of each row of the reduced matrix, in order
    for col in range(len(order)):
        row = next((r for r in range(len(pivots), len(matrix)) if matrix[r][col] != 0), None)
        if row is None:
            continue
        top = len(pivots)
        matrix[top], matrix[row] = matrix[row], matrix[top]
        scale = matrix[top][col]
        matrix[top] = [x / scale for x in matrix[top]]
        for r in range(len(matrix)):
            if r != top and matrix[r][col] != 0:
                factor = matrix[r][col]
                matrix[r] = [x - factor * y for x, y in zip(matrix[r], matrix[top], strict=True)]
        pivots.append(col)
    free = [col for col in range(len(order)) if col not in pivots]
    # the null space: one vector per free column f, 1 at f and -matrix[i][f] at pivot i
    found = set()
    for i, col in enumerate(pivots):
        if all(matrix[i][f] == 0 for f in free):
            found.add(order[col])
    return found


def single_unknowns(
    equations: Sequence[Equation], hidden: set[Cell], present: set[Cell]
) -> list[Equation]:
    """The sums among published and hidden cells holding exactly one hidden cell."""
    return [
        equation
        for equation in equations
        if set(equation) <= present and sum(1 for cell in equation if cell in hidden) == 1
    ]


def given_away(equations: Sequence[Equation], known: set[Cell], hidden: set[Cell]) -> set[Cell]:
    """The hidden cells the sums give exactly (cells neither known nor hidden are unknown)."""
    every = {cell for equation in equations for cell in equation}
    return derivable(equations, (every - known) | hidden) & hidden


small_counts = st.integers(0, 4) | st.integers(0, 12)


@st.composite
def grids(draw: st.DrawFn, months: Sequence[int] = (3, 6, 12), sexes: int = 3) -> Grid:
    values = {
        "sex": ("female", "male", "other")[: draw(st.integers(1, sexes))],
        "age_group": ("adult", "child")[: draw(st.integers(1, 2))],
    }
    count = draw(st.sampled_from(months))
    leaves = {
        (month, leaf): draw(small_counts)
        for month in range(count)
        for leaf in itertools.product(*(values[c] for c in COLUMNS))
    }
    return Grid(count, values, leaves)


tables = st.sets(st.tuples(st.sampled_from(LENGTHS), st.sampled_from(SUBSETS)), min_size=1)


def protected(
    grid: Grid, chosen: set[tuple[int, tuple[str, ...]]]
) -> tuple[dict[Cell, int], set[Cell]]:
    """The cells of the ``chosen`` tables, and those the family's disclosure control hides."""
    values: dict[Cell, int] = {}
    for length, subset in sorted(chosen):
        values.update(grid.table(length, subset))
    primary = {cell for cell, value in values.items() if is_small(value, MIN_COUNT)}
    groups = family_groups({k: float(v) for k, v in values.items()})
    reasons = suppress({k: float(v) for k, v in values.items()}, primary, groups)
    assert primary <= set(reasons)
    assert all(reasons[k] == (PRIMARY if k in primary else SECONDARY) for k in reasons)
    assert suppress({k: float(v) for k, v in values.items()}, primary, groups) == reasons
    return values, set(reasons)


@settings(max_examples=200)
@given(grids(), tables)
def test_no_sum_of_a_family_holds_a_single_suppressed_value(
    grid: Grid, chosen: set[tuple[int, tuple[str, ...]]]
) -> None:
    """Random counts by month, quarter and year, by sex, by age group and by both, some of
    those tables published: no total and its parts hold exactly one hidden value."""
    values, hidden = protected(grid, chosen)
    assert single_unknowns(grid.equations(), hidden, set(values)) == []


@settings(max_examples=100)
@given(grids(months=(3, 6), sexes=2), tables)
def test_no_suppressed_value_of_a_family_can_be_derived(
    grid: Grid, chosen: set[tuple[int, tuple[str, ...]]]
) -> None:
    """On small tables, exactly: no hidden value is a combination of the published ones."""
    values, hidden = protected(grid, chosen)
    assert given_away(grid.equations(), set(values) - hidden, hidden) == set()


# --- the same through compute_indicators: what publish() gives ---------------------------------

#: Indicators a plan may hold: frequency, calendar periods, breakdown, totals.
PLANNED: dict[str, tuple[str, bool, tuple[str, ...], bool]] = {
    "months": ("monthly", False, ("sex", "age_group"), True),
    "months_by_sex": ("monthly", False, ("sex",), False),
    "quarters_by_sex": ("quarterly", False, ("sex",), True),
    "calendar_quarters_by_age": ("quarterly", True, ("age_group",), True),
    "year": ("annual", False, (), True),
    "year_by_both": ("annual", False, ("sex", "age_group"), False),
}
_LENGTH = {"monthly": 1, "quarterly": 3, "annual": 12}


def _planned(name: str) -> dict[str, Any]:
    frequency, calendar, by, totals = PLANNED[name]
    block = _indicator(name, frequency, by)
    block["compute"].update(calendar=calendar, totals=totals)
    return block


def _frame_of(grid: Grid) -> pl.DataFrame:
    rows = [
        (_span(month, 1)[0] + dt.timedelta(days=9), leaf)
        for (month, leaf), count in grid.leaves.items()
        for _ in range(count)
    ]
    return pl.DataFrame(
        {
            "person_id": [f"p-{i}" for i in range(len(rows))],
            "event": ["identified"] * len(rows),
            "date": [day for day, _leaf in rows],
            "sex": [leaf[0] for _day, leaf in rows],
            "age_group": [leaf[1] for _day, leaf in rows],
        },
        schema={
            "person_id": pl.String,
            "event": pl.String,
            "date": pl.Date,
            "sex": pl.String,
            "age_group": pl.String,
        },
    )


@settings(max_examples=40)
@given(grids(months=(3, 6), sexes=2), st.sets(st.sampled_from(sorted(PLANNED)), min_size=2))
def test_published_indicators_give_back_no_suppressed_value(grid: Grid, names: set[str]) -> None:
    """Indicators of one count at several frequencies and breakdowns, computed and published:
    no hidden value can be derived from the published values and the zeros a reader knows
    (a breakdown value or a period missing from a published table)."""
    indicators = [_planned(name) for name in sorted(names)]
    result = _published(_frame_of(grid), indicators)
    published: set[Cell] = set()
    hidden: set[Cell] = set()
    for row in result.rows:
        period = parse_period(row.period)
        cell = (period.start, period.end, tuple(sorted(p for p in row.by if p[1] != "all")))
        (hidden if row.suppressed else published).add(cell)
    assert not published & hidden  # a value is hidden wherever it appears
    shown = {
        (_LENGTH[frequency], columns)
        for frequency, _calendar, by, totals in (PLANNED[name] for name in names)
        for columns in (
            itertools.chain.from_iterable(
                itertools.combinations(sorted(by), n) for n in range(len(by) + 1)
            )
            if totals
            else [tuple(sorted(by))]
        )
    }
    equations = grid.equations()
    every = {cell for equation in equations for cell in equation}
    zeros = {
        cell
        for cell in every - published - hidden
        if (_months_of(cell), tuple(c for c, _v in cell[2])) in shown
    }
    assert single_unknowns(equations, hidden, published | hidden | zeros) == []
    assert given_away(equations, published | zeros, hidden) == set()


def _months_of(cell: Cell) -> int:
    start, end, _by = cell
    return (end.year - start.year) * 12 + end.month - start.month + 1


def test_a_percentage_is_hidden_with_a_numerator_its_family_hides() -> None:
    """Legal advice per quarter (10, 12, 8, 2) as a percentage of people identified, and per
    year as a count: the year would give back Q4's numerator from the other three, so one more
    quarter's numerator is hidden, and its percentage with it."""
    counts = {(dt.date(2018, 5, 1), 10), (dt.date(2018, 8, 1), 12), (dt.date(2018, 11, 1), 8)}
    counts |= {(dt.date(2019, 2, 1), 2)}
    dates = [day for day, count in sorted(counts) for _ in range(count)]
    frame = pl.DataFrame(
        {
            "person_id": [f"p-{i}" for i in range(len(dates))] * 2,
            "event": ["legal_advice"] * len(dates) + ["identified"] * len(dates),
            "date": dates * 2,
        }
    )
    advice = {"where": "event == 'legal_advice'", "measure": "count()"}
    percentage = {
        "id": "P",
        "unit": "percent",
        "compute": {
            "from": "e",
            "numerator": advice,
            "denominator": {"where": 'event == "identified"', "measure": "count()"},
            "period": "date",
        },
    }
    spelt = {"where": 'event=="legal_advice"', "measure": "count()"}  # the same condition
    year = {"id": "Y", "unit": "count", "compute": {"from": "e", "numerator": spelt}}
    year["compute"].update(period="date", frequency="annual")
    rows = {(r.indicator, r.period): r for r in _published(frame, [percentage, year]).rows}
    assert rows[("P", "2018-19 Q4")].reason == "suppressed: a count from 1 to 4"
    hidden = [n for n in (1, 2, 3) if rows[("P", f"2018-19 Q{n}")].suppressed]
    assert hidden == [3]  # the smallest other quarter, 8
    assert rows[("P", "2018-19 Q3")].reason == (
        "suppressed: it would reveal a small count by subtraction"
    )
    assert rows[("Y", "2018-19")].value == 32


def _quarters_and_year(
    quarters: Sequence[float], year: float, by: tuple[tuple[str, str], ...] = ()
) -> dict[Cell, float]:
    cells = {(*_span(3 * n, 3), by): float(value) for n, value in enumerate(quarters)}
    return {**cells, (*_span(0, 12), by): float(year)}


def test_stocks_are_tied_over_time_only_where_their_values_show_it() -> None:
    """People open at the year's end are those open at the end of Q4 (a stock); people who
    moved on in the year are those who moved on in its quarters (a flow)."""
    year = (*_span(0, 12), ())
    open_ = family_groups(_quarters_and_year([20, 18, 15, 12], 12), stocks=True)
    assert [g.parts for g in open_ if g.total == year] == [(((*_span(9, 3), ())),)]
    moved = family_groups(_quarters_and_year([1, 2, 3, 0], 6), stocks=True)
    assert [len(g.parts) for g in moved if g.total == year] == [4]
    neither = family_groups(_quarters_and_year([5, 6, 7, 8], 9), stocks=True)
    assert [g for g in neither if g.total == year] == []


def test_a_stock_s_year_is_hidden_with_its_last_quarter() -> None:
    values = {
        **_quarters_and_year([20, 18, 15, 12], 12),
        **_quarters_and_year([12, 10, 9, 10], 10, (("sex", "female"),)),
        **_quarters_and_year([8, 8, 6, 2], 2, (("sex", "male"),)),
    }
    q4_men = (*_span(9, 3), (("sex", "male"),))
    hidden = suppress(values, {q4_men}, family_groups(values, stocks=True))
    assert (*_span(0, 12), (("sex", "male"),)) in hidden
