"""Fixtures for the store: the example returns and a fresh store file per test."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from aspcore.schemas.build import quiet_pandera
from aspcore.store import Store

ROOT = Path(__file__).resolve().parents[2]

with quiet_pandera():  # pandera imports PySpark (which warns about pandas 3) on first use
    import pandas as pd
    import pandera.pandas as pa

    pa.DataFrameSchema({"a": pa.Column(int)}).validate(pd.DataFrame({"a": [1]}))


@pytest.fixture(scope="session")
def returns_dir() -> Path:
    """The bundled example returns."""
    return ROOT / "examples" / "returns"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty store in a temporary folder."""
    with Store(tmp_path / "returns.duckdb") as opened:
        yield opened


@pytest.fixture
def now() -> dt.datetime:
    """A fixed ingest time."""
    return dt.datetime(2018, 10, 5, 9, 30, tzinfo=dt.UTC)
