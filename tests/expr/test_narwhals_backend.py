"""The narwhals backend: one expression over a whole frame, on every backend narwhals reads."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import narwhals as nw
import pandas as pd
import polars as pl
import pyarrow as pa  # type: ignore[import-untyped]
import pytest

from aspcore.errors import ExpressionError
from aspcore.expr import compile_expression

FIELDS: dict[str, Any] = {
    "progress": "number",
    "count": "number",
    "status": "text",
    "due": "date",
    "flag": "boolean",
}
AS_OF = dt.date(2018, 11, 30)
ROWS: list[dict[str, Any]] = [
    {"progress": 40.0, "count": 3, "status": "not-started", "due": dt.date(2018, 12, 20),
     "flag": True},
    {"progress": None, "count": 0, "status": "Complete", "due": dt.date(2019, 3, 31),
     "flag": None},
    {"progress": -2.5, "count": None, "status": None, "due": None, "flag": False},
    {"progress": 0.0, "count": -7, "status": " two  words ", "due": dt.date(2018, 1, 31),
     "flag": True},
]  # fmt: skip
SCHEMA = pa.schema(
    [
        ("progress", pa.float64()),
        ("count", pa.int64()),
        ("status", pa.string()),
        ("due", pa.date32()),
        ("flag", pa.bool_()),
    ]
)


def _arrow() -> pa.Table:
    return pa.Table.from_pylist(ROWS, schema=SCHEMA)


def _numpy_pandas() -> pd.DataFrame:
    frame = pd.DataFrame(ROWS)
    frame["due"] = pd.to_datetime(frame["due"])  # datetime64 with NaT: numpy has no date dtype
    return frame


_CONNECTION = duckdb.connect()
BACKENDS: dict[str, Callable[[], Any]] = {
    "polars": lambda: pl.from_arrow(_arrow()),
    "polars-lazy": lambda: pl.from_arrow(_arrow()).lazy(),  # type: ignore[union-attr]
    "pandas-numpy": _numpy_pandas,
    "pandas-pyarrow": lambda: _arrow().to_pandas(types_mapper=pd.ArrowDtype),
    "pyarrow": _arrow,
    "duckdb": lambda: _CONNECTION.from_arrow(_arrow()),
}


@pytest.fixture(params=list(BACKENDS))
def frame(request: pytest.FixtureRequest) -> Any:
    return BACKENDS[request.param]()


def column(frame: Any, expr: nw.Expr) -> list[Any]:
    result = nw.from_native(frame).with_columns(expr.alias("result")).lazy().collect()
    return [_plain(value) for value in result.get_column("result").to_list()]


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def vectorised(frame: Any, source: str, **kwargs: Any) -> list[Any]:
    expression = compile_expression(source, fields=FIELDS)
    return column(frame, expression.to_narwhals(as_of=AS_OF, **kwargs))


def python(source: str) -> list[Any]:
    expression = compile_expression(source, fields=FIELDS)
    return [expression.evaluate(row, as_of=AS_OF) for row in ROWS]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("status == 'not-started' and days_until(due) < 30", [True, False, None, False]),
        ("progress < 10", [False, None, True, True]),
        ("0 <= progress <= 100", [True, None, False, True]),
        ("progress + count", [43.0, None, None, -7.0]),
        ("progress / count", [40 / 3, None, None, -0.0]),
        ("count // 2", [1.0, 0.0, None, -4.0]),
        ("count % 2", [1.0, 0.0, None, 1.0]),
        ("count ** 2", [9.0, 0.0, None, 49.0]),
        ("count ** -1", [1 / 3, None, None, -1 / 7]),
        ("not flag", [False, None, True, False]),
        ("flag or progress > 0", [True, None, False, True]),
        ("flag and progress > 0", [True, None, False, False]),
        ("flag == (count > 0)", [True, None, None, False]),
        ("status in ('Complete', 'not-started')", [True, True, None, False]),
        ("count not in (0, 3)", [False, False, None, True]),
        ("flag in (True,)", [True, None, False, True]),
        ("progress if flag else count", [40.0, 0.0, None, 0.0]),
        ("status if flag else None", ["not-started", None, None, " two  words "]),
        (
            "due if flag else date('2000-01-01')",
            [dt.date(2018, 12, 20), dt.date(2000, 1, 1), dt.date(2000, 1, 1), dt.date(2018, 1, 31)],
        ),
        ("days_until(due)", [20.0, 121.0, None, -303.0]),
        ("days_since(due)", [-20.0, -121.0, None, 303.0]),
        ("months_between(due, date('2019-03-30'))", [3.0, 0.0, None, 13.0]),
        ("year(due) * 100 + month(due)", [201812.0, 201903.0, None, 201801.0]),
        ("lower(status)", ["not-started", "complete", None, " two  words "]),
        ("upper(status) == 'COMPLETE'", [False, True, None, False]),
        ("contains(status, 'o')", [True, True, None, True]),
        ("starts_with(status, 'not')", [True, False, None, False]),
        ("ends_with(status, 'e')", [False, True, None, False]),
        ("word_count(status)", [1.0, 1.0, None, 2.0]),
        ("length(status)", [11.0, 8.0, None, 12.0]),
        ("abs(progress)", [40.0, None, 2.5, 0.0]),
        ("min(progress, count)", [3.0, None, None, -7.0]),
        ("max(progress, count, 1)", [40.0, None, None, 1.0]),
        ("max(status, 'b')", ["not-started", "b", None, "b"]),
        (
            "min(due, date('2018-06-30'))",
            [dt.date(2018, 6, 30), dt.date(2018, 6, 30), None, dt.date(2018, 1, 31)],
        ),
        ("round(progress / 3)", [13.0, None, -1.0, 0.0]),
        ("round(-2.5 + count)", [1.0, -3.0, None, -10.0]),
        ("is_null(progress)", [False, True, False, False]),
        ("is_null(flag)", [False, True, False, False]),
        ("coalesce(progress, count, 99)", [40.0, 0.0, -2.5, 0.0]),
        ("coalesce(status, 'none')", ["not-started", "Complete", "none", " two  words "]),
        ("coalesce(flag, count > 0)", [True, False, False, True]),
    ],
)
def test_examples(frame: Any, source: str, expected: list[Any]) -> None:
    assert vectorised(frame, source) == expected
    assert python(source) == expected


def test_truthy_gives_a_null_free_mask_for_filtering(frame: Any) -> None:
    source = "flag or progress > 0"
    assert vectorised(frame, source, truthy=True) == [True, False, False, True]
    expression = compile_expression(source, fields=FIELDS)
    kept = nw.from_native(frame).filter(expression.to_narwhals(truthy=True)).lazy().collect()
    assert kept.get_column("count").to_list() == [3, -7]


def test_a_constant_expression_is_broadcast(frame: Any) -> None:
    assert vectorised(frame, "1 + 1 == 2") == [True] * 4
    assert vectorised(frame, "2 ** 3") == [8.0] * 4


def test_days_need_an_as_of_date() -> None:
    expression = compile_expression("days_until(due) < 30", fields=FIELDS)
    with pytest.raises(ExpressionError, match="needs an as_of date"):
        expression.to_narwhals()
    assert isinstance(compile_expression("progress < 1", fields=FIELDS).to_narwhals(), nw.Expr)


def test_truthy_needs_a_boolean_expression() -> None:
    with pytest.raises(ExpressionError, match="is number, not boolean"):
        compile_expression("progress + 1", fields=FIELDS).to_narwhals(truthy=True)


def test_untyped_columns_are_read_with_their_own_dtypes() -> None:
    frame = pl.from_arrow(_arrow())
    expression = compile_expression("progress + 1 > count and status != 'x'")
    assert expression.type == "boolean"
    assert column(frame, expression.to_narwhals()) == [True, None, None, True]
    assert column(frame, compile_expression("flag").to_narwhals()) == [True, None, False, True]
    mask = compile_expression("flag").to_narwhals(truthy=True)
    assert column(frame, mask) == [True, False, False, True]


def test_nan_and_infinity_in_number_columns() -> None:
    frame = pl.DataFrame({"progress": [math.nan, math.inf, 1.0]})
    assert column(frame, compile_expression("progress", fields=FIELDS).to_narwhals()) == [
        None,
        math.inf,
        1.0,
    ]
    comparison = compile_expression("progress > 1e308", fields=FIELDS).to_narwhals()
    assert column(frame, comparison) == [None, True, False]
    overflow = compile_expression("progress * 1e308 * 10", fields=FIELDS).to_narwhals()
    assert column(frame, overflow) == [None, math.inf, math.inf]


def test_the_expression_is_lazy_and_stays_lazy() -> None:
    lazy = pl.from_arrow(_arrow()).lazy()  # type: ignore[union-attr]
    expression = compile_expression("progress < 10", fields=FIELDS)
    result = nw.from_native(lazy).select(expression.to_narwhals().alias("r"))
    assert isinstance(result, nw.LazyFrame)
    assert result.collect().get_column("r").to_list() == [False, None, True, True]


def test_the_documented_example_runs() -> None:
    page = Path(__file__).resolve().parents[2] / "docs" / "expressions.md"
    blocks = re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), flags=re.S)
    exec(compile(blocks[0], "expressions.md", "exec"), {})
