"""Where a CSV file stops being a table: a line with more values than the header has columns,
a quoted value that is never closed, or bytes that are not UTF-8.

A fast reader (polars) refuses such a file with a message that names no line and may quote the
offending line, which in case data can hold personal data.  :func:`malformed_csv` reads the file
once more, as text, to say which line is wrong and how, without quoting any value.  It is meant
for after such a refusal: a file that reads cleanly is never read twice.
"""

from __future__ import annotations

import csv
from pathlib import Path

__all__ = ["malformed_csv"]


def malformed_csv(path: Path, *, delimiter: str = ",") -> str | None:
    """What makes ``path`` no table, and on which line, or ``None`` if nothing does.

    Lines with fewer values than the header are not counted as malformed: their missing values
    are blank, as in a spreadsheet.  Extra values that are all blank are not counted either.
    """
    reader = None
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, delimiter=delimiter, strict=True)
            width = None
            for row in reader:
                if width is None:
                    width = len(row)
                elif len(row) > width and any(value.strip() for value in row[width:]):
                    return (
                        f"line {reader.line_num} has {len(row)} values, but the header has "
                        f"{width} columns (a value holding the separator {delimiter!r} must "
                        "be quoted)"
                    )
    except csv.Error:
        line = reader.line_num if reader is not None else 1
        return f"line {line} is not valid CSV (a quote left open or misplaced)"
    except UnicodeDecodeError:
        return f"line {_undecodable_line(path)} is not UTF-8 text (save the file as 'CSV UTF-8')"
    return None


def _undecodable_line(path: Path) -> int:
    """The number of the first line whose bytes are not UTF-8."""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 1
