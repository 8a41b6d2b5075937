"""The example export through aspcore's command line, as a new user runs it after installing."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from aspcore.cli import app
from aspcore.periods import parse_period
from typer.testing import CliRunner

from aspcore_ecins.mapping import DEFAULT_MAPPING

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PLAN = EXAMPLES / "northshire-referrals-plan.yaml"
DECISIONS = ("RG Decision", "CG Decision")
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def quarter(day: str) -> str:
    """The financial quarter label of an ISO date."""
    date = dt.date.fromisoformat(day)
    start = date.year if date.month >= 4 else date.year - 1
    number = (date.month - 4) % 12 // 3 + 1
    return parse_period(f"{start}-{(start + 1) % 100:02d} Q{number}").label


def expected_counts(export: Path) -> dict[tuple[str, str], float]:
    """E1 and E2 counted straight from referrals.csv: distinct profiles per quarter."""
    people: dict[tuple[str, str], set[str]] = {}
    with (export / "referrals.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            people.setdefault(("E1", quarter(row["Referral Date"])), set()).add(row["Profile ID"])
            if row["NRM Referral Date"]:
                key = ("E2", quarter(row["NRM Referral Date"]))
                people.setdefault(key, set()).add(row["Profile ID"])
    return {key: float(len(ids)) for key, ids in people.items()}


def test_indicators_from_the_export_match_the_export(export: Path) -> None:
    code, out, _ = run(
        "indicators", str(PLAN), "--from", f"ecins:{export}", "--as-of", "2018-11-30",
        "--format", "json",
    )  # fmt: skip
    data = json.loads(out)
    assert code == 0  # ECINS-007 (no pseudonymisation key) is a warning
    assert [f["rule"] for f in data["findings"]] == ["ECINS-007"]
    totals = {
        (r["indicator"], r["period"]): r["value"]
        for r in data["rows"]
        if r["indicator"] in ("E1", "E2") and r["sex"] in (None, "all")
    }
    assert totals == expected_counts(export)
    medians = {r["period"]: r["value"] for r in data["rows"] if r["indicator"] == "E4"}
    # NRM referral to reasonable grounds: 3, 5, 5 and 7 days decided in Q1; 2 and 5 in Q2
    assert medians == {"2018-19 Q1": 5.0, "2018-19 Q2": 3.5}
    shares = {r["period"]: r["value"] for r in data["rows"] if r["indicator"] == "E5"}
    assert shares == expected_shares(export) == {"2018-19 Q1": 75.0, "2018-19 Q2": 100.0}


def expected_shares(export: Path) -> dict[str, float]:
    """E5 from referrals.csv: percent of reasonable-grounds decisions positive, per quarter."""
    decisions: dict[str, list[str]] = {}
    with (export / "referrals.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["RG Decision"]:
                when = quarter(row["RG Decision Date"])
                decisions.setdefault(when, []).append(row["RG Decision"])
    return {q: 100 * d.count("Positive") / len(d) for q, d in decisions.items()}


@pytest.mark.parametrize(
    ("after", "place"),
    [
        ('statement = "Action"', "[actions]"),
        ('event = { column = "RG Decision"', "[[events]] #5"),
    ],
)
def test_a_bad_mapping_names_its_section_on_the_command_line(
    export: Path, tmp_path: Path, after: str, place: str
) -> None:
    default = DEFAULT_MAPPING.read_text(encoding="utf-8")
    line = next(line for line in default.splitlines() if line.startswith(after))
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(default.replace(line, f'{line}\nbogus = "x"'), encoding="utf-8")
    code, _, err = run(
        "check", "--from", f"ecins:{export}", "--adapter-option", f"mapping={mapping}",
    )  # fmt: skip
    assert code == 2 and f"mapping, {place}: unknown key 'bogus'" in " ".join(err.split())


@pytest.fixture
def undecided(tmp_path: Path) -> Path:
    """The example export without the RG Decision and CG Decision columns (decision dates kept)."""
    folder = tmp_path / "export"
    shutil.copytree(EXAMPLES / "northshire-export", folder)
    path = folder / "referrals.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    columns = [c for c in rows[0] if c not in DECISIONS]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return folder


def indicators_json(export: Path) -> tuple[int, dict[str, Any]]:
    """``aspcore indicators`` on the example plan and ``export``: exit code and JSON output."""
    code, out, _ = run(
        "indicators", str(PLAN), "--from", f"ecins:{export}", "--as-of", "2018-11-30",
        "--format", "json",
    )  # fmt: skip
    return code, json.loads(out)


def test_an_export_without_decision_columns_still_gives_its_indicators(
    export: Path, undecided: Path
) -> None:
    code, data = indicators_json(undecided)
    assert code == 0
    notes = [(f["rule"], f["severity"], f["evidence"]) for f in data["findings"]]
    assert notes == [
        ("ECINS-007", "warning", {"file": "default-mapping.toml"}),
        ("ECINS-011", "info", {"file": "referrals.csv", "column": "RG Decision"}),
        ("ECINS-011", "info", {"file": "referrals.csv", "column": "CG Decision"}),
    ]
    assert data["findings"][1]["message"].startswith("[[events]] #5 is optional")
    assert (
        "reasonable_grounds_positive and reasonable_grounds_negative events are not produced"
        in (data["findings"][1]["message"])
    )
    _, full = indicators_json(export)
    without = [r for r in data["rows"] if r["indicator"] != "E5"]
    assert without == [r for r in full["rows"] if r["indicator"] != "E5"]
    shares = [r for r in data["rows"] if r["indicator"] == "E5"]
    assert shares and all(r["value"] is None for r in shares)  # no outcome events to share


def test_published_values_hide_the_small_counts(export: Path) -> None:
    code, out, err = run(
        "indicators", str(PLAN), "--from", f"ecins:{export}", "--as-of", "2018-11-30",
        "--format", "csv", "--publish",
    )  # fmt: skip
    rows = list(csv.DictReader(out.splitlines()))
    shown = {(r["indicator"], r["period"], r["sex"]) for r in rows if r["suppressed"] == "False"}
    assert code == 0 and "ECINS-007" in err
    assert shown == {("E1", "2018-19 Q2", "all")}  # the only count of 5 or more


@pytest.mark.parametrize("decisions", [True, False], ids=["with-decisions", "without"])
def test_check_from_the_export_rates_its_actions(
    export: Path, undecided: Path, decisions: bool
) -> None:
    folder = export if decisions else undecided
    code, out, _ = run(
        "check", "--from", f"ecins:{folder}", "--as-of", "2018-11-30", "--format", "json",
    )  # fmt: skip
    data = json.loads(out)
    assert code == 0
    assert not [f for f in data["findings"] if f["rule"].startswith("ECINS-")]
    with (folder / "actions.csv").open(encoding="utf-8", newline="") as handle:
        ids = {row["Action ID"] for row in csv.DictReader(handle)}
    rated = {s["subject"] for s in data["statuses"] if s["kind"] == "action"}
    assert rated == ids
