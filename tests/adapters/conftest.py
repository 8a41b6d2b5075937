"""Adapter plugins made in the tests: a good one, a data-only one, a broken one."""

from __future__ import annotations

import types
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

import aspcore
from aspcore.adapters import Adapter, AdapterData
from aspcore.plugins import Plugins, get_plugins

EVENTS = pl.DataFrame(
    {
        "person_id": ["p-0001", "p-0001", "p-0002"],
        "event": ["referral", "reasonable_grounds", "referral"],
        "date": ["2018-07-02", "2018-07-09", "not a date"],
        "agency": ["Northshire Police", "Single Competent Authority", "Northshire Council"],
        "stage": [None, None, None],
        "source_file": ["cases.csv", "cases.csv", "cases.csv"],
        "source_sheet": [None, None, None],
        "source_row": [2, 3, 7],
    },
    schema_overrides={"stage": pl.String, "source_sheet": pl.String},
)


def read_cases(path: Path, team: str = "Safeguarding team") -> AdapterData:
    """Events from a fixed frame; one row the adapter could not map."""
    return AdapterData(
        adapter="cases",
        source=str(path),
        frames={"events": EVENTS},
        schemas={"events": "case-events"},
        findings=[
            aspcore.adapters.row_finding(
                "CASES-001", "row 5 has no person", file="cases.csv", row=5, plugin="cases"
            )
        ],
    )


def plan_of_cases(path: Path, team: str = "Safeguarding team") -> aspcore.Plan:
    """A one-action plan whose owner is the ``team`` option."""
    return aspcore.plan_from_mapping(
        {"partnership": "P", "actions": [{"id": "A1", "statement": "Visit", "owner": team}]}
    )


def plugin(
    name: str, *adapters: object, raises: Exception | None = None, trylast: bool = False
) -> object:
    """A plugin module stand-in whose adapter hook returns ``adapters`` (or raises)."""

    @aspcore.hookimpl(trylast=trylast)
    def aspcore_register_adapters() -> list[object]:
        if raises is not None:
            raise raises
        return list(adapters)

    return types.SimpleNamespace(__name__=name, aspcore_register_adapters=aspcore_register_adapters)


CASES = Adapter(
    name="cases",
    description="A test case system",
    data_reader=read_cases,
    plan_reader=plan_of_cases,
    options={"team": "who owns the actions"},
    datasets=("events",),
)
DATA_ONLY = Adapter(name="tables", description="Data only", data_reader=read_cases)


@pytest.fixture
def make_plugin() -> Callable[..., object]:
    """``make_plugin(name, *adapters, raises=None, trylast=False)``: a plugin stand-in."""
    return plugin


@pytest.fixture
def cases() -> Adapter:
    """An adapter with a plan reader, a data reader and a ``team`` option."""
    return CASES


@pytest.fixture
def data_only() -> Adapter:
    """An adapter that reads data only."""
    return DATA_ONLY


@pytest.fixture
def make_plugins() -> Callable[..., Plugins]:
    """An isolated plugin manager with the built-ins and the given plugins."""

    def make(*plugins: object) -> Plugins:
        return get_plugins(fresh=True, entry_points=False, extra=plugins)

    return make


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A file for an adapter to be pointed at."""
    path = tmp_path / "cases.csv"
    path.write_text("anything\n", encoding="utf-8")
    return path
