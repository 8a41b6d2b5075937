"""Fixtures for the return schemas: the bundled example returns and the example plan."""

from __future__ import annotations

from pathlib import Path

import pytest

import aspcore
from aspcore.model import Plan
from aspcore.schemas.build import quiet_pandera

ROOT = Path(__file__).resolve().parents[2]

with quiet_pandera():  # pandera imports PySpark (which warns about pandas 3) on first use
    import pandas as pd
    import pandera.pandas as pa

    pa.DataFrameSchema({"a": pa.Column(int)}).validate(pd.DataFrame({"a": [1]}))


@pytest.fixture(scope="session")
def returns_dir() -> Path:
    """The bundled example returns."""
    return ROOT / "examples" / "returns"


@pytest.fixture(scope="session")
def plan() -> Plan:
    """The bundled example plan (Northshire, 2018-19)."""
    return aspcore.load_plan(ROOT / "examples" / "northshire-plan.yaml")
