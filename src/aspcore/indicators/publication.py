"""Publishing computed indicators: small counts hidden, and the cells that would reveal them.

:func:`publish` turns an unpublished :class:`~aspcore.indicators.result.IndicatorResult` into
what may be shown outside the partnership.  Values are protected family by family
(:mod:`~aspcore.indicators.families`: every indicator counting the same rows the same way, at
every frequency and by every breakdown) with the disclosure control of
:mod:`~aspcore.indicators.disclosure`: primary suppression of counts from 1 to ``min_count - 1``
(for measures that are not counts, of values computed from that few records), and for measures
whose values add up to their totals, secondary suppression, so that no hidden value can be
worked out from the published ones of any indicator of its family.  A percentage, and any row,
is hidden with its numerator or denominator.

Before that, breakdown values that are not words of a vocabulary (a name that slipped into the
data) are replaced by ``other (not shown)`` and their rows grouped
(:mod:`~aspcore.indicators.breakdowns`), so the tables protected are the tables published.

It works on the computed rows (a few per indicator and period, never the data), so one
computation gives both the values the RAG rules rate and the values a report may show:
:func:`withheld` says which rows publishing hides, so the values kept for rating can be marked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from aspcore.indicators.breakdowns import Grouped, group_unlisted
from aspcore.indicators.disclosure import PRIMARY, is_small, suppress
from aspcore.indicators.errors import ComputeError
from aspcore.indicators.families import Cell, Family, families, family_groups

if TYPE_CHECKING:
    from aspcore.indicators.result import IndicatorResult, IndicatorRow

__all__ = ["publish", "withheld"]

#: Why a value that is not a count is hidden: too few records stand behind it.
_FEW_RECORDS = "few-records"
#: Why a value is hidden: it stands for several breakdown values that are not shown.
_GROUPED = "grouped"


def publish(result: IndicatorResult) -> IndicatorResult:
    """``result`` with disclosure control applied (a published result is returned as it is).

    Raises :class:`~aspcore.indicators.errors.ComputeError` for a result that does not carry
    how its indicators were computed (one not made by ``compute_indicators``): without that, no
    value can be known safe to show.
    """
    if result.published:
        return result
    known = {spec.indicator for spec in result.specs}
    unknown = next((row.indicator for row in result.rows if row.indicator not in known), None)
    if unknown is not None:
        raise ComputeError(
            f"cannot publish indicator {unknown}: the result does not say how it was "
            "computed; publish results of compute_indicators"
        )
    grouped = _grouped(result)
    causes = _causes(grouped, result)
    rows = tuple(
        _suppressed(row, causes[index], result.min_count) if index in causes else row
        for index, row in enumerate(grouped.rows)
    )
    return attrs.evolve(result, rows=rows, published=True)


def withheld(result: IndicatorResult) -> frozenset[int]:
    """The positions of the rows that publishing ``result`` hides (or has hidden).

    A row published under ``other (not shown)`` is hidden too: it is not published as it is.
    Rows of an indicator the result does not say how it computed (a result built by hand) are
    not marked: nothing tells which of their values are counts, so they are left to whatever
    protects values typed into a plan.
    """
    if result.published:
        return frozenset(i for i, row in enumerate(result.rows) if row.suppressed)
    grouped = _grouped(result)
    causes = _causes(grouped, result)
    return frozenset(
        index
        for position, members in enumerate(grouped.members)
        for index in members
        if position in causes or grouped.rows[position].by != result.rows[index].by
    )


def _grouped(result: IndicatorResult) -> Grouped:
    return group_unlisted(result.rows, {spec.indicator: spec for spec in result.specs})


def _causes(grouped: Grouped, result: IndicatorResult) -> dict[int, set[str]]:
    """Each grouped row (by position) that publishing ``result`` hides, with why, for every
    indicator whose definition the result carries: small counts, what would reveal them, and
    rows standing for several breakdown values not shown."""
    rows = grouped.rows
    specs = {spec.indicator: spec for spec in result.specs}
    causes: dict[int, set[str]] = {}
    for family in families(rows, specs):
        for index, why in _hidden(family, rows, result.min_count):
            causes.setdefault(index, set()).add(why)
    for index in grouped.merged:
        causes.setdefault(index, set()).add(_GROUPED)
    return causes


def _hidden(family: Family, rows: Sequence[IndicatorRow], min_count: int) -> list[tuple[int, str]]:
    """Each row (by position) holding a hidden value of ``family``, with why it is hidden."""
    measure = family.measure
    values: dict[Cell, float] = {}
    primary: set[Cell] = set()
    for index, name, cell in family.members:
        row = rows[index]
        values.setdefault(cell, float(getattr(row, name) or 0))
        amount = getattr(row, name) if measure.counts else getattr(row, f"{name}_records")
        if is_small(amount, min_count):
            primary.add(cell)
    groups = family_groups(values, stocks=family.stocks) if measure.additive else []
    reasons = suppress(values, primary, groups)
    found = []
    for index, _name, cell in family.members:
        if (why := reasons.get(cell)) is not None:
            found.append((index, _FEW_RECORDS if why == PRIMARY and not measure.counts else why))
    return found


def _suppressed(row: IndicatorRow, causes: set[str], min_count: int) -> IndicatorRow:
    if PRIMARY in causes:
        reason = f"suppressed: a count from 1 to {min_count - 1}"
    elif _FEW_RECORDS in causes:
        reason = f"suppressed: computed from 1 to {min_count - 1} records"
    elif _GROUPED in causes:
        reason = "suppressed: it stands for several breakdown values that are not shown"
    else:
        reason = "suppressed: it would reveal a small count by subtraction"
    return attrs.evolve(
        row,
        value=None,
        numerator=None,
        denominator=None,
        numerator_records=None,
        denominator_records=None,
        suppressed=True,
        reason=reason,
    )
