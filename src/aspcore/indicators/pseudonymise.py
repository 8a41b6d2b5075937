"""Keyed pseudonyms for person identifiers, so journeys join across agencies without names.

Each identifier is replaced by ``p-`` and the first 16 hex digits of its HMAC-SHA256 under a
secret key (64 bits: collisions are negligible for the number of people any partnership or the
NRM handles).  The same key gives the same pseudonym in every agency's file, so one person's
events join; without the key a pseudonym cannot be turned back or recomputed from a guess.
Identifiers are compared exactly, after trimming spaces at either end.

The key is read from an environment variable (never from a file or an argument, which end up in
shell histories); no key, no output.  No message ever quotes an identifier.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import narwhals as nw

from aspcore.indicators.errors import PseudonymisationError

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


def name_like_rows(native: Any, column: str) -> int:
    """How many values of ``column`` look like a person's name (``Jane Smith``)."""
    # imported here: the schemas package brings pandas, which checking a plan does not need
    from aspcore.schemas.common import NAME_LIKE

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

    Every cell is read and written as text, so nothing else in the file changes.  The key is
    checked before the file is read, and the output may not overwrite the input.
    """
    import polars as pl

    key = read_key(key_env, environ=environ)
    if path.suffix.lower() != ".csv":
        raise PseudonymisationError(f"{path}: expected a .csv file")
    if not path.is_file():
        raise PseudonymisationError(f"{path}: no such file")
    if output.resolve() == path.resolve():
        raise PseudonymisationError(f"{output}: the output would overwrite the input")
    try:
        frame = pl.read_csv(path, infer_schema=False)
    except pl.exceptions.PolarsError as exc:
        raise PseudonymisationError(
            f"{path}: cannot be read as CSV ({type(exc).__name__})"
        ) from None
    distinct = {c: frame.get_column(c).drop_nulls().n_unique() for c in columns if c in frame}
    pseudonymise(frame, columns, key=key).write_csv(output)
    return PseudonymiseSummary(
        source=str(path),
        output=str(output),
        rows=frame.height,
        columns=tuple(dict.fromkeys(columns)),
        distinct=distinct,
    )
