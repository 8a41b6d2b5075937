"""What each check kind tests, written once for pandas and polars.

Simple column checks (``ge``, ``le``, ``between``, ``isin``, ``str_matches``, ``str_length``)
become pandera's own built-in checks.  Every other kind is a function over a narwhals
``DataFrame`` that returns one boolean per row (``True`` passes) or a single boolean for checks of
the whole table; :mod:`aspcore.schemas.build` wraps it for either backend.  Blank cells pass
every kind except ``present``: whether a cell may be blank is the column's ``nullable`` flag.

Checks that must look at text a vectorised expression cannot read (period labels, timescale
phrases, vocabulary spellings) evaluate each *distinct* value once and then mark rows with a
vectorised membership test, so their cost grows with the number of distinct values, not rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import narwhals as nw

from aspcore.errors import AspcoreError
from aspcore.io.values import is_blank
from aspcore.periods import parse_period
from aspcore.schemas.spec import CheckSpec
from aspcore.schemas.vocabularies import vocabulary
from aspcore.timescale import parse_timescale

__all__ = ["KINDS", "Kind", "describe", "kind"]

Frame = nw.DataFrame[Any]
Series = nw.Series[Any]
Params = Mapping[str, Any]
Test = Callable[[Frame, Params, "str | None"], "Series | bool"]
Expected = Callable[[Frame, Params, "str | None", list[int]], list[Any]]
#: Builds a pandera built-in check from the backend's ``Check`` class, the params and options.
Builtin = Callable[[Any, Params, dict[str, Any]], Any]


@attrs.frozen
class Kind:
    """A check kind: its default title, and either a pandera built-in or a frame test.

    ``expected`` computes, for failing rows, the value the check expected (shown in messages as
    ``{expected}``).  ``needs_column`` is true for kinds that test one column: as frame-level
    checks they must name it.
    """

    name: str
    title: Callable[[Params], str]
    builtin: Builtin | None = None
    test: Test | None = None
    expected: Expected | None = None
    needs_column: bool = True


def _passes(frame: Frame, column: str, ok: Series) -> Series:
    """``ok``, with blank cells of ``column`` passing."""
    return (ok.fill_null(True) | frame[column].is_null()).alias("ok")


def _failing_distinct(frame: Frame, column: str, ok: Callable[[Any], bool]) -> Series:
    """Rows pass unless their (non-blank) value in ``column`` fails ``ok``; tested per value."""
    series = frame[column]
    bad = [value for value in series.unique().to_list() if not is_blank(value) and not ok(value)]
    return _passes(frame, column, ~series.is_in(bad))


def _present(frame: Frame, _params: Params, column: str | None) -> Series | bool:
    assert column is not None
    series = frame[column]
    if series.dtype == nw.String:
        return (~series.is_null() & (series.str.strip_chars() != "")).fill_null(False)
    return ~series.is_null()


def _in_vocabulary(frame: Frame, params: Params, column: str | None) -> Series | bool:
    assert column is not None
    vocab = vocabulary(params["vocabulary"], tuple(params.get("values", ())))
    separator = params.get("separator")

    def known(value: Any) -> bool:
        parts = str(value).split(separator) if separator else [str(value)]
        return all(vocab.canonical(part) is not None for part in parts)

    return _failing_distinct(frame, column, known)


def _not_matches(frame: Frame, params: Params, column: str | None) -> Series | bool:
    assert column is not None
    series = frame[column].cast(nw.String)
    return _passes(frame, column, ~series.str.contains(params["pattern"]))


def _period_ok(text: Any, kinds: list[str] | None) -> bool:
    """Whether ``text`` is a period (of one of ``kinds``, when given).

    With ``kinds``, unreadable text passes: the plain ``period`` check reports it, once.
    """
    try:
        period = parse_period(str(text))
    except AspcoreError:
        return bool(kinds)
    return not kinds or str(period.kind) in kinds


def _period(frame: Frame, params: Params, column: str | None) -> Series | bool:
    assert column is not None
    kinds = params.get("kinds")
    return _failing_distinct(frame, column, lambda text: _period_ok(text, kinds))


#: Relative timescales ("within 6 months") need a date to count from; readability does not
#: depend on which, so the check uses this one.
_ANY_ANCHOR = dt.date(2000, 1, 1)


def _timescale_ok(text: Any) -> bool:
    try:
        parse_timescale(str(text), anchor=_ANY_ANCHOR)
    except AspcoreError:
        return False
    return True


def _timescale(frame: Frame, _params: Params, column: str | None) -> Series | bool:
    assert column is not None
    return _failing_distinct(frame, column, _timescale_ok)


def _parts(frame: Frame, params: Params) -> list[str]:
    return [p for p in params["parts"] if p in frame.columns]


def _parts_sum(frame: Frame, params: Params) -> Series:
    parts = _parts(frame, params)
    return frame.select(nw.sum_horizontal(*[nw.col(p) for p in parts]).alias("s"))["s"]


def _row_sum(frame: Frame, params: Params, column: str | None) -> Series | bool:
    total = params["total"]
    parts = _parts(frame, params)
    if total not in frame.columns or not parts:
        return True
    unknown = frame.select(
        nw.any_horizontal(*[nw.col(c).is_null() for c in (*parts, total)], ignore_nulls=True).alias(
            "unknown"
        )
    )["unknown"]
    ok: Series = unknown | (_parts_sum(frame, params) == frame[total]).fill_null(True)
    return ok.alias("ok")


def _row_sum_expected(
    frame: Frame, params: Params, _column: str | None, rows: list[int]
) -> list[Any]:
    sums = _parts_sum(frame, params)
    return [sums.item(row) for row in rows]


def _total_rows(frame: Frame, params: Params) -> Series:
    vocab = vocabulary(params.get("vocabulary", ""), ())
    series: Series = frame[params["label_column"]]
    totals = [
        value
        for value in series.unique().to_list()
        if not is_blank(value)
        and (vocab.canonical(value) or str(value).strip().lower()) == params["total_label"]
    ]
    return series.is_in(totals).fill_null(False)


def _column_total(frame: Frame, params: Params, column: str | None) -> Series | bool:
    assert column is not None
    if column not in frame.columns or params["label_column"] not in frame.columns:
        return True
    is_total = _total_rows(frame, params)
    parts = frame.filter(~is_total)[column]
    if parts.is_null().any():
        return True  # a blank or unreadable cell is reported on its own; the sum is unknown
    return _passes(frame, column, ~is_total | (frame[column] == parts.sum()))


def _column_total_expected(
    frame: Frame, params: Params, column: str | None, rows: list[int]
) -> list[Any]:
    assert column is not None
    return [frame.filter(~_total_rows(frame, params))[column].sum()] * len(rows)


def _has_row(frame: Frame, params: Params, _column: str | None) -> Series | bool:
    if params["label_column"] not in frame.columns:
        return True
    return bool(_total_rows(frame, params).any())


def _le_column(frame: Frame, params: Params, column: str | None) -> Series | bool:
    assert column is not None
    other = params["other"]
    if column not in frame.columns or other not in frame.columns:
        return True
    return _passes(frame, column, (frame[column] <= frame[other]) | frame[other].is_null())


def _unique_rows(frame: Frame, params: Params, _column: str | None) -> Series | bool:
    """Rows whose key repeats another row's fail; rows with the whole key blank are left alone.

    The frame's own duplicate detection over the key columns (hashing them together, nulls equal
    to nulls), not a text key per row: on a million rows that is most of validation's cost.
    """
    columns = [c for c in params["columns"] if c in frame.columns]
    if not columns:
        return True
    blank = frame.select(
        nw.all_horizontal(*[nw.col(c).is_null() for c in columns], ignore_nulls=True).alias("b")
    )["b"]
    return (~frame.select(columns).is_duplicated() | blank).alias("ok")


def _range_where(frame: Frame, params: Params, column: str | None) -> Series | bool:
    assert column is not None
    key = params["key"]
    if column not in frame.columns or key not in frame.columns:
        return True
    value = frame[column].cast(nw.Float64)
    low, high = params.get("min"), params.get("max")
    ok = (value >= (float("-inf") if low is None else low)) & (
        value <= (float("inf") if high is None else high)
    )
    if params.get("whole"):
        ok = ok & (value.round(0) == value)
    applies = frame[key].is_in(list(params["ids"])).fill_null(False)
    return _passes(frame, column, ~applies | ok.fill_null(True))


def _period_frequency(frame: Frame, params: Params, column: str | None) -> Series | bool:
    assert column is not None
    key = params["key"]
    if column not in frame.columns or key not in frame.columns:
        return True
    kinds: Mapping[str, list[str]] = params["kinds"]
    pairs = frame.select(
        nw.col(key).cast(nw.String).alias("k"), nw.col(column).cast(nw.String).alias("p")
    ).with_columns(nw.concat_str("k", "p", separator="\x1f").alias("kp"))
    bad = [
        joined
        for joined in pairs["kp"].unique().to_list()
        if isinstance(joined, str)
        and (parts := joined.split("\x1f"))[0] in kinds
        and not _period_ok(parts[1], kinds[parts[0]])
    ]
    return _passes(frame, column, ~pairs["kp"].is_in(bad))


def _period_frequency_expected(
    frame: Frame, params: Params, _column: str | None, rows: list[int]
) -> list[Any]:
    keys = frame[params["key"]]
    return [params.get("frequencies", {}).get(keys.item(row)) for row in rows]


def _period_within(frame: Frame, params: Params, column: str | None) -> Series | bool:
    assert column is not None

    def inside(text: Any) -> bool:
        try:
            period = parse_period(str(text))
        except AspcoreError:
            return True  # an unreadable period is the ``period`` check's to report
        return bool(
            params["start"] <= period.start.isoformat() <= period.end.isoformat() <= params["end"]
        )

    return _failing_distinct(frame, column, inside)


def _fmt(values: Any) -> str:
    return ", ".join(str(v) for v in values)


#: Every check kind, by name.
KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "ge",
            lambda p: f"at least {p['min']}",
            builtin=lambda check, p, o: check.ge(p["min"], **o),
        ),
        Kind(
            "le",
            lambda p: f"at most {p['max']}",
            builtin=lambda check, p, o: check.le(p["max"], **o),
        ),
        Kind(
            "between",
            lambda p: f"between {p['min']} and {p['max']}",
            builtin=lambda check, p, o: check.in_range(p["min"], p["max"], **o),
        ),
        Kind(
            "isin",
            lambda p: f"one of {_fmt(p['values'])}",
            builtin=lambda check, p, o: check.isin(list(p["values"]), **o),
        ),
        Kind(
            "str_matches",
            lambda p: f"matches {p['pattern']}",
            builtin=lambda check, p, o: check.str_matches(p["pattern"], **o),
        ),
        Kind(
            "str_length",
            lambda p: f"{p.get('min', 0)} to {p.get('max', 'any')} characters",
            builtin=lambda check, p, o: check.str_length(p.get("min"), p.get("max"), **o),
        ),
        Kind("present", lambda p: "not blank", test=_present),
        Kind("in_vocabulary", lambda p: f"a known {p['vocabulary']}", test=_in_vocabulary),
        Kind("not_matches", lambda p: f"does not match {p['pattern']}", test=_not_matches),
        Kind("period", lambda p: f"a period ({_fmt(p.get('kinds') or ['any'])})", test=_period),
        Kind("timescale", lambda p: "a timescale aspcore can read", test=_timescale),
        Kind(
            "row_sum",
            lambda p: f"{_fmt(p['parts'])} add up to {p['total']}",
            test=_row_sum,
            expected=_row_sum_expected,
            needs_column=False,
        ),
        Kind(
            "column_total",
            lambda p: "the rows add up to the total row",
            test=_column_total,
            expected=_column_total_expected,
        ),
        Kind(
            "has_row",
            lambda p: f"has a {p['total_label']} row",
            test=_has_row,
            needs_column=False,
        ),
        Kind("le_column", lambda p: f"not more than {p['other']}", test=_le_column),
        Kind(
            "unique_rows",
            lambda p: f"one row per {_fmt(p['columns'])}",
            test=_unique_rows,
            needs_column=False,
        ),
        Kind("range_where", lambda p: f"in range for {p['key']}", test=_range_where),
        Kind(
            "period_frequency",
            lambda p: f"period fits the {p['key']}'s frequency",
            test=_period_frequency,
            expected=_period_frequency_expected,
        ),
        Kind("period_within", lambda p: f"inside {p['start']} to {p['end']}", test=_period_within),
    )
}


def kind(name: str) -> Kind:
    """The kind called ``name``; an unknown one raises ``KeyError`` listing the known kinds."""
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(f"unknown check kind {name!r}; known kinds: {', '.join(KINDS)}") from None


def describe(check: CheckSpec) -> str:
    """How reports name ``check``: its own title, else its kind's description of its params."""
    if check.title:
        return check.title
    found = KINDS.get(check.kind)
    try:
        return found.title(check.params) if found is not None else check.kind
    except (KeyError, TypeError):  # parameters the kind cannot describe; the check says so
        return check.kind
