"""Reading spreadsheet tables (CSV and XLSX) as rows of text keyed by header.

Partnerships keep action plans and returns in spreadsheets.  This module reads them the way a
person sees them: the first non-empty row is the header, row numbers are the spreadsheet's own
(header on row 1 means the first data row is row 2), a UTF-8 byte-order mark is ignored, and
Windows-1252 files (Excel's default "CSV" on Windows) are read rather than refused.  Problems
that make a file unusable raise :class:`~aspcore.errors.InputFileError` naming the file.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

import attrs

from aspcore.errors import InputFileError

__all__ = ["Table", "normalise_header", "read_table"]


def normalise_header(text: object) -> str:
    """Compare headers case- and space-insensitively: ``' RAG  Status'`` → ``'rag status'``."""
    return " ".join(str(text or "").replace("_", " ").split()).lower()


@attrs.frozen
class Table:
    """A table read from a file: its headers, rows (by header) and spreadsheet row numbers."""

    path: str
    sheet: str | None
    headers: tuple[str, ...]
    rows: tuple[dict[str, Any], ...]
    row_numbers: tuple[int, ...]
    encoding: str | None = None


def read_table(path: Path, *, sheet: str | None = None) -> Table:
    """Read a CSV or XLSX file; the format is chosen by the file's extension."""
    if not path.exists():
        raise InputFileError(f"{path}: no such file")
    if path.is_dir():
        raise InputFileError(f"{path}: expected a file, found a directory")
    suffix = path.suffix.lower()
    if suffix in {".csv", ".txt"}:
        return _read_csv(path)
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(path, sheet)
    raise InputFileError(f"{path}: expected a .csv or .xlsx file, found '{suffix or 'no'}' suffix")


def _decode(path: Path, raw: bytes) -> tuple[str, str]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding), encoding.replace("-sig", "")
        except UnicodeDecodeError:
            continue
    raise InputFileError(f"{path}: expected UTF-8 or Windows-1252 text; the file is neither")


def _build(
    path: Path, sheet: str | None, grid: list[list[Any]], encoding: str | None = None
) -> Table:
    header_index = next(
        (i for i, row in enumerate(grid) if any(str(c or "").strip() for c in row)), None
    )
    if header_index is None:
        raise InputFileError(f"{path}{_where(sheet)}: the file is empty; expected a header row")
    raw_headers = grid[header_index]
    headers: list[str] = []
    for position, cell in enumerate(raw_headers, start=1):
        text = " ".join(str(cell or "").split())
        if (not text and headers) or not text:
            text = f"column {position}"
        headers.append(text)
    rows: list[dict[str, Any]] = []
    numbers: list[int] = []
    for offset, row in enumerate(grid[header_index + 1 :], start=header_index + 2):
        if not any(str(c if c is not None else "").strip() for c in row):
            continue
        padded = list(row) + [None] * (len(headers) - len(row))
        if len(padded) > len(headers) and any(str(c or "").strip() for c in padded[len(headers) :]):
            raise InputFileError(
                f"{path}{_where(sheet)}, row {offset}: has more cells than the header "
                f"({len(headers)} columns); the extra values would be lost"
            )
        rows.append(dict(zip(headers, padded, strict=False)))
        numbers.append(offset)
    return Table(
        path=str(path),
        sheet=sheet,
        headers=tuple(headers),
        rows=tuple(rows),
        row_numbers=tuple(numbers),
        encoding=encoding,
    )


def _where(sheet: str | None) -> str:
    return f", sheet '{sheet}'" if sheet else ""


def _read_csv(path: Path) -> Table:
    text, encoding = _decode(path, path.read_bytes())
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    grid = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    return _build(path, None, grid, encoding)


def _read_xlsx(path: Path, sheet: str | None) -> Table:
    import openpyxl  # imported here: only spreadsheet users pay for it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputFileError(f"{path}: expected an Excel .xlsx workbook ({exc})") from None
    try:
        names = list(book.sheetnames)
        name = sheet if sheet is not None else names[0]
        if name not in names:
            raise InputFileError(
                f"{path}: there is no sheet '{sheet}'; the sheets are: {', '.join(names)}"
            )
        grid = [list(row) for row in book[name].iter_rows(values_only=True)]
    finally:
        book.close()
    return _build(path, name, grid)
