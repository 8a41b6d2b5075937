"""Schemas specialised to a plan: the checks that need to know the plan's indicators and year.

:func:`indicator_return_for_plan` builds an ``indicator-return`` schema for one plan: indicator
ids must be the plan's, each period must fit its indicator's frequency (financial quarters for a
quarterly indicator, calendar ones when the indicator says ``calendar``), values respect the
indicator's unit (a percentage is 0 to 100, a count a whole number of zero or more), and periods
outside the plan year are flagged as warnings.  Everything it adds is a plain
:class:`~aspcore.schemas.spec.CheckSpec` whose parameters list the plan's ids, so the
specialised schema exports to JSON or YAML and runs without the plan.

:func:`for_plan` applies the plan to any schema: ``indicator-return`` gets the above; other
schemas get the plan-year warning on their period columns.  :func:`with_known_values` is the
same idea for any other reference: ids that must exist in another table.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from aspcore.errors import SchemaError
from aspcore.model import Frequency, Indicator, Plan, Severity, Unit
from aspcore.schemas.indicator_return import indicator_return
from aspcore.schemas.spec import CheckSpec, ColumnSpec, SchemaSpec

__all__ = [
    "FREQUENCY_KINDS",
    "for_plan",
    "indicator_return_for_plan",
    "period_kinds",
    "with_known_values",
]

#: The period kinds that fit each frequency: (financial, calendar).
FREQUENCY_KINDS: dict[Frequency, tuple[str, str]] = {
    Frequency.MONTHLY: ("month", "month"),
    Frequency.QUARTERLY: ("financial-quarter", "calendar-quarter"),
    Frequency.ANNUAL: ("financial-year", "calendar-year"),
}


def period_kinds(indicator: Indicator) -> list[str] | None:
    """The period kinds an indicator's values may be reported for (``None``: any)."""
    if indicator.frequency is None:
        return None
    financial, calendar = FREQUENCY_KINDS[indicator.frequency]
    return [calendar if indicator.calendar else financial]


def _within_year(plan: Plan) -> CheckSpec | None:
    year = plan.year
    if year is None:
        return None
    return CheckSpec(
        "period_within",
        "period-outside-plan-year",
        f"'{{value}}' is outside the plan year {year.label} ({year.start.isoformat()} to "
        f"{year.end.isoformat()}).",
        {"start": year.start.isoformat(), "end": year.end.isoformat()},
        Severity.WARNING,
        title=f"inside the plan year {year.label}",
    )


def _with_checks(column: ColumnSpec, *checks: CheckSpec | None) -> ColumnSpec:
    return attrs.evolve(column, checks=(*column.checks, *(c for c in checks if c is not None)))


def indicator_return_for_plan(plan: Plan, base: SchemaSpec | None = None) -> SchemaSpec:
    """The ``indicator-return`` schema (or ``base``) with the checks ``plan``'s indicators need."""
    base = base or indicator_return()
    ids = [i.id for i in plan.indicators]
    kinds = {i.id: k for i in plan.indicators if (k := period_kinds(i)) is not None}
    frequencies = {i.id: i.frequency.value for i in plan.indicators if i.frequency is not None}
    percent = [i.id for i in plan.indicators if i.unit == Unit.PERCENT]
    counts = [i.id for i in plan.indicators if i.unit == Unit.COUNT]
    known = CheckSpec(
        "isin",
        "unknown-indicator",
        f"'{{value}}' is not an indicator of the plan; its indicators are "
        f"{', '.join(ids) or 'none'}.",
        {"values": ids},
        title="an indicator of the plan",
    )
    columns = []
    for column in base.columns:
        if column.name == "indicator":
            column = _with_checks(column, known)
        elif column.name == "period":
            column = _with_checks(column, _within_year(plan))
        columns.append(column)
    checks = [
        CheckSpec(
            "period_frequency",
            "period-does-not-fit-frequency",
            "'{value}' does not fit this indicator's frequency ({expected}); report one value "
            "per period of that length.",
            {"key": "indicator", "kinds": kinds, "frequencies": frequencies},
            column="period",
            title="the period fits the indicator's frequency",
        ),
        CheckSpec(
            "range_where",
            "percent-out-of-range",
            "{value} is outside 0 to 100, but this indicator is a percentage.",
            {"key": "indicator", "ids": percent, "min": 0, "max": 100},
            column="value",
            title="percentages are 0 to 100",
        ),
        CheckSpec(
            "range_where",
            "count-not-whole",
            "{value} is not a count; counts are whole numbers of zero or more.",
            {"key": "indicator", "ids": counts, "min": 0, "whole": True},
            column="value",
            title="counts are whole numbers of zero or more",
        ),
    ]
    return attrs.evolve(
        base,
        columns=tuple(columns),
        checks=(*base.checks, *checks),
        description=f"{base.description} Specialised to the plan of {plan.partnership}.",
    )


def for_plan(spec: SchemaSpec, plan: Plan) -> SchemaSpec:
    """``spec`` with the checks ``plan`` makes possible (see the module docstring)."""
    if spec.name == "indicator-return":
        return indicator_return_for_plan(plan, spec)
    within = _within_year(plan)
    if within is None or all(c.dtype != "period" for c in spec.columns):
        return spec
    columns = tuple(_with_checks(c, within) if c.dtype == "period" else c for c in spec.columns)
    return attrs.evolve(spec, columns=columns)


def with_known_values(
    spec: SchemaSpec,
    column: str,
    values: Iterable[object],
    *,
    source: str,
    code: str = "unknown-reference",
    severity: Severity = Severity.ERROR,
) -> SchemaSpec:
    """``spec`` with a check that ``column`` only holds ``values`` (ids from another table).

    ``source`` names where the values come from, for the message ("the case events table").
    """
    known = sorted({str(v) for v in values})
    check = CheckSpec(
        "isin",
        code,
        f"'{{value}}' is not in {source}.",
        {"values": known},
        severity,
        title=f"in {source}",
    )
    try:
        target = spec.column(column)
    except KeyError:
        raise SchemaError(f"schema {spec.name} has no column {column!r}") from None
    columns = tuple(_with_checks(c, check) if c is target else c for c in spec.columns)
    return attrs.evolve(spec, columns=columns)
