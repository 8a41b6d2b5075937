"""Fixtures of the indicator tests: the bundled case events, the example plan, every backend
(PySpark's session is the suite's ``spark`` fixture)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from ind_reference import AS_OF, EVENTS, PLAN, Row, read_events

import aspcore
from aspcore.model import Plan
from frames import INDICATOR_BACKENDS, Convert


@pytest.fixture(scope="session")
def as_of_2019() -> dt.date:
    """The end of the example's partnership year, when the data was extracted."""
    return AS_OF


@pytest.fixture(scope="session")
def event_rows() -> list[Row]:
    """The bundled case events as read by the csv module."""
    return read_events()


@pytest.fixture(scope="session")
def events() -> pl.DataFrame:
    """The bundled case events as a polars frame with dates."""
    return pl.read_csv(EVENTS, try_parse_dates=True)


@pytest.fixture(scope="session")
def indicator_plan() -> Plan:
    """The example plan of computed indicators."""
    return aspcore.load_plan(PLAN)


@pytest.fixture(params=sorted(INDICATOR_BACKENDS))
def backend(request: pytest.FixtureRequest) -> Convert:
    """Each single-machine backend in turn."""
    return INDICATOR_BACKENDS[request.param]
