"""Native period keys, labels and day numbers agree with :mod:`aspcore.periods` for any date."""

from __future__ import annotations

import datetime as dt

import duckdb
import narwhals as nw
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aspcore.indicators import period_keys as pk
from aspcore.periods import PeriodKind, period_of

FREQUENCIES = [(f, c) for f in ("monthly", "quarterly", "annual") for c in (False, True)]


def native_periods(frame: object, kind: PeriodKind) -> list[tuple[str, int, int, int]]:
    """Label, first day, last day and day number of every date, computed natively."""
    data = nw.from_native(frame)
    key = pk.period_key(pk.month_number(nw.col("d")), kind)
    out = data.with_columns(k=key.cast(nw.Int64)).select(
        pk.label(nw.col("k"), kind).alias("label"),
        pk.first_day(nw.col("k")).alias("first"),
        pk.last_day(nw.col("k"), kind).alias("last"),
        pk.date_day(nw.col("d")).alias("day"),
    )
    if isinstance(out, nw.LazyFrame):
        out = out.collect()
    return [(r[0], int(r[1]), int(r[2]), int(r[3])) for r in out.rows()]


def expected(
    days: list[dt.date], frequency: str, calendar: bool
) -> list[tuple[str, int, int, int]]:
    out = []
    for day in days:
        period = period_of(day, frequency, calendar=calendar)
        out.append(
            (period.label, period.start.toordinal(), period.end.toordinal(), day.toordinal())
        )
    return out


@settings(max_examples=60)
@given(
    days=st.lists(st.dates(dt.date(1000, 1, 1), dt.date(9998, 12, 31)), min_size=1, max_size=40),
    frequency=st.sampled_from(FREQUENCIES),
)
def test_labels_and_bounds_match_the_periods_module(
    days: list[dt.date], frequency: tuple[str, bool]
) -> None:
    name, calendar = frequency
    kind = pk.kind_of(name, calendar)
    frame = pl.DataFrame({"d": days}, schema={"d": pl.Date})
    assert native_periods(frame, kind) == expected(days, name, calendar)


LEAP_EDGES = [
    dt.date(2000, 2, 29),
    dt.date(1900, 3, 1),
    dt.date(2018, 3, 31),
    dt.date(2018, 4, 1),
    dt.date(2019, 12, 31),
    dt.date(2024, 2, 29),
    dt.date(2100, 1, 15),
]


@pytest.mark.parametrize(("frequency", "calendar"), FREQUENCIES)
def test_pandas_and_duckdb_agree_on_edges(frequency: str, calendar: bool) -> None:
    kind = pk.kind_of(frequency, calendar)
    frame = pl.DataFrame({"d": LEAP_EDGES}, schema={"d": pl.Date})
    want = expected(LEAP_EDGES, frequency, calendar)
    assert native_periods(frame.to_pandas(), kind) == want
    assert native_periods(duckdb.from_arrow(frame.to_arrow()), kind) == want


def test_financial_quarter_label_as_the_guide_writes_it() -> None:
    frame = pl.DataFrame({"d": [dt.date(2018, 7, 14), dt.date(2019, 2, 1)]})
    assert [r[0] for r in native_periods(frame, "financial-quarter")] == [
        "2018-19 Q2",
        "2018-19 Q4",
    ]


def python_date(text: str | None) -> dt.date | None:
    """What ``to_date`` must give: the day written YYYY-MM-DD (spaces trimmed), else null."""
    if text is None:
        return None
    trimmed = text.strip()
    if len(trimmed) != 10 or not trimmed.replace("-", "").isascii():
        return None
    try:
        parsed = dt.datetime.strptime(trimmed, "%Y-%m-%d").date()
    except ValueError:
        return None
    return parsed if parsed.isoformat() == trimmed else None


def _day(value: object) -> dt.date | None:
    """A parsed cell as a date: pandas gives timestamps (NaT when null), the others dates."""
    if value is None or value != value:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    assert isinstance(value, dt.date)
    return value


def parsed_natively(frame: object) -> list[tuple[bool, dt.date | None]]:
    data = nw.from_native(frame)
    dtype = data.collect_schema()["t"]
    out = data.select(
        ok=pk.readable_date(nw.col("t")),
        day=pk.to_date(nw.col("t"), dtype, data.implementation),
    )
    if isinstance(out, nw.LazyFrame):
        out = out.collect()
    days = [_day(value) for value in out["day"].to_list()]
    return list(zip(out["ok"].to_list(), days, strict=True))


DATE_TEXT = st.one_of(
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat),
    st.from_regex(r"\A ?[0-9]{4}-[0-9]{2}-[0-9]{2} ?\Z"),
    st.text(alphabet="0123456789-/ aT:", max_size=12),
    st.none(),
)


@settings(max_examples=80)
@given(texts=st.lists(DATE_TEXT, min_size=1, max_size=30))
def test_text_dates_are_read_or_null_never_an_error(texts: list[str | None]) -> None:
    frame = pl.DataFrame({"t": texts}, schema={"t": pl.String})
    want = [(python_date(t) is not None, python_date(t)) for t in texts]
    assert parsed_natively(frame) == want
    assert parsed_natively(frame.lazy()) == want


@pytest.mark.parametrize("convert", ["pandas", "duckdb"])
def test_every_engine_reads_the_same_text_dates(convert: str) -> None:
    texts = ["2018-02-30", "2016-02-29", "2100-02-29", " 2018-04-01 ", None, "", "0000-01-01"]
    texts += ["2018-13-01", "2018-4-1", "2018-04-31", "unknown", "9999-12-31", "2018-04-01T10"]
    frame = pl.DataFrame({"t": texts}, schema={"t": pl.String})
    native = frame.to_pandas() if convert == "pandas" else duckdb.from_arrow(frame.to_arrow())
    assert parsed_natively(native) == parsed_natively(frame)
    assert [day for _ok, day in parsed_natively(frame)] == [python_date(t) for t in texts]
