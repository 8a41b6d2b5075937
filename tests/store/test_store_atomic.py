"""An ingest is one transaction: a store killed or failing mid-ingest holds all of it or none.

The kill is real: a child process ingests a return and sends itself SIGKILL after the ingest
row and the valid rows are written but before the quarantined rows are, then the parent opens
the store the child left behind.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from aspcore.returns import ingest_file
from aspcore.store import Store, summarise

CHILD = """
import os, signal, sys
from aspcore.returns import ingest_file
from aspcore.store import Store

store_path, return_path, mode = sys.argv[1:4]
if mode == "kill-midway":
    def killed(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)
    Store._insert_quarantine = killed
ingest_file(return_path, "nrm-breakdown", store_path)
if mode == "kill-after":
    os.kill(os.getpid(), signal.SIGKILL)
"""


def run_child(store: Path, source: Path, mode: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(CHILD), str(store), str(source), mode],
        check=False,
        capture_output=True,
        timeout=120,
    )
    return done.returncode


def held(path: Path) -> tuple[int, int, int]:
    """Ingests, stored rows and quarantined rows in the store at ``path``."""
    with Store(path) as store:
        summary = summarise(store)
        return len(summary.ingests), summary.rows, summary.quarantined


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_store_killed_midway_holds_none_of_that_ingest(tmp_path: Path, returns_dir: Path) -> None:
    store = tmp_path / "store.duckdb"
    bad = returns_dir / "nrm-breakdown-bad.csv"
    assert run_child(store, returns_dir / "nrm-breakdown-scotland-2017.csv", "normal") == 0
    assert held(store) == (1, 5, 0)
    assert run_child(store, bad, "kill-midway") == -signal.SIGKILL
    assert held(store) == (1, 5, 0)
    assert run_child(store, bad, "normal") == 0
    assert held(store) == (2, 6, 4)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_store_killed_after_the_commit_holds_all_of_it(tmp_path: Path, returns_dir: Path) -> None:
    store = tmp_path / "store.duckdb"
    assert run_child(store, returns_dir / "nrm-breakdown-bad.csv", "kill-after") == -signal.SIGKILL
    assert held(store) == (1, 1, 4)


def test_a_failure_between_inserts_rolls_the_whole_ingest_back(
    tmp_path: Path, returns_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "store.duckdb"
    bad = returns_dir / "nrm-breakdown-bad.csv"

    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk full")

    with Store(path) as store:
        monkeypatch.setattr(Store, "_insert_quarantine", fail)
        with pytest.raises(OSError, match="disk full"):
            ingest_file(bad, "nrm-breakdown", store)
        assert summarise(store).ingests == ()
        assert store.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'nrm_breakdown'"
        ).fetchone() == (0,)
        monkeypatch.undo()
        retried = ingest_file(bad, "nrm-breakdown", store)
        assert (retried.rows_valid, retried.rows_quarantined) == (1, 4)
    assert held(path) == (1, 1, 4)
