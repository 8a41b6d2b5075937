"""Text for spreadsheet cells that a spreadsheet reads as data, never runs as a formula.

Plan text and case data come from many hands.  A cell beginning with ``=``, ``+``, ``-`` or
``@`` (or a tab or a carriage return, which some spreadsheets skip before reading one of those)
is taken as a formula when a CSV file is opened in Excel or LibreOffice, and openpyxl writes
text beginning with ``=`` into a workbook as a formula: ``=HYPERLINK(...)`` sends data away,
``=cmd|' /C calc'!A0`` runs a program (OWASP, "CSV Injection").  So every writer of aspcore
asks :func:`starts_like_formula` about each text cell:

* workbooks (:mod:`aspcore.report.xlsx`) store every text cell as a string, never a formula,
  and mark the ones that start like a formula with Excel's quote prefix, so the cell stays text
  when someone edits it; the text itself is unchanged;
* CSV files (``aspcore indicators --format csv``, ``aspcore pseudonymise``) have no cell types,
  so :func:`csv_text` puts a single quote ``'`` before such text, as OWASP recommends; a reader
  of the file removes it to get the value back.

Numbers stay numbers: numeric values are written as they are, and so is text that is a plain
number (``-3``, ``+44``, ``-0.25``), which no spreadsheet runs.

A workbook is XML, which cannot hold most control characters or a lone surrogate; openpyxl
refuses such text.  :func:`sheet_text` shows each of them as the replacement character ``�``,
so a stray character pasted into a plan never stops a report from being written.
"""

from __future__ import annotations

import re

from aspcore.io.values import NUMBER_PATTERN

__all__ = ["FORMULA_STARTS", "csv_text", "sheet_text", "starts_like_formula"]

#: The first characters that make a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(NUMBER_PATTERN)
#: What XML 1.0 cannot hold: control characters other than tab, newline and carriage return,
#: and surrogates (the halves of a character that were never joined).
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def sheet_text(text: str) -> str:
    """``text`` with every character a workbook cannot hold shown as ``\ufffd``."""
    return _NOT_IN_XML.sub("\ufffd", text)


def starts_like_formula(text: str) -> bool:
    """Whether a spreadsheet could run ``text`` as a formula: it begins with one of
    :data:`FORMULA_STARTS` and is not a plain number."""
    if not text.startswith(FORMULA_STARTS):
        return False
    return not (_NUMBER.fullmatch(text) and any(char.isdigit() for char in text))


def csv_text(value: object) -> object:
    """``value`` as a CSV writer should get it: ``None`` as an empty cell, text that starts
    like a formula with ``'`` before it, anything else (numbers included) as it is."""
    if value is None:
        return ""
    if isinstance(value, str) and starts_like_formula(value):
        return f"'{value}"
    return value
