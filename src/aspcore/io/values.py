"""Coercion of cell and field values as partnerships write them.

Spreadsheets and YAML hand us text, numbers, Excel serial dates and ``datetime`` objects.  These
functions turn them into clean Python values or raise ``ValueError`` with a plain message, which
the callers turn into findings or errors that name the file, row and column.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = [
    "NUMBER_PATTERN",
    "is_blank",
    "parse_boolean",
    "parse_date",
    "parse_number",
    "text_or_none",
]

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
#: Number text after a leading ``£`` and a trailing ``%`` are removed: digits with optional
#: thousands separators and decimals (``1,234.5``).
NUMBER_PATTERN = r"[-+]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?"
_NUMBER = re.compile(f"^{NUMBER_PATTERN}$")
_YES = {"yes", "y", "true", "t", "1", "1.0"}
_NO = {"no", "n", "false", "f", "0", "0.0"}


def is_blank(value: object) -> bool:
    """True for ``None``, empty or whitespace-only text, and NaN."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    return isinstance(value, str) and not value.strip()


_SURROGATES = re.compile("[\ud800-\udfff]")


def text_or_none(value: object) -> str | None:
    """``value`` as stripped text, or ``None`` when blank.

    A lone surrogate (half of a character, which a YAML escape such as ``"\\ud800"`` can
    make) is shown as ``\ufffd``: no file or terminal can be written with one.
    """
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _SURROGATES.sub("\ufffd", str(value).strip())


def parse_date(value: object) -> dt.date | None:
    """Read a date: ISO ``2016-04-01``, UK ``01/04/2016``, a date object or an Excel serial.

    Blank gives ``None``.  Impossible dates (``2018-02-30``) raise ``ValueError`` naming the
    value; ambiguous text is never guessed.
    """
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not 1 <= value < 2958466:
            raise ValueError(f"{value!r} is not a date or an Excel date serial")
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    text = str(value).strip()
    for pattern, order in ((_ISO, (0, 1, 2)), (_UK, (2, 1, 0))):
        match = pattern.match(text)
        if match:
            parts = [int(g) for g in match.groups()]
            year, month, day = (parts[i] for i in order)
            try:
                return dt.date(year, month, day)
            except ValueError as exc:
                raise ValueError(f"{text!r} is not a real date ({exc})") from None
    raise ValueError(f"{text!r} is not a date; expected YYYY-MM-DD or DD/MM/YYYY")


def parse_number(value: object) -> float | int | None:
    """Read a number, accepting thousands separators, a trailing ``%`` and surrounding spaces.

    Blank gives ``None``; anything else that is not a number raises ``ValueError``.
    """
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, int | float):
        return value
    text = str(value).strip().removesuffix("%").strip().replace("\u00a3", "")
    if not text or not _NUMBER.match(text):
        raise ValueError(f"{str(value)!r} is not a number")
    cleaned = text.replace(",", "")
    number = float(cleaned)
    return int(number) if "." not in cleaned and number.is_integer() else number


def parse_boolean(value: object) -> bool | None:
    """Read yes/no: ``yes``, ``y``, ``true``, ``1`` and ``no``, ``n``, ``false``, ``0``.

    Blank gives ``None``; anything else raises ``ValueError``.
    """
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(f"{str(value)!r} is not yes or no")
