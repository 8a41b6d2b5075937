"""Bad input: each case either parses correctly or gets a clear message, never a traceback."""

from __future__ import annotations

import codecs
import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from aspcore.io.tables import Formula, read_table
from aspcore.returns import validate_file
from aspcore.schemas import get_schema, prepare

HEADER = "Month,Provider,Referrals,New service users,Active service users,"
HEADER += "Secure accommodations identified,Volunteers,Complaints,Compliments,Feedback forms,"
HEADER += "Grant income,Expenditure\n"
ROW = '2018-06,Pre-NRM support provider,3,2,2,1,3,0,1,2,"£2,500.00","£2,180.40"\n'


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def unusable(path: Path, schema: str = "pre-nrm-monitoring", **options: object) -> str:
    report = validate_file(path, schema, **options)  # type: ignore[arg-type]
    assert report.exit_code == 2 and report.rows == 0 and not report.problems
    assert report.unusable is not None
    return report.unusable


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_text_encodings_partnerships_save_in_are_read(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path / "return.csv", HEADER + ROW.replace("provider", "providér"), encoding)
    table = read_table(path)
    assert table.headers[0] == "Month"
    assert table.rows[0]["Provider"] == "Pre-NRM support providér"
    report = validate_file(path, "pre-nrm-monitoring")
    assert report.valid, report.to_text()


def test_utf16_without_a_byte_order_mark_gets_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "return.csv"
    path.write_bytes((HEADER + ROW).encode("utf-16-le"))
    assert "save the file as 'CSV UTF-8'" in unusable(path)


def test_a_workbook_saved_with_a_csv_name_gets_a_clear_error(
    returns_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "return.csv"
    shutil.copy(returns_dir / "pre-nrm-monitoring-good.xlsx", path)
    assert unusable(path).endswith(
        "this is an Excel workbook saved with a .csv name; rename it to .xlsx"
    )


def test_a_text_file_saved_with_an_xlsx_name_gets_a_clear_error(tmp_path: Path) -> None:
    path = write(tmp_path / "return.xlsx", HEADER + ROW)
    assert "expected an Excel .xlsx workbook" in unusable(path)


@pytest.mark.parametrize("name", ["return.xls", "return.ods", "return"])
def test_other_formats_get_a_clear_error(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, HEADER + ROW)
    assert "expected a .csv or .xlsx file" in unusable(path)


def test_an_empty_file_is_unusable(tmp_path: Path) -> None:
    assert unusable(write(tmp_path / "empty.csv", "")).endswith(
        "the file is empty; expected a header row"
    )
    assert unusable(write(tmp_path / "blank.csv", "\n ,, \n\n")).endswith(
        "the file is empty; expected a header row"
    )


def test_a_header_only_file_is_invalid_with_one_clear_problem(tmp_path: Path) -> None:
    report = validate_file(write(tmp_path / "header.csv", HEADER), "pre-nrm-monitoring")
    assert report.exit_code == 1 and report.rows == 0
    assert [p.code for p in report.problems] == ["no-rows"]
    assert report.problems[0].message == (
        "The file has a header row but no data rows; a return needs at least one row."
    )


def test_a_sheet_that_does_not_exist_is_named_with_the_sheets_there_are(
    returns_dir: Path,
) -> None:
    message = unusable(
        returns_dir / "nrm-breakdown-scotland-2017.xlsx", "nrm-breakdown", sheet="2018"
    )
    assert message.endswith("there is no sheet '2018'; the sheets are: Scotland 2017, Notes")


def test_a_sheet_of_a_csv_file_is_refused(returns_dir: Path) -> None:
    message = unusable(returns_dir / "pre-nrm-monitoring-good.csv", sheet="June")
    assert message.endswith("a CSV file has no sheets, so there is no sheet 'June'")


def test_a_named_sheet_is_read(returns_dir: Path) -> None:
    report = validate_file(
        returns_dir / "nrm-breakdown-scotland-2017.xlsx", "nrm-breakdown", sheet="Scotland 2017"
    )
    assert report.valid and report.sheet == "Scotland 2017"


def test_files_over_the_size_limit_are_refused_before_reading(tmp_path: Path) -> None:
    path = write(tmp_path / "return.csv", HEADER + ROW * 100)
    message = unusable(path, max_bytes=1000)
    assert re.search(r"the file is 0\.\d MB, over the 0\.0 MB limit; split it", message)
    assert validate_file(path, "pre-nrm-monitoring", max_bytes=None).exit_code == 1


def test_a_50_mb_file_is_read_and_validated(tmp_path: Path) -> None:
    comment = "A long narrative comment from the agency about this value. " * 6
    line = f"2018-19 Q2,I1,Agency {{}},{{}},{comment}\n"
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as stream:
        stream.write("Period,Indicator,Agency,Value,Comment\n")
        number = 0
        while stream.tell() < 50_000_000:
            stream.write(line.format(number, number % 100))
            number += 1
    report = validate_file(path, "indicator-return")
    assert report.valid and report.rows == number


def test_numbers_as_partnerships_write_them(tmp_path: Path) -> None:
    text = "Period,Indicator,Agency,Value\n"
    text += '2018-19 Q1,I1,A,"1,234"\n2018-19 Q1,I2,A,45%\n2018-19 Q1,I3,A,£2.50\n'
    text += '2018-19 Q1,I4,A, 7 \n2018-19 Q1,I5,A,-3.25\n2018-19 Q1,I6,A,"1,23"\n'
    path = write(tmp_path / "return.csv", text)
    frame = prepare(read_table(path), get_schema("indicator-return")).frame
    assert frame["value"].tolist()[:5] == [1234.0, 45.0, 2.5, 7.0, -3.25]
    report = validate_file(path, "indicator-return")
    (problem,) = report.problems
    assert (problem.row, problem.code, problem.value) == (7, "not-a-number", "1,23")


def test_excel_serial_numbers_and_date_cells_in_date_columns(returns_dir: Path) -> None:
    table = read_table(returns_dir / "case-events-good.xlsx")
    assert table.rows[3]["Date"] == 43326  # an Excel serial, as the cell holds it
    assert isinstance(table.rows[0]["Date"], dt.datetime)
    frame = prepare(table, get_schema("case-events")).frame
    assert frame["date"].dt.date.tolist()[3] == dt.date(2018, 8, 14)
    assert frame["date"].dt.date.tolist()[2] == dt.date(2018, 7, 10)  # 10/07/2018 is UK order


def test_months_given_as_date_cells_name_their_month(returns_dir: Path) -> None:
    frame = prepare(
        read_table(returns_dir / "pre-nrm-monitoring-good.xlsx"), get_schema("pre-nrm-monitoring")
    ).frame
    assert frame["month"].tolist() == ["2018-06", "2018-07", "2018-08", "2018-09"]


def _with_saved_results(path: Path, results: dict[str, str]) -> None:
    """Write cached results into formula cells, as Excel does when it saves a workbook."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    for ref, value in results.items():
        sheet = re.sub(
            rf'(<c r="{ref}"[^>]*>)<f>([^<]*)</f><v\s*/>', rf"\1<f>\2</f><v>{value}</v>", sheet
        )
    parts["xl/worksheets/sheet1.xml"] = sheet.encode("utf-8")
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_formulas_give_their_saved_results_or_a_clear_problem(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Type", "Male adult", "Female adult", "Male minor", "Female minor", "Total"])
    sheet.append(["Labour", 77, 13, 28, 9, "=SUM(B2:E2)"])
    sheet.append(["Total", 77, 13, 28, 9, "=SUM(B3:E3)"])
    path = tmp_path / "formulas.xlsx"
    book.save(path)
    unsaved = read_table(path)
    assert unsaved.rows[0]["Total"] == Formula("SUM(B2:E2)")
    assert str(unsaved.rows[0]["Total"]) == "=SUM(B2:E2)"
    report = validate_file(path, "nrm-breakdown")
    assert [(p.row, p.code) for p in report.problems] == [
        (2, "formula-without-value"),
        (3, "formula-without-value"),
    ]
    _with_saved_results(path, {"F2": "127", "F3": "127"})
    assert read_table(path).rows[0]["Total"] == 127
    assert validate_file(path, "nrm-breakdown").valid


def test_merged_cells_in_data_rows_fill_every_cell_they_cover_and_say_so(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Action", "Owner", "Timescale", "RAG Status"])
    sheet.append(["Run a conference", "Business engagement lead", "June 2016", "Green"])
    sheet.append(["Publish a newsletter", None, "Sept 2018", "Green"])
    sheet.merge_cells("B2:B3")
    path = tmp_path / "plan.xlsx"
    book.save(path)
    table = read_table(path)
    assert [row["Owner"] for row in table.rows] == ["Business engagement lead"] * 2
    assert table.merged == {(3, "Owner"): "B2:B3"}
    (problem,) = validate_file(path, "action-plan").problems
    assert (problem.code, problem.severity.value, problem.row, problem.column) == (
        "merged-cell",
        "warning",
        3,
        "Owner",
    )
    assert problem.message == (
        "Owner: the cell is part of the merged cells B2:B3, so it repeats the value of their "
        "first cell; check it belongs to this row too, or type it in each row."
    )


def test_a_count_merged_over_rows_is_an_error_not_counted_twice(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Period", "Indicator", "Agency", "Value"])
    sheet.append(["2018-19 Q1", "I1", "Police", 7])
    sheet.append(["2018-19 Q1", "I2", "Police", None])
    sheet.append(["2018-19 Q1", "I3", "Police", None])
    sheet.merge_cells("D2:D4")
    sheet.merge_cells("A2:A4")  # a period typed once for the block: a warning, not an error
    path = tmp_path / "return.xlsx"
    book.save(path)
    report = validate_file(path, "indicator-return")
    found = sorted((p.row, p.column, p.severity.value) for p in report.problems)
    assert found == [
        (3, "Period", "warning"),
        (3, "Value", "error"),
        (4, "Period", "warning"),
        (4, "Value", "error"),
    ]
    assert report.invalid_positions == frozenset({1, 2})


def test_duplicate_headers_are_refused_rather_than_losing_a_column(tmp_path: Path) -> None:
    path = write(
        tmp_path / "return.csv", "Period,Indicator,Agency,Value,Value\n2018-19 Q1,I1,A,1,2\n"
    )
    assert unusable(path, "indicator-return").endswith(
        "row 1: columns 4 and 5 are both headed 'Value'; give each column its own heading"
    )


def test_two_headers_for_one_column_are_reported(tmp_path: Path) -> None:
    text = "Period,Indicator,Agency,Value,Actual\n2018-19 Q1,I1,A,1,2\n"
    report = validate_file(write(tmp_path / "return.csv", text), "indicator-return")
    (problem,) = report.problems
    assert (problem.code, problem.column, problem.row) == ("duplicate-column", "Actual", None)
    assert problem.message == "The columns 'Value' and 'Actual' both hold Value; keep one of them."
    assert report.invalid_positions == frozenset({0})


def test_missing_and_unexpected_columns(tmp_path: Path) -> None:
    text = "Period,Indicator,Value,Reviewed by\n2018-19 Q1,I1,1,Analyst\n"
    report = validate_file(write(tmp_path / "return.csv", text), "indicator-return")
    assert [(p.code, p.severity.value, p.column) for p in report.problems] == [
        ("missing-column", "error", "Agency"),
        ("unexpected-column", "warning", "Reviewed by"),
    ]
    assert report.problems[0].message.startswith("The return has no Agency column")


def test_a_title_row_above_the_table_is_skipped(tmp_path: Path) -> None:
    text = (
        "Northshire returns for 2018-19 Q1,,,\nPeriod,Indicator,Agency,Value\n2018-19 Q1,I1,A,1\n"
    )
    table = read_table(write(tmp_path / "return.csv", text))
    assert table.headers == ("Period", "Indicator", "Agency", "Value")
    assert table.row_numbers == (3,)


def test_cells_beyond_the_header_are_refused(tmp_path: Path) -> None:
    text = "Period,Indicator,Agency,Value\n2018-19 Q1,I1,A,1,surprise\n"
    assert unusable(write(tmp_path / "return.csv", text), "indicator-return").endswith(
        "row 2: has more cells than the header (4 columns); the extra values would be lost"
    )


def test_utf16_text_decoding_is_strict(tmp_path: Path) -> None:
    path = tmp_path / "return.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + b"P\x00\x00\xd8")
    assert "not valid UTF-16" in unusable(path)
