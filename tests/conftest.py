"""Shared fixtures: the bundled example plan, a fixed as_of, a plan-writing helper, and one
PySpark session; and the suite's hypothesis profiles.

The PySpark tests (marked ``spark``) start a JVM and take about as long as the rest of the suite
together, so they run only when asked for: ``pytest --spark`` (``make test`` and CI ask).
Without it they are deselected, and pytest's summary says how many.  ``make test`` runs the
suite on every core (pytest-xdist, ``-n auto --dist loadgroup``), the Spark tests on one.

Hypothesis profiles (``pytest --hypothesis-profile=NAME``):

* ``dev`` (the default): each property's own number of examples, and no deadline (a property
  that reads a file or starts DuckDB is slow on its first example, which is not a failure);
* ``ci`` (``make test``): the same, with a failing example printed as a blob that
  ``@reproduce_failure`` replays on any machine (a clean clone keeps no example database), and
  the too-slow health check off, since CI shares its two cores with the other suites.

The generated data itself comes from one module, :mod:`strategies`, and frames of every backend
from :mod:`frames`.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, settings

settings.register_profile("dev", deadline=None)
settings.register_profile(
    "ci", deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("dev")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "northshire-plan.yaml"


@pytest.fixture
def example_path() -> Path:
    """The bundled example plan."""
    return EXAMPLE


@pytest.fixture
def as_of() -> dt.date:
    """The as-of date the example is read at."""
    return dt.date(2018, 11, 30)


@pytest.fixture
def write_plan(tmp_path: Path) -> Callable[..., Path]:
    """Write a plan mapping (or raw text) to a YAML file and return its path."""

    def write(data: object, name: str = "plan.yaml") -> Path:
        path = tmp_path / name
        text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        return path

    return write


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--spark``: run the PySpark tests too."""
    parser.addoption("--spark", action="store_true", help="run the PySpark tests (make test does)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect the ``spark`` tests unless ``--spark`` is given; given, keep them on one worker
    when the suite runs in parallel (``-n``, with ``--dist loadgroup``), so one JVM starts."""
    if config.getoption("--spark"):
        for item in items:
            if item.get_closest_marker("spark"):
                item.add_marker(pytest.mark.xdist_group("spark"))
        return
    spark = [item for item in items if item.get_closest_marker("spark")]
    if spark:
        config.hook.pytest_deselected(items=spark)
        items[:] = [item for item in items if not item.get_closest_marker("spark")]


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """A local SparkSession for the whole run, small and quiet (Java 17 on the machine)."""
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


@pytest.fixture
def to_spark(spark: Any) -> Callable[[Any], Any]:
    """Polars frames as PySpark DataFrames."""
    return lambda frame: spark.createDataFrame(frame.to_arrow())
