"""Qualitative evidence in reports: text observations shown, summaries quoted only with consent.

The guide's "Service user feedback": survivor perspectives are essential, and what a survivor
said may be published only if they agreed.  Every format is written to a file and the file is
searched for the words of entries without consent.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

import aspcore
from aspcore.model import Evidence, EvidenceKind, Plan
from aspcore.report import compose, render, write_report
from aspcore.report.evidence import withheld_note
from aspcore.report.markdown import escape_markdown
from aspcore.report.model import Table
from aspcore.rules.evaluation import Evaluation

AS_OF = dt.date(2018, 11, 30)

#: Words of entries whose authors did not agree to be quoted: no output may hold them.
HELD = (
    "I was afraid to speak to anyone at first",
    "We asked for an interpreter three times",
    "Nobody explained the NRM to me",
    "My landlord still has my passport",
)
QUOTED = "Staff <b>listened</b> | thank you & goodbye"
MINUTES = "The board agreed a second drop-in"

PLAN: dict[str, Any] = {
    "partnership": "Testshire Modern Slavery Partnership",
    "year": "2018-19",
    "objectives": [
        {
            "id": "O1",
            "statement": "Support potential victims while they decide about the NRM",
            "stage": "respite",
            "owner": "Support provider manager",
            "indicators": ["I1", "I2"],
        }
    ],
    "actions": [{"id": "A1", "objective": "O1", "statement": "Run a drop-in service"}],
    "indicators": [
        {
            "id": "I1",
            "name": "Quality of feedback from service users",
            "level": "outcome",
            "unit": "text",
            "owner": "Support provider manager",
        },
        {"id": "I2", "name": "Service users", "level": "output", "unit": "count"},
    ],
    "observations": [
        {
            "indicator": "I1",
            "period": "2018-19 Q1",
            "value": "Some found the forms long",
            "rag": "amber",
            "agency": "Provider",
        },
        {
            "indicator": "I1",
            "period": "2018-19 Q2",
            "value": "Clear & <useful>",
            "rag": "green",
            "agency": "Council",
        },
        {"indicator": "I2", "period": "2018-19 Q2", "value": 12},
    ],
    "evidence": [
        {
            "id": "EV4",
            "kind": "minutes",
            "date": "2018-07-01",
            "summary": MINUTES,
            "source": "Board minutes",
            "consent": True,
            "links": ["O1"],
        },
        {
            "id": "EV2",
            "kind": "feedback",
            "date": "2018-08-01",
            "summary": HELD[0],
            "sumary": HELD[1],
            "source": "Drop-in",
            "consent": False,
            "links": ["O1"],
        },
        {
            "id": "EV1",
            "kind": "feedback",
            "date": "2018-09-14",
            "summary": QUOTED,
            "source": "Drop-in <session>",
            "consent": True,
            "links": ["O1", "I1"],
        },
        {"id": "EV3", "kind": "consultation", "date": "2018-10-03", "summary": HELD[2]},
        {"kind": "feedback", "date": "2018-10-04", "summary": HELD[3]},
    ],
}


@pytest.fixture(scope="module")
def evidence_plan() -> Plan:
    return aspcore.plan_from_mapping(PLAN)


@pytest.fixture(scope="module")
def evaluated(evidence_plan: Plan) -> Evaluation:
    return aspcore.evaluate(evidence_plan, as_of=AS_OF)


def written(path: Path) -> str:
    """Everything a written report file holds, as text (every part of an XLSX workbook)."""
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as archive:
            return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("published", [True, False])
@pytest.mark.parametrize("kind", ["board", "annual"])
@pytest.mark.parametrize("suffix", [".html", ".md", ".xlsx", ".json"])
def test_no_output_holds_words_without_consent(
    evaluated: Evaluation,
    evidence_plan: Plan,
    tmp_path: Path,
    suffix: str,
    kind: str,
    published: bool,
) -> None:
    out = write_report(
        evaluated, evidence_plan, tmp_path / f"report{suffix}", kind, published=published
    )
    text = written(out)
    for words in HELD:
        assert words not in text, f"{words!r} is in the {kind} {suffix} report"
    if suffix != ".json":
        assert "2 more entries held without consent to quote" in text
        assert MINUTES in text


def test_the_entry_without_an_id_is_reported_without_its_words(evidence_plan: Plan) -> None:
    issues = {(f.rule, f.subject) for f in evidence_plan.issues}
    assert {("PLAN-007", "evidence[5]"), ("PLAN-008", "EV2")} <= issues
    assert not any(words in repr(f.to_dict()) for f in evidence_plan.issues for words in HELD)


def test_quoted_entries_are_listed_by_kind_and_date_and_escaped(
    evaluated: Evaluation, evidence_plan: Plan
) -> None:
    markdown = str(render(evaluated, evidence_plan, "markdown"))
    section = markdown.split("## Evidence", 1)[1]
    rows = [line for line in section.splitlines() if line.startswith("| EV")]
    assert [row.split(" | ")[0] for row in rows] == ["| EV1", "| EV4"]
    assert "Staff &lt;b&gt;listened&lt;/b&gt; \\| thank you &amp; goodbye" in rows[0]
    assert "| Feedback | 2018-09-14 |" in rows[0] and "| O1, I1 |" in rows[0]
    html = str(render(evaluated, evidence_plan, "html"))
    assert "Staff &lt;b&gt;listened&lt;/b&gt; | thank you &amp; goodbye" in html
    assert "Drop-in &lt;session&gt;" in html and "<b>listened" not in html


def test_the_workbook_has_an_evidence_sheet_with_the_count(
    evaluated: Evaluation, evidence_plan: Plan
) -> None:
    data = render(evaluated, evidence_plan, "xlsx")
    assert isinstance(data, bytes)
    ws = load_workbook(io.BytesIO(data))["Evidence"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0] == ["ID", "Kind", "Date", "Summary", "Source", "Links"]
    assert [row[0] for row in values[1:3]] == ["EV1", "EV4"] and values[1][3] == QUOTED
    assert values[-1][0] == withheld_note(evidence_plan.evidence)


def test_the_count_names_the_kinds_held() -> None:
    def held(eid: str, kind: EvidenceKind, consent: bool = False) -> Evidence:
        return Evidence(eid, kind, consent=consent)

    assert withheld_note(()) == ""
    assert withheld_note((held("E1", EvidenceKind.FEEDBACK, True),)) == ""
    assert withheld_note((held("E1", EvidenceKind.CASE_STUDY),)) == (
        "1 entry held without consent to quote (1 case study)."
    )
    mixed = (
        held("E1", EvidenceKind.FEEDBACK, True),
        held("E2", EvidenceKind.CONSULTATION),
        held("E3", EvidenceKind.FEEDBACK),
        held("E4", EvidenceKind.FEEDBACK),
    )
    assert withheld_note(mixed) == (
        "3 more entries held without consent to quote (2 feedback, 1 consultation)."
    )


def _evidence_table(evaluation: Evaluation, plan: Plan, kind: str) -> Table:
    report = compose(evaluation, plan, kind)
    (section,) = [s for s in report.sections if s.id == "evidence"]
    (table,) = section.blocks
    assert isinstance(table, Table)
    return table


def test_a_plan_with_no_evidence_says_so(evaluated: Evaluation) -> None:
    plan = aspcore.plan_from_mapping({"partnership": "P"})
    for kind in ("board", "annual"):
        table = _evidence_table(evaluated, plan, kind)
        assert table.rows == () and table.note == ""
        assert table.empty.startswith("The plan records no qualitative evidence")


def test_a_plan_whose_entries_all_lack_consent_quotes_none(evaluated: Evaluation) -> None:
    plan = aspcore.plan_from_mapping(
        {"partnership": "P", "evidence": [{"id": "E1", "kind": "feedback", "summary": HELD[0]}]}
    )
    table = _evidence_table(evaluated, plan, "board")
    assert table.rows == () and table.empty == "No entry has consent to be quoted."
    assert table.note == "1 entry held without consent to quote (1 feedback)."


LATEST = "“Clear & <useful>” (2018-19 Q2, Council, reported Green)"


def test_the_latest_text_of_a_text_indicator_is_shown(
    evaluated: Evaluation, evidence_plan: Plan
) -> None:
    markdown = str(render(evaluated, evidence_plan, "markdown"))
    (row,) = [line for line in markdown.splitlines() if line.startswith("| I1 |")]
    assert escape_markdown(LATEST) in row
    html = str(render(evaluated, evidence_plan, "html"))
    assert "“Clear &amp; &lt;useful&gt;” (2018-19 Q2, Council, reported Green)" in html
    data = render(evaluated, evidence_plan, "xlsx")
    assert isinstance(data, bytes)
    ws = load_workbook(io.BytesIO(data))["Indicators"]
    header = [c.value for c in ws[1]]
    latest = {row[0].value: row[header.index("Latest")].value for row in ws.iter_rows(min_row=2)}
    assert latest["I1"] == LATEST


def test_the_annual_figures_show_each_period_text(
    evaluated: Evaluation, evidence_plan: Plan
) -> None:
    markdown = str(render(evaluated, evidence_plan, "markdown", "annual"))
    figures = markdown.split("### The year's figures", 1)[1]
    (row,) = [line for line in figures.splitlines() if line.startswith("| I1 |")]
    assert "| “Some found the forms long” (Provider, reported Amber) |" in row
    assert "| “Clear &amp; &lt;useful&gt;” (Council, reported Green) |" in row


def test_a_text_without_agency_or_colour_shows_its_period(evaluated: Evaluation) -> None:
    plan = aspcore.plan_from_mapping(
        {
            "partnership": "P",
            "indicators": [{"id": "T1", "name": "Campaign feedback", "unit": "text"}],
            "observations": [{"indicator": "T1", "period": "2018-19 Q3", "value": "Useful"}],
        }
    )
    markdown = str(render(evaluated, plan, "markdown"))
    (row,) = [line for line in markdown.splitlines() if line.startswith("| T1 |")]
    assert "| “Useful” (2018-19 Q3) |" in row
