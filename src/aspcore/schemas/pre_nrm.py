"""``pre-nrm-monitoring``: the monthly return of a pre-NRM support contract (guide, Table 5).

Derby City Council's funding agreement for pre-NRM support asks for a monthly monitoring report
with the key performance indicators of Table 5 (referrals, new and active service users, secure
accommodation identified, volunteers, complaints, compliments, feedback) and a summary of grant
income and expenditure for the month.
"""

from __future__ import annotations

from aspcore.model import Severity
from aspcore.schemas.common import count, non_negative, one_row_per
from aspcore.schemas.indicator_return import PERIOD_CHECK
from aspcore.schemas.spec import CheckSpec, ColumnSpec, SchemaSpec

__all__ = ["pre_nrm_monitoring"]


def _money(name: str, title: str, *aliases: str) -> ColumnSpec:
    return ColumnSpec(name, "number", title, aliases=aliases, checks=(non_negative("sum"),))


def pre_nrm_monitoring() -> SchemaSpec:
    """The ``pre-nrm-monitoring`` schema."""
    month = CheckSpec(
        "period",
        "not-a-month",
        "'{value}' is not a month; this is a monthly return, so write the month as 2018-07.",
        {"kinds": ["month"]},
        title="a month",
    )
    return SchemaSpec(
        name="pre-nrm-monitoring",
        title="Pre-NRM support: monthly monitoring return",
        description="The monthly return of a pre-NRM support contract (guide, Table 5): "
        "referrals, new and active service users, secure accommodation identified, volunteers, "
        "complaints, compliments, feedback forms, and the month's grant income and expenditure.",
        columns=(
            ColumnSpec(
                "month",
                "period",
                "Month",
                aliases=("period", "reporting month"),
                checks=(PERIOD_CHECK, month),
            ),
            ColumnSpec(
                "provider",
                "text",
                "Provider",
                required=False,
                nullable=True,
                aliases=("organisation", "agency", "support provider"),
            ),
            count("referrals", "Referrals", "number of referrals"),
            count("new_service_users", "New service users", "new users"),
            count(
                "active_service_users",
                "Active service users",
                "number of active service users",
                "active users",
            ),
            count(
                "secure_accommodations_identified",
                "Secure accommodations identified",
                "secure accommodation identified",
                "secure accommodations",
            ),
            count("volunteers", "Volunteers", "number of volunteers"),
            count("staff_appointed", "Staff appointed", required=False),
            count("staff_left", "Staff left", required=False),
            count("complaints", "Complaints", "complaints received", "number of complaints"),
            count("complaints_resolved", "Complaints resolved", required=False),
            count("compliments", "Compliments", "compliments received", "number of compliments"),
            count("feedback_forms", "Feedback forms", "feedback forms received", "feedback"),
            _money("grant_income", "Grant income", "grant income (£)", "income", "income (£)"),
            _money("expenditure", "Expenditure", "expenditure (£)", "spend"),
            ColumnSpec(
                "comment",
                "text",
                "Comment",
                required=False,
                nullable=True,
                aliases=("comments", "notes"),
            ),
        ),
        checks=(
            CheckSpec(
                "le_column",
                "new-exceeds-active",
                "{value} new service users is more than the active service users this month; "
                "new service users are usually counted as active too.",
                {"other": "active_service_users"},
                Severity.WARNING,
                column="new_service_users",
                title="new service users not more than active service users",
            ),
            CheckSpec(
                "le_column",
                "resolved-exceeds-complaints",
                "{value} complaints resolved is more than the complaints received this month.",
                {"other": "complaints"},
                column="complaints_resolved",
                title="complaints resolved not more than complaints",
            ),
            one_row_per(
                ("month", "provider"),
                "duplicate-month",
                "This month is reported twice; send one row per month.",
            ),
        ),
    )
