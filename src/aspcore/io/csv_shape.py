"""Where a CSV file stops being a table: a line with more values than the header has columns,
or a quoted value that is never closed.

A fast reader (polars) refuses such a file with a message that names no line and may quote the
offending line, which in case data can hold personal data.  :func:`malformed_csv` reads the
file's text once more to say which line is wrong and how, without quoting any value.  It is
meant for after such a refusal: a file that reads cleanly is never read twice.  Lines are judged
as :func:`~aspcore.io.tables.read_table` judges the rows of a return
(:func:`~aspcore.io.tables.has_extra_values`).
"""

from __future__ import annotations

import csv
import io

from aspcore.io.tables import has_extra_values

__all__ = ["malformed_csv"]


def malformed_csv(text: str) -> str | None:
    """What makes ``text`` (a comma-separated file, decoded) no table, and on which line, or
    ``None`` if nothing does.

    Lines with fewer values than the header are not malformed: their missing values are blank,
    as in a spreadsheet.  Extra values that are all blank are not counted either.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    width = None
    try:
        for row in reader:
            if width is None:
                width = len(row)
            elif has_extra_values(row, width):
                return (
                    f"line {reader.line_num} has {len(row)} values, but the header has {width} "
                    "columns (a value holding a comma must be quoted)"
                )
    except csv.Error:
        return f"line {reader.line_num} is not valid CSV (a quote left open or misplaced)"
    return None
