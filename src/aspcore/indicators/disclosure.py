"""Disclosure control: small counts are suppressed, and so is whatever would reveal them.

Case data describe victims of serious crime, so published counts from 1 to ``min_count - 1``
(default 1 to 4) are hidden (*primary* suppression; DOMAIN "Survivor data").  Hiding one cell is
not enough when its row or column total is published: the total minus the visible cells gives it
back.  So *secondary* suppression hides more cells until no hidden cell can be worked out:

1. every line of the table (the cells of one row, or one column, with its total) holds no
   hidden cell or at least two; the cell added is the line's smallest non-zero visible cell
   (zeros only when nothing else is left), ties broken by the breakdown values, so the result
   is deterministic;
2. then no hidden cell may follow from any combination of the tables' sums either (two blocks
   of hidden cells joined by a single cell give that cell away): each hidden cell is checked by
   exact linear algebra over the equations "cells of a line add up to its total", and while one
   is determined, another cell of one of its lines is hidden and step 1 runs again.

A table is a mapping from breakdown values (one per ``by`` column, :data:`TOTAL` for a margin)
to a value.  A line without a :data:`TOTAL` cell is treated as if its total were published
elsewhere, which can only hide more.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from fractions import Fraction

from aspcore.indicators.definition import TOTAL

__all__ = ["PRIMARY", "SECONDARY", "Key", "is_small", "lines", "suppress_table"]

Key = tuple[str, ...]
#: The reason of a cell hidden because it is small.
PRIMARY = "primary"
#: The reason of a cell hidden because it would reveal a small one.
SECONDARY = "secondary"


def is_small(amount: float | None, min_count: int) -> bool:
    """Whether ``amount`` is a count that must not be published: from 1 to ``min_count - 1``."""
    return amount is not None and 0 < amount < min_count


def lines(keys: Iterable[Key]) -> list[list[Key]]:
    """Every line of the table: the cells that differ only in one breakdown position."""
    cells = sorted(set(keys))
    if not cells or not cells[0]:
        return []
    found: list[list[Key]] = []
    for position in range(len(cells[0])):
        grouped: dict[Key, list[Key]] = {}
        for key in cells:
            grouped.setdefault(key[:position] + key[position + 1 :], []).append(key)
        found.extend(line for line in grouped.values() if len(line) > 1)
    return found


def _positions(lines_: list[list[Key]]) -> list[tuple[list[Key], int]]:
    """Each line with the breakdown position it runs along."""
    out = []
    for line in lines_:
        first, second = line[0], line[1]
        position = next(i for i in range(len(first)) if first[i] != second[i])
        out.append((line, position))
    return out


def _cheapest(candidates: Iterable[Key], values: Mapping[Key, float]) -> Key:
    return min(candidates, key=lambda k: (values.get(k, 0) == 0, values.get(k, 0), k))


def _determined(lines_: list[tuple[list[Key], int]], hidden: set[Key]) -> list[Key]:
    """Hidden cells whose value follows from the lines' sums, by exact row reduction."""
    order = sorted(hidden)
    index = {key: i for i, key in enumerate(order)}
    rows: list[list[Fraction]] = []
    for line, position in lines_:
        row = [Fraction(0)] * len(order)
        touched = False
        for key in line:
            if key in index:
                row[index[key]] = Fraction(-1 if key[position] == TOTAL else 1)
                touched = True
        if touched:
            rows.append(row)
    pivots = _reduce(rows, len(order))
    return [order[col] for col, row in pivots if sum(1 for x in row if x != 0) == 1]


def _reduce(rows: list[list[Fraction]], width: int) -> list[tuple[int, list[Fraction]]]:
    """Reduced row echelon form: each pivot column with its row."""
    pivots: list[tuple[int, list[Fraction]]] = []
    remaining = [row[:] for row in rows]
    for col in range(width):
        pick = next((r for r in remaining if r[col] != 0), None)
        if pick is None:
            continue
        remaining.remove(pick)
        pick = [x / pick[col] for x in pick]
        remaining = [_eliminate(r, pick, col) for r in remaining]
        pivots = [(c, _eliminate(r, pick, col)) for c, r in pivots]
        pivots.append((col, pick))
    return pivots


def _eliminate(row: list[Fraction], pivot: list[Fraction], col: int) -> list[Fraction]:
    factor = row[col]
    if factor == 0:
        return row
    return [x - factor * p for x, p in zip(row, pivot, strict=True)]


def suppress_table(
    values: Mapping[Key, float], primary: Collection[Key], *, additive: bool = True
) -> dict[Key, str]:
    """The cells to hide in a table: ``primary`` ones, and (for ``additive`` tables, whose cells
    add up to their totals) the secondary cells that protect them.

    Returns each hidden cell's reason, :data:`PRIMARY` or :data:`SECONDARY`.
    """
    hidden = set(primary)
    if additive and hidden:
        all_lines = _positions(lines(values))
        while _protect_lines(all_lines, hidden, values):
            continue
        while exposed := _determined(all_lines, hidden):
            cell = exposed[0]
            candidates = {k for line, _p in all_lines if cell in line for k in line} - hidden
            if not candidates:
                candidates = set(values) - hidden
            if not candidates:
                break
            hidden.add(_cheapest(candidates, values))
            while _protect_lines(all_lines, hidden, values):
                continue
    return {key: PRIMARY if key in primary else SECONDARY for key in sorted(hidden)}


def _protect_lines(
    all_lines: list[tuple[list[Key], int]], hidden: set[Key], values: Mapping[Key, float]
) -> bool:
    """Hide one more cell in each line holding exactly one hidden cell; whether any was."""
    changed = False
    for line, _position in all_lines:
        inside = [key for key in line if key in hidden]
        visible = [key for key in line if key not in hidden]
        if len(inside) == 1 and visible:
            hidden.add(_cheapest(visible, values))
            changed = True
    return changed
