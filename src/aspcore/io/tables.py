"""Reading spreadsheet tables (CSV and XLSX) as rows of text keyed by header.

Partnerships keep action plans and returns in spreadsheets.  This module reads them the way a
person sees them: the first non-empty row is the header, row numbers are the spreadsheet's own
(header on row 1 means the first data row is row 2), a UTF-8 byte-order mark is ignored, UTF-16
files with a byte-order mark are decoded, and Windows-1252 files (Excel's default "CSV" on
Windows) are read rather than refused.

Workbooks are read as Excel shows them: a merged cell's value fills every cell it covers (the
table records each data cell filled this way in :attr:`Table.merged`, so validation can say so:
a count merged over three rows would otherwise be counted three times); a
header with merged cells (``Male`` over ``adult | minor``) spans several rows and its labels are
joined (``Male adult``, ``Male minor``); a formula cell gives the result Excel saved with it, and
a formula whose result was never saved (a workbook written by a program, not by Excel) comes
through as a :class:`Formula`, so callers can say so instead of reading a blank.

Problems that make a file unusable raise :class:`~aspcore.errors.InputFileError` naming the file,
as does a file past one of the limits of :mod:`aspcore.io.limits` (rows, columns, cells, the size
of a cell): it is refused as it is read, before it takes the memory.  A workbook's size is taken
from the cells it holds, not the size it declares, and a CSV quote left open at the end of the
file is refused rather than swallowing every line after it.
"""

from __future__ import annotations

import codecs
import csv
import io
import posixpath
import warnings
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import attrs

from aspcore.errors import InputFileError
from aspcore.io import limits
from aspcore.io.bounded import RowLimits
from aspcore.io.xlsx_safety import check_workbook

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
DEFAULT_MAX_BYTES = limits.MAX_FILE_BYTES

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
    #: Data cells a workbook's merged range filled with its first cell's value:
    #: ``(row number, header)`` → the range (``"B5:B7"``).
    merged: dict[tuple[int, str], str] = attrs.field(factory=dict)


def read_table(
    path: Path,
    *,
    sheet: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    quote_headers: bool = True,
) -> Table:
    """Read a CSV or XLSX file; the format is chosen by the file's extension.

    Files over ``max_bytes`` (default :data:`DEFAULT_MAX_BYTES`; ``None`` for no limit) are
    refused before they are read.  With ``quote_headers=False`` (a file about people, where a
    row of data may stand where the header should) no message quotes a header.
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
        return _read_csv(path, quote_headers)
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(path, sheet, quote_headers)
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
    copied: dict[tuple[int, int], str] | None = None,
    quote_headers: bool = True,
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
            shown = f"'{text}'" if quote_headers else "alike (not shown: it may be personal)"
            raise InputFileError(
                f"{path}{_where(sheet)}, row {header_index + 1}: columns {headers.index(text) + 1} "
                f"and {position} are both headed {shown}; give each column its own heading"
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
    merged = {
        (row, headers[col - 1]): ref
        for (row, col), ref in (copied or {}).items()
        if row > first and col <= width
    }
    return Table(
        path=str(path),
        sheet=sheet,
        headers=tuple(headers),
        rows=tuple(rows),
        row_numbers=tuple(numbers),
        encoding=encoding,
        merged=merged,
    )


def _where(sheet: str | None) -> str:
    return f", sheet '{sheet}'" if sheet else ""


def _read_csv(path: Path, quote_headers: bool = True) -> Table:
    text, encoding = decode_text(path, path.read_bytes())
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    return _build(
        path, None, _csv_grid(path, text, delimiter), encoding, quote_headers=quote_headers
    )


def _csv_grid(path: Path, text: str, delimiter: str) -> list[list[Any]]:
    """The rows of a CSV file's text, each checked against the limits as it is read."""
    stream = io.StringIO(text, newline="")
    reader = csv.reader(stream, delimiter=delimiter)
    checked = RowLimits(str(path))
    grid: list[list[Any]] = []
    start, line = 0, 1
    while True:
        number, next_start, next_line = len(grid) + 1, stream.tell(), reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise InputFileError(
                f"{path}, row {number}: {_csv_problem(exc)}{_starts_on(number, next_line)}"
            ) from None
        checked.check(number, row)
        grid.append(row)
        start, line = next_start, next_line
    if grid and _open_quote(text[start:], delimiter):
        raise InputFileError(
            f"{path}, line {line}: a quote opened on this line is never closed, so every line "
            "after it would be read as one value; close the quote (or double a quote inside one)"
        )
    return grid


def _csv_problem(exc: csv.Error) -> str:
    if "field larger" in str(exc):
        return (
            f"a value is longer than {limits.MAX_CELL_CHARS:,} characters, the most a cell may "
            "hold (or a quote is left open)"
        )
    return f"not valid CSV ({exc})"


def _starts_on(row: int, line: int) -> str:
    """Where a row starts, when a quoted value spanning lines makes it differ from its number."""
    return "" if row == line else f"; the row starts on line {line}"


def _open_quote(record: str, delimiter: str) -> bool:
    """Whether the last record of a CSV file (its text) ends inside a quoted value, which a
    lenient reader closes at the end of the file, swallowing every line after the quote."""
    try:
        for _row in csv.reader(io.StringIO(record, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


#: What a workbook the XML readers cannot read raises, besides a zip error.
_BROKEN = (zipfile.BadZipFile, KeyError, OSError, ValueError, ElementTree.ParseError)


def _read_xlsx(path: Path, sheet: str | None, quote_headers: bool = True) -> Table:
    import openpyxl  # imported here: only spreadsheet users pay for it
    from openpyxl.utils import get_column_letter

    check_workbook(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except _BROKEN as exc:
        raise InputFileError(f"{path}: expected an Excel .xlsx workbook ({exc})") from None
    try:
        names = list(book.sheetnames)
        name = sheet if sheet is not None else names[0]
        if name not in names:
            raise InputFileError(
                f"{path}: there is no sheet '{sheet}'; the sheets are: {', '.join(names)}"
            )
        with warnings.catch_warnings():
            # openpyxl warns of a cell it cannot read (a date serial out of range) and reads it
            # as an error value, which validation reports with its row: no second message
            warnings.simplefilter("ignore", UserWarning)
            grid = _sheet_grid(path, name, book[name])
        merges, formulas = _scan_sheet(path, name)
    except InputFileError:
        raise
    except _BROKEN as exc:
        raise InputFileError(f"{path}, sheet '{name}': the sheet cannot be read ({exc})") from None
    finally:
        book.close()
    for ref, text in formulas.items():
        _put(grid, ref, Formula(text))
    copied: dict[tuple[int, int], str] = {}
    for min_col, min_row, max_col, max_row in merges:
        value = _get(grid, (min_row, min_col))
        span = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"
        for row in range(min_row, max_row + 1):
            for col in range(min_col, max_col + 1):
                corner = (row, col) == (min_row, min_col)
                if _put(grid, (row, col), value) and not corner and value is not None:
                    copied[row, col] = span
    return _build(path, name, grid, merges=merges, copied=copied, quote_headers=quote_headers)


def _sheet_grid(path: Path, name: str, sheet: Any) -> list[list[Any]]:
    """The rows of a read-only worksheet, trailing blank cells dropped, each checked against the
    limits as it is read.

    The size a sheet declares is ignored (``reset_dimensions``): one stray cell can declare
    billions of blank cells, which the reader would otherwise pad every row to.  Each row then
    runs to its own last cell, and a row the sheet does not hold comes through empty.
    """
    sheet.reset_dimensions()
    checked = RowLimits(f"{path}, sheet '{name}'")
    grid: list[list[Any]] = []
    for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        row = list(cells)
        if row or number > limits.MAX_ROWS:
            checked.check(number, row)
        while row and row[-1] is None:
            row.pop()
        grid.append(row)
    return grid


def _get(grid: list[list[Any]], ref: tuple[int, int]) -> Any:
    row, col = ref
    return grid[row - 1][col - 1] if row <= len(grid) and col <= len(grid[row - 1]) else None


def _put(grid: list[list[Any]], ref: tuple[int, int], value: Any) -> bool:
    """Set an empty cell (1-based ``(row, column)``), growing the grid as needed; whether it was
    empty (and so is set)."""
    row, col = ref
    while len(grid) < row:
        grid.append([])
    line = grid[row - 1]
    line.extend([None] * (col - len(line)))
    if line[col - 1] is not None:
        return False
    line[col - 1] = value
    return True


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
    """Merged ranges and formula cells without a saved result, read from the sheet's XML.

    Merged ranges may cover at most :data:`~aspcore.io.limits.MAX_CELLS` cells in all, as
    every cell they cover is filled in, and none may reach past the rows and columns a table
    may have.
    """
    from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries

    merges: list[tuple[int, int, int, int]] = []
    formulas: dict[tuple[int, int], str] = {}
    covered = 0
    with zipfile.ZipFile(path) as archive, archive.open(_sheet_part(archive, name)) as stream:
        for _event, node in ElementTree.iterparse(stream):
            if node.tag == f"{_MAIN}c":
                formula = node.find(f"{_MAIN}f")
                value = node.find(f"{_MAIN}v")
                if formula is not None and (value is None or not (value.text or "").strip()):
                    formulas[coordinate_to_tuple(node.get("r", "A1"))] = formula.text or ""
                node.clear()
            elif node.tag == f"{_MAIN}row":
                node.clear()
            elif node.tag == f"{_MAIN}mergeCell":
                min_col, min_row, max_col, max_row = range_boundaries(node.get("ref", "A1"))
                covered += (max_col - min_col + 1) * (max_row - min_row + 1)
                if max_row > limits.MAX_ROWS or max_col > limits.MAX_COLUMNS:
                    raise InputFileError(
                        f"{path}, sheet '{name}': merged cells {node.get('ref')} reach past "
                        f"row {limits.MAX_ROWS:,} or column {limits.MAX_COLUMNS:,}, the most "
                        "a table may have"
                    )
                if covered > limits.MAX_CELLS:
                    raise InputFileError(
                        f"{path}, sheet '{name}': merged cells cover more than "
                        f"{limits.MAX_CELLS:,} cells, more than aspcore holds in memory; "
                        "unmerge the cells far from the table"
                    )
                merges.append((min_col, min_row, max_col, max_row))
    return merges, formulas
