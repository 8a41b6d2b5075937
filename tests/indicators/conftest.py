"""Fixtures of the indicator tests: the bundled case events, the example plan, every backend.

PySpark runs in local mode from one session-scoped SparkSession (Java 17 on the machine); its
tests are marked ``spark`` and run with ``pytest --spark`` (as ``make test`` runs them).
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterator
from typing import Any

import polars as pl
import pytest
from ind_backends import LOCAL_BACKENDS, Convert
from ind_reference import AS_OF, EVENTS, PLAN, Row, read_events

import aspcore
from aspcore.model import Plan


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


@pytest.fixture(params=sorted(LOCAL_BACKENDS))
def backend(request: pytest.FixtureRequest) -> Convert:
    """Each single-machine backend in turn."""
    return LOCAL_BACKENDS[request.param]


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """A local SparkSession for the whole run, small and quiet (shared with other suites)."""
    from pyspark.sql import SparkSession

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PySpark warns that it does not support pandas 3
        session = (
            SparkSession.builder.master("local[2]")
            .appName("aspcore-tests")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate()
        )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
