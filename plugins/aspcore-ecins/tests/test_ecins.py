"""The ecins adapter on the documented example export, and on exports with problems."""

from __future__ import annotations

import csv
import hashlib
import hmac
from collections.abc import Callable
from pathlib import Path

import aspcore
import openpyxl
import polars as pl
import pytest
from aspcore.adapters import adapters, data_from, ingest_from, load_plan_from, parse_from

import aspcore_ecins

RAW_IDS = {f"PR-{n}" for n in (104233, 104391, 104402, 104517, 104580, 104622, 104705, 104811)}


def rules(findings: tuple[aspcore.Finding, ...]) -> list[str]:
    return sorted(f.rule for f in findings)


def test_registered_through_the_adapter_hook(aspcore_plugins, export: Path) -> None:
    plugins = aspcore_plugins(aspcore_ecins)
    assert adapters(plugins)["ecins"].plugin == "aspcore_ecins"
    ref = parse_from(f"ecins:{export}", plugins, options=["mapping=custom.toml"])
    assert ref.adapter.name == "ecins" and ref.options == {"mapping": "custom.toml"}


def test_example_export_gives_events_from_referrals_and_decisions(export: Path) -> None:
    data = aspcore_ecins.read_data(export)
    events = data.frame("events").to_native()
    counts = dict(events.group_by("event").len().sort("event").iter_rows())
    # 9 referrals into the system; NRM referral, RG and CG only where their date is filled in,
    # each decision also with its outcome (RF-2018-0198's reasonable grounds were negative)
    assert counts == {
        "conclusive_grounds": 1,
        "conclusive_grounds_positive": 1,
        "identified": 9,
        "reasonable_grounds": 6,
        "reasonable_grounds_negative": 1,
        "reasonable_grounds_positive": 5,
        "referral": 7,
    }
    assert rules(data.findings) == ["ECINS-007"]  # no key set: pseudonyms for this export only
    assert events["date"].dtype == pl.Date
    assert data.schemas == {"events": "case-events"}


def test_breakdowns_come_from_the_profile(export: Path) -> None:
    events = aspcore_ecins.read_data(export).frame("events").to_native()
    referral = events.filter(pl.col("event") == "identified", pl.col("source_row") == 4).row(
        0, named=True
    )
    assert referral["sex"] == "male" and referral["age_group"] == "child"
    assert referral["agency"] == "Northshire Children's Services"
    assert referral["exploitation_type"] == "criminal" and referral["stage"] == "discovery"


def test_keyed_pseudonyms_are_hmac_sha256_and_raw_ids_never_leave(
    export: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASPCORE_PSEUDONYM_KEY", "shared partnership key")
    data = aspcore_ecins.read_data(export)
    events = data.frame("events").to_native()
    expected = hmac.new(b"shared partnership key", b"PR-104233", hashlib.sha256).hexdigest()
    first = events.filter(pl.col("source_row") == 2)["person_id"].unique().to_list()
    assert first == [f"p-{expected[:16]}"]
    text = events.write_csv() + "".join(str(f.to_dict()) for f in data.findings)
    assert not [raw for raw in RAW_IDS if raw in text]
    assert "ECINS-007" not in rules(data.findings)


def test_the_same_person_gets_the_same_pseudonym_across_referrals(export: Path) -> None:
    events = aspcore_ecins.read_data(export).frame("events").to_native()
    rows = events.filter(pl.col("event") == "identified", pl.col("source_row").is_in([2, 9]))
    assert rows["person_id"].n_unique() == 1  # PR-104233 was referred twice


def test_actions_become_a_plan_that_aspcore_rates(export: Path, aspcore_evaluate) -> None:
    plan = aspcore_ecins.read_plan(export)
    assert plan.partnership == "Northshire Modern Slavery Partnership"
    assert len(plan.actions) == 10 and not plan.issues
    first = plan.actions[0]
    assert (first.id, first.owner, str(first.due)) == (
        "AC-5001",
        "Pre-NRM support provider",
        "2018-04-18",
    )
    result = aspcore_evaluate(plan, aspcore_ecins)
    rag = {s.subject: s.rag for s in result.statuses if s.kind == "action"}
    assert rag["AC-5001"] == aspcore.Rag.BLUE  # complete
    assert rag["AC-5007"] == aspcore.Rag.RED  # open, due 2018-08-15


def test_unmappable_rows_are_reported_with_file_row_and_reason(
    edited_export: Callable[..., Path],
) -> None:
    edited_export("referrals.csv", 3, "Referral Date", "31/02/2018")
    edited_export("referrals.csv", 4, "Profile ID", "")
    edited_export("referrals.csv", 5, "Referring Agency ID", "AG99")
    folder = edited_export("referrals.csv", 6, "Profile ID", "PR-999999")
    data = aspcore_ecins.read_data(folder)
    by_rule = {f.rule: f for f in data.findings if f.rule != "ECINS-007"}
    bad_date = by_rule["ECINS-002"]
    assert bad_date.evidence == {"file": "referrals.csv", "row": 3, "column": "Referral Date"}
    assert "31/02/2018" in bad_date.message and bad_date.severity == aspcore.Severity.ERROR
    assert by_rule["ECINS-001"].line == 4
    assert by_rule["ECINS-003"].severity == aspcore.Severity.WARNING
    assert "PR-999999" not in by_rule["ECINS-004"].message
    referrals = data.frame("events").to_native().filter(pl.col("event") == "identified")
    assert referrals.height == 7  # 9 rows: 2 reported as not mapped, none lost
    assert "AG99" in referrals["agency"].to_list()


def test_a_decision_is_read_with_its_outcome_and_a_missing_one_is_reported(
    edited_export: Callable[..., Path],
) -> None:
    edited_export("referrals.csv", 3, "RG Decision", "")  # a date, no decision
    folder = edited_export("referrals.csv", 4, "RG Decision", "Pending")  # with a date
    data = aspcore_ecins.read_data(folder)
    found = {(f.rule, f.line, f.evidence.get("column"), f.severity) for f in data.findings}
    assert found - {("ECINS-007", None, None, aspcore.Severity.WARNING)} == {
        ("ECINS-001", 3, "RG Decision", aspcore.Severity.ERROR),
        ("ECINS-005", 4, "RG Decision", aspcore.Severity.ERROR),
    }
    assert "[[events]] #5: row 3 is not mapped" in next(
        f.message for f in data.findings if f.rule == "ECINS-001"
    )
    events = data.frame("events").to_native()
    decided = events.filter(pl.col("event") == "reasonable_grounds")["source_row"].to_list()
    outcomes = events.filter(pl.col("event").str.starts_with("reasonable_grounds_"))
    assert sorted(decided) == [2, 3, 4, 5, 6, 8]  # the decision dates are all kept
    assert sorted(outcomes["source_row"].to_list()) == [2, 5, 6, 8]


def test_an_action_without_an_id_is_kept_and_reported(edited_export: Callable[..., Path]) -> None:
    folder = edited_export("actions.csv", 6, "Action ID", "")
    plan = aspcore_ecins.read_plan(folder)
    (issue,) = plan.issues
    assert (issue.rule, issue.severity, issue.line) == ("ECINS-010", aspcore.Severity.WARNING, 6)
    assert issue.evidence == {"file": "actions.csv", "row": 6, "column": "Action ID"}
    assert "kept as actions-6" in issue.message
    assert [a.id for a in plan.actions][4] == "actions-6" and len(plan.actions) == 10


def test_unknown_status_is_reported_and_person_ids_in_text_are_replaced(
    edited_export: Callable[..., Path],
) -> None:
    edited_export("actions.csv", 2, "Status", "Parked")
    folder = edited_export("actions.csv", 3, "Action", "Call PR-104233 about counselling")
    plan = aspcore_ecins.read_plan(folder)
    assert rules(plan.issues) == ["ECINS-005", "ECINS-006"]
    assert plan.actions[0].status is None
    assert "PR-104233" not in plan.actions[1].statement
    assert plan.actions[1].statement.startswith("Call p-")


def test_a_missing_table_and_a_missing_column_are_reported(
    edited_export: Callable[..., Path], tmp_path: Path
) -> None:
    folder = edited_export("profiles.csv", 1, "Gender", "Sex")
    (folder / "actions.csv").unlink()
    data = aspcore_ecins.read_data(folder)
    assert rules(data.findings) == ["ECINS-007", "ECINS-008", "ECINS-009"]
    missing = next(f for f in data.findings if f.rule == "ECINS-009")
    assert missing.severity == aspcore.Severity.WARNING and "Gender" in missing.message
    assert data.frame("actions").shape[0] == 0
    assert data.frame("events").shape[0] == 30


def test_a_custom_mapping_reads_an_export_with_other_headers(
    edited_export: Callable[..., Path], tmp_path: Path
) -> None:
    folder = edited_export("actions.csv", 1, "Deadline", "Due By")
    default = aspcore_ecins.mapping.DEFAULT_MAPPING.read_text(encoding="utf-8")
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(default.replace('"Deadline"', '"Due By"'), encoding="utf-8")
    assert aspcore_ecins.read_plan(folder).issues[0].rule == "ECINS-009"
    plan = aspcore_ecins.read_plan(folder, mapping=str(mapping))
    assert not plan.issues and str(plan.actions[-1].due) == "2019-01-31"


def test_the_same_export_as_one_workbook_reads_the_same(export: Path, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for file in sorted(export.glob("*.csv")):
        sheet = book.create_sheet(file.stem)
        with file.open(encoding="utf-8", newline="") as stream:
            for row in csv.reader(stream):
                sheet.append(row)
    path = tmp_path / "export.xlsx"
    book.save(path)
    columns = ["person_id", "event", "date", "agency"]
    from_book = aspcore_ecins.read_data(path).frame("events").to_native().select(columns)
    from_csv = aspcore_ecins.read_data(export).frame("events").to_native().select(columns)
    assert from_book.equals(from_csv)


def test_through_the_core_helpers_and_into_the_store(
    aspcore_plugins, export: Path, tmp_path: Path
) -> None:
    plugins = aspcore_plugins(aspcore_ecins)
    assert len(load_plan_from(f"ecins:{export}", plugins=plugins).actions) == 10
    assert data_from(f"ecins:{export}", plugins=plugins).names == ("actions", "events")
    store = tmp_path / "store.duckdb"
    first = ingest_from(f"ecins:{export}", store, plugins=plugins)
    (result,) = first.results
    assert (result.schema, result.rows_valid, result.rows_quarantined) == ("case-events", 30, 0)
    again = ingest_from(f"ecins:{export}", store, plugins=plugins)
    assert again.results[0].previous is not None and not again.results[0].added


def test_a_key_too_short_to_be_safe_is_refused(
    export: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASPCORE_PSEUDONYM_KEY", "short")
    with pytest.raises(aspcore.AspcoreError, match="at least 16 are needed") as caught:
        aspcore_ecins.read_data(export)
    assert "short" not in str(caught.value).replace("too short", "")
