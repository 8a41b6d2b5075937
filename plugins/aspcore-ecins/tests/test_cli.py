"""The example export through aspcore's command line, as a new user runs it after installing."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from aspcore.cli import app
from aspcore.periods import parse_period
from typer.testing import CliRunner

from aspcore_ecins.mapping import DEFAULT_MAPPING

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PLAN = EXAMPLES / "northshire-referrals-plan.yaml"
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


def test_a_bad_mapping_names_its_section_on_the_command_line(export: Path, tmp_path: Path) -> None:
    default = DEFAULT_MAPPING.read_text(encoding="utf-8")
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(default.replace('statement = "Action"', 'statement = "Action"\nbogus = "x"'))
    code, _, err = run(
        "check", "--from", f"ecins:{export}", "--adapter-option", f"mapping={mapping}",
    )  # fmt: skip
    assert code == 2 and "mapping, section actions: unknown key 'bogus'" in " ".join(err.split())


def test_published_values_hide_the_small_counts(export: Path) -> None:
    code, out, err = run(
        "indicators", str(PLAN), "--from", f"ecins:{export}", "--as-of", "2018-11-30",
        "--format", "csv", "--publish",
    )  # fmt: skip
    rows = list(csv.DictReader(out.splitlines()))
    shown = {(r["indicator"], r["period"], r["sex"]) for r in rows if r["suppressed"] == "False"}
    assert code == 0 and "ECINS-007" in err
    assert shown == {("E1", "2018-19 Q2", "all")}  # the only count of 5 or more


def test_check_from_the_export_rates_its_actions(export: Path) -> None:
    code, out, _ = run(
        "check", "--from", f"ecins:{export}", "--as-of", "2018-11-30", "--format", "json",
        "--fail-on", "never",
    )  # fmt: skip
    data = json.loads(out)
    assert code == 0
    with (export / "actions.csv").open(encoding="utf-8", newline="") as handle:
        ids = {row["Action ID"] for row in csv.DictReader(handle)}
    rated = {s["subject"] for s in data["statuses"] if s["kind"] == "action"}
    assert rated == ids
