"""Disclosure control: small counts are suppressed, and so is whatever would reveal them.

Case data describe victims of serious crime, so published counts from 1 to ``min_count - 1``
(default 1 to 4) are hidden (*primary* suppression; DOMAIN "Survivor data").  Hiding one value is
not enough when a total it is part of is published: the total minus the other parts gives it
back.  Values are tied by *groups*, a total and the parts that add up to it: a row or column of
a table with its margin, and (across indicators, frequencies and breakdowns, found by
:mod:`~aspcore.indicators.families`) a year and its quarters, a quarter and its months, a total
by sex and the same total by age group.  Seen as a system of linear equations, a hidden value is
safe when no sum or difference of published values gives it exactly.  So *secondary*
suppression hides more values until none can be worked out:

1. every group holds no hidden value or at least two.  In a group whose only unknown is one
   hidden value, the smallest non-zero visible part is hidden too (a zero part when no other
   is left, and the group's total only when every part is hidden), ties broken by the values'
   keys, so the result is deterministic.  Each value hidden may leave another group holding
   one, so this runs to a fixed point;
2. then no hidden value may follow from any combination of the groups either (two blocks of
   hidden values joined by a single one give it away): each is checked by exact linear algebra
   over the rationals, one connected block of unknowns at a time (a value is determined when
   its unit vector lies in the row space of the groups' equations over the unknowns), and each
   determined value gets another value of one of its groups hidden, then step 1 runs again.

Every round hides one more value at least, so it ends.  A group member that is not among the
values is one no one publishes (a total no indicator computes): an unknown, which the reader can
still reason through, never hidden or shown.  A group whose total is ``None`` has its total
published elsewhere, which can only hide more: a table is a mapping from breakdown values (one
per ``by`` column, :data:`TOTAL` for a margin) to a value, whose groups are its lines
(:func:`table_groups`), and a line without its margin is such a group.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any, Generic, TypeVar

import attrs

from aspcore.indicators.definition import TOTAL

__all__ = [
    "PRIMARY",
    "SECONDARY",
    "Group",
    "Key",
    "is_small",
    "lines",
    "suppress",
    "suppress_table",
    "table_groups",
]

Key = tuple[str, ...]
#: A value's key: any tuple, so that keys sort and ties break the same way every time.
K = TypeVar("K", bound=tuple[Any, ...])
#: The reason of a cell hidden because it is small.
PRIMARY = "primary"
#: The reason of a cell hidden because it would reveal a small one.
SECONDARY = "secondary"


@attrs.frozen
class Group(Generic[K]):
    """Values that add up: ``total`` is the sum of ``parts``.

    ``total`` is ``None`` when the sum is known though not among the values (a table's margin
    published elsewhere).  A member that is not among the values is an unknown no one
    publishes; a value a reader knows without it being published (a count of nothing, 0) is
    left out.
    """

    total: K | None
    parts: tuple[K, ...]

    @property
    def members(self) -> tuple[K, ...]:
        """The total (when there is one) and the parts."""
        return self.parts if self.total is None else (self.total, *self.parts)


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


def table_groups(keys: Iterable[Key]) -> list[Group[Key]]:
    """The groups of one table: each line, its :data:`TOTAL` cell (if any) as the total."""
    found: list[Group[Key]] = []
    for line in lines(keys):
        first, second = line[0], line[1]
        position = next(i for i in range(len(first)) if first[i] != second[i])
        total = next((key for key in line if key[position] == TOTAL), None)
        found.append(Group(total, tuple(key for key in line if key != total)))
    return found


def suppress(
    values: Mapping[K, float], primary: Collection[K], groups: Iterable[Group[K]]
) -> dict[K, str]:
    """The values to hide: ``primary`` ones, and the secondary ones that keep them from being
    worked out from ``groups`` (see the module's description).

    ``values`` holds every value that is published unless hidden (the cheapest of them is
    hidden first); group members not among them are unknowns.  Returns each hidden value's
    reason, :data:`PRIMARY` or :data:`SECONDARY`.
    """
    hidden = set(primary)
    if hidden:
        _Protection(values, groups, hidden).run()
    return {key: PRIMARY if key in primary else SECONDARY for key in sorted(hidden)}


class _Protection(Generic[K]):
    """Secondary suppression over a set of groups, growing ``hidden`` in place."""

    def __init__(
        self, values: Mapping[K, float], groups: Iterable[Group[K]], hidden: set[K]
    ) -> None:
        self.values = values
        # A group of one value says nothing a reader could subtract from.
        self.groups = _informative([group for group in groups if len(group.members) > 1], values)
        self.hidden = hidden
        self.member_of: dict[K, list[int]] = {}
        for index, group in enumerate(self.groups):
            for key in group.members:
                self.member_of.setdefault(key, []).append(index)
        # The determined values of each block of hidden values (a block's equations are fixed).
        self.solved: dict[frozenset[K], list[K]] = {}

    def run(self) -> None:
        self.protect(range(len(self.groups)))
        while found := self.determined():
            # One value more for each determined one, unless one of its groups has just got
            # one: solving again after each would cost a round each.
            added: set[K] = set()
            for key, block in found:
                near = {k for i in self.member_of.get(key, []) for k in self.groups[i].members}
                if added & near:
                    continue
                extra = self.choose(self.member_of.get(key, []))
                if extra is None:  # its groups are all hidden: widen to those of its block
                    extra = self.choose(i for k in block for i in self.member_of.get(k, []))
                if extra is not None:
                    self.hidden.add(extra)
                    added.add(extra)
            if not added:
                return  # nothing visible is left to hide in their equations
            self.protect(i for key in sorted(added) for i in self.member_of.get(key, []))

    def choose(self, indices: Iterable[int]) -> K | None:
        """The value to hide among the groups at ``indices``: their smallest non-zero visible
        part, else a zero part, else the smallest visible total."""
        chosen = [self.groups[i] for i in sorted(set(indices))]
        parts = [k for group in chosen for k in group.parts if self.visible(k)]
        if not parts:
            parts = [g.total for g in chosen if g.total is not None and self.visible(g.total)]
        return min(parts, key=self.cost, default=None)

    def visible(self, key: K) -> bool:
        """Whether ``key`` is published as it stands (a value, not hidden)."""
        return key in self.values and key not in self.hidden

    def cost(self, key: K) -> tuple[bool, float, K]:
        value = self.values.get(key, 0)
        return (value == 0, value, key)

    def protect(self, indices: Iterable[int]) -> None:
        """Step 1 to a fixed point: a group whose only unknown is one hidden value gets
        another (a value no one publishes is an unknown too, left to step 2)."""
        queue = deque(sorted(set(indices)))
        queued = set(queue)
        while queue:
            index = queue.popleft()
            queued.discard(index)
            members = self.groups[index].members
            unknown = [key for key in members if key in self.hidden or key not in self.values]
            if len(unknown) != 1 or unknown[0] not in self.hidden:
                continue
            extra = self.choose([index])
            assert extra is not None  # a group has two values or more, one of them visible
            self.hidden.add(extra)
            for other in self.member_of[extra]:
                if other not in queued:
                    queue.append(other)
                    queued.add(other)

    def determined(self) -> list[tuple[K, list[K]]]:
        """The hidden values the groups' sums give exactly, each with its block."""
        found = []
        for block in self.blocks():
            name = frozenset(block)
            if name not in self.solved:
                self.solved[name] = self.solve(block)
            found += [(key, block) for key in self.solved[name]]
        return found

    def blocks(self) -> list[list[K]]:
        """The unknowns (hidden values, and values no one publishes) in blocks joined by the
        groups they share, sorted; only blocks holding a hidden value."""
        parent = {key: key for key in self.hidden}
        parent.update((k, k) for g in self.groups for k in g.members if k not in self.values)

        def root(key: K) -> K:
            while parent[key] != key:
                parent[key] = parent[parent[key]]
                key = parent[key]
            return key

        for group in self.groups:
            inside = [key for key in group.members if key in parent]
            for key in inside[1:]:
                parent[root(key)] = root(inside[0])
        found: dict[K, list[K]] = {}
        for key in sorted(parent):
            found.setdefault(root(key), []).append(key)
        return [block for block in found.values() if any(k in self.hidden for k in block)]

    def solve(self, block: Sequence[K]) -> list[K]:
        """The hidden values of ``block`` that its groups' equations give exactly, by row
        reduction: a value is determined when its unit vector lies in the row space of the
        equations over the block's unknowns."""
        column = {key: i for i, key in enumerate(block)}
        touching = sorted({i for key in block for i in self.member_of.get(key, [])})
        pivots: dict[int, dict[int, int]] = {}
        for index in touching:
            group = self.groups[index]
            row = {column[k]: -1 if k == group.total else 1 for k in group.members if k in column}
            if rest := _remainder(row, pivots):
                pivots[min(rest)] = rest
        return [k for k in block if k in self.hidden and not _remainder({column[k]: 1}, pivots)]


def _informative(groups: list[Group[K]], values: Mapping[K, float]) -> list[Group[K]]:
    """``groups`` without those that only define a value no one publishes: one that is in no
    other group (repeatedly), as it can be eliminated with its equation and nothing else."""
    kept = list(groups)
    while True:
        uses: dict[K, int] = {}
        for group in kept:
            for key in group.members:
                if key not in values:
                    uses[key] = uses.get(key, 0) + 1
        lone = {key for key, count in uses.items() if count == 1}
        if not lone:
            return kept
        kept = [group for group in kept if not lone.intersection(group.members)]


def _remainder(row: dict[int, int], pivots: Mapping[int, dict[int, int]]) -> dict[int, int]:
    """What is left of a sparse row (column: coefficient) once the echelon rows ``pivots`` (by
    leading column) are subtracted: empty when the row is a combination of them.

    Whole numbers (each step scaled, then divided by the common factor) keep it exact, as over
    the rationals, and fast: rows have a few non-zero coefficients.
    """
    vector = {col: x for col, x in row.items() if x != 0}
    while vector:
        lead = min(vector)
        pivot = pivots.get(lead)
        if pivot is None:
            break
        a, b = pivot[lead], vector[lead]
        scaled = {col: a * vector.get(col, 0) - b * pivot.get(col, 0) for col in {*vector, *pivot}}
        vector = {col: x for col, x in scaled.items() if x != 0}
        common = math.gcd(*vector.values()) if vector else 1
        if common > 1:
            vector = {col: x // common for col, x in vector.items()}
    return vector


def suppress_table(
    values: Mapping[Key, float], primary: Collection[Key], *, additive: bool = True
) -> dict[Key, str]:
    """The cells to hide in a table: ``primary`` ones, and (for ``additive`` tables, whose cells
    add up to their totals) the secondary cells that protect them.

    Returns each hidden cell's reason, :data:`PRIMARY` or :data:`SECONDARY`.
    """
    return suppress(values, primary, table_groups(values) if additive else ())
