"""The XLSX workbook: the action plan as partnerships keep it, filled RAG cells, stable bytes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from openpyxl import load_workbook

from aspcore.model import Plan, Rag
from aspcore.report import render
from aspcore.report.colours import RAG_COLOURS
from aspcore.rules.evaluation import Evaluation


def workbook(evaluation: Evaluation, plan: Plan, kind: str = "board") -> bytes:
    out = render(evaluation, plan, "xlsx", kind)
    assert isinstance(out, bytes)
    return out


def test_sheets_start_with_the_action_plan(full: Evaluation, plan: Plan) -> None:
    wb = load_workbook(io.BytesIO(workbook(full, plan)))
    assert wb.sheetnames[0] == "Action plan"
    assert {"Indicators", "Risks", "Findings", "About"} <= set(wb.sheetnames)
    header = [c.value for c in wb["Action plan"][1]]
    assert header[:4] == ["Action", "Owner", "Timescale", "RAG Status"]


def test_every_table_prints_landscape_page_wide_with_its_header_repeated(
    full: Evaluation, plan: Plan
) -> None:
    wb = load_workbook(io.BytesIO(workbook(full, plan)))
    for name in ("Action plan", "Indicators", "Risks", "Findings"):
        ws = wb[name]
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref, name
        assert ws.page_setup.orientation == "landscape", name
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), name
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert ws.print_title_rows == "$1:$1", name


def test_rag_cells_are_filled_in_their_colour_and_spelt_out(full: Evaluation, plan: Plan) -> None:
    ws = load_workbook(io.BytesIO(workbook(full, plan)))["Action plan"]
    rows = {row[5].value: row for row in ws.iter_rows(min_row=2)}
    red = rows["A1"][3]
    assert red.value == "Red"
    assert red.fill.fgColor.rgb.endswith(RAG_COLOURS[Rag.RED].background.lstrip("#"))
    assert red.font.color.rgb.endswith(RAG_COLOURS[Rag.RED].text.lstrip("#"))
    assert rows["A2"][3].value == "Blue (complete)"
    assert rows["A4"][3].value == "No rating"


def test_about_sheet_states_date_ruleset_version_and_disclosure(
    full: Evaluation, plan: Plan
) -> None:
    ws = load_workbook(io.BytesIO(workbook(full, plan)))["About"]
    about = {row[0].value: row[1].value for row in ws.iter_rows()}
    assert about["As of"] == dt.datetime(2018, 11, 30)
    assert (about["Ruleset"], about["Ruleset version"]) == ("test-rules", "7")
    assert about["aspcore version"] == "9.9.9"
    assert "suppressed" in about["Disclosure"]


def test_workbook_bytes_do_not_depend_on_the_clock(full: Evaluation, plan: Plan) -> None:
    data = workbook(full, plan)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2018, 11, 30, 0, 0, 0)}
    wb = load_workbook(io.BytesIO(data))
    assert wb.properties.created == wb.properties.modified == dt.datetime(2018, 11, 30)
    assert workbook(full, plan) == data


def test_other_kinds_get_one_sheet_per_table(full: Evaluation, plan: Plan) -> None:
    wb = load_workbook(io.BytesIO(workbook(full, plan, "logframe")))
    assert wb.sheetnames == ["LogFrame", "Findings", "About"]
    assert [c.value for c in wb["LogFrame"][2]][:2] == ["Goal", "Less exploitation"]


def test_published_workbook_hides_small_counts(full: Evaluation, plan: Plan) -> None:
    ws = load_workbook(io.BytesIO(workbook(full, plan)))["Indicators"]
    latest = {row[0].value: row[5].value for row in ws.iter_rows(min_row=2)}
    assert latest["I2"] == "[c] (2018-19 Q2)"
