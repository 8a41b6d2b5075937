"""The nrm adapter: published tables with their editions, referrals, and the store."""

from __future__ import annotations

from pathlib import Path

import aspcore
import polars as pl
import pytest
from aspcore.adapters import adapters, ingest_from, parse_from
from aspcore.schemas import validate_frame
from aspcore.store import Store

import aspcore_nrm
from aspcore_nrm.indicators import revisions

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent / "examples"
REPO_XLSX = HERE.parents[2] / "examples" / "returns" / "nrm-breakdown-scotland-2017.xlsx"
# The guide's Example 1: Scotland 2017 by type x male adult/female adult/male minor/female minor
SCOTLAND = {
    "domestic-servitude": (1, 4, 1, 3, 9),
    "labour": (77, 13, 28, 9, 127),
    "sexual": (2, 43, 2, 8, 55),
    "unknown": (1, 3, 8, 4, 16),
    "total": (81, 63, 39, 24, 207),
}
PARTS = ["male_adult", "female_adult", "male_minor", "female_minor", "total"]


def table(frame: pl.DataFrame) -> dict[str, tuple[int, ...]]:
    return {r["exploitation_type"]: tuple(r[c] for c in PARTS) for r in frame.iter_rows(named=True)}


def test_the_guide_table_is_read_with_its_edition() -> None:
    data = aspcore_nrm.read_data(EXAMPLES / "scotland-2017-breakdown.csv")
    frame = data.frames["nrm-breakdown"]
    assert table(frame) == SCOTLAND
    assert set(frame["edition"]) == {"2017 annual (first published)"}
    assert set(frame["area"]) == {"Scotland"} and set(frame["period"]) == {"2017"}
    published = frame.drop("source_file", "source_sheet", "source_row")
    published = published.select(c for c in published.columns if published[c].null_count() < 5)
    report = validate_frame(published, "nrm-breakdown")
    assert report.valid and not report.codes()  # area, period and edition are schema columns
    assert not data.findings


def test_the_workbook_with_a_title_and_merged_header_reads_the_same() -> None:
    data = aspcore_nrm.read_data(REPO_XLSX, edition="as the guide gives it", period="2017")
    assert table(data.frames["nrm-breakdown"]) == SCOTLAND
    assert [f.rule for f in data.findings] == ["NRM-001"]  # the notes sheet


def test_a_table_without_an_edition_is_not_mapped_and_says_so() -> None:
    data = aspcore_nrm.read_data(REPO_XLSX)
    assert data.frames["nrm-breakdown"].is_empty()
    (problem,) = [f for f in data.findings if f.rule == "NRM-002"]
    assert "no edition" in problem.message and problem.evidence["rows"] == 5
    assert problem.severity == aspcore.Severity.ERROR


def test_editions_are_kept_side_by_side_and_compared() -> None:
    totals = aspcore_nrm.read_data(EXAMPLES).frames["nrm-totals"]
    uk = totals.filter(pl.col("area") == "UK").sort("edition")
    assert uk.select("edition", "referrals").rows() == [
        ("2017 annual (first published)", 5145),
        ("2017 annual (revised)", 5142),
    ]
    compared = revisions(totals).filter(pl.col("area") == "UK").row(0, named=True)
    assert (compared["first_published"], compared["revised"], compared["change"]) == (
        5145,
        5142,
        -3,
    )
    scotland = totals.filter(pl.col("area") == "Scotland")["referrals"].to_list()
    assert scotland == [207]  # from the breakdown's Total row


BAD_TABLE = (
    "Edition: 2018 annual (first published)\nPeriod: 2018\n"
    "Type,Male adult,Female adult,Male minor,Female minor,Total\n"
    "Labour exploitation,10,2,3,1,16\n"
    "Forced begging,1,0,0,0,1\n"
    "Sexual exploitation,2.5,1,0,0,3\n"
    "Total,13,3,3,1,20\n"
    "Source: example,,,,,\n"
)


def test_rows_that_cannot_be_mapped_are_reported_and_kept_for_the_totals(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(BAD_TABLE, encoding="utf-8")
    data = aspcore_nrm.read_data(path)
    assert [(f.rule, f.line, f.evidence.get("column")) for f in data.findings] == [
        ("NRM-003", 5, None),
        ("NRM-004", 6, "male adult"),
        ("NRM-005", 8, None),
    ]
    assert "the cell is left blank" in data.findings[1].message
    frame = data.frames["nrm-breakdown"]
    assert frame["exploitation_type"].to_list() == ["labour", "Forced begging", "sexual", "total"]
    assert frame["male_adult"].to_list() == [10, 1, None, 13]


def test_a_row_not_read_is_quarantined_without_a_false_total_mismatch(
    aspcore_plugins, tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(BAD_TABLE, encoding="utf-8")
    plugins = aspcore_plugins(aspcore_nrm)
    done = ingest_from(f"nrm:{path}", tmp_path / "store.duckdb", plugins=plugins)
    (breakdown,) = [r for r in done.results if r.schema == "nrm-breakdown"]
    assert breakdown.report is not None
    rows = {(p.code, p.row) for p in breakdown.report.problems}
    # the male adult column cannot be summed, so it is not checked; the others add up
    assert rows == {("missing-value", 6), ("unknown-exploitation-type", 5)}
    assert (breakdown.rows_valid, breakdown.rows_quarantined) == (2, 2)
    assert done.exit_code == 1


def test_record_level_referrals_are_canonical_and_carry_the_edition(tmp_path: Path) -> None:
    frame = aspcore_nrm.read_data(EXAMPLES / "referrals-synthetic.csv").frames["nrm-referrals"]
    first = frame.row(0, named=True)
    assert (first["competent_authority"], first["age_at_exploitation"], first["gender"]) == (
        "sca",
        "adult",
        "male",
    )
    assert frame.filter(pl.col("referral_id") == "S-004")["exploitation_type"].item() == (
        "labour;criminal"
    )
    assert frame["reasonable_grounds_date"].dtype == pl.Date
    no_edition = tmp_path / "referrals.csv"
    no_edition.write_text(
        "Referral ID,Period,Age at exploitation,Gender,Exploitation type\n"
        "R1,2018 Q1,Adult,Female,Sexual\n",
        encoding="utf-8",
    )
    with pytest.raises(aspcore.InputFileError, match="need their edition"):
        aspcore_nrm.read_data(no_edition)
    given = aspcore_nrm.read_data(no_edition, edition="2018 Q1 (first published)")
    assert given.frames["nrm-referrals"]["edition"].to_list() == ["2018 Q1 (first published)"]


def test_an_unreadable_cell_is_reported_and_the_row_kept(tmp_path: Path) -> None:
    path = tmp_path / "referrals.csv"
    path.write_text(
        "Referral ID,Period,Edition,Age at exploitation,Gender,Exploitation type,"
        "Reasonable grounds date,Referral date\n"
        "R1,2018 Q1,e,Adult,Female,Sexual,31/02/2018,2018-01-05\n"
        "R2,2018 Q1,e,Adult,Male,Labour,2018-02-01,yesterday\n",
        encoding="utf-8",
    )
    data = aspcore_nrm.read_data(path)
    assert sorted((f.rule, f.line, f.evidence["column"]) for f in data.findings) == [
        ("NRM-006", 2, "Reasonable grounds date"),
        ("NRM-006", 3, "Referral date"),
    ]
    assert data.frames["nrm-referrals"].height == 2


def test_registered_and_ingested(aspcore_plugins, tmp_path: Path) -> None:
    plugins = aspcore_plugins(aspcore_nrm)
    assert adapters(plugins)["nrm"].plugin == "aspcore_nrm"
    with pytest.raises(aspcore.InputFileError, match="Did you mean 'edition'"):
        parse_from(f"nrm:{EXAMPLES}", plugins, options=["editon=x"])
    done = ingest_from(f"nrm:{EXAMPLES}", tmp_path / "store.duckdb", plugins=plugins)
    stored = {
        (r.schema, Path(r.file).name): (r.rows_valid, r.rows_quarantined) for r in done.results
    }
    assert stored == {
        ("nrm-breakdown", "scotland-2017-breakdown.csv"): (5, 0),
        ("nrm-referrals", "referrals-synthetic.csv"): (8, 0),
        ("nrm-totals", "scotland-2017-breakdown.csv"): (1, 0),  # its Total row
        ("nrm-totals", "uk-2017-headline.csv"): (2, 0),
    }
    # every column the adapter writes is one of its schema's, so nothing is "not checked"
    assert all(r.report is not None and not r.report.codes() for r in done.results)
    with Store(tmp_path / "store.duckdb", read_only=True) as store:
        totals = store.rows("nrm_totals")
    assert sorted(zip(totals["area"], totals["edition"], totals["referrals"], strict=True)) == [
        ("Scotland", "2017 annual (first published)", 207),
        ("UK", "2017 annual (first published)", 5145),
        ("UK", "2017 annual (revised)", 5142),
    ]
