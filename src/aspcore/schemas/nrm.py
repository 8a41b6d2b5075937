"""The National Referral Mechanism schemas: published tables, headline totals and referrals.

``nrm-breakdown`` is the table the NRM statistics publish (and the guide reproduces for
Scotland 2017): referrals by exploitation type by male adult, female adult, male minor, female
minor (optionally age not recorded), with a ``Total`` column and a ``Total`` row that must agree
with their parts.  ``nrm-referrals`` holds one row per referral with the NRM's dimensions.
``nrm-totals`` holds headline figures, one per area, period and edition (UK 2017: 5,145 first
published, 5,142 revised).  Published figures are revised a year later, so every
figure keeps the ``edition`` of the publication it comes from; the breakdown may name its area,
period and edition in columns too, as the ``nrm`` adapter writes them, so that they are stored
with it.
"""

from __future__ import annotations

from aspcore.schemas.common import count, one_row_per, vocabulary_check
from aspcore.schemas.indicator_return import PERIOD_CHECK
from aspcore.schemas.spec import CheckSpec, ColumnSpec, SchemaSpec
from aspcore.schemas.vocabularies import VOCABULARIES

__all__ = ["BREAKDOWN_PARTS", "nrm_breakdown", "nrm_referrals", "nrm_totals"]

#: The part columns of the breakdown table, in the published order.
BREAKDOWN_PARTS = (
    "male_adult",
    "female_adult",
    "male_minor",
    "female_minor",
    "male_age_not_recorded",
    "female_age_not_recorded",
)
_TOTAL_ROW = {
    "label_column": "exploitation_type",
    "total_label": "total",
    "vocabulary": "nrm-table-row",
}


def _edition(*, required: bool = True) -> ColumnSpec:
    return ColumnSpec(
        "edition",
        "text",
        "Edition",
        required=required,
        aliases=("publication", "release"),
        description="The publication the figure comes from, e.g. "
        "'2017 annual (first published)' or '2017 annual (revised)'.",
    )


def _place(*, required: bool) -> tuple[ColumnSpec, ...]:
    """The area, period and edition of published figures; the area may be left blank."""
    return (
        ColumnSpec(
            "area",
            "text",
            "Area",
            required=False,
            nullable=True,
            aliases=("nation", "country", "geography"),
        ),
        ColumnSpec(
            "period",
            "period",
            "Period",
            required=required,
            aliases=("year", "quarter"),
            checks=(PERIOD_CHECK,),
        ),
        _edition(required=required),
    )


def _column_total(column: str) -> CheckSpec:
    return CheckSpec(
        "column_total",
        "column-total-mismatch",
        "The Total row says {value} for {column}, but the rows above add up to {expected}.",
        _TOTAL_ROW,
        column=column,
        title=f"{column.replace('_', ' ')} rows add up to the Total row",
    )


def nrm_breakdown() -> SchemaSpec:
    """The ``nrm-breakdown`` schema (the published wide table)."""
    return SchemaSpec(
        name="nrm-breakdown",
        title="NRM referrals by exploitation type, sex and age",
        description="The published wide table of NRM referrals: one row per exploitation type "
        "and a Total row; columns male adult, female adult, male minor, female minor (and "
        "optionally male and female age not recorded) and a Total column; optionally the "
        "area, period and edition the table is for.",
        columns=(
            *_place(required=False),
            ColumnSpec(
                "exploitation_type",
                "text",
                "Type",
                aliases=("exploitation type", "exploitation", "type of exploitation"),
                checks=(
                    vocabulary_check(
                        "nrm-table-row",
                        VOCABULARIES["nrm-table-row"].values,
                        "unknown-exploitation-type",
                        "'{value}' is not an exploitation type of the NRM table; use domestic "
                        "servitude, labour, sexual, criminal, organ harvesting, unknown or Total.",
                    ),
                ),
            ),
            count("male_adult", "Male adult", "adult male", "male adults"),
            count("female_adult", "Female adult", "adult female", "female adults"),
            count("male_minor", "Male minor", "minor male", "male minors", "male child"),
            count("female_minor", "Female minor", "minor female", "female minors", "female child"),
            count(
                "male_age_not_recorded", "Male age not recorded", "male age unknown", required=False
            ),
            count(
                "female_age_not_recorded",
                "Female age not recorded",
                "female age unknown",
                required=False,
            ),
            count("total", "Total", "totals", "all"),
        ),
        checks=(
            CheckSpec(
                "row_sum",
                "row-total-mismatch",
                "This row's Total is {value}, but its parts add up to {expected}.",
                {"parts": list(BREAKDOWN_PARTS), "total": "total"},
                column="total",
                title="each row's parts add up to its Total",
            ),
            *(_column_total(c) for c in (*BREAKDOWN_PARTS, "total")),
            CheckSpec(
                "has_row",
                "missing-total-row",
                "The table has no Total row; add a row named Total with each column's total.",
                _TOTAL_ROW,
                title="has a Total row",
            ),
            one_row_per(
                ("exploitation_type",),
                "duplicate-exploitation-type",
                "'{value}' appears on more than one row; give each exploitation type one row.",
            ),
        ),
    )


def _optional_text(name: str, title: str, *aliases: str) -> ColumnSpec:
    return ColumnSpec(name, "text", title, required=False, nullable=True, aliases=aliases)


def _decision(name: str, title: str, *aliases: str) -> ColumnSpec:
    return ColumnSpec(
        name,
        "text",
        title,
        required=False,
        nullable=True,
        aliases=aliases,
        checks=(
            vocabulary_check(
                "decision",
                VOCABULARIES["decision"].values,
                "unknown-decision",
                "'{value}' is not a decision; use positive, negative, pending or withdrawn.",
            ),
        ),
    )


def nrm_referrals() -> SchemaSpec:
    """The ``nrm-referrals`` schema (one row per referral)."""
    return SchemaSpec(
        name="nrm-referrals",
        title="NRM referrals, one row per referral",
        description="Record-level NRM referrals with the NRM's dimensions and the edition of the "
        "publication each row comes from (published figures are revised a year later).",
        columns=(
            _optional_text("referral_id", "Referral ID", "referral", "reference"),
            ColumnSpec(
                "period",
                "period",
                "Period",
                aliases=("quarter",),
                checks=(
                    PERIOD_CHECK,
                    CheckSpec(
                        "period",
                        "not-a-calendar-quarter",
                        "'{value}' is not a calendar quarter; NRM statistics are published by "
                        "calendar quarter, written 2017 Q3.",
                        {"kinds": ["calendar-quarter"]},
                        title="a calendar quarter",
                    ),
                ),
            ),
            _edition(),
            ColumnSpec(
                "competent_authority",
                "text",
                "Competent authority",
                required=False,
                nullable=True,
                checks=(
                    vocabulary_check(
                        "competent-authority",
                        ("sca", "ieca"),
                        "unknown-competent-authority",
                        "'{value}' is not a competent authority; use SCA or IECA.",
                    ),
                ),
            ),
            ColumnSpec(
                "referral_type",
                "text",
                "NRM or Duty to Notify",
                required=False,
                nullable=True,
                aliases=("referral type", "nrm or dtn"),
                checks=(
                    vocabulary_check(
                        "referral-type",
                        ("nrm", "duty-to-notify"),
                        "unknown-referral-type",
                        "'{value}' is not a referral type; use NRM or Duty to Notify.",
                    ),
                ),
            ),
            ColumnSpec(
                "age_at_exploitation",
                "text",
                "Age at exploitation",
                aliases=("age", "age group", "adult or child"),
                checks=(
                    vocabulary_check(
                        "age-group",
                        ("adult", "child", "unknown"),
                        "unknown-age-group",
                        "'{value}' is not an age at exploitation; use adult, child or unknown.",
                    ),
                ),
            ),
            ColumnSpec(
                "gender",
                "text",
                "Gender",
                aliases=("sex",),
                checks=(
                    vocabulary_check(
                        "sex",
                        ("female", "male", "other"),
                        "unknown-gender",
                        "'{value}' is not a gender the NRM records; use female, male or other.",
                    ),
                ),
            ),
            ColumnSpec(
                "exploitation_type",
                "text",
                "Exploitation type",
                aliases=("exploitation", "type of exploitation"),
                checks=(
                    vocabulary_check(
                        "exploitation-type",
                        VOCABULARIES["exploitation-type"].values,
                        "unknown-exploitation-type",
                        "'{value}' is not an exploitation type; use domestic servitude, labour, "
                        "sexual, criminal, organ harvesting or unknown (several separated by "
                        "';').",
                        separator=";",
                    ),
                ),
            ),
            ColumnSpec(
                "county_lines",
                "boolean",
                "County lines",
                required=False,
                nullable=True,
                aliases=("county lines flag",),
            ),
            _optional_text("nationality", "Nationality"),
            ColumnSpec(
                "location",
                "text",
                "Location of exploitation",
                required=False,
                nullable=True,
                aliases=("location", "exploitation location"),
                checks=(
                    vocabulary_check(
                        "location",
                        ("uk", "overseas", "both"),
                        "unknown-location",
                        "'{value}' is not a location of exploitation; use UK, overseas or both.",
                    ),
                ),
            ),
            _optional_text("first_responder_type", "First responder type"),
            _optional_text("first_responder", "First responder", "first responder organisation"),
            _optional_text("police_force_area", "Police force area", "police force"),
            _optional_text("local_authority", "Local authority"),
            ColumnSpec(
                "referral_date",
                "date",
                "Referral date",
                required=False,
                nullable=True,
                aliases=("date of referral", "date referred"),
                description="When the referral was made: case systems record it, the published "
                "data do not.",
            ),
            _decision(
                "reasonable_grounds",
                "Reasonable grounds decision",
                "rg decision",
                "reasonable grounds",
            ),
            ColumnSpec(
                "reasonable_grounds_date",
                "date",
                "Reasonable grounds date",
                required=False,
                nullable=True,
                aliases=("rg date", "reasonable grounds decision date"),
            ),
            _decision(
                "conclusive_grounds",
                "Conclusive grounds decision",
                "cg decision",
                "conclusive grounds",
            ),
            ColumnSpec(
                "conclusive_grounds_date",
                "date",
                "Conclusive grounds date",
                required=False,
                nullable=True,
                aliases=("cg date", "conclusive grounds decision date"),
            ),
        ),
        checks=(
            CheckSpec(
                "le_column",
                "decision-dates-out-of-order",
                "The reasonable grounds decision ({value}) is dated after the conclusive grounds "
                "decision; a conclusive grounds decision comes second.",
                {"other": "conclusive_grounds_date"},
                column="reasonable_grounds_date",
                title="reasonable grounds on or before conclusive grounds",
            ),
            one_row_per(
                ("referral_id", "edition"),
                "duplicate-referral",
                "Referral '{value}' appears more than once in the same edition.",
            ),
        ),
    )


def nrm_totals() -> SchemaSpec:
    """The ``nrm-totals`` schema (headline figures, each with its edition)."""
    return SchemaSpec(
        name="nrm-totals",
        title="NRM referrals: headline totals",
        description="Published headline figures: the referrals in an area and period, with the "
        "edition each comes from (UK 2017: 5,145 first published, 5,142 revised).",
        columns=(
            *_place(required=True),
            count("referrals", "Referrals", "total referrals"),
        ),
        checks=(
            one_row_per(
                ("period", "area", "edition"),
                "duplicate-figure",
                "The figure for {value} appears more than once for the same area and edition; "
                "give each published figure one row.",
            ),
        ),
    )
