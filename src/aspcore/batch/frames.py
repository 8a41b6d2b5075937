"""Frames in, frames out: reading the columns a batch rule needs, whatever the backend.

Every batch function takes any frame narwhals reads (pandas, polars eager or lazy, a DuckDB
relation, a PySpark DataFrame, or a narwhals frame) and returns the same kind with its result
columns added.  The input columns are checked up front, by name and type, so that a wrong frame
fails at once with a :class:`FrameError` that names the column, what was expected and what was
found, and never with a backend's traceback halfway through a computation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from typing import Any, ClassVar

import narwhals as nw

from aspcore.batch.steps import Frame
from aspcore.errors import SchemaError, require_date
from aspcore.model.vocab import word_of

__all__ = ["Frame", "FrameError", "Opened", "check_as_of", "open_frame"]

_TEXT = (nw.String, nw.Categorical, nw.Enum, nw.Unknown)
_DATE = (nw.Date, nw.Datetime, nw.Unknown)
_HINTS = {
    "text": "text (strings)",
    "date": "dates (a date or datetime column; parse text first, e.g. pd.to_datetime)",
    "number": "numbers",
}


class FrameError(SchemaError):
    """A frame given to the batch API lacks a column it needs, or holds the wrong type."""

    code: ClassVar[str] = "FRAME"


def check_as_of(as_of: object) -> dt.date:
    """``as_of`` itself, which must be a ``datetime.date`` (not a datetime)."""
    return require_date(as_of, FrameError)


class Opened:
    """A frame opened for a batch function: its narwhals form, schema and way back out."""

    def __init__(self, native: object, function: str) -> None:
        self.function = function
        self._was_narwhals = isinstance(native, nw.DataFrame | nw.LazyFrame)
        try:
            frame: Frame = nw.from_native(native)
        except TypeError:
            raise FrameError(
                f"{function}: expected a data frame (pandas, polars, DuckDB, PySpark or "
                f"narwhals), found {type(native).__name__}"
            ) from None
        # Eager polars runs each step as it comes; its lazy engine fuses them into one plan.
        self._collect = isinstance(frame, nw.DataFrame) and frame.implementation.is_polars()
        self.frame: Frame = frame.lazy() if self._collect else frame
        self.schema: Mapping[str, Any] = frame.collect_schema()
        self.implementation = frame.implementation

    def has(self, name: str) -> bool:
        """Whether the frame has a column called ``name``."""
        return name in self.schema

    def _dtype(self, name: str, kind: str, allowed: Callable[[Any], bool]) -> Any:
        if name not in self.schema:
            raise FrameError(
                f"{self.function}: the frame has no column '{name}' (expected {_HINTS[kind]}); "
                f"its columns are: {', '.join(self.schema) or 'none'}"
            )
        dtype = self.schema[name]
        if not allowed(dtype):
            raise FrameError(
                f"{self.function}: column '{name}' holds {dtype}; expected {_HINTS[kind]}"
            )
        return dtype

    def text(self, name: str) -> nw.Expr:
        """A text column as strings."""
        self._dtype(name, "text", lambda d: isinstance(d, _TEXT) or d in _TEXT)
        return nw.col(name).cast(nw.String)

    def number(self, name: str, *, finite: bool = True) -> nw.Expr:
        """A numeric column as float64, with NaN as null, and infinities too when ``finite``
        (a rule's arithmetic needs finite numbers; a plan file keeps an infinite value)."""
        self._dtype(name, "number", lambda d: d.is_numeric() or d == nw.Unknown)
        column = nw.col(name).cast(nw.Float64)
        return nw.when(column.is_finite() if finite else ~column.is_nan()).then(column)

    def date(self, name: str) -> nw.Expr:
        """A date (or datetime) column as dates."""
        self._dtype(name, "date", lambda d: isinstance(d, _DATE) or d in _DATE)
        return nw.col(name).cast(nw.Date)

    def day_number(self, name: str) -> nw.Expr:
        """A date column as a float64 day number; see :meth:`day_number_of`."""
        date = self.date(name)
        if self.implementation is nw.Implementation.POLARS:
            return date.cast(nw.Int64).cast(nw.Float64)
        before = date.dt.year().cast(nw.Float64) - nw.lit(1.0)
        return (
            before * nw.lit(365.0)
            + (before / nw.lit(4.0)).floor()
            - (before / nw.lit(100.0)).floor()
            + (before / nw.lit(400.0)).floor()
            + date.dt.ordinal_day().cast(nw.Float64)
        )

    def day_number_of(self, date: dt.date) -> float:
        """The day number of ``date`` on the scale :meth:`day_number` uses for this backend.

        Days since 1970-01-01 on polars (its native date), the proleptic Gregorian ordinal
        elsewhere: only differences of day numbers are ever used.
        """
        if self.implementation is nw.Implementation.POLARS:
            return float((date - dt.date(1970, 1, 1)).days)
        return float(date.toordinal())

    def vocabulary(self, name: str, values: Collection[str]) -> nw.Expr:
        """A text column read as a plan file reads vocabulary: the value it names, or null.

        Case is ignored and spaces or underscores count as hyphens (``In progress``,
        ``in_progress``), and the aliases partnerships write are accepted (``done``,
        ``ongoing``, ``R``): :func:`aspcore.model.vocab.parse_vocab`'s reading, by the same
        Python code.  A column holds a handful of spellings among millions of rows, so each
        distinct spelling is read once and the column is mapped with one lookup per row; on a
        lazy backend this reads the distinct values first.  Unknown text gives null.
        """
        column = self.text(name)
        distinct = self.frame.select(column).unique()
        eager = distinct.collect() if isinstance(distinct, nw.LazyFrame) else distinct
        known = set(values)
        mapping = {
            raw: word
            for raw in eager.get_column(name).to_list()
            if isinstance(raw, str) and (word := word_of(raw)) in known
        }
        if not mapping:
            return nw.lit(None, nw.String)
        return column.replace_strict(mapping, default=None, return_dtype=nw.String)

    def close(self, frame: Frame) -> Any:
        """``frame`` in the kind the caller gave: native, or narwhals if they gave narwhals."""
        if self._collect and isinstance(frame, nw.LazyFrame):
            frame = frame.collect("polars")
        return frame if self._was_narwhals else frame.to_native()


def open_frame(native: object, function: str) -> Opened:
    """Open ``native`` for the batch function ``function`` (named in errors)."""
    return Opened(native, function)
