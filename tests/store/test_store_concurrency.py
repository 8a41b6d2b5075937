"""Concurrent ingests store a file once, and a writer that loses the race gets aspcore's error.

Threads share one DuckDB database per process, so their transactions can conflict; processes
cannot open a store another process is writing, so they wait (a bounded time) for it.  Either
way the same bytes for the same schema and sheet are stored once, and nobody sees a raw DuckDB
exception.
"""

from __future__ import annotations

import multiprocessing
import threading
from multiprocessing.queues import Queue
from pathlib import Path
from typing import Any

import pytest

from aspcore.errors import StoreBusyError
from aspcore.returns import ingest_file
from aspcore.store import Store, summarise

SCOTLAND = "nrm-breakdown-scotland-2017.csv"


#: Python 3.12+ warns on fork in a process with threads (numpy's, DuckDB's); the children here
#: only open a store of their own, so the warning does not apply.
FORK_WITH_THREADS = pytest.mark.filterwarnings("ignore:.*fork.*:DeprecationWarning")


def _context() -> Any:
    """Fork where the platform has it (children start at once); spawn elsewhere."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _outcome(store: Path, source: Path, busy_timeout: float | None = None) -> str:
    """What ingesting ``source`` did: ``added``, ``held`` (stored before), ``busy`` or an error."""
    wait = {} if busy_timeout is None else {"busy_timeout": busy_timeout}
    try:
        with Store(store, **wait) as opened:
            return "added" if ingest_file(source, "nrm-breakdown", opened).added else "held"
    except StoreBusyError:
        return "busy"
    except Exception as exc:  # the test reports any other error by its type
        return f"{type(exc).__module__}.{type(exc).__name__}: {exc}"


def _ingest_in_threads(store: Path, source: Path, count: int = 3) -> list[str]:
    outcomes: list[str] = []
    start = threading.Barrier(count, timeout=30)

    def work() -> None:
        start.wait()
        outcomes.append(_outcome(store, source))

    threads = [threading.Thread(target=work) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


def _held(store: Path) -> tuple[int, int]:
    with Store(store, read_only=True) as opened:
        summary = summarise(opened)
        return len(summary.ingests), summary.rows


def test_threads_ingesting_one_file_into_a_new_store_store_it_once(
    tmp_path: Path, returns_dir: Path
) -> None:
    store = tmp_path / "store.duckdb"
    assert _ingest_in_threads(store, returns_dir / SCOTLAND) == ["added", "held", "held"]
    assert _held(store) == (1, 5)


def test_threads_ingesting_one_file_into_a_used_store_store_it_once(
    tmp_path: Path, returns_dir: Path
) -> None:
    store = tmp_path / "store.duckdb"
    ingest_file(returns_dir / "nrm-breakdown-bad.csv", "nrm-breakdown", store)
    assert _ingest_in_threads(store, returns_dir / SCOTLAND) == ["added", "held", "held"]
    assert _held(store) == (2, 6)


def _child_ingest(store: str, source: str, results: Queue[str]) -> None:
    results.put(_outcome(Path(store), Path(source)))


@FORK_WITH_THREADS
def test_processes_ingesting_one_file_wait_for_each_other_and_store_it_once(
    tmp_path: Path, returns_dir: Path
) -> None:
    store = tmp_path / "store.duckdb"
    context = _context()
    results = context.Queue()
    children = [
        context.Process(
            target=_child_ingest, args=(str(store), str(returns_dir / SCOTLAND), results)
        )
        for _ in range(3)
    ]
    for child in children:
        child.start()
    outcomes = sorted(results.get(timeout=60) for _ in children)
    for child in children:
        child.join(timeout=30)
    assert outcomes == ["added", "held", "held"]
    assert _held(store) == (1, 5)


def _child_hold(store: str, ready: Queue[str], release: Any) -> None:
    with Store(store):
        ready.put("open")
        release.wait(30)


@FORK_WITH_THREADS
def test_a_store_another_process_is_writing_is_busy_after_a_bounded_wait(
    tmp_path: Path, returns_dir: Path
) -> None:
    store = tmp_path / "store.duckdb"
    context = _context()
    ready, release = context.Queue(), context.Event()
    holder = context.Process(target=_child_hold, args=(str(store), ready, release))
    holder.start()
    try:
        assert ready.get(timeout=30) == "open"
        with pytest.raises(StoreBusyError, match="being written by another process"):
            Store(store, busy_timeout=0.3)
        assert _outcome(store, returns_dir / SCOTLAND, busy_timeout=0.3) == "busy"
    finally:
        release.set()
        holder.join(timeout=30)
    assert _outcome(store, returns_dir / SCOTLAND, busy_timeout=5) == "added"


def test_the_ingests_table_refuses_a_second_row_for_the_same_file(
    store: Store, returns_dir: Path
) -> None:
    import duckdb

    ingest_file(returns_dir / SCOTLAND, "nrm-breakdown", store)
    copy = "INSERT INTO ingests SELECT nextval('ingest_ids'), * EXCLUDE (ingest_id) FROM ingests"
    with pytest.raises(duckdb.ConstraintException):
        store.con.execute(copy)


def test_a_store_made_before_the_constraint_gains_it_when_opened_for_writing(
    tmp_path: Path, returns_dir: Path
) -> None:
    path = tmp_path / "store.duckdb"
    with Store(path) as old:
        old.con.execute("DROP INDEX ingests_source")
    with Store(path, read_only=True) as reader:
        assert _indexes(reader) == []
    with Store(path) as writer:
        assert _indexes(writer) == ["ingests_source"]
        ingest_file(returns_dir / SCOTLAND, "nrm-breakdown", writer)
        assert not ingest_file(returns_dir / SCOTLAND, "nrm-breakdown", writer).added


def _indexes(store: Store) -> list[str]:
    rows = store.con.execute(
        "SELECT index_name FROM duckdb_indexes() WHERE table_name = 'ingests'"
    ).fetchall()
    return [row[0] for row in rows]
