"""``indicator-return``: the values partner agencies report for a plan's indicators.

One row per period, indicator, agency and (optionally) breakdown: sex, age group, exploitation
type, nationality.  Without a plan the schema checks the shape of the return; the factory
(:mod:`aspcore.schemas.factory`) adds the checks that need the plan's indicators.
"""

from __future__ import annotations

from aspcore.schemas.common import disaggregation, one_row_per, present
from aspcore.schemas.spec import CheckSpec, ColumnSpec, SchemaSpec

__all__ = ["KEY_COLUMNS", "PERIOD_CHECK", "indicator_return"]

#: The columns that identify one reported value.
KEY_COLUMNS = (
    "period",
    "indicator",
    "agency",
    "sex",
    "age_group",
    "exploitation_type",
    "nationality",
)

PERIOD_CHECK = CheckSpec(
    "period",
    "unreadable-period",
    "'{value}' is not a period aspcore can read; write a financial year (2018-19), a financial "
    "quarter (2018-19 Q2), a calendar quarter (2018 Q3) or a month (2018-07).",
    title="a period label",
)


def indicator_return() -> SchemaSpec:
    """The ``indicator-return`` schema, independent of any plan."""
    return SchemaSpec(
        name="indicator-return",
        title="Indicator return",
        description="Values of a plan's indicators reported by partner agencies: one row per "
        "period, indicator, agency and optional breakdown (sex, age group, exploitation type, "
        "nationality), with an optional comment.",
        columns=(
            ColumnSpec(
                "period",
                "period",
                "Period",
                aliases=("reporting period", "quarter"),
                checks=(PERIOD_CHECK,),
            ),
            ColumnSpec(
                "indicator", "text", "Indicator", aliases=("indicator id", "kpi", "measure")
            ),
            ColumnSpec(
                "agency",
                "text",
                "Agency",
                aliases=("organisation", "organization", "partner", "reporting agency"),
            ),
            ColumnSpec(
                "value",
                "number",
                "Value",
                nullable=True,
                aliases=("actual", "result"),
                checks=(
                    present(
                        "blank-value",
                        "The value is blank, so this indicator will show as grey (no data) for "
                        "this period.",
                    ),
                ),
            ),
            *disaggregation(),
            ColumnSpec(
                "comment",
                "text",
                "Comment",
                required=False,
                nullable=True,
                aliases=("comments", "notes", "narrative"),
            ),
        ),
        checks=(
            one_row_per(
                KEY_COLUMNS,
                "duplicate-row",
                "This row repeats the period, indicator, agency and breakdown of another row; "
                "report each value once.",
            ),
        ),
    )
