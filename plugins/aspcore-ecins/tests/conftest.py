"""Shared fixtures: the documented example export, and copies of it to break."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

EXPORT = Path(__file__).resolve().parents[1] / "examples" / "northshire-export"


@pytest.fixture
def export() -> Path:
    """The documented example export (read only)."""
    return EXPORT


@pytest.fixture
def edited_export(tmp_path: Path) -> Callable[..., Path]:
    """A copy of the example export with cells changed: ``edit("referrals.csv", 2, "Referral
    Date", "31/02/2018")`` changes the cell on spreadsheet row 2."""
    folder = tmp_path / "export"
    shutil.copytree(EXPORT, folder)

    def edit(file: str, row: int, column: str, value: str) -> Path:
        path = folder / file
        with path.open(encoding="utf-8", newline="") as stream:
            rows = list(csv.reader(stream))
        rows[row - 1][rows[0].index(column)] = value
        with path.open("w", encoding="utf-8", newline="") as stream:
            csv.writer(stream).writerows(rows)
        return folder

    return edit


@pytest.fixture(autouse=True)
def _no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests choose whether a pseudonymisation key is set."""
    monkeypatch.delenv("ASPCORE_PSEUDONYM_KEY", raising=False)
