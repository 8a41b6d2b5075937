"""Checks several built-in schemas share, written once so their codes and wording agree."""

from __future__ import annotations

from collections.abc import Iterable

from aspcore.model import Severity
from aspcore.model.personal import NAME_LIKE
from aspcore.schemas.spec import CheckSpec, ColumnSpec

__all__ = [
    "NAME_LIKE",
    "count",
    "disaggregation",
    "non_negative",
    "one_row_per",
    "present",
    "vocabulary_check",
]


def non_negative(noun: str = "count") -> CheckSpec:
    """Values of zero or more."""
    return CheckSpec(
        "ge",
        "negative-value",
        f"{{column}} is {{value}}, but a {noun} cannot be below zero.",
        {"min": 0},
        title="zero or more",
    )


def count(name: str, title: str, *aliases: str, required: bool = True) -> ColumnSpec:
    """A column of counts: whole numbers, zero or more, never blank when the column is given."""
    return ColumnSpec(
        name,
        "integer",
        title,
        required=required,
        aliases=aliases,
        checks=(non_negative(),),
    )


def present(code: str, message: str) -> CheckSpec:
    """A warning that a cell the return may leave blank was left blank."""
    return CheckSpec("present", code, message, severity=Severity.WARNING, title="not blank")


def vocabulary_check(
    vocabulary: str,
    values: Iterable[str],
    code: str,
    message: str,
    *,
    severity: Severity = Severity.ERROR,
    separator: str | None = None,
) -> CheckSpec:
    """Cell text names a value of ``vocabulary`` (one of ``values``, or an accepted alias)."""
    params: dict[str, object] = {"vocabulary": vocabulary, "values": list(values)}
    if separator:
        params["separator"] = separator
    return CheckSpec(
        "in_vocabulary", code, message, params, severity, title=f"in the {vocabulary} vocabulary"
    )


def one_row_per(
    columns: Iterable[str], code: str, message: str, severity: Severity = Severity.ERROR
) -> CheckSpec:
    """No two rows share the same values in ``columns`` (rows blank in all of them pass)."""
    names = list(columns)
    return CheckSpec(
        "unique_rows",
        code,
        message,
        {"columns": names},
        severity,
        column=names[0],
        title=f"one row per {', '.join(n.replace('_', ' ') for n in names)}",
    )


def disaggregation() -> tuple[ColumnSpec, ...]:
    """The optional breakdown columns shared by indicator returns and case events."""
    return (
        ColumnSpec(
            "sex",
            "text",
            "Sex",
            required=False,
            nullable=True,
            aliases=("gender",),
            checks=(
                vocabulary_check(
                    "sex",
                    ("female", "male", "other"),
                    "unknown-sex",
                    "'{value}' is not a sex this return expects (female, male or other).",
                    severity=Severity.WARNING,
                ),
            ),
        ),
        ColumnSpec(
            "age_group",
            "text",
            "Age group",
            required=False,
            nullable=True,
            aliases=("age", "age band"),
        ),
        ColumnSpec(
            "exploitation_type",
            "text",
            "Exploitation type",
            required=False,
            nullable=True,
            aliases=("exploitation", "type of exploitation"),
            checks=(
                vocabulary_check(
                    "exploitation-type",
                    (
                        "domestic-servitude",
                        "labour",
                        "sexual",
                        "criminal",
                        "organ-harvesting",
                        "unknown",
                    ),
                    "unknown-exploitation-type",
                    "'{value}' is not an exploitation type; use domestic servitude, labour, "
                    "sexual, criminal, organ harvesting or unknown (several separated by ';').",
                    separator=";",
                ),
            ),
        ),
        ColumnSpec("nationality", "text", "Nationality", required=False, nullable=True),
    )
