"""The quarter as docs/running-your-quarter.md runs it: returns from two agencies and a provider
ingested for two quarters, the plan rated from the store and recorded each quarter, the late
returns listed, and the board report opening with the changes since the first quarter."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from aspcore.cli import app

ROOT = Path(__file__).resolve().parents[2]
PLAN = str(ROOT / "examples" / "northshire-plan.yaml")
QUARTERS = ROOT / "examples" / "quarter"
runner = CliRunner()


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def ingest_quarter(store: Path, quarter: str) -> None:
    for agency in ("police", "council", "provider"):
        file = QUARTERS / quarter / f"{agency}.csv"
        run(
            "ingest",
            str(file),
            "--schema",
            "indicator-return",
            "--plan",
            PLAN,
            "--store",
            str(store),
        )
    monthly = QUARTERS / quarter / "pre-nrm-monthly.csv"
    run("ingest", str(monthly), "--schema", "pre-nrm-monitoring", "--store", str(store))


def check_and_record(store: Path, as_of: str) -> dict[str, Any]:
    """``check`` rated from the store and recorded in it, as JSON."""
    args = ["--store", str(store), "--record", str(store), "--format", "json"]
    result: dict[str, Any] = json.loads(
        run("check", PLAN, "--as-of", as_of, *args, "--fail-on", "never")
    )
    return result


def test_two_quarters_end_to_end(tmp_path: Path) -> None:
    store = tmp_path / "northshire.duckdb"
    ingest_quarter(store, "2018-19-q1")
    q1 = check_and_record(store, "2018-08-31")
    ingest_quarter(store, "2018-19-q2")
    q2 = check_and_record(store, "2018-11-30")
    late = sorted(f["subject"] for f in q2["findings"] if f["rule"] == "RETURN-001")
    assert late == ["I2@2018-19 Q2/Northshire Council", "I4@2018-19 Q2/Northshire Police"]
    assert not [f for f in q1["findings"] if f["rule"] == "RETURN-001"]
    latest = {s["subject"]: s for s in q2["statuses"] if s["kind"] == "indicator"}
    assert latest["I2"]["rag"] == "grey"
    assert latest["I2"]["reason"].startswith(
        "overdue: the 2018-19 Q2 return from Northshire Council"
    )
    assert latest["I5"]["rag"] == "green"
    assert latest["I5"]["evidence"]["year_to_date"] == 7  # 2+1+3 in Q1, 0+1+0 in Q2
    assert latest["I1"]["evidence"]["agencies"] == ["Northshire Council", "Northshire Police"]
    assert latest["I1"]["evidence"]["actual"] == 95  # 55 from the police, 40 from the council
    assert not [
        f for f in q2["findings"] if f["rule"] in ("RETURN-002", "RETURN-003", "RETURN-004")
    ]

    grid = json.loads(
        run(
            "returns",
            "status",
            PLAN,
            "--as-of",
            "2018-11-30",
            "--store",
            str(store),
            "--format",
            "json",
        )
    )
    assert grid["summary"]["overdue"] == 2
    overdue = [r for r in grid["returns"] if r["state"] == "overdue"]
    assert {(r["indicator"], r["agency"], r["days_overdue"]) for r in overdue} == {
        ("I2", "Northshire Council", 31),
        ("I4", "Northshire Police", 31),
    }

    history = json.loads(run("history", str(store), "--format", "json"))
    assert [e["as_of"] for e in history["evaluations"]] == ["2018-08-31", "2018-11-30"]
    changes = json.loads(run("changes", str(store), "--format", "json"))
    moved = {(s["kind"], s["subject"]): (s["from"], s["to"]) for s in changes["statuses"]}
    assert moved[("indicator", "I2")][1] == "grey"
    board = tmp_path / "board.html"
    run(
        "report",
        PLAN,
        "--as-of",
        "2018-11-30",
        "--store",
        str(store),
        "--since",
        "2018-08-31",
        "-o",
        str(board),
    )
    assert "Changes since 2018-08-31" in board.read_text(encoding="utf-8")


def test_returns_status_text_and_bad_input(tmp_path: Path) -> None:
    text = run("returns", "status", PLAN, "--as-of", "2018-11-30")
    assert "Quarterly returns" in text
    assert "Monthly returns" in text
    missing = runner.invoke(
        app, ["returns", "status", PLAN, "--store", str(tmp_path / "none.duckdb")]
    )
    assert missing.exit_code == 2
    assert "no such store" in missing.output
    since = runner.invoke(
        app,
        [
            "report",
            PLAN,
            "--as-of",
            "2018-11-30",
            "--store",
            str(tmp_path / "none.duckdb"),
            "--since",
            "2018-08-31",
            "-o",
            str(tmp_path / "b.html"),
        ],
    )
    assert since.exit_code == 2
    assert "Traceback" not in since.output
