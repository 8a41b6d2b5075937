"""Reading input within the limits of :mod:`aspcore.io.limits`: a file's bytes, and a table's
rows as they are read.

Both refuse input past a limit before it takes the memory: a device or pipe given as a file
(``/dev/zero`` never ends) before it is read, a table's row before it is kept.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aspcore.errors import AspcoreError, InputFileError
from aspcore.io import limits

__all__ = ["RowLimits", "read_regular_file"]


def read_regular_file(
    path: Path, max_bytes: int, *, kind: str = "", error: type[AspcoreError] = InputFileError
) -> bytes:
    """The bytes of ``path``, which must be a regular file of at most ``max_bytes``.

    A missing file, a directory, a device or pipe, or a file over the limit raises ``error``
    naming ``path`` (``kind`` names the file in messages: ``no such ruleset file``).  The file
    is opened without blocking and checked before it is read, so a pipe cannot hang the reader.
    """
    noun = f"{kind} file" if kind else "file"
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise error(f"{path}: no such {noun}") from None
    except IsADirectoryError:
        raise error(f"{path}: expected a {noun}, found a directory") from None
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as stream:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise error(f"{path}: expected a {noun}, found a directory")
        if not stat.S_ISREG(mode):
            raise error(f"{path}: expected a {noun}, found a device or pipe")
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise error(
            f"{path}: the {noun} is over the limit of {max_bytes:,} bytes; is it the right file?"
        )
    return data


def _longest(row: Sequence[Any]) -> int:
    """The length of the longest text in ``row`` (fast for rows of text, as CSV gives)."""
    try:
        return max(map(len, row), default=0)
    except TypeError:
        return max((len(cell) for cell in row if isinstance(cell, str)), default=0)


class RowLimits:
    """Checks each row of a table against the limits as it is read, before it is kept.

    ``where`` names the file (and sheet) in messages; rows are numbered as the file numbers
    them.  Blank cells count towards the cells a table holds, as they take memory too.
    """

    def __init__(self, where: str) -> None:
        self.where = where
        self.cells = 0

    def check(self, number: int, row: Sequence[Any]) -> None:
        """Raise :class:`InputFileError` if row ``number`` takes the table past a limit."""
        at = f"{self.where}, row {number}"
        if number > limits.MAX_ROWS:
            raise InputFileError(
                f"{at}: the table has more than {limits.MAX_ROWS:,} rows, the most aspcore "
                "reads; split it"
            )
        if len(row) > limits.MAX_COLUMNS:
            last = max((i for i, cell in enumerate(row) if cell not in (None, "")), default=0) + 1
            if last > limits.MAX_COLUMNS:
                raise InputFileError(
                    f"{at}: column {last} holds a value, but a table may have no more than "
                    f"{limits.MAX_COLUMNS:,} columns; delete values far from the table"
                )
        self.cells += len(row)
        if self.cells > limits.MAX_CELLS:
            raise InputFileError(
                f"{at}: the table has more than {limits.MAX_CELLS:,} cells, blank cells within "
                "rows included, more than aspcore holds in memory; split it"
            )
        if _longest(row) > limits.MAX_CELL_CHARS:
            column, size = next(
                (i, len(cell))
                for i, cell in enumerate(row, start=1)
                if isinstance(cell, str) and len(cell) > limits.MAX_CELL_CHARS
            )
            raise InputFileError(
                f"{at}: the cell in column {column} holds {size:,} characters; a cell may hold "
                f"at most {limits.MAX_CELL_CHARS:,} characters"
            )
