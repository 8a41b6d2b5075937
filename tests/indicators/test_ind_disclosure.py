"""Disclosure control: no suppressed cell can be worked out from the published totals.

The property tests generate tables of one to three breakdowns with their margins and check the
suppression with an independent method: a hidden cell is recoverable exactly when its unit vector
lies in the row space of the table's sum equations restricted to the hidden cells (numpy rank).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from aspcore import plan_from_mapping
from aspcore.indicators import TOTAL, compute_indicators, suppress_table
from aspcore.indicators.disclosure import PRIMARY, SECONDARY, is_small

Key = tuple[str, ...]
MIN_COUNT = 5


def with_margins(cells: Mapping[Key, int]) -> dict[Key, int]:
    """The table with every margin (TOTAL in any set of positions) summed from the cells."""
    width = len(next(iter(cells)))
    table: dict[Key, int] = {}
    for key, value in cells.items():
        for mask in itertools.product((False, True), repeat=width):
            margin = tuple(TOTAL if m else k for k, m in zip(key, mask, strict=True))
            table[margin] = table.get(margin, 0) + value
    return table


def equations(keys: list[Key]) -> list[dict[Key, int]]:
    """For each line: +1 for its cells, -1 for its total (a line without one sums to a constant)."""
    found = []
    width = len(keys[0])
    for position in range(width):
        lines: dict[Key, list[Key]] = {}
        for key in keys:
            lines.setdefault(key[:position] + key[position + 1 :], []).append(key)
        for members in lines.values():
            if len(members) > 1:
                found.append({k: (-1 if k[position] == TOTAL else 1) for k in members})
    return found


def recoverable(keys: list[Key], hidden: set[Key]) -> set[Key]:
    order = sorted(hidden)
    rows = [[eq.get(k, 0) for k in order] for eq in equations(keys)]
    matrix = np.array(rows, dtype=float).reshape(len(rows), len(order))
    rank = np.linalg.matrix_rank(matrix) if rows else 0
    out = set()
    for i, key in enumerate(order):
        unit = np.zeros((1, len(order)))
        unit[0, i] = 1.0
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            out.add(key)
    return out


def line_counts(keys: list[Key], hidden: set[Key]) -> list[int]:
    return [sum(1 for k in eq if k in hidden) for eq in equations(keys)]


small_counts = st.integers(0, 12) | st.integers(0, 4)


@st.composite
def tables(draw: st.DrawFn) -> dict[Key, int]:
    sizes = draw(st.lists(st.integers(1, 4), min_size=1, max_size=3))
    keys = list(itertools.product(*[[f"v{i}" for i in range(n)] for n in sizes]))
    cells = {key: draw(small_counts) for key in keys}
    return with_margins(cells) if draw(st.booleans()) else cells


@settings(max_examples=300)
@given(tables())
def test_no_suppressed_cell_is_recoverable(table: dict[Key, int]) -> None:
    primary = {k for k, v in table.items() if is_small(v, MIN_COUNT)}
    hidden = suppress_table(table, primary)
    keys = sorted(table)
    assert primary <= set(hidden)
    assert all(hidden[k] == (PRIMARY if k in primary else SECONDARY) for k in hidden)
    assert all(count != 1 for count in line_counts(keys, set(hidden)))
    assert recoverable(keys, set(hidden)) == set()
    assert suppress_table(table, primary) == hidden


@settings(max_examples=100)
@given(tables())
def test_tables_that_do_not_add_up_get_primary_suppression_only(table: dict[Key, int]) -> None:
    primary = {k for k, v in table.items() if is_small(v, MIN_COUNT)}
    assert set(suppress_table(table, primary, additive=False)) == primary


def test_the_guide_scotland_2017_table() -> None:
    """Guide, Example 1: NRM referrals by type and by sex and age, with totals."""
    columns = ("male adult", "female adult", "male minor", "female minor")
    rows = {
        "domestic servitude": (1, 4, 1, 3),
        "labour": (77, 13, 28, 9),
        "sexual": (2, 43, 2, 8),
        "unknown": (1, 3, 8, 4),
    }
    table = with_margins(
        {(r, c): v for r, values in rows.items() for c, v in zip(columns, values, strict=True)}
    )
    assert table[(TOTAL, TOTAL)] == 207 and table[("labour", TOTAL)] == 127
    primary = {k for k, v in table.items() if is_small(v, MIN_COUNT)}
    hidden = suppress_table(table, primary)
    assert ("domestic servitude", "male adult") in hidden
    assert recoverable(sorted(table), set(hidden)) == set()
    assert (TOTAL, TOTAL) not in hidden and ("labour", "male adult") not in hidden


DAY = dt.date(2018, 5, 1)


def published_rows() -> dict[tuple[str, str], tuple[float | None, bool, str | None]]:
    sexes = ["female"] * 30 + ["male"] * 3 + ["other"] * 2
    advised = set(range(0, 30, 3)) | {31}
    frame = pl.DataFrame(
        {
            "person_id": [f"p-{i}" for i in range(35)] * 2,
            "event": ["identified"] * 35
            + ["legal_advice" if i in advised else "contact" for i in range(35)],
            "date": [DAY] * 70,
            "sex": sexes * 2,
        }
    )
    plan = plan_from_mapping(
        {
            "partnership": "P",
            "indicators": [
                {
                    "id": "N",
                    "unit": "count",
                    "compute": {
                        "from": "e",
                        "numerator": {"where": "event == 'legal_advice'", "measure": "count()"},
                        "period": "date",
                        "by": ["sex"],
                    },
                },
                {
                    "id": "P",
                    "unit": "percent",
                    "compute": {
                        "from": "e",
                        "numerator": {
                            "where": "event == 'legal_advice'",
                            "measure": "count_distinct(person_id)",
                        },
                        "denominator": {
                            "where": "event == 'identified'",
                            "measure": "count_distinct(person_id)",
                        },
                        "period": "date",
                        "by": ["sex"],
                    },
                },
            ],
        }
    )
    result = compute_indicators(plan, {"e": frame}, as_of=DAY, publish=True)
    assert result.published
    return {
        (row.indicator, row.by[0][1]): (row.value, row.suppressed, row.reason)
        for row in result.rows
    }


def test_published_counts_hide_small_cells_and_what_reveals_them() -> None:
    rows = published_rows()
    # legal advice: female 10, male 1, other 0, all 11.  Male is small; the smallest other
    # non-zero cell of its line is hidden too, so 11 - 10 cannot give it back.
    assert rows[("N", "male")] == (None, True, "suppressed: a count from 1 to 4")
    hidden = {sex for (i, sex), (_v, s, _r) in rows.items() if i == "N" and s}
    assert hidden == {"male", "female"}
    assert rows[("N", "all")][:2] == (11.0, False)
    assert ("N", "other") not in rows  # no legal advice recorded for anyone of that sex


def test_published_percentages_hide_with_their_numerator_or_denominator() -> None:
    rows = published_rows()
    # other: numerator 0 but denominator 2 (small): the percentage is hidden.
    assert rows[("P", "other")] == (None, True, "suppressed: a count from 1 to 4")
    assert rows[("P", "male")][1] is True
    reason = rows[("P", "female")][2]
    assert rows[("P", "female")][1] is True and reason is not None
    assert rows[("P", "all")][:2] == (round(11 / 35 * 100, 6), False)
