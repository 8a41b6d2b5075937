"""The example NRM plan over the bundled referrals, checked against the CSV read independently.

The expected values are computed here with the standard library from
``examples/referrals-synthetic.csv`` (its own headers and words, not the adapter's), and compared
with ``aspcore indicators --from nrm:...`` as a new user runs it after installing the plugin.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import statistics
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import aspcore
import duckdb
import pytest
from aspcore.cli import app
from aspcore.indicators import compute_indicators
from aspcore.plugins import get_plugins
from typer.testing import CliRunner

import aspcore_nrm
from aspcore_nrm.measures import MEASURES

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PLAN = EXAMPLES / "nrm-indicators.yaml"
REFERRALS = EXAMPLES / "referrals-synthetic.csv"
AS_OF = "2017-12-31"
# The published words of the CSV, and the canonical names the plan groups by.
TYPES = {
    "Labour exploitation": "labour",
    "Sexual exploitation": "sexual",
    "Criminal exploitation": "criminal",
    "Domestic servitude": "domestic-servitude",
    "Unknown": "unknown",
}

Key = tuple[str, str, str]  # indicator, period, breakdown value ("all" for the total)


def quarter(day: str) -> str:
    """The calendar quarter of an ISO date, labelled as aspcore labels it."""
    date = dt.date.fromisoformat(day)
    return f"{date.year} Q{(date.month - 1) // 3 + 1}"


def read_csv() -> list[dict[str, str]]:
    with REFERRALS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def counts_by(rows: list[dict[str, str]], indicator: str, value: Any) -> dict[Key, float]:
    """Referrals per quarter and value, zero where a value found elsewhere is absent, and totals."""
    periods = {quarter(r["Referral date"]) for r in rows}
    found = Counter((quarter(r["Referral date"]), value(r)) for r in rows)
    values = {v for _, v in found}
    cells = {(indicator, p, v): float(found[p, v]) for p in periods for v in values}
    totals = Counter(quarter(r["Referral date"]) for r in rows)
    return cells | {(indicator, p, "all"): float(n) for p, n in totals.items()}


def expected() -> dict[Key, float]:
    rows = read_csv()
    n1 = counts_by(rows, "N1", lambda r: r["Age at exploitation"].lower())
    n2 = counts_by(
        rows,
        "N2",
        lambda r: ";".join(TYPES[t.strip()] for t in r["Exploitation type"].split(";")),
    )
    decisions: dict[str, list[str]] = defaultdict(list)
    waits: dict[str, list[int]] = defaultdict(list)
    for r in rows:
        period = quarter(r["Referral date"])
        decision = r["Reasonable grounds decision"]
        if decision in {"Positive", "Negative"}:
            decisions[period].append(decision)
        if r["Reasonable grounds date"]:
            days = dt.date.fromisoformat(r["Reasonable grounds date"]) - dt.date.fromisoformat(
                r["Referral date"]
            )
            waits[period].append(days.days)
    n3 = {("N3", p, "all"): 100 * d.count("Positive") / len(d) for p, d in decisions.items() if d}
    n4 = {("N4", p, "all"): float(statistics.median(w)) for p, w in waits.items()}
    return n1 | n2 | n3 | n4


def got(rows: list[dict[str, Any]]) -> dict[Key, float]:
    """Value by indicator, period and breakdown value, from the result's rows."""
    out: dict[Key, float] = {}
    for row in rows:
        value = row["age_at_exploitation"] or row["exploitation_type"] or "all"
        out[row["indicator"], row["period"], value] = row["value"]
    return out


def indicators(*options: str, data: tuple[str, ...] = ("--from", f"nrm:{REFERRALS}")) -> Any:
    """``aspcore indicators`` of the example plan (from the bundled referrals), as JSON."""
    args = ["indicators", str(PLAN), *data, "--as-of", AS_OF, "--format", "json", *options]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_the_example_plan_from_the_adapter_matches_the_csv() -> None:
    data = indicators()
    assert data["findings"] == []
    assert got(data["rows"]) == expected()
    # what the plan shows, as a reader would check it by eye
    assert expected()["N3", "2017 Q2", "all"] == 50.0  # S-003 positive, S-004 negative
    assert expected()["N2", "2017 Q2", "labour;criminal"] == 1.0
    assert expected()["N4", "2017 Q1", "all"] == 3.5  # 4 and 3 days


def test_published_small_counts_are_hidden_and_so_is_the_share_they_make() -> None:
    rows = indicators("--publish")["rows"]
    shares = [r for r in rows if r["indicator"] == "N3"]
    assert shares and all(r["suppressed"] and r["value"] is None for r in shares)


def compute(frame: Any) -> dict[Key, float]:
    """The example plan's values over ``frame``, which must give no finding."""
    plugins = get_plugins(fresh=True, entry_points=False, extra=[aspcore_nrm])
    as_of = dt.date.fromisoformat(AS_OF)
    plan = aspcore.load_plan(PLAN)
    result = compute_indicators(plan, {"nrm-referrals": frame}, as_of=as_of, plugins=plugins)
    assert result.findings == ()
    return got(result.to_dicts())


def test_the_measures_give_the_same_on_pandas_with_narwhals_warning() -> None:
    referrals = aspcore_nrm.read_data(REFERRALS).frames["nrm-referrals"]
    with pytest.warns(UserWarning, match="complex group-by"):
        on_pandas = compute(referrals.to_pandas())
    assert on_pandas == compute(referrals) == expected()


def test_the_measures_give_the_same_on_duckdb(tmp_path: Path) -> None:
    aspcore_nrm.read_data(REFERRALS).frames["nrm-referrals"].write_parquet(tmp_path / "r.parquet")
    assert compute(duckdb.connect().read_parquet(str(tmp_path / "r.parquet"))) == expected()


def test_the_plugin_registers_its_measures_through_the_hook() -> None:
    plugins = get_plugins(fresh=True, entry_points=False, extra=[aspcore_nrm])
    info = next(i for i in plugins.infos() if i.name == "aspcore_nrm")
    assert "aspcore_register_measures" in info.hooks
    assert aspcore_nrm.aspcore_register_measures() == list(MEASURES)


def test_indicators_from_the_store_equal_those_from_the_file(tmp_path: Path) -> None:
    store = tmp_path / "store.duckdb"
    args = ["ingest", "--from", f"nrm:{REFERRALS}", "--store", str(store)]
    ingest = CliRunner().invoke(app, args)
    assert ingest.exit_code == 0, ingest.stderr
    assert "unexpected-column" not in ingest.stdout + ingest.stderr  # referral_date is stored
    stored = indicators(data=("--data", "nrm-referrals=store:nrm_referrals", "--store", str(store)))
    assert got(stored["rows"]) == got(indicators()["rows"]) == expected()
