"""Shared fixtures: the bundled example plan, a fixed as_of, and a plan-writing helper.

The PySpark tests (marked ``spark``) start a JVM and take about as long as the rest of the suite
together, so they run only when asked for: ``pytest --spark`` (``make test`` and CI ask).
Without it they are deselected, and pytest's summary says how many.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

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
    """Deselect the ``spark`` tests unless ``--spark`` is given."""
    if config.getoption("--spark"):
        return
    spark = [item for item in items if item.get_closest_marker("spark")]
    if spark:
        config.hook.pytest_deselected(items=spark)
        items[:] = [item for item in items if not item.get_closest_marker("spark")]
