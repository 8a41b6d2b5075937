"""The returns-xlsx adapter on the example workbook, on broken workbooks, and into the store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import aspcore
import openpyxl
import pytest
from aspcore.adapters import adapters, data_from, ingest_from

import aspcore_returns_xlsx
from aspcore_returns_xlsx.example import write_example

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "examples" / "northshire-2018-19-q2.xlsx"
PLAN = HERE.parents[2] / "examples" / "northshire-plan.yaml"


def observations(path: Path, **options: str) -> list[dict[str, object]]:
    return aspcore_returns_xlsx.read_data(path, **options).frame("observations").rows(named=True)


def sheet(
    book: openpyxl.Workbook,
    title: str,
    block: list[list[object]],
    rows: list[list[object]],
    header: tuple[str, ...] = ("Indicator", "Value", "Comment"),
) -> None:
    ws = book.create_sheet(title)
    for line in [["Quarterly return"], *block, [], list(header), *rows]:
        ws.append(line)


@pytest.fixture
def workbook(tmp_path: Path) -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    book.remove(book.active)
    return book


def test_example_workbook_gives_one_observation_per_row(tmp_path: Path) -> None:
    data = aspcore_returns_xlsx.read_data(EXAMPLE)
    rows = data.frame("observations").rows(named=True)
    assert len(rows) == 9
    council = [r for r in rows if r["agency"] == "Northshire Council"]
    assert [(r["indicator"], r["value"], r["period"]) for r in council] == [
        ("I1", 1040.0, "2018-19 Q2"),
        ("I2", 4.0, "2018-19 Q2"),
    ]
    assert (council[0]["source_sheet"], council[0]["source_row"]) == ("Council", 8)
    assert sorted({f.rule for f in data.findings}) == ["RETXLSX-001", "RETXLSX-006"]
    assert all(f.severity == aspcore.Severity.INFO for f in data.findings)


def test_the_shipped_example_is_what_the_script_writes(tmp_path: Path) -> None:
    fresh = write_example(tmp_path / "example.xlsx")
    strip = ("source_file",)
    mine = [{k: v for k, v in r.items() if k not in strip} for r in observations(fresh)]
    assert mine == [{k: v for k, v in r.items() if k not in strip} for r in observations(EXAMPLE)]


def test_problems_are_reported_with_sheet_and_row(
    workbook: openpyxl.Workbook, tmp_path: Path
) -> None:
    sheet(
        workbook,
        "Police",
        [["Agency:", "Northshire Police"], ["Period:", "2018-19 Q2"]],
        [
            ["I1", 10, None],
            [None, 5, "no indicator"],
            ["I2", "n/a", None],
            ["I3", "=B8*2"],
            ["I4", None, "not known yet"],
        ],
    )
    sheet(workbook, "Council", [["Period:", "2018-19 Q3"]], [["I1", 3, None]])
    sheet(
        workbook,
        "Health",
        [["Agency:", "Northshire CCG"], ["Period:", "Quarter two"]],
        [["I1", 1], ["I2", 2]],
    )
    sheet(
        workbook,
        "Dated",
        [["Agency:", "Provider"], ["Period:", dt.datetime(2018, 9, 30)]],
        [["I1", 1]],
    )
    path = tmp_path / "return.xlsx"
    workbook.save(path)
    data = aspcore_returns_xlsx.read_data(path)
    rows = data.frame("observations").rows(named=True)
    assert [(r["agency"], r["indicator"], r["value"]) for r in rows] == [
        ("Northshire Police", "I1", 10.0),
        ("Northshire Police", "I4", None),  # blank is kept: the schema warns, RAG shows grey
        ("Council", "I1", 3.0),
    ]
    found = {(f.rule, f.evidence.get("sheet"), f.line) for f in data.findings}
    assert {
        ("RETXLSX-004", "Police", 7),
        ("RETXLSX-005", "Police", 8),
        ("RETXLSX-005", "Police", 9),
        ("RETXLSX-002", "Council", None),
        ("RETXLSX-003", "Health", None),
        ("RETXLSX-003", "Dated", None),
    } <= found
    unreadable = next(f for f in data.findings if f.evidence.get("sheet") == "Health")
    assert "rows 6-7 (2)" in unreadable.message and unreadable.evidence["rows"] == 2
    assert "formula" in next(f.message for f in data.findings if f.line == 9)


def test_a_period_column_overrides_the_header_block(
    workbook: openpyxl.Workbook, tmp_path: Path
) -> None:
    sheet(
        workbook,
        "Police",
        [["Organisation", "Northshire Police"]],
        [["2018-19 Q1", "I1", 40], ["Q2 2018-19", "I1", 55]],
        header=("Quarter", "KPI", "Actual"),
    )
    path = tmp_path / "return.xlsx"
    workbook.save(path)
    assert [(r["period"], r["value"]) for r in observations(path)] == [
        ("2018-19 Q1", 40.0),
        ("2018-19 Q2", 55.0),
    ]


def test_header_block_labels_are_options(workbook: openpyxl.Workbook, tmp_path: Path) -> None:
    sheet(workbook, "Sheet", [["Service", "Pre-NRM support"], ["Month", "2018-07"]], [["I5", 2]])
    path = tmp_path / "return.xlsx"
    workbook.save(path)
    default = aspcore_returns_xlsx.read_data(path)
    assert default.frame("observations").is_empty()
    assert sorted(f.rule for f in default.findings) == ["RETXLSX-002", "RETXLSX-003"]
    (row,) = observations(path, agency_labels="service", period_labels="month, period")
    assert (row["agency"], row["period"]) == ("Pre-NRM support", "2018-07")


def test_a_workbook_without_a_return_is_an_input_error(
    workbook: openpyxl.Workbook, tmp_path: Path
) -> None:
    workbook.create_sheet("Notes").append(["Nothing here"])
    path = tmp_path / "notes.xlsx"
    workbook.save(path)
    with pytest.raises(aspcore.InputFileError, match="no sheet has a return table"):
        aspcore_returns_xlsx.read_data(path)
    with pytest.raises(aspcore.InputFileError, match="expected a quarterly return workbook"):
        aspcore_returns_xlsx.read_data(tmp_path / "return.csv")


def test_ingested_per_sheet_against_the_plan(aspcore_plugins, tmp_path: Path) -> None:
    plugins = aspcore_plugins(aspcore_returns_xlsx)
    assert adapters(plugins)["returns-xlsx"].plugin == "aspcore_returns_xlsx"
    ref = f"returns-xlsx:{EXAMPLE}"
    assert data_from(ref, plugins=plugins).names == ("observations",)
    plan = aspcore.load_plan(PLAN)
    done = ingest_from(ref, tmp_path / "store.duckdb", plugins=plugins, plan=plan)
    assert [(r.sheet, r.rows_valid, r.rows_quarantined) for r in done.results] == [
        ("Police", 4, 0),
        ("Council", 2, 0),
        ("Pre-NRM provider", 3, 0),
    ]
    again = ingest_from(ref, tmp_path / "store.duckdb", plugins=plugins, plan=plan)
    assert not any(r.added for r in again.results) and again.exit_code == 0
