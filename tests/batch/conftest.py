"""Fixtures of the batch tests: each single-machine backend, and one PySpark session.

PySpark runs in local mode from one session-scoped SparkSession (Java 17 on the machine); its
tests run, they are never skipped.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from batch_frames import LOCAL_BACKENDS, Convert


@pytest.fixture(params=sorted(LOCAL_BACKENDS))
def backend(request: pytest.FixtureRequest) -> Convert:
    """Each single-machine backend in turn."""
    return LOCAL_BACKENDS[request.param]


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """A local SparkSession for the whole test run, small and quiet."""
    from pyspark.sql import SparkSession

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        session = (
            SparkSession.builder.master("local[2]")
            .appName("aspcore-tests")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate()
        )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture
def to_spark(spark: Any) -> Convert:
    """Polars frames as PySpark DataFrames."""
    return lambda df: spark.createDataFrame(df.to_arrow())
