"""Breakdown values a published result may show: words of a vocabulary, never free text.

Breakdown values are text from the case data, and a name can slip into any column (a row
shifted by one, a worker's name in a "recorded by" column).  An unpublished result shows every
value, so a data team can find and fix them; a published one shows a value only when it is a
word of the vocabulary its column is checked against: the ``case-events`` schema's own checks
(``stage``: the pathway stages, ``sex``, ``exploitation_type``), else the schemas' vocabulary
named like the column (``age_group``: adult, child, unknown), spelt in any way that vocabulary
accepts (``Female``, ``F``), or one of aspcore's own labels (``all``, ``not recorded``).

Any other value, and every value of a column with no vocabulary (``nationality``, ``agency``),
is published as :data:`OTHER`, ``other (not shown)``.  Rows that then share an indicator,
period and breakdown are one cell of the published table: its counts and sums are added up for
disclosure control, and its value is not shown (:func:`group_unlisted`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from aspcore.indicators.definition import TOTAL, ComputeSpec
from aspcore.indicators.query import NOT_RECORDED

if TYPE_CHECKING:
    from aspcore.indicators.result import IndicatorRow
    from aspcore.schemas.vocabularies import Vocabulary

__all__ = ["OTHER", "Grouped", "group_unlisted", "is_listed"]

#: The published breakdown value of every value that is not a word of a vocabulary.
OTHER = "other (not shown)"
_OWN_LABELS = frozenset({TOTAL, NOT_RECORDED, OTHER})


@functools.cache
def _vocabulary(column: str) -> tuple[Vocabulary, str | None] | None:
    """The vocabulary ``column``'s values are checked against, with its separator, if any."""
    # imported here: the schemas package brings pandas, which computing indicators does not need
    from aspcore.model.vocab import normalise
    from aspcore.schemas.case_events import case_events
    from aspcore.schemas.vocabularies import VOCABULARIES, vocabulary

    for spec in case_events().columns:
        for check in spec.checks if spec.name == column else ():
            if check.kind == "in_vocabulary":
                params = check.params
                known = vocabulary(params["vocabulary"], tuple(params.get("values", ())))
                return known, params.get("separator")
    found = VOCABULARIES.get(normalise(column))
    return None if found is None else (found, None)


def is_listed(column: str, value: str) -> bool:
    """Whether a published result may show ``value`` of breakdown column ``column``."""
    if value in _OWN_LABELS:
        return True
    known = _vocabulary(column)
    if known is None:
        return False
    vocabulary, separator = known
    parts = value.split(separator) if separator else [value]
    return all(vocabulary.canonical(part) is not None for part in parts)


@attrs.frozen
class Grouped:
    """Rows with their unlisted breakdown values replaced by :data:`OTHER`.

    ``members`` holds, for each row, the positions of the rows it stands for; ``merged`` the
    positions of the rows that stand for several (their values are not shown).
    """

    rows: tuple[IndicatorRow, ...]
    members: tuple[tuple[int, ...], ...]

    @property
    def merged(self) -> frozenset[int]:
        """The rows that stand for more than one computed row."""
        return frozenset(i for i, found in enumerate(self.members) if len(found) > 1)


def group_unlisted(rows: Sequence[IndicatorRow], specs: Mapping[str, ComputeSpec]) -> Grouped:
    """``rows`` with every unlisted breakdown value published as :data:`OTHER`.

    Rows that then share their indicator, period and breakdown become one, whose counts and
    sums (additive measures) are added up, so disclosure control tests the cell as published;
    its other values are unknown (``None``).  Rows of indicators not in ``specs`` are kept as
    they are.
    """
    keys: dict[tuple[object, ...], int] = {}
    grouped: list[list[int]] = []
    labelled: list[IndicatorRow] = []
    for index, row in enumerate(rows):
        by = row.by
        if row.indicator in specs:
            by = tuple((c, v if is_listed(c, v) else OTHER) for c, v in row.by)
        key = (row.indicator, row.period, by)
        if key in keys:
            grouped[keys[key]].append(index)
            continue
        keys[key] = len(grouped)
        grouped.append([index])
        labelled.append(row if by == row.by else attrs.evolve(row, by=by))
    out = [
        labelled[g] if len(found) == 1 else _merged(labelled[g], rows, found, specs)
        for g, found in enumerate(grouped)
    ]
    return Grouped(tuple(out), tuple(tuple(found) for found in grouped))


def _merged(
    first: IndicatorRow,
    rows: Sequence[IndicatorRow],
    found: Sequence[int],
    specs: Mapping[str, ComputeSpec],
) -> IndicatorRow:
    """One row for the rows at ``found``: additive sides and record counts added up."""
    sides = dict(specs[first.indicator].sides)

    def added(name: str) -> float | None:
        known = [v for i in found if (v := getattr(rows[i], name)) is not None]
        additive = name in sides and sides[name].measure.measure.additive
        return float(sum(known)) if additive and known else None

    def records(name: str) -> int | None:
        if name not in sides:
            return None
        return sum(getattr(rows[i], f"{name}_records") or 0 for i in found)

    return attrs.evolve(
        first,
        value=None,
        reason=None,
        numerator=added("numerator"),
        denominator=added("denominator"),
        numerator_records=records("numerator"),
        denominator_records=records("denominator"),
    )
