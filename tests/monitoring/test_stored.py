"""A plan rated from the returns agencies sent: stored rows read as observations, with
provenance, and every disagreement or left-out row a finding (nothing chosen silently)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import aspcore
from aspcore.errors import InputFileError
from aspcore.model import Observation, Rag
from aspcore.monitoring import ReturnReader, with_returns
from aspcore.plugins import get_plugins
from aspcore.returns import ingest_file

NOW = dt.datetime(2018, 10, 5, 9, 0)


def plan(**extra: object) -> aspcore.Plan:
    return aspcore.plan_from_mapping(
        {
            "partnership": "Pre-NRM support",
            "year": "2018-19",
            "indicators": [
                {"id": "I1", "unit": "count", "target": 50, "frequency": "quarterly"},
                {
                    "id": "I5",
                    "name": "Total of 6 service users",
                    "unit": "count",
                    "aggregation": "sum",
                    "target": {"value": 6, "period": "2018-19"},
                    "frequency": "monthly",
                    "from_return": {"schema": "pre-nrm-monitoring", "column": "new_service_users"},
                },
            ],
            **extra,
        }
    )


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def ingest(store: Path, file: Path, schema: str, agency: str | None = None) -> None:
    ingest_file(file, schema, store, agency=agency, now=NOW)


MONTHLY = (
    "Month,Provider,Referrals,New service users,Active service users,"
    "Secure accommodations identified,Volunteers,Complaints,Compliments,Feedback forms,"
    "Grant income,Expenditure\n"
    "2018-04,Provider,3,2,2,1,3,0,1,2,2500,2000\n"
    "2018-05,Provider,2,1,3,0,4,0,2,3,2500,2000\n"
    "2018-06,Provider,4,3,5,1,5,1,1,4,2500,2000\n"
)


def test_table5_rated_from_monthly_returns(tmp_path: Path) -> None:
    """The guide's Table 5: monthly returns ingested, "Total of 6 service users" met by June."""
    store = tmp_path / "s.duckdb"
    ingest(store, write(tmp_path, "monthly.csv", MONTHLY), "pre-nrm-monitoring")
    rated = with_returns(plan(), store)
    values = [(o.period.label, o.value, o.agency) for o in rated.observations]
    assert values == [
        ("2018-04", 2.0, "Provider"),
        ("2018-05", 1.0, "Provider"),
        ("2018-06", 3.0, "Provider"),
    ]
    first = rated.observations[0]
    assert first.provenance == {
        "schema": "pre-nrm-monitoring",
        "agency": None,
        "ingest": 1,
        "file": "monthly.csv",
        "row": 2,
        "sha256": first.provenance["sha256"],
    }
    evaluation = aspcore.evaluate(rated, as_of=dt.date(2018, 7, 15))
    [status] = [s for s in evaluation.statuses_of("indicator") if s.subject == "I5"]
    assert status.rag is Rag.GREEN
    assert status.evidence["year_to_date"] == 6
    # July's return is due 30 days after July ends; a day later it is listed, and I5 is grey.
    later = aspcore.evaluate(rated, as_of=dt.date(2018, 8, 31))
    [late] = [f for f in later.findings if f.rule == "RETURN-001" and f.subject.startswith("I5")]
    assert late.subject == "I5@2018-07"
    assert late.message.endswith("was due on 2018-08-30 and is 1 day overdue")
    [stale] = [s for s in later.statuses_of("indicator") if s.subject == "I5"]
    assert stale.rag is Rag.GREY


RETURN = "Period,Indicator,Agency,Value\n"


def test_agencies_sum_and_plan_values_are_compared(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    police = write(tmp_path, "police.csv", RETURN + "2018-19 Q1,I1,Police,30\n")
    council = write(tmp_path, "council.csv", RETURN + "2018-19 Q1,I1,Council,25\n")
    ingest(store, police, "indicator-return")
    ingest(store, council, "indicator-return")
    agree = with_returns(
        plan(observations=[{"indicator": "I1", "period": "2018-19 Q1", "value": 55}]), store
    )
    assert {f.rule for f in agree.issues} == {"RETURN-006"}  # no pre-NRM monthly returns
    assert sorted((o.agency, o.value) for o in agree.observations) == [
        ("Council", 25.0),
        ("Police", 30.0),
    ]
    evaluation = aspcore.evaluate(agree, as_of=dt.date(2018, 7, 15))
    [status] = [s for s in evaluation.statuses_of("indicator") if s.subject == "I1"]
    assert status.evidence["actual"] == 55
    disagree = with_returns(
        plan(observations=[{"indicator": "I1", "period": "2018-19 Q1", "value": 60}]), store
    )
    [conflict] = [f for f in disagree.issues if f.rule == "RETURN-004"]
    assert "the plan says 60" in conflict.message
    assert "says 55" in conflict.message


def test_bad_rows_are_findings_and_stay_in_the_store(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    file = write(
        tmp_path,
        "police.csv",
        RETURN + "2018-19 Q1,I9,Police,3\n2017-18 Q4,I1,Police,4\n2018-19 Q2,I1,Police,5\n",
    )
    ingest(store, file, "indicator-return")
    rated = with_returns(plan(), store)
    codes = {f.rule: f for f in rated.issues if f.rule.startswith("RETURN")}
    assert "reports indicator 'I9', which is not in the plan (row 2)" in codes["RETURN-002"].message
    assert "2017-18 Q4, outside the plan's year 2018-19 (row 3)" in codes["RETURN-003"].message
    assert "RETURN-006" in codes  # no pre-NRM monthly returns in this store
    assert [o.id for o in rated.observations] == ["I1@2018-19 Q2/Police"]


def test_a_corrected_return_replaces_the_earlier_value(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    ingest(
        store, write(tmp_path, "v1.csv", RETURN + "2018-19 Q1,I1,Police,30\n"), "indicator-return"
    )
    ingest(
        store, write(tmp_path, "v2.csv", RETURN + "2018-19 Q1,I1,Police,33\n"), "indicator-return"
    )
    rated = with_returns(plan(), store)
    assert [o.value for o in rated.observations] == [33.0]
    [replaced] = [f for f in rated.issues if f.rule == "RETURN-005"]
    assert "v2.csv (ingest 2) replaces v1.csv (ingest 1): 30 → 33" in replaced.message


def test_missing_store_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="no such store"):
        with_returns(plan(), tmp_path / "none.duckdb")


def test_a_plugin_reads_its_own_return(tmp_path: Path) -> None:
    """The hook: a plugin maps its own schema's rows to observations."""

    def referrals(plan: aspcore.Plan, row: Mapping[str, Any]) -> list[Observation]:
        return [Observation("I1", aspcore.parse_period(str(row["month"])), float(row["referrals"]))]

    @aspcore.hookimpl
    def aspcore_register_return_readers() -> list[ReturnReader]:
        return [ReturnReader("pre-nrm-monitoring", referrals)]

    plugins = get_plugins(
        fresh=True,
        entry_points=False,
        extra=[SimpleNamespace(aspcore_register_return_readers=aspcore_register_return_readers)],
    )
    store = tmp_path / "s.duckdb"
    ingest(store, write(tmp_path, "monthly.csv", MONTHLY), "pre-nrm-monitoring", "Provider Ltd")
    rated = with_returns(plan(), store, plugins=plugins)
    mine = [o for o in rated.observations if o.indicator == "I1"]
    assert [(o.period.label, o.value, o.agency) for o in mine] == [
        ("2018-04", 3.0, "Provider Ltd"),
        ("2018-05", 2.0, "Provider Ltd"),
        ("2018-06", 4.0, "Provider Ltd"),
    ]


@pytest.mark.parametrize("error", [KeyError("month"), SystemExit("JANE SMITH")])
def test_a_reader_that_raises_is_its_plugins_failure(tmp_path: Path, error: BaseException) -> None:
    def broken(plan: aspcore.Plan, row: Mapping[str, Any]) -> list[Observation]:
        raise error

    plugin = SimpleNamespace(
        aspcore_register_return_readers=aspcore.hookimpl(
            lambda: [ReturnReader("pre-nrm-monitoring", broken, plugin="broken-reader")]
        )
    )
    plugins = get_plugins(fresh=True, entry_points=False, extra=[plugin])
    store = tmp_path / "s.duckdb"
    ingest(store, write(tmp_path, "monthly.csv", MONTHLY), "pre-nrm-monitoring")
    with_returns(plan(), store, plugins=plugins)
    assert {f.rule for f in plugins.failures} == {"PLUGIN-001"}
    message = plugins.failures[0].message
    assert message.endswith(f"aspcore_register_return_readers: {type(error).__name__}")
