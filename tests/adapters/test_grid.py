"""``aspcore.adapters.Grid``: a sheet's cells, findings that name its place, row provenance."""

from __future__ import annotations

from aspcore.adapters import PROVENANCE_COLUMNS, Grid, header_keys
from aspcore.io.tables import normalise_header
from aspcore.model import Severity
from aspcore.schemas.spec import ColumnSpec, SchemaSpec


def test_report_names_the_file_sheet_row_column_and_plugin() -> None:
    grid = Grid("return.xlsx", "Police", [["Indicator", "Value"], ["I1", "lots"]], "returns")
    grid.report(
        "RET-005", "row 2: 'lots' is not a number", Severity.ERROR, 2, "Value", "Write a number"
    )
    grid.report("RET-001", "no period above the table", Severity.WARNING, evidence={"rows": 1})
    row, whole = grid.findings
    assert (row.rule, row.subject, row.subject_kind, row.line) == (
        "RET-005",
        "return.xlsx:Police:2",
        "row",
        2,
    )
    assert row.evidence == {"file": "return.xlsx", "sheet": "Police", "row": 2, "column": "Value"}
    assert (row.plugin, row.suggestion, row.severity) == (
        "returns",
        "Write a number",
        Severity.ERROR,
    )
    assert (whole.subject, whole.subject_kind, whole.line) == ("return.xlsx:Police", "file", None)
    assert whole.evidence == {"file": "return.xlsx", "sheet": "Police", "rows": 1}


def test_a_csv_grid_has_no_sheet_and_gives_rows_their_provenance() -> None:
    grid = Grid("nrm.csv", None, [["Type", "Total"], ["Labour", "3"]], "nrm")
    provenance = grid.provenance(2)
    assert provenance == {"source_file": "nrm.csv", "source_sheet": None, "source_row": 2}
    assert tuple(provenance) == PROVENANCE_COLUMNS
    grid.report("NRM-001", "no NRM table here; skipped", Severity.INFO)
    assert [f.subject for f in grid.findings] == ["nrm.csv"]
    assert Grid("nrm.csv", None, [], "nrm").findings == []  # each grid has its own list


def test_header_keys_match_every_spelling_of_a_column_and_the_first_column_wins() -> None:
    spec = SchemaSpec(
        "visits",
        "Outreach visits",
        (
            ColumnSpec("person_id", "text", "Person ID", aliases=("Pseudonym", "client")),
            ColumnSpec("visit_date", "date", "Visit date", aliases=("date",)),
            ColumnSpec("follow_up", "date", "Follow-up date", aliases=("Date",)),
        ),
    )
    keys = header_keys(spec)
    cells = ["PERSON  ID", "pseudonym", "Visit Date", "date", "Follow-up date", "notes"]
    assert [keys.get(normalise_header(c)) for c in cells] == [
        "person_id",
        "person_id",
        "visit_date",
        "visit_date",  # "Date" is also follow_up's alias: the first column keeps it
        "follow_up",
        None,
    ]
