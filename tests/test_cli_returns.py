"""validate, ingest and store summary from the command line, on the bundled example returns."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from aspcore.cli import app

RETURNS = Path(__file__).resolve().parents[1] / "examples" / "returns"
runner = CliRunner()


def test_validate_good_and_bad_exit_codes() -> None:
    good = runner.invoke(
        app,
        ["validate", str(RETURNS / "nrm-breakdown-scotland-2017.csv"), "--schema", "nrm-breakdown"],
    )
    assert good.exit_code == 0, good.output
    bad = runner.invoke(
        app,
        [
            "validate",
            str(RETURNS / "nrm-breakdown-bad.csv"),
            "--schema",
            "nrm-breakdown",
            "--format",
            "json",
        ],
    )
    assert bad.exit_code == 1
    codes = {p["code"] for p in json.loads(bad.stdout)["problems"]}
    assert {"row-total-mismatch", "column-total-mismatch"} & codes


def test_validate_unknown_schema_and_missing_file_exit_2(tmp_path: Path) -> None:
    unknown = runner.invoke(
        app, ["validate", str(RETURNS / "nrm-breakdown-bad.csv"), "--schema", "nrm-breakdwn"]
    )
    assert unknown.exit_code == 2 and "nrm-breakdown" in unknown.stderr
    missing = runner.invoke(app, ["validate", str(tmp_path / "x.csv"), "--schema", "nrm-breakdown"])
    assert missing.exit_code == 2


def test_ingest_twice_then_summary(tmp_path: Path) -> None:
    store = tmp_path / "returns.duckdb"
    source = RETURNS / "pre-nrm-monitoring-bad.csv"
    args = [
        "ingest",
        str(source),
        "--schema",
        "pre-nrm-monitoring",
        "--store",
        str(store),
        "--agency",
        "Provider",
        "--format",
        "json",
    ]
    first = runner.invoke(app, args)
    assert first.exit_code == 1, first.output
    counts = json.loads(first.stdout)
    assert counts["rows"] == counts["rows_valid"] + counts["rows_quarantined"] == 4
    assert counts["rows_quarantined"] == 3 and counts["added"] is True
    again = runner.invoke(app, args)
    assert again.exit_code in (0, 1)
    assert json.loads(again.stdout)["added"] is False
    summary = runner.invoke(app, ["store", "summary", "--store", str(store), "--format", "json"])
    assert summary.exit_code == 0
    assert "quarantine" in summary.stdout


def test_schema_export_of_a_return_schema() -> None:
    result = runner.invoke(app, ["schema", "nrm-breakdown", "--format", "yaml"])
    assert result.exit_code == 0 and "nrm-breakdown" in result.stdout
