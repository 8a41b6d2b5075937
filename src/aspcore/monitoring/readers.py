"""Return readers: how the rows of a stored return become observations of a plan's indicators.

A :class:`ReturnReader` names a schema and turns one stored row of it into observations.  The
built-in reader of ``indicator-return`` reads each row by its indicator id, period and agency;
any other schema is read through a plugin's reader (the ``aspcore_register_return_readers``
hook) or, for an indicator that says ``from_return: {schema, column}``, by the column reader
below.  Readers never attach provenance: the caller does, from the row it handed over, so every
observation says where it came from whoever wrote the reader.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from aspcore.errors import PeriodError
from aspcore.model import Observation, Plan
from aspcore.periods import Period, parse_period

if TYPE_CHECKING:
    from aspcore.plugins import Plugins

__all__ = [
    "BREAKDOWN_COLUMNS",
    "ReturnReader",
    "column_observations",
    "indicator_return_reader",
    "registered_readers",
    "row_period",
]

#: The hook plugins implement to add readers of their returns.
HOOK = "aspcore_register_return_readers"

#: The breakdown columns of ``indicator-return``: a row with any of them is part of a breakdown
#: of the figure, not the figure, and is kept in the store but not rated.
BREAKDOWN_COLUMNS = ("sex", "age_group", "exploitation_type", "nationality")

RowReader = Callable[[Plan, Mapping[str, Any]], Iterable[Observation]]


@attrs.frozen
class ReturnReader:
    """Reads rows of the stored table of ``schema`` as observations.

    ``read(plan, row)`` gets one stored row (a mapping of column name to value, provenance
    columns included) and returns the observations it holds, or none.  An exception it raises
    is its plugin's failure (``PLUGIN-001``); the other rows are still read.
    """

    schema: str = attrs.field(validator=attrs.validators.instance_of(str))
    read: RowReader = attrs.field(validator=attrs.validators.is_callable())
    description: str = ""
    plugin: str = ""


def _number(value: object) -> float | None:
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return None if math.isnan(value) else float(value)


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return value.strip() or None


def row_period(value: object) -> Period | None:
    """A stored period label read back as a period (stored periods were validated)."""
    text = _text(value)
    if text is None:
        return None
    try:
        return parse_period(text)
    except PeriodError:
        return None


def _indicator_return_row(plan: Plan, row: Mapping[str, Any]) -> Iterable[Observation]:
    """One ``indicator-return`` row: its indicator, period, agency, value and comment."""
    if any(_text(row.get(column)) for column in BREAKDOWN_COLUMNS):
        return ()
    indicator = _text(row.get("indicator"))
    period = row_period(row.get("period"))
    if indicator is None or period is None:
        return ()
    return (
        Observation(
            indicator=indicator,
            period=period,
            value=_number(row.get("value")),
            agency=_text(row.get("agency")),
            comment=_text(row.get("comment")),
        ),
    )


indicator_return_reader = ReturnReader(
    "indicator-return",
    _indicator_return_row,
    description="each row's indicator, period, agency, value and comment (breakdown rows are "
    "kept in the store, not rated)",
    plugin="aspcore",
)


def column_observations(
    plan: Plan, schema: str, period_column: str, agency_column: str | None, row: Mapping[str, Any]
) -> list[Observation]:
    """The observations of the indicators that read a column of ``schema`` (``from_return``).

    One row of a monthly return (``pre-nrm-monitoring``) gives one observation of each such
    indicator: the column's value for the row's period, reported by the row's agency column
    (``provider``) when the schema has one.
    """
    period = row_period(row.get(period_column))
    if period is None:
        return []
    agency = _text(row.get(agency_column)) if agency_column else None
    return [
        Observation(
            indicator=indicator.id,
            period=period,
            value=_number(row.get(indicator.from_return.column)),
            agency=agency,
        )
        for indicator in plan.indicators
        if indicator.from_return is not None and indicator.from_return.schema == schema
    ]


def registered_readers(plugins: Plugins) -> dict[str, ReturnReader]:
    """Schema name → reader, from every plugin's ``aspcore_register_return_readers`` (a later
    plugin's reader wins a schema), once per manager."""
    return plugins.memo(
        HOOK,
        lambda: plugins.registry(
            HOOK, ReturnReader, "aspcore.monitoring.ReturnReader", lambda r: r.schema, claim=True
        ),
    )
