"""Reading spreadsheet tables (CSV and XLSX) as rows of text keyed by header.

Partnerships keep action plans and returns in spreadsheets.  This module reads them the way a
person sees them: the first non-empty row is the header, row numbers are the spreadsheet's own
(header on row 1 means the first data row is row 2), a UTF-8 byte-order mark is ignored, UTF-16
files with a byte-order mark are decoded, and Windows-1252 files (Excel's default "CSV" on
Windows) are read rather than refused.

Workbooks are read as Excel shows them: a merged cell's value fills every cell it covers; a
header with merged cells (``Male`` over ``adult | minor``) spans several rows and its labels are
joined (``Male adult``, ``Male minor``); a formula cell gives the result Excel saved with it, and
a formula whose result was never saved (a workbook written by a program, not by Excel) comes
through as a :class:`Formula`, so callers can say so instead of reading a blank.

Problems that make a file unusable raise :class:`~aspcore.errors.InputFileError` naming the file.
"""

from __future__ import annotations

import codecs
import csv
import io
import posixpath
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import attrs

from aspcore.errors import InputFileError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Formula",
    "Table",
    "decode_text",
    "has_extra_values",
    "normalise_header",
    "read_table",
]

#: Files larger than this are refused with a clear message (pass ``max_bytes`` to change it).
DEFAULT_MAX_BYTES = 256 * 1024 * 1024

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def normalise_header(text: object) -> str:
    """Compare headers case- and space-insensitively: ``' RAG  Status'`` → ``'rag status'``."""
    return " ".join(str(text or "").replace("_", " ").split()).lower()


@attrs.frozen
class Formula:
    """A workbook cell holding a formula whose result was never saved (so its value is unknown)."""

    text: str

    def __str__(self) -> str:
        return f"={self.text}" if self.text else "=(shared formula)"


@attrs.frozen
class Table:
    """A table read from a file: its headers, rows (by header) and spreadsheet row numbers."""

    path: str
    sheet: str | None
    headers: tuple[str, ...]
    rows: tuple[dict[str, Any], ...]
    row_numbers: tuple[int, ...]
    encoding: str | None = None


def read_table(
    path: Path, *, sheet: str | None = None, max_bytes: int | None = DEFAULT_MAX_BYTES
) -> Table:
    """Read a CSV or XLSX file; the format is chosen by the file's extension.

    Files over ``max_bytes`` (default :data:`DEFAULT_MAX_BYTES`; ``None`` for no limit) are
    refused before they are read.
    """
    if not path.exists():
        raise InputFileError(f"{path}: no such file")
    if path.is_dir():
        raise InputFileError(f"{path}: expected a file, found a directory")
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise InputFileError(
            f"{path}: the file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit; "
            "split it, or raise the limit (max_bytes)"
        )
    suffix = path.suffix.lower()
    if suffix in {".csv", ".txt"}:
        if sheet is not None:
            raise InputFileError(
                f"{path}: a CSV file has no sheets, so there is no sheet '{sheet}'"
            )
        return _read_csv(path)
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(path, sheet)
    raise InputFileError(f"{path}: expected a .csv or .xlsx file, found '{suffix or 'no'}' suffix")


def decode_text(path: Path, raw: bytes) -> tuple[str, str]:
    """The text of a CSV file's bytes and the encoding it was read in: UTF-8 (a byte-order mark
    ignored), UTF-16 with a byte-order mark, or Windows-1252, Excel's "CSV" on Windows.  Anything
    else (a workbook, binary data) raises :class:`~aspcore.errors.InputFileError` naming ``path``.
    """
    if raw.startswith(b"PK\x03\x04"):
        raise InputFileError(
            f"{path}: this is an Excel workbook saved with a .csv name; rename it to .xlsx"
        )
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise InputFileError(f"{path}: starts as UTF-16 text but is not valid UTF-16") from None
    if b"\x00" in raw[:4096]:
        raise InputFileError(
            f"{path}: expected text, found binary data (or UTF-16 without a byte-order mark); "
            "save the file as 'CSV UTF-8'"
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding), encoding.replace("-sig", "")
        except UnicodeDecodeError:
            continue
    raise InputFileError(f"{path}: expected UTF-8 or Windows-1252 text; the file is neither")


def _header_text(cells: list[Any]) -> str:
    """Distinct non-blank labels of a header column, top to bottom, joined by spaces."""
    parts: list[str] = []
    for cell in cells:
        text = " ".join(str(cell or "").split())
        if text and text not in parts:
            parts.append(text)
    return " ".join(parts)


def _texts(row: list[Any]) -> set[str]:
    return {" ".join(str(c).split()) for c in row if c is not None and str(c).strip()}


def has_extra_values(row: list[Any], width: int) -> bool:
    """Whether ``row`` holds values beyond the header's ``width`` columns, which a table cannot
    hold (a value with the separator in it, unquoted).  Extra cells that are all blank, the
    trailing separators spreadsheets write, are none."""
    return len(row) > width and not _blank(row[width:])


def _blank(cells: list[Any]) -> bool:
    """True when no cell holds anything but spaces."""
    try:
        return not "".join(cells).strip()  # fast for rows of text, as CSV gives
    except TypeError:
        return not any(str(c).strip() for c in cells if c is not None)


def _header_start(grid: list[list[Any]]) -> int | None:
    """The header row's index: the first non-empty row, skipping title rows above the table.

    A title row holds a single text (typed once, or merged across the table) and is followed
    by a row with several different texts.
    """
    filled = (i for i, row in enumerate(grid) if not _blank(row))
    here = next(filled, None)
    for after in filled:
        assert here is not None
        if len(_texts(grid[here])) != 1 or len(_texts(grid[after])) < 2:
            return here
        here = after
    return here


def _header_height(header: int, merges: list[tuple[int, int, int, int]]) -> int:
    """How many rows the header spans: merged cells on it reach down, or head a row below."""
    height = 1
    for min_col, min_row, max_col, max_row in merges:
        if min_row == header + 1:
            spans_columns = max_col > min_col and max_row == min_row
            bottom = max_row + 1 if spans_columns else max_row
            height = max(height, bottom - header)
    return height


def _build(
    path: Path,
    sheet: str | None,
    grid: list[list[Any]],
    encoding: str | None = None,
    merges: list[tuple[int, int, int, int]] | None = None,
) -> Table:
    header_index = _header_start(grid)
    if header_index is None:
        raise InputFileError(f"{path}{_where(sheet)}: the file is empty; expected a header row")
    header_rows = _header_height(header_index, merges or [])
    block = grid[header_index : header_index + header_rows]
    width = max(len(row) for row in block)
    headers: list[str] = []
    for position in range(1, width + 1):
        cells = [row[position - 1] if position <= len(row) else None for row in block]
        text = _header_text(cells) or f"column {position}"
        if text in headers:
            raise InputFileError(
                f"{path}{_where(sheet)}, row {header_index + 1}: columns {headers.index(text) + 1} "
                f"and {position} are both headed '{text}'; give each column its own heading"
            )
        headers.append(text)
    rows: list[dict[str, Any]] = []
    numbers: list[int] = []
    first = header_index + header_rows
    for offset, row in enumerate(grid[first:], start=first + 1):
        if _blank(row):
            continue
        if len(row) < width:
            row = row + [None] * (width - len(row))
        elif has_extra_values(row, width):
            raise InputFileError(
                f"{path}{_where(sheet)}, row {offset}: has more cells than the header "
                f"({width} columns); the extra values would be lost"
            )
        rows.append(dict(zip(headers, row, strict=False)))
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
    text, encoding = decode_text(path, path.read_bytes())
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
    merges, formulas = _scan_sheet(path, name)
    for ref, text in formulas.items():
        _put(grid, ref, Formula(text))
    for min_col, min_row, max_col, max_row in merges:
        value = _get(grid, (min_row, min_col))
        for row in range(min_row, max_row + 1):
            for col in range(min_col, max_col + 1):
                _put(grid, (row, col), value)
    return _build(path, name, grid, merges=merges)


def _get(grid: list[list[Any]], ref: tuple[int, int]) -> Any:
    row, col = ref
    return grid[row - 1][col - 1] if row <= len(grid) and col <= len(grid[row - 1]) else None


def _put(grid: list[list[Any]], ref: tuple[int, int], value: Any) -> None:
    """Set an empty cell (1-based ``(row, column)``), growing the grid as needed."""
    row, col = ref
    while len(grid) < row:
        grid.append([])
    line = grid[row - 1]
    line.extend([None] * (col - len(line)))
    if line[col - 1] is None:
        line[col - 1] = value


def _sheet_part(archive: zipfile.ZipFile, name: str) -> str:
    """The zip member holding the worksheet called ``name``."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    for node in book.iter(f"{_MAIN}sheet"):
        if node.get("name") == name:
            target = targets.get(node.get(f"{_REL}id"), "")
            if target.startswith("/"):
                return target.lstrip("/")
            return posixpath.normpath(posixpath.join("xl", target))
    raise KeyError(name)


def _scan_sheet(
    path: Path, name: str
) -> tuple[list[tuple[int, int, int, int]], dict[tuple[int, int], str]]:
    """Merged ranges and formula cells without a saved result, read from the sheet's XML."""
    from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries

    merges: list[tuple[int, int, int, int]] = []
    formulas: dict[tuple[int, int], str] = {}
    with zipfile.ZipFile(path) as archive, archive.open(_sheet_part(archive, name)) as stream:
        for _event, node in ElementTree.iterparse(stream):
            if node.tag == f"{_MAIN}c":
                formula = node.find(f"{_MAIN}f")
                value = node.find(f"{_MAIN}v")
                if formula is not None and (value is None or not (value.text or "").strip()):
                    formulas[coordinate_to_tuple(node.get("r", "A1"))] = formula.text or ""
                node.clear()
            elif node.tag == f"{_MAIN}mergeCell":
                min_col, min_row, max_col, max_row = range_boundaries(node.get("ref", "A1"))
                merges.append((min_col, min_row, max_col, max_row))
    return merges, formulas
