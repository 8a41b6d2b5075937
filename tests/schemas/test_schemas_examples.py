"""Every schema accepts its good example return and rejects its bad one, from CSV and XLSX.

The expected reports name each problem by spreadsheet row, column (as the file spells it) and
reason code, so a change in what is found, or where, fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aspcore.model import Plan, Severity
from aspcore.returns import validate_file
from aspcore.schemas import ValidationReport

Found = set[tuple[int | None, str | None, str]]


def found(report: ValidationReport, severity: Severity | None = None) -> Found:
    return {
        (p.row, p.column, p.code)
        for p in report.problems
        if severity is None or p.severity == severity
    }


GOOD: dict[str, tuple[str, Found]] = {
    "indicator-return-good": ("indicator-return", {(7, "Value", "blank-value")}),
    "action-plan-good": (
        "action-plan",
        {(5, "Owner", "missing-owner"), (5, "RAG Status", "missing-rag")},
    ),
    "nrm-breakdown-scotland-2017": ("nrm-breakdown", set()),
    "nrm-referrals-good": ("nrm-referrals", set()),
    "nrm-totals-uk-2017": ("nrm-totals", set()),
    "pre-nrm-monitoring-good": ("pre-nrm-monitoring", set()),
    "case-events-good": ("case-events", set()),
}

BAD: dict[str, tuple[str, Found]] = {
    "indicator-return-bad": (
        "indicator-return",
        {
            (2, "Value", "count-not-whole"),
            (3, "Indicator", "unknown-indicator"),
            (4, "Period", "period-does-not-fit-frequency"),
            (5, "Period", "unreadable-period"),
            (6, "Period", "period-outside-plan-year"),
            (7, "Value", "percent-out-of-range"),
            (8, "Value", "not-a-number"),
            (9, "Period", "duplicate-row"),
            (10, "Period", "duplicate-row"),
            (11, "Period", "missing-value"),
        },
    ),
    "action-plan-bad": (
        "action-plan",
        {
            (2, "Progress", "progress-out-of-range"),
            (3, "ID", "duplicate-id"),
            (3, "Timescale", "unreadable-timescale"),
            (3, "RAG Status", "unknown-rag"),
            (4, "ID", "duplicate-id"),
            (4, "Status", "unknown-status"),
            (5, "Action", "missing-value"),
            (5, "Progress", "not-a-number"),
        },
    ),
    "nrm-referrals-bad": (
        "nrm-referrals",
        {
            (2, "Referral ID", "duplicate-referral"),
            (2, "Reasonable grounds date", "decision-dates-out-of-order"),
            (3, "Referral ID", "duplicate-referral"),
            (4, "Period", "not-a-calendar-quarter"),
            (4, "Age at exploitation", "unknown-age-group"),
            (4, "Exploitation type", "unknown-exploitation-type"),
            (4, "County lines", "not-yes-or-no"),
            (4, "Reasonable grounds date", "not-a-date"),
            (5, "Edition", "missing-value"),
            (5, "Reasonable grounds decision", "unknown-decision"),
        },
    ),
    "nrm-totals-bad": (
        "nrm-totals",
        {
            (2, "Period", "duplicate-figure"),
            (3, "Period", "duplicate-figure"),
            (4, "Referrals", "negative-value"),
            (5, "Period", "unreadable-period"),
            (6, "Edition", "missing-value"),
            (7, "Referrals", "not-a-whole-number"),
        },
    ),
    "pre-nrm-monitoring-bad": (
        "pre-nrm-monitoring",
        {
            (2, "New service users", "new-exceeds-active"),
            (3, "Month", "duplicate-month"),
            (3, "Volunteers", "negative-value"),
            (4, "Month", "duplicate-month"),
            (5, "Month", "not-a-month"),
            (5, "Grant income", "not-a-number"),
        },
    ),
    "case-events-bad": (
        "case-events",
        {
            (2, "Person id", "looks-like-a-name"),
            (3, "Date", "not-a-date"),
            (4, "Event", "missing-value"),
            (5, "Stage", "unknown-stage"),
            (6, "Person id", "duplicate-event"),
            (7, "Person id", "duplicate-event"),
        },
    ),
}


def _plan_for(schema: str, plan: Plan) -> Plan | None:
    return plan if schema == "indicator-return" else None


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("stem", sorted(GOOD))
def test_good_returns_are_valid(returns_dir: Path, plan: Plan, stem: str, suffix: str) -> None:
    schema, warnings = GOOD[stem]
    report = validate_file(returns_dir / f"{stem}{suffix}", schema, plan=_plan_for(schema, plan))
    assert report.valid, report.to_text()
    assert report.exit_code == 0
    assert found(report) == warnings
    assert report.errors == 0


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("stem", sorted(BAD))
def test_bad_returns_get_every_problem_at_once(
    returns_dir: Path, plan: Plan, stem: str, suffix: str
) -> None:
    schema, expected = BAD[stem]
    report = validate_file(returns_dir / f"{stem}{suffix}", schema, plan=_plan_for(schema, plan))
    assert not report.valid
    assert report.exit_code == 1
    assert found(report) == expected
    for problem in report.problems:
        assert problem.file == str(returns_dir / f"{stem}{suffix}")
        assert problem.sheet == (None if suffix == ".csv" else "Return")
        assert problem.message.endswith(".") and "{" not in problem.message
        assert problem.schema == schema


def test_bad_nrm_table_names_the_row_and_column_that_disagree(returns_dir: Path) -> None:
    report = validate_file(returns_dir / "nrm-breakdown-bad.csv", "nrm-breakdown")
    assert found(report) == {
        (3, "Total", "row-total-mismatch"),
        (4, "Type", "unknown-exploitation-type"),
        (5, "Female adult", "negative-value"),
        (6, "Female adult", "column-total-mismatch"),
        (6, "Total", "column-total-mismatch"),
    }
    by_code = {(p.row, p.column): p for p in report.problems}
    assert by_code[(3, "Total")].value == 128
    assert by_code[(3, "Total")].expected == 127
    assert by_code[(3, "Total")].message == "This row's Total is 128, but its parts add up to 127."
    assert by_code[(6, "Female adult")].message == (
        "The Total row says 63 for Female adult, but the rows above add up to 57."
    )
    assert by_code[(6, "Total")].expected == 202


def test_bad_nrm_workbook_reports_formulas_without_saved_results(returns_dir: Path) -> None:
    report = validate_file(returns_dir / "nrm-breakdown-bad.xlsx", "nrm-breakdown")
    formulas = {(p.row, p.value) for p in report.problems if p.code == "formula-without-value"}
    assert formulas == {(row, f"=SUM(B{row}:E{row})") for row in range(2, 7)}
    assert (4, "Type", "unknown-exploitation-type") in found(report)


def test_scotland_2017_workbook_with_title_and_merged_header_reads_like_the_csv(
    returns_dir: Path,
) -> None:
    from aspcore.io.tables import read_table

    table = read_table(returns_dir / "nrm-breakdown-scotland-2017.xlsx")
    assert table.sheet == "Scotland 2017"
    assert table.headers == (
        "Type",
        "Adult Male",
        "Adult Female",
        "Minor Male",
        "Minor Female",
        "Total",
    )
    assert table.row_numbers == (4, 5, 6, 7, 8)
    assert table.rows[-1] == {
        "Type": "Total",
        "Adult Male": 81,
        "Adult Female": 63,
        "Minor Male": 39,
        "Minor Female": 24,
        "Total": 207,
    }


def test_warnings_alone_do_not_make_a_return_invalid(returns_dir: Path, plan: Plan) -> None:
    report = validate_file(returns_dir / "indicator-return-good.csv", "indicator-return", plan=plan)
    assert report.warnings == 1 and report.errors == 0
    assert report.valid and report.status == "valid"
    assert report.invalid_positions == frozenset()


def test_without_a_plan_only_the_shape_of_an_indicator_return_is_checked(
    returns_dir: Path,
) -> None:
    report = validate_file(returns_dir / "indicator-return-bad.csv", "indicator-return")
    assert {code for _, _, code in found(report)} == {
        "unreadable-period",
        "not-a-number",
        "duplicate-row",
        "missing-value",
    }
