"""Keyed pseudonyms for person identifiers, so journeys join across agencies without names.

Each identifier is replaced by ``p-`` and the first 16 hex digits of its HMAC-SHA256 under a
secret key (64 bits: collisions are negligible for the number of people any partnership or the
NRM handles).  The same key gives the same pseudonym in every agency's file, so one person's
events join; without the key a pseudonym cannot be turned back or recomputed from a guess.
Identifiers are compared exactly, after trimming spaces at either end.

The key is read from an environment variable (never from a file or an argument, which end up in
shell histories); no key, no output.  No message ever quotes an identifier.

A file is refused, and nothing written, when its header is ambiguous: two columns whose names
differ only in case, spaces, ``_`` or ``-`` (``person_id`` and ``Person ID``), for one of them
would be left raw.  Before the copy is written, every value of a named column is checked to be a
pseudonym (or blank), so an identifier column can never be written unhashed.  Text cells that a
spreadsheet would run as a formula get a ``'`` first (:mod:`aspcore.io.cell_text`).
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import narwhals as nw

from aspcore.indicators.errors import PseudonymisationError
from aspcore.io.cell_text import csv_text
from aspcore.model.personal import NAME_LIKE
from aspcore.model.vocab import normalise

__all__ = [
    "DEFAULT_KEY_ENV",
    "MIN_KEY_BYTES",
    "PseudonymiseSummary",
    "name_like_rows",
    "pseudonym",
    "pseudonymise",
    "pseudonymise_file",
    "read_key",
]

#: The environment variable the key is read from unless another is named.
DEFAULT_KEY_ENV = "ASPCORE_PSEUDONYM_KEY"
#: Keys shorter than this (in bytes) are refused: a short key can be guessed.
MIN_KEY_BYTES = 16
_PREFIX = "p-"
_DIGITS = 16
#: A whole value that is a pseudonym.
_PSEUDONYM = f"^{_PREFIX}[0-9a-f]{{{_DIGITS}}}$"


def read_key(
    env: str = DEFAULT_KEY_ENV,
    *,
    environ: Mapping[str, str] | None = None,
    min_bytes: int = MIN_KEY_BYTES,
) -> bytes:
    """The key in environment variable ``env``; raises when it is unset, empty or too short."""
    value = (os.environ if environ is None else environ).get(env, "")
    if not value:
        raise PseudonymisationError(
            f"environment variable {env} is not set: no key, no output (set it to a secret of "
            f"at least {min_bytes} characters shared by every agency whose data must join)"
        )
    key = value.encode("utf-8")
    if len(key) < min_bytes:
        raise PseudonymisationError(
            f"the key in {env} is {len(key)} bytes; at least {min_bytes} are needed"
        )
    return key


def pseudonym(identifier: str, key: bytes) -> str:
    """The pseudonym of one identifier under ``key``: ``p-`` and 16 hex digits of its HMAC."""
    digest = hmac.new(key, identifier.strip().encode("utf-8"), hashlib.sha256).hexdigest()
    return f"{_PREFIX}{digest[:_DIGITS]}"


Frame = nw.DataFrame[Any] | nw.LazyFrame[Any]


def _frame(native: object) -> Frame:
    if isinstance(native, nw.DataFrame | nw.LazyFrame):
        return native
    try:
        frame: Frame = nw.from_native(native)
        frame.collect_schema()  # pandas allows two columns of one name; narwhals does not
    except nw.exceptions.DuplicateError:
        raise PseudonymisationError(
            "the frame has two columns of the same name, so it is not clear which holds the "
            "identifiers; rename one of them"
        ) from None
    except TypeError:
        raise PseudonymisationError(
            f"expected a data frame (pandas, polars or pyarrow), found {type(native).__name__}"
        ) from None
    return frame


def pseudonymise(native: Any, columns: Sequence[str], *, key: bytes) -> Any:
    """``native`` (a pandas, polars or pyarrow frame) with ``columns`` replaced by pseudonyms.

    Each distinct identifier is hashed once, in Python (no backend computes an HMAC), and the
    column is mapped natively; blanks stay blank.  Lazy frames are refused: collect them first,
    because the distinct identifiers must be read.
    """
    frame = _frame(native)
    if isinstance(frame, nw.LazyFrame):
        raise PseudonymisationError(
            "pseudonymise needs an eager frame (pandas, polars or pyarrow); collect it first"
        )
    _check_columns(frame, columns)
    replaced = {}
    for column in dict.fromkeys(columns):
        text = nw.col(column).cast(nw.String)
        values = frame.select(text).unique().get_column(column).to_list()
        known = [v for v in values if v is not None and v == v]  # NaN is pandas' blank
        replaced[column] = text.replace_strict(
            known, [pseudonym(v, key) for v in known], return_dtype=nw.String
        )
    return frame.with_columns(**replaced).to_native()


def _check_columns(frame: Frame, columns: Sequence[str]) -> None:
    if not columns:
        raise PseudonymisationError("name at least one column to pseudonymise")
    present = list(frame.collect_schema())
    missing = [c for c in columns if c not in present]
    if missing:
        raise PseudonymisationError(
            f"no column(s) {', '.join(missing)} to pseudonymise; the columns are: "
            f"{', '.join(present)}"
        )
    for column in columns:
        alike = [c for c in present if c != column and normalise(c) == normalise(column)]
        if alike:
            raise PseudonymisationError(
                f"columns {column!r} and {alike[0]!r} have the same name once case, spaces, "
                "'_' and '-' are ignored, so it is not clear which holds the identifiers and "
                "one would be left raw; rename or remove one of them"
            )


def name_like_rows(native: Any, column: str) -> int:
    """How many values of ``column`` look like a person's name (``Jane Smith``)."""
    frame = _frame(native)
    text = nw.col(column).cast(nw.String).str.contains(NAME_LIKE).fill_null(False)
    counted = frame.select(nw.when(text).then(1).otherwise(0).sum().alias("n"))
    if isinstance(counted, nw.LazyFrame):
        counted = counted.collect()
    return int(counted.item(0, "n") or 0)


@attrs.frozen
class PseudonymiseSummary:
    """What :func:`pseudonymise_file` did: counts only, never an identifier."""

    source: str
    output: str
    rows: int
    columns: tuple[str, ...]
    distinct: Mapping[str, int]

    def to_text(self) -> str:
        """One line per column, for people."""
        lines = [f"{self.output}: {self.rows} row(s) written from {self.source}"]
        lines += [
            f"  {c}: {self.distinct[c]} distinct identifier(s) replaced" for c in self.columns
        ]
        return "\n".join(lines)


def pseudonymise_file(
    path: Path,
    columns: Sequence[str],
    *,
    output: Path,
    key_env: str = DEFAULT_KEY_ENV,
    environ: Mapping[str, str] | None = None,
) -> PseudonymiseSummary:
    """Write a copy of a CSV file with ``columns`` pseudonymised under the key in ``key_env``.

    Every cell is read and written as text, so nothing else in the file changes (but a ``'``
    before text a spreadsheet would run as a formula).  The key is checked before the file is
    read, the output may not overwrite the input, a header naming a column twice (ignoring
    case, spaces, ``_`` and ``-``) is refused, and nothing is written unless every value of
    ``columns`` was replaced.
    """
    import polars as pl

    key = read_key(key_env, environ=environ)
    if path.suffix.lower() != ".csv":
        raise PseudonymisationError(f"{path}: expected a .csv file")
    if not path.is_file():
        raise PseudonymisationError(f"{path}: no such file")
    if output.resolve() == path.resolve():
        raise PseudonymisationError(f"{output}: the output would overwrite the input")
    header = _header(path)
    try:
        frame = pl.read_csv(path, infer_schema=False)
    except pl.exceptions.PolarsError as exc:
        raise PseudonymisationError(
            f"{path}: cannot be read as CSV ({type(exc).__name__})"
        ) from None
    distinct = {c: frame.get_column(c).drop_nulls().n_unique() for c in columns if c in frame}
    replaced = pseudonymise(frame, columns, key=key)
    _check_replaced(replaced, columns)
    with output.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        same = len(header) == len(replaced.columns)  # the names as written, BOM removed
        writer.writerow([csv_text(name) for name in (header if same else replaced.columns)])
        writer.writerows([csv_text(value) for value in row] for row in replaced.iter_rows())
    return PseudonymiseSummary(
        source=str(path),
        output=str(output),
        rows=frame.height,
        columns=tuple(dict.fromkeys(columns)),
        distinct=distinct,
    )


def _header(path: Path) -> list[str]:
    """The file's column names as written; raises when two are the same name (ignoring case,
    spaces, ``_`` and ``-``), since the second would be read as another column and left raw."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), [])
    except (UnicodeDecodeError, csv.Error) as exc:
        raise PseudonymisationError(
            f"{path}: cannot be read as CSV ({type(exc).__name__})"
        ) from None
    seen: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        key = normalise(name)
        if key and key in seen:
            raise PseudonymisationError(
                f"{path}: columns {seen[key]} ({header[seen[key] - 1]!r}) and {position} "
                f"({name!r}) have the same name once case, spaces, '_' and '-' are ignored, so "
                "it is not clear which holds the identifiers and one would be written raw; "
                "nothing was written: rename or remove one of them and run again"
            )
        seen.setdefault(key, position)
    return header


def _check_replaced(frame: Any, columns: Sequence[str]) -> None:
    """Raise unless every non-blank value of ``columns`` in ``frame`` is a pseudonym."""
    for column in dict.fromkeys(columns):
        values = frame.get_column(column).drop_nulls()
        if not values.str.contains(_PSEUDONYM).all():
            raise PseudonymisationError(
                f"column {column} still holds values that are not pseudonyms; nothing was "
                "written (this is a fault in aspcore: please report it)"
            )
