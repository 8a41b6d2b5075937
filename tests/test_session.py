"""A session resolves the date, ruleset and plugins once, then runs read → compute → evaluate."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

import aspcore
from aspcore.errors import RulesetError
from aspcore.returns import ingest_file
from aspcore.session import Session
from aspcore.store import Store

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "examples" / "northshire-plan.yaml"
INDICATORS = ROOT / "examples" / "northshire-indicators.yaml"
QUARTER = ROOT / "examples" / "quarter" / "2018-19-q1"
AS_OF = dt.date(2018, 11, 30)


def test_open_resolves_once_and_refuses_what_cannot_be_used() -> None:
    session = Session.open(as_of=AS_OF)
    assert (session.ruleset.name, session.strict) == ("iasc-default", False)
    assert session.plugins is aspcore.get_plugins()
    with pytest.raises(TypeError, match=r"as_of must be a datetime\.date, not datetime"):
        Session.open(as_of=dt.datetime(2018, 11, 30, 12))
    with pytest.raises(RulesetError):
        Session.open(as_of=AS_OF, ruleset="no-such-ruleset")


def test_a_schema_that_is_not_a_name_is_a_clear_type_error(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="not PosixPath"):
        ingest_file(QUARTER / "police.csv", tmp_path / "s.duckdb", "indicator-return")  # type: ignore[arg-type]


def test_rate_without_returns_or_data_is_evaluate() -> None:
    plan = aspcore.load_plan(PLAN)
    rated = Session.open(as_of=AS_OF).rate(plan)
    assert rated.to_json() == aspcore.evaluate(plan, as_of=AS_OF).to_json()


def test_rate_reads_the_stored_returns_as_with_returns_does(tmp_path: Path) -> None:
    store = tmp_path / "returns.duckdb"
    with Store(store) as opened:
        for agency in ("police", "council"):
            ingest_file(QUARTER / f"{agency}.csv", "indicator-return", opened, plan=PLAN)
    plan = aspcore.load_plan(PLAN)
    rated = Session.open(as_of=AS_OF).rate(plan, store=store)
    expected = aspcore.evaluate(aspcore.monitoring.with_returns(plan, store), as_of=AS_OF)
    assert rated.to_json() == expected.to_json()
    assert rated.to_json() != aspcore.evaluate(plan, as_of=AS_OF).to_json()


def test_rate_computes_indicators_from_data_before_evaluating() -> None:
    plan = aspcore.load_plan(INDICATORS)
    events = pl.read_csv(ROOT / "examples" / "case-events.csv", try_parse_dates=True)
    session = Session.open(as_of=dt.date(2019, 3, 31))
    monitored = session.monitored(plan, data={"events": events})
    computed = aspcore.compute_indicators(plan, {"events": events}, as_of=dt.date(2019, 3, 31))
    assert monitored == computed.apply_to(plan)
    assert len(monitored.observations) > len(plan.observations)


def test_findings_about_the_data_are_reported_even_without_frames() -> None:
    """An adapter that read no usable dataset still says why; nothing it said is lost."""
    said = aspcore.Finding(
        rule="ADAPTER-001",
        subject="export.csv",
        subject_kind="plan",
        severity=aspcore.Severity.ERROR,
        message="export.csv: no rows could be read",
    )
    session = Session.open(as_of=AS_OF)
    evaluation = session.rate(aspcore.load_plan(PLAN), data_findings=[said])
    assert said in evaluation.findings
