"""The helpers the command line calls for --from: plans, datasets and ingests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

import aspcore
from aspcore.adapters import Adapter, data_from, ingest_from, load_plan_from
from aspcore.plugins import Plugins
from aspcore.store import Store

Make = Callable[..., Plugins]
NOW = dt.datetime(2018, 12, 1, 9, 0, tzinfo=dt.UTC)


def test_load_plan_from_runs_the_adapters_plan_reader(
    make_plugins: Make, source: Path, make_plugin: Callable[..., object], cases: Adapter
) -> None:
    plans = make_plugins(make_plugin("cases_plugin", cases))
    plan = load_plan_from(f"cases:{source}", plugins=plans, options={"team": "Council"})
    assert [(a.id, a.owner) for a in plan.actions] == [("A1", "Council")]


def test_a_data_only_adapter_says_where_to_use_it(
    make_plugins: Make, source: Path, make_plugin: Callable[..., object], data_only: Adapter
) -> None:
    plugins = make_plugins(make_plugin("tables_plugin", data_only))
    with pytest.raises(aspcore.InputFileError, match="reads datasets, not plans; use it with"):
        load_plan_from(f"tables:{source}", plugins=plugins)


@pytest.mark.parametrize("error", [KeyError("Profile ID"), SystemExit("Profile ID")])
def test_an_adapter_that_crashes_is_named_without_a_traceback(
    make_plugins: Make,
    source: Path,
    make_plugin: Callable[..., object],
    data_only: Adapter,
    error: BaseException,
) -> None:
    def crash(path: Path) -> aspcore.adapters.AdapterData:
        raise error

    broken = attrs.evolve(data_only, name="crashy", data_reader=crash)
    plugins = make_plugins(make_plugin("crashy_plugin", broken))
    with pytest.raises(aspcore.PluginError, match=r"adapter crashy \(plugin crashy_plugin\)") as e:
        data_from(f"crashy:{source}", plugins=plugins)
    assert str(e.value).endswith(f": {type(error).__name__}")  # never the text: it may hold data


def test_an_adapters_own_input_errors_pass_through(
    make_plugins: Make,
    source: Path,
    make_plugin: Callable[..., object],
    cases: Adapter,
    data_only: Adapter,
) -> None:
    def refuse(path: Path) -> aspcore.adapters.AdapterData:
        raise aspcore.InputFileError(f"{path.name}: not an export")

    picky = attrs.evolve(data_only, name="picky", data_reader=refuse)
    with pytest.raises(aspcore.InputFileError, match=r"cases\.csv: not an export"):
        data_from(f"picky:{source}", plugins=make_plugins(make_plugin("p", picky)))


def test_data_from_returns_datasets_and_findings(
    make_plugins: Make, source: Path, make_plugin: Callable[..., object], cases: Adapter
) -> None:
    data = data_from(f"cases:{source}", plugins=make_plugins(make_plugin("cases_plugin", cases)))
    assert data.names == ("events",) and data.frame("events").shape[0] == 3
    assert [f.rule for f in data.findings] == ["CASES-001"]


def test_ingest_from_validates_and_stores_with_the_sources_rows(
    make_plugins: Make,
    source: Path,
    tmp_path: Path,
    make_plugin: Callable[..., object],
    cases: Adapter,
) -> None:
    plugins = make_plugins(make_plugin("cases_plugin", cases))
    with Store(tmp_path / "store.duckdb") as store:
        done = ingest_from(f"cases:{source}", store, plugins=plugins, agency="Police", now=NOW)
        (result,) = done.results
        assert (result.schema, result.rows_valid, result.rows_quarantined) == ("case-events", 2, 1)
        assert Path(result.file).name == "cases.csv" and result.agency == "Police"
        quarantined = store.quarantined()
        assert quarantined["source_row"].tolist() == [7]  # the row as the source numbers it
        assert "not-a-date" in quarantined["reasons"].item()
        assert sorted(store.rows(result.table or "")["source_row"]) == [2, 3]
        assert [f.rule for f in done.findings] == ["CASES-001"]
        assert done.exit_code == 1
        again = ingest_from(f"cases:{source}", store, plugins=plugins, now=NOW)
        assert again.results[0].previous is not None and not again.results[0].added


def test_a_column_blank_in_every_row_is_left_out(
    make_plugins: Make,
    source: Path,
    tmp_path: Path,
    make_plugin: Callable[..., object],
    cases: Adapter,
) -> None:
    plugins = make_plugins(make_plugin("cases_plugin", cases))
    done = ingest_from(f"cases:{source}", tmp_path / "s.duckdb", plugins=plugins, now=NOW)
    report = done.results[0].report
    assert report is not None
    assert not [p for p in report.problems if p.column == "stage"]  # optional, all blank
