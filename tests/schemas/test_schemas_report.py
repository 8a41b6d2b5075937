"""Reports: what each problem says, severities and validity, exit codes, several files at once."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from aspcore.model import Severity
from aspcore.returns import validate_file, validate_files
from aspcore.schemas import Problem, ReportSet, ValidationReport, validate_frame
from aspcore.schemas.problems import WITHHELD, display_value
from aspcore.schemas.report import format_message


def problem(severity: Severity, position: int | None = 0, code: str = "c") -> Problem:
    return Problem(code, severity, "A message.", "check", "s", row=2, position=position)


def test_a_problem_says_where_what_and_why() -> None:
    report = validate_frame(
        pd.DataFrame(
            {"period": ["2018-19 Q1"], "indicator": ["I1"], "agency": ["A"], "value": [-1.5]}
        ),
        "nrm-breakdown",
    )
    missing = [p for p in report.problems if p.code == "missing-column"]
    assert {p.field for p in missing} >= {"exploitation_type", "total"}
    assert all(p.row is None and p.position is None for p in missing)
    assert missing[0].to_dict() == {
        "file": None,
        "sheet": None,
        "row": None,
        "column": missing[0].column,
        "field": missing[0].field,
        "value": None,
        "expected": None,
        "check": "column present",
        "code": "missing-column",
        "severity": "error",
        "message": missing[0].message,
    }
    assert report.invalid_positions == frozenset({0})


def test_errors_make_a_return_invalid_and_warnings_do_not() -> None:
    warned = ValidationReport("s", 3, (problem(Severity.WARNING), problem(Severity.INFO)))
    assert warned.valid and warned.exit_code == 0 and warned.warnings == 1
    failed = ValidationReport("s", 3, (problem(Severity.ERROR, 1), problem(Severity.WARNING, 2)))
    assert not failed.valid and failed.exit_code == 1
    assert failed.invalid_positions == frozenset({1})
    whole = ValidationReport("s", 3, (problem(Severity.ERROR, None),))
    assert whole.invalid_positions == frozenset({0, 1, 2})
    unusable = ValidationReport("s", 0, unusable="cannot read it")
    assert unusable.exit_code == 2 and unusable.status == "unusable" and not unusable.valid


def test_text_rendering_lists_problems_up_to_a_limit() -> None:
    report = ValidationReport("s", 5, tuple(problem(Severity.ERROR, i) for i in range(5)))
    text = report.to_text(limit=2)
    assert text.splitlines()[0] == "frame: INVALID (s): 5 rows, 5 invalid, 5 errors, 0 warnings"
    assert text.splitlines()[1] == "  row 2: error [c] A message."
    assert text.splitlines()[-1] == "  ... and 3 more problems (use JSON output)"
    assert len(text.splitlines()) == 4


def test_several_files_make_one_report_with_totals(returns_dir: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.csv"
    reports = validate_files(
        [
            returns_dir / "nrm-breakdown-scotland-2017.csv",
            returns_dir / "nrm-breakdown-bad.csv",
            returns_dir / "nrm-breakdown-scotland-2017.xlsx",
            missing,
        ],
        "nrm-breakdown",
    )
    assert isinstance(reports, ReportSet)
    assert [r.status for r in reports.reports] == ["valid", "invalid", "valid", "unusable"]
    assert reports.exit_code == 2 and not reports.valid
    assert reports.totals() == {
        "files": 4,
        "valid_files": 2,
        "unusable_files": 1,
        "rows": 15,
        "invalid_rows": 4,
        "errors": 5,
        "warnings": 0,
    }
    assert reports.codes()["column-total-mismatch"] == 2
    data = json.loads(json.dumps(reports.to_dict()))
    assert data["files"][3]["unusable"] == f"{missing}: no such file"
    assert reports.to_text().splitlines()[-1] == (
        "4 files (2 valid, 1 unusable), 15 rows, 4 invalid, 5 errors, 0 warnings"
    )
    assert ReportSet(()).exit_code == 0


def test_values_of_personal_columns_never_appear(returns_dir: Path) -> None:
    report = validate_file(returns_dir / "case-events-bad.csv", "case-events")
    (named,) = [p for p in report.problems if p.code == "looks-like-a-name"]
    assert named.value == WITHHELD
    assert "Jane Smith" not in report.to_text()
    assert "Jane Smith" not in json.dumps(report.to_dict())


def test_messages_fill_known_fields_and_leave_others() -> None:
    assert format_message("{column} is {value}; {other}", column="Total", value=3) == (
        "Total is 3; {other}"
    )


def test_values_are_shown_as_plain_json() -> None:
    import datetime as dt

    import numpy as np

    assert display_value(np.float64(3.0)) == 3
    assert display_value(float("nan")) is None
    assert display_value(pd.Timestamp("2018-07-01")) == "2018-07-01"
    assert display_value(dt.datetime(2018, 7, 1, 9, 30)) == "2018-07-01T09:30:00"
    assert display_value(pd.NaT) is None
    assert display_value(np.int64(4)) == 4
