"""Ingesting returns: every row kept exactly once, with provenance, and never twice."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aspcore.errors import InputFileError, SchemaError
from aspcore.returns import file_sha256, ingest_file
from aspcore.schemas import ColumnSpec, SchemaSpec, get_schema
from aspcore.store import Store, summarise, table_name


def test_a_valid_return_is_stored_with_provenance(
    store: Store, returns_dir: Path, now: dt.datetime
) -> None:
    path = returns_dir / "nrm-breakdown-scotland-2017.xlsx"
    result = ingest_file(path, "nrm-breakdown", store, agency="Police Scotland", now=now)
    assert (result.added, result.rows_valid, result.rows_quarantined) == (True, 5, 0)
    assert result.exit_code == 0 and result.table == "nrm_breakdown"
    rows = store.rows("nrm_breakdown")
    assert rows["source_row"].tolist() == [4, 5, 6, 7, 8]
    assert set(rows["source_file"]) == {"nrm-breakdown-scotland-2017.xlsx"}
    assert set(rows["source_sha256"]) == {file_sha256(path)}
    assert set(rows["source_sheet"]) == {"Scotland 2017"}
    assert set(rows["source_agency"]) == {"Police Scotland"}
    assert set(rows["ingested_at"]) == {dt.datetime(2018, 10, 5, 9, 30)}
    assert rows["exploitation_type"].tolist() == [
        "domestic-servitude",
        "labour",
        "sexual",
        "unknown",
        "total",
    ]
    assert rows["total"].tolist() == [9, 127, 55, 16, 207]
    assert store.quarantined().empty


def test_invalid_rows_go_to_quarantine_with_raw_values_and_every_reason(
    store: Store, returns_dir: Path
) -> None:
    result = ingest_file(returns_dir / "action-plan-bad.csv", "action-plan", store)
    assert (result.rows_valid, result.rows_quarantined, result.exit_code) == (0, 4, 1)
    held = store.quarantined()
    assert held["source_row"].tolist() == [2, 3, 4, 5]
    raw = json.loads(held["raw"][1])
    assert raw == {
        "ID": "A2",
        "Action": "Publish a partnership newsletter",
        "Owner": "Communications officer",
        "Timescale": "soonish",
        "Status": "In progress",
        "Progress": "60",
        "RAG Status": "Purple",
    }
    reasons = json.loads(held["reasons"][1])
    assert [r["code"] for r in reasons] == ["duplicate-id", "unreadable-timescale", "unknown-rag"]
    assert reasons[2]["message"].startswith("'Purple' is not a RAG status")


def test_every_row_ends_in_exactly_one_place(store: Store, returns_dir: Path) -> None:
    result = ingest_file(returns_dir / "nrm-referrals-bad.xlsx", "nrm-referrals", store)
    table = ingest_file(returns_dir / "nrm-referrals-good.csv", "nrm-referrals", store)
    assert result.rows_valid + result.rows_quarantined == result.report.rows  # type: ignore[union-attr]
    stored = store.rows("nrm_referrals")
    held = store.quarantined()
    first = result.ingest_id
    assert sorted(
        [*stored[stored.ingest_id == first].source_row, *held[held.ingest_id == first].source_row]
    ) == [2, 3, 4, 5]
    assert table.rows_valid == 4
    assert stored[stored.ingest_id == table.ingest_id]["exploitation_type"].tolist()[1] == (
        "sexual;criminal"
    )


def test_ingesting_the_same_file_again_adds_nothing_and_says_so(
    store: Store, returns_dir: Path, tmp_path: Path, now: dt.datetime
) -> None:
    path = returns_dir / "pre-nrm-monitoring-bad.csv"
    first = ingest_file(path, "pre-nrm-monitoring", store, now=now)
    copy = tmp_path / "renamed.csv"
    shutil.copy(path, copy)
    for again in (path, copy):
        repeat = ingest_file(again, "pre-nrm-monitoring", store)
        assert not repeat.added and repeat.exit_code == 0
        assert repeat.previous is not None and repeat.previous.ingest_id == first.ingest_id
        assert repeat.to_text() == (
            f"{again}: already ingested as ingest {first.ingest_id} on 2018-10-05 09:30 "
            "(1 row stored, 3 quarantined); nothing added."
        )
    summary = summarise(store)
    assert (summary.rows, summary.quarantined, len(summary.ingests)) == (1, 3, 1)


def test_the_same_workbook_sheet_by_sheet_is_two_ingests(store: Store, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "Q1"
    first.append(["Period", "Indicator", "Agency", "Value"])
    first.append(["2018-19 Q1", "I1", "Police", 4])
    second = book.create_sheet("Q2")
    second.append(["Period", "Indicator", "Agency", "Value"])
    second.append(["2018-19 Q2", "I1", "Police", 6])
    path = tmp_path / "returns.xlsx"
    book.save(path)
    assert ingest_file(path, "indicator-return", store).added
    assert ingest_file(path, "indicator-return", store, sheet="Q2").added
    assert not ingest_file(path, "indicator-return", store, sheet="Q1").added
    assert store.rows("indicator_return")["source_sheet"].tolist() == ["Q1", "Q2"]


def test_columns_the_schema_does_not_know_and_warnings_are_kept(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "return.csv"
    path.write_text(
        "Period,Indicator,Agency,Value,Checked by\n2018-19 Q1,I1,Police,,Analyst\n",
        encoding="utf-8",
    )
    result = ingest_file(path, "indicator-return", store)
    assert result.rows_valid == 1
    row = store.rows("indicator_return").iloc[0]
    assert json.loads(row["extras"]) == {"Checked by": "Analyst"}
    assert [w["code"] for w in json.loads(row["warnings"])] == ["blank-value"]
    (ingest,) = summarise(store).ingests
    assert ingest.status == "valid"
    file_problems = json.loads(
        store.con.execute("SELECT file_problems FROM ingests").fetchone()[0]  # type: ignore[index]
    )
    assert [p["code"] for p in file_problems] == ["unexpected-column"]


def test_an_unusable_file_stores_nothing(store: Store, tmp_path: Path) -> None:
    result = ingest_file(tmp_path / "missing.csv", "indicator-return", store)
    assert result.exit_code == 2 and not result.added and result.sha256 is None
    assert result.to_text().endswith("Nothing stored.")
    assert summarise(store).ingests == ()


def test_the_summary_shows_what_is_held(store: Store, returns_dir: Path, now: dt.datetime) -> None:
    ingest_file(returns_dir / "nrm-breakdown-scotland-2017.csv", "nrm-breakdown", store, now=now)
    ingest_file(returns_dir / "nrm-breakdown-bad.csv", "nrm-breakdown", store, now=now)
    ingest_file(returns_dir / "case-events-good.csv", "case-events", store, now=now)
    summary = summarise(store)
    data = summary.to_dict()
    assert (data["rows"], data["quarantined"]) == (11, 4)
    assert data["tables"] == [
        {"schema": "case-events", "table": "case_events", "rows": 5, "files": 1, "quarantined": 0},
        {
            "schema": "nrm-breakdown",
            "table": "nrm_breakdown",
            "rows": 6,
            "files": 2,
            "quarantined": 4,
        },
    ]
    assert [i["status"] for i in data["ingests"]] == ["valid", "invalid", "valid"]
    text = summary.to_text()
    assert text.splitlines()[0].endswith(": 11 rows in 2 tables, 4 quarantined, 3 ingests")
    assert "#2 2018-10-05 09:30 nrm-breakdown: nrm-breakdown-bad.csv: 5 rows, 1 stored" in text


def test_a_store_opens_from_a_path_and_reopens_with_its_contents(
    returns_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "store.duckdb"
    ingest_file(returns_dir / "case-events-good.xlsx", "case-events", path)
    with Store(path, read_only=True) as reopened:
        assert summarise(reopened).rows == 5
    with pytest.raises(InputFileError, match="no such store"):
        Store(tmp_path / "other.duckdb", read_only=True)


def test_a_table_gains_the_columns_a_schema_gains(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "visits.csv"
    path.write_text("Visits\n3\n", encoding="utf-8")
    small = SchemaSpec("hub-visits", "Hub visits", (ColumnSpec("visits", "integer"),))
    ingest_file(path, small, store)
    larger = SchemaSpec(
        "hub-visits",
        "Hub visits",
        (
            ColumnSpec("visits", "integer"),
            ColumnSpec("site", "text", required=False, nullable=True),
        ),
        version=2,
    )
    path.write_text("Visits,Site\n4,Derby\n", encoding="utf-8")
    ingest_file(path, larger, store)
    rows = store.rows("hub_visits")
    assert rows["visits"].tolist() == [3, 4]
    assert rows["site"].tolist()[1] == "Derby"


def test_schema_names_that_would_take_the_stores_own_tables_are_refused() -> None:
    with pytest.raises(SchemaError, match="store keeps for itself"):
        table_name(SchemaSpec("quarantine", "Q", (ColumnSpec("a", "text"),)))


ROW = st.tuples(
    st.sampled_from(["2018-19 Q1", "2018-19 Q2", "not a period", ""]),
    st.sampled_from(["I1", "I2", ""]),
    st.sampled_from(["Police", "Council"]),
    st.sampled_from(["1", "2,500", "40%", "", "seven", "-3"]),
)


@settings(max_examples=25)
@given(rows=st.lists(ROW, min_size=1, max_size=30))
def test_property_every_input_row_is_stored_or_quarantined_once(
    rows: list[tuple[str, str, str, str]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "return.csv"
        lines = ["Period,Indicator,Agency,Value"] + [",".join(f'"{c}"' for c in r) for r in rows]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        with Store(Path(folder) / "store.duckdb") as store:
            result = ingest_file(path, get_schema("indicator-return"), store)
            report = result.report
            assert report is not None
            numbers = [
                *store.rows("indicator_return")["source_row"],
                *store.quarantined()["source_row"],
            ]
            expected = list(range(2, 2 + len(rows)))
            assert sorted(numbers) == expected
            assert result.rows_quarantined == len(report.invalid_positions)
            assert result.rows_valid + result.rows_quarantined == len(rows)
