"""Connecting to a store file safely: waiting for other writers, retrying conflicts, refusing
damage.

DuckDB lets one process at a time open a file for writing, and gives every connection in a
process its own transactions over one shared database.  So another *process* writing a store
shows as a lock on the file, and another *connection* in this process writing at the same time
shows as a transaction conflict.  Both are waited out a bounded time
(:data:`STORE_BUSY_SECONDS`); then :class:`~aspcore.errors.StoreBusyError` says so, never a raw
DuckDB exception.  A store file cut short (a failed copy, a full disk) is refused when it is
opened, with :class:`~aspcore.errors.InputFileError`, instead of failing on the first query that
reaches the missing part.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from aspcore.errors import InputFileError, StoreBusyError

__all__ = ["CONFLICT_RETRIES", "STORE_BUSY_SECONDS", "connect", "rollback", "without_conflicts"]

#: How long opening a store waits for another process to finish writing it, in seconds.
STORE_BUSY_SECONDS = 10.0
#: How many times a transaction that conflicts with another connection's is run again.
CONFLICT_RETRIES = 20

_POLL_SECONDS = 0.05
T = TypeVar("T")


def _busy(path: str) -> StoreBusyError:
    return StoreBusyError(
        f"{path}: the store is being written by another process; try again when it has finished"
    )


def connect(path: str, *, read_only: bool, busy_timeout: float = STORE_BUSY_SECONDS) -> Any:
    """A DuckDB connection to the store at ``path``, once no other process is writing it.

    Waits up to ``busy_timeout`` seconds for another process's lock on the file; then raises
    :class:`StoreBusyError`.  A file that is not a store, or is cut short, raises
    :class:`InputFileError`.
    """
    import duckdb

    deadline = time.monotonic() + busy_timeout
    while True:
        try:
            con = duckdb.connect(path, read_only=read_only)
            break
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise InputFileError(f"{path}: cannot open the store ({exc})") from None
            if time.monotonic() >= deadline:
                raise _busy(path) from None
            time.sleep(_POLL_SECONDS)
        except duckdb.Error as exc:
            raise InputFileError(f"{path}: cannot open the store ({exc})") from None
    try:
        _refuse_truncated(con, path)
    except BaseException:
        con.close()
        raise
    return con


def _refuse_truncated(con: Any, path: str) -> None:
    """Raise :class:`InputFileError` when the file holds fewer blocks than its header says are
    in use.

    DuckDB opens such a file and fails only when a query reads a missing block; comparing the
    recorded block count with the file's size finds it at once.
    """
    row = con.execute("SELECT block_size, used_blocks FROM pragma_database_size()").fetchone()
    if row is None:
        return
    # Used blocks only: free blocks at the end of the file may have been cut off by DuckDB
    # itself, and blocks still in the write-ahead log are not yet in the file.
    block_size, blocks = int(row[0]), int(row[1])
    if Path(f"{path}.wal").exists():
        return
    size = Path(path).stat().st_size
    if size < block_size * blocks:
        raise InputFileError(
            f"{path}: the store file is damaged: it is {size:,} bytes but records "
            f"{blocks * block_size:,} bytes of data (was it cut short while copied?); "
            "restore it from a backup"
        )


def rollback(con: Any) -> None:
    """Roll back the open transaction, if a failed commit has not already ended it."""
    import duckdb

    with contextlib.suppress(duckdb.TransactionException):
        con.rollback()


def without_conflicts(path: str, attempt: Callable[[], T]) -> T:
    """Run ``attempt`` (one whole transaction) again while it conflicts with another
    connection's, up to :data:`CONFLICT_RETRIES` times; then raise :class:`StoreBusyError`.

    ``attempt`` must roll its transaction back when it fails.  A conflict is a write-write
    conflict, or a unique-constraint error: another connection committed the same row first,
    which the next attempt sees.
    """
    import duckdb

    for retry in range(CONFLICT_RETRIES):
        try:
            return attempt()
        except (duckdb.TransactionException, duckdb.ConstraintException) as exc:
            if not any(word in str(exc).lower() for word in ("conflict", "unique")):
                raise
        time.sleep(min(_POLL_SECONDS * (retry + 1), 0.5))
    raise _busy(path)
