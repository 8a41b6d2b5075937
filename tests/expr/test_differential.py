"""The two backends agree: random well-typed expressions over random data with nulls.

Hypothesis writes expressions of every type from the whole language (operators, chained
comparisons, ``in``, conditionals, every function) over a fixed schema, and rows with nulls, zeros,
negative numbers, month-end dates and short strings with whitespace.  Each expression is evaluated
row by row by the Python backend and in one pass by the narwhals backend on polars and on pandas
(numpy-backed and pyarrow-backed) frames; the answers must be the same, nulls included.

A second property draws numbers from float64's edges (the largest and smallest floats,
subnormals, infinities, integers past 2**53 and int64's limits), in the data and as literals.
``make fuzz`` runs it with ``ASPCORE_FUZZ_EXAMPLES`` examples, as it runs the fuzzing suite.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import os
from typing import Any

import duckdb
import narwhals as nw
import pandas as pd
import polars as pl
import pyarrow as pa  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from aspcore.errors import ExpressionError
from aspcore.expr import Expression, compile_expression

FIELDS: dict[str, Any] = {
    "progress": "number",
    "count": "number",
    "status": "text",
    "owner": "text",
    "due": "date",
    "start": "date",
    "flag": "boolean",
    "done": "boolean",
}
ARROW_SCHEMA = pa.schema(
    [
        ("progress", pa.float64()),
        ("count", pa.int64()),
        ("status", pa.string()),
        ("owner", pa.string()),
        ("due", pa.date32()),
        ("start", pa.date32()),
        ("flag", pa.bool_()),
        ("done", pa.bool_()),
    ]
)
ALPHABET = "ab AB\t\né-\xa0\x1c"  # with whitespace that is not ASCII
_DUCKDB = duckdb.connect()
MIN_DATE, MAX_DATE = dt.date(1900, 1, 1), dt.date(2100, 12, 31)

# -- data -----------------------------------------------------------------------------------------

floats = st.one_of(
    st.sampled_from([0.0, 0.5, -0.5, 1.5, 2.5, -2.5, 100.0, 0.1, 1e-3, -0.0]),
    st.integers(-30, 30).map(lambda n: n / 4),
    st.floats(-1e4, 1e4, allow_nan=False),
)
texts = st.one_of(st.sampled_from(["", "not-started", "complete"]), st.text(ALPHABET, max_size=6))
month_ends = st.sampled_from(
    [dt.date(2019, 1, 31), dt.date(2019, 2, 28), dt.date(2020, 2, 29), dt.date(2020, 4, 30)]
)
same_days = st.builds(  # shared days of the month: whole months in months_between
    dt.date, st.integers(2017, 2021), st.integers(1, 12), st.sampled_from([1, 15, 28])
)
dates = st.one_of(month_ends, same_days, st.dates(MIN_DATE, MAX_DATE))
small = st.integers(-3, 3)
rows = st.fixed_dictionaries(
    {
        "progress": st.none() | floats | small.map(float),
        "count": st.none() | small | st.integers(-20, 20) | st.integers(-(10**6), 10**6),
        "status": st.none() | texts,
        "owner": st.none() | texts,
        "due": st.none() | dates,
        "start": st.none() | dates,
        "flag": st.none() | st.booleans(),
        "done": st.none() | st.booleans(),
    }
)
tables = st.lists(rows, min_size=1, max_size=8)

#: Numbers at float64's edges, where the two backends are likeliest to part.
EDGE_NUMBERS = [1.7976931348623157e308, 1e308, 5e-324, 2.2250738585072014e-308, 1e300, 1e16]
EDGE_INTEGERS = [2**53 + 1, 2**62, 2**63 - 1, -(2**63), 4_611_686_018_427_387_905]
edge_floats = st.one_of(
    st.sampled_from([*EDGE_NUMBERS, *(-x for x in EDGE_NUMBERS), math.inf, -math.inf]),
    st.floats(allow_nan=False),
)
edge_rows = rows.flatmap(
    lambda row: st.fixed_dictionaries(
        {
            "progress": st.one_of(st.just(row["progress"]), edge_floats),
            "count": st.one_of(
                st.just(row["count"]),
                st.sampled_from(EDGE_INTEGERS),
                st.integers(-(2**63), 2**63 - 1),
            ),
        }
    ).map(lambda numbers: {**row, **numbers})
)
edge_tables = st.lists(edge_rows, min_size=1, max_size=6)

# -- expressions ----------------------------------------------------------------------------------


def _call(name: str, *args: str) -> str:
    return f"{name}({', '.join(args)})"


def _paren(template: str) -> Any:
    return lambda parts: template.format(*parts)


def _leaves(fields: list[str], literals: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Mostly fields (a literal-only expression is folded to a constant when compiled)."""
    return st.one_of(st.sampled_from(fields), st.sampled_from(fields), literals)


_NUMBER_LITERALS = st.one_of(
    small.map(str),
    st.integers(-20, 20).map(str),
    st.sampled_from(["0.5", "2.25", "-1.5", "0.1", "1e3", "0"]),
)
_EDGE_LITERALS = st.one_of(
    _NUMBER_LITERALS,
    st.sampled_from([repr(x) for x in EDGE_NUMBERS] + [str(n) for n in EDGE_INTEGERS]),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
)
LEAVES: dict[str, st.SearchStrategy[str]] = {
    "number": _leaves(["progress", "count"], _NUMBER_LITERALS),
    "text": _leaves(["status", "owner"], texts.map(repr)),
    "date": _leaves(["due", "start"], dates.map(lambda d: f"date('{d.isoformat()}')")),
    "boolean": _leaves(["flag", "done"], st.sampled_from(["True", "False"])),
}


EDGE_LEAVES = {**LEAVES, "number": _leaves(["progress", "count"], _EDGE_LITERALS)}


@functools.cache
def expressions(type_: str, depth: int, edges: bool = False) -> st.SearchStrategy[str]:
    """Source text of expressions of ``type_`` nested at most ``depth`` deep (with number
    literals from float64's edges when ``edges``)."""
    leaves = (EDGE_LEAVES if edges else LEAVES)[type_]
    if depth == 0:
        return leaves
    compound = _compound(type_, depth - 1, edges)
    return st.integers(0, 4).flatmap(lambda pick: leaves if pick == 0 else compound)


def _compound(type_: str, depth: int, edges: bool) -> st.SearchStrategy[str]:
    n, t = expressions("number", depth, edges), expressions("text", depth, edges)
    d, b = expressions("date", depth, edges), expressions("boolean", depth, edges)
    same = expressions(type_, depth, edges)
    common = [
        st.tuples(same, b, same).map(_paren("({0} if {1} else {2})")),
        st.tuples(b, same).map(_paren("({1} if {0} else None)")),
        st.tuples(same, same).map(_paren("coalesce({0}, {1})")),
        st.tuples(same).map(_paren("coalesce(None, {0})")),
    ]
    if type_ == "number":
        return st.one_of(
            *common,
            st.tuples(n, st.sampled_from(["+", "-", "*", "/", "//", "%", "**"]), n).map(
                _paren("({0} {1} {2})")
            ),
            n.map("(-{})".format),
            n.map("abs({})".format),
            n.map("round({})".format),
            st.tuples(n, st.integers(-3, 4)).map(_paren("round({0}, {1})")),
            st.tuples(st.sampled_from(["min", "max"]), st.lists(n, min_size=2, max_size=3)).map(
                lambda p: _call(p[0], *p[1])
            ),
            st.tuples(st.sampled_from(["days_until", "days_since", "year", "month"]), d).map(
                lambda p: _call(*p)
            ),
            st.tuples(st.sampled_from(["days_between", "months_between"]), d, d).map(
                lambda p: _call(*p)
            ),
            st.tuples(st.sampled_from(["length", "word_count"]), t).map(lambda p: _call(*p)),
        )
    if type_ == "text":
        return st.one_of(
            *common,
            st.tuples(st.sampled_from(["lower", "upper"]), t).map(lambda p: _call(*p)),
            st.tuples(st.sampled_from(["min", "max"]), t, t).map(lambda p: _call(*p)),
        )
    if type_ == "date":
        return st.one_of(
            *common, st.tuples(st.sampled_from(["min", "max"]), d, d).map(lambda p: _call(*p))
        )
    ordering = st.sampled_from(["==", "!=", "<", "<=", ">", ">="])
    return st.one_of(
        *common,
        st.tuples(n, ordering, n).map(_paren("({0} {1} {2})")),
        st.tuples(t, ordering, t).map(_paren("({0} {1} {2})")),
        st.tuples(d, ordering, d).map(_paren("({0} {1} {2})")),
        st.tuples(b, st.sampled_from(["==", "!="]), b).map(_paren("({0} {1} {2})")),
        st.tuples(n, ordering, n, ordering, n).map(_paren("({0} {1} {2} {3} {4})")),
        st.tuples(st.sampled_from(["and", "or"]), st.lists(b, min_size=2, max_size=3)).map(
            lambda p: "(" + f" {p[0]} ".join(p[1]) + ")"
        ),
        b.map("(not {})".format),
        st.tuples(
            n, st.sampled_from(["in", "not in"]), st.lists(st.integers(-3, 3), min_size=1)
        ).map(lambda p: f"({p[0]} {p[1]} ({', '.join(map(str, p[2]))},))"),
        st.tuples(t, st.sampled_from(["in", "not in"]), st.lists(texts, min_size=1)).map(
            lambda p: f"({p[0]} {p[1]} [{', '.join(map(repr, p[2]))}])"
        ),
        st.one_of(n, t, d, b).map("is_null({})".format),
        st.tuples(st.sampled_from(["contains", "starts_with", "ends_with"]), t, texts).map(
            lambda p: f"{p[0]}({p[1]}, {p[2]!r})"
        ),
    )


any_expression = st.sampled_from(["number", "text", "date", "boolean"]).flatmap(
    lambda type_: expressions(type_, 4)
)
edge_expression = st.sampled_from(["number", "boolean"]).flatmap(
    lambda type_: expressions(type_, 4, edges=True)
)

# -- frames and comparison ------------------------------------------------------------------------


def frames(table: list[dict[str, Any]]) -> dict[str, Any]:
    columns = {name: [row[name] for row in table] for name in FIELDS}
    arrow = pa.table(columns, schema=ARROW_SCHEMA)
    numpy_backed = pd.DataFrame(
        {
            "progress": pd.Series(columns["progress"], dtype="float64"),
            "count": pd.Series(
                columns["count"], dtype="float64" if None in columns["count"] else None
            ),
            **{name: pd.Series(columns[name], dtype="str") for name in ("status", "owner")},
            **{
                name: pd.to_datetime(pd.Series(columns[name], dtype=object))
                for name in ("due", "start")
            },
            **{
                name: pd.Series(columns[name], dtype=object if None in columns[name] else bool)
                for name in ("flag", "done")
            },
        }
    )
    return {
        "polars": pl.from_arrow(arrow),
        "pandas-numpy": numpy_backed,
        "pandas-pyarrow": arrow.to_pandas(types_mapper=pd.ArrowDtype),
    }


def vectorised(frame: Any, expr: nw.Expr) -> list[Any]:
    result = nw.from_native(frame).with_columns(expr.alias("__result__")).lazy().collect()
    return [_plain(value) for value in result.get_column("__result__").to_list()]


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):  # numpy scalars
        return _plain(value.item())
    return value


def same(expected: Any, got: Any) -> bool:
    if expected is None or got is None:
        return expected is got
    if isinstance(expected, bool) or isinstance(got, bool):
        return type(expected) is type(got) and expected == got
    if isinstance(expected, int | float) and isinstance(got, int | float):
        return expected == got or math.isclose(expected, got, rel_tol=1e-12, abs_tol=0.0)
    return type(expected) is type(got) and expected == got


def compiled(source: str) -> Expression:
    try:
        return compile_expression(source, fields=FIELDS)
    except ExpressionError as exc:  # a constant exponent or a size limit beyond the bounds
        assume("too large" not in str(exc) and "more than" not in str(exc))
        raise


def check_backends_agree(
    source: str, table: list[dict[str, Any]], as_of: dt.date, frames: dict[str, Any]
) -> None:
    expression = compiled(source)
    expected = [expression.evaluate(row, as_of=as_of) for row in table]
    for name, frame in frames.items():
        got = vectorised(frame, expression.to_narwhals(as_of=as_of))
        mismatches = [
            (row, e, g) for row, e, g in zip(table, expected, got, strict=True) if not same(e, g)
        ]
        assert not mismatches, f"{name}: {source}: (row, python, narwhals) {mismatches}"
        if expression.type == "boolean":
            mask = vectorised(frame, expression.to_narwhals(as_of=as_of, truthy=True))
            assert mask == [expression.truthy(row, as_of=as_of) for row in table], name


def examples(count: int, **more: Any) -> Any:
    """The settings of a property over generated expressions: ``count`` examples, no deadline
    (pandas and DuckDB are slow per call), large data allowed."""
    return settings(
        max_examples=count,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        **more,
    )


@examples(100)
@given(source=any_expression, table=tables, as_of=st.dates(MIN_DATE, MAX_DATE))
def test_python_and_narwhals_backends_agree(
    source: str, table: list[dict[str, Any]], as_of: dt.date
) -> None:
    check_backends_agree(source, table, as_of, frames(table))


@examples(40)
@given(source=any_expression, table=tables, as_of=st.dates(MIN_DATE, MAX_DATE))
def test_lazy_backends_agree_too(source: str, table: list[dict[str, Any]], as_of: dt.date) -> None:
    """Fewer examples on polars lazy, pyarrow and DuckDB (a SQL backend: slower per call)."""
    arrow = pa.table({name: [row[name] for row in table] for name in FIELDS}, schema=ARROW_SCHEMA)
    lazy = {
        "polars-lazy": pl.from_arrow(arrow).lazy(),  # type: ignore[union-attr]
        "pyarrow": arrow,
        "duckdb": _DUCKDB.from_arrow(arrow),
    }
    check_backends_agree(source, table, as_of, lazy)


@examples(int(os.environ.get("ASPCORE_FUZZ_EXAMPLES", "100")), database=None)
@given(source=edge_expression, table=edge_tables, as_of=st.dates(MIN_DATE, MAX_DATE))
def test_backends_agree_at_float_edges(
    source: str, table: list[dict[str, Any]], as_of: dt.date
) -> None:
    """Numbers past 2**53, near float64's limits, subnormal or infinite give the same answers
    (found this way: ``round`` gave an exact int of a float past 2**53, so ``round(count) %
    1988`` at ``count = -2**63`` was 776 row by row and 0 in a frame).

    A pyarrow-backed frame refuses an integer column holding a value past 2**53 (pyarrow casts
    to float64 only when no precision is lost; docs/reference/expressions.md says so), so those
    tables are checked on polars and numpy-backed pandas.
    """
    checked = frames(table)
    if any(row["count"] is not None and abs(row["count"]) > 2**53 for row in table):
        del checked["pandas-pyarrow"]
    check_backends_agree(source, table, as_of, checked)


OPERATIONS = [
    *(f"progress {op} count" for op in ("+", "-", "*", "/", "//", "%", "**")),
    *(f"count {op} progress" for op in ("/", "//", "%", "**")),
    "-progress",
    *(f"progress {op} count" for op in ("<", "<=", "==", "!=", ">", ">=")),
    *(f"{a} {op} {b}" for a, b in (("status", "owner"), ("due", "start")) for op in ("<", "==")),
    "0 <= progress < count",
    *(f"flag {op} done" for op in ("==", "!=", "and", "or")),
    "not flag",
    "count in (-1, 0, 2)",
    "progress not in (0.5, 0)",
    "status in ('a', '', 'complete')",
    "flag in (True,)",
    "due in (date('2019-01-31'), date('2020-02-29'))",
    "progress if flag else count",
    "status if flag else owner",
    "due if flag else start",
    "done if flag else None",
    *(f"{name}(due)" for name in ("days_until", "days_since", "year", "month")),
    "days_between(due, start)",
    "months_between(due, start)",
    "months_between(date('2019-06-15'), due)",
    *(f"{name}(status)" for name in ("lower", "upper", "word_count", "length")),
    *(f"{name}(status, 'a')" for name in ("contains", "starts_with", "ends_with")),
    "abs(progress)",
    "min(progress, count)",
    "max(progress, count, 0)",
    "min(status, owner)",
    "max(due, start)",
    *(f"round(progress, {ndigits})" for ndigits in (0, 1, 2, -1)),
    "round(count / 4)",
    *(f"is_null({name})" for name in ("progress", "status", "due", "flag")),
    "coalesce(progress, count)",
    "coalesce(status, owner, 'x')",
    "coalesce(due, start)",
    "coalesce(flag, done)",
]


@examples(8)
@given(table=st.lists(rows, min_size=20, max_size=60), as_of=st.dates(MIN_DATE, MAX_DATE))
def test_every_operation_agrees_on_columns(table: list[dict[str, Any]], as_of: dt.date) -> None:
    """Each operator and function alone on columns, so no edge case hides in a big tree.

    All of them run on the same (long) table in one pass per frame: on pandas the cost is per
    operation, not per row.
    """
    expressions = [compiled(source) for source in OPERATIONS]
    expected = [[e.evaluate(row, as_of=as_of) for row in table] for e in expressions]
    for name, frame in frames(table).items():
        outputs = (e.to_narwhals(as_of=as_of).alias(f"r{i}") for i, e in enumerate(expressions))
        collected = nw.from_native(frame).select(*outputs).lazy().collect()
        for i, source in enumerate(OPERATIONS):
            got = [_plain(value) for value in collected.get_column(f"r{i}").to_list()]
            wrong = [
                (r, e, g) for r, e, g in zip(table, expected[i], got, strict=True) if not same(e, g)
            ]
            assert not wrong, f"{name}: {source}: (row, python, narwhals) {wrong}"


@pytest.mark.parametrize("type_", ["number", "text", "date", "boolean"])
def test_the_generator_writes_valid_expressions_of_each_type(type_: str) -> None:
    """Guard the property test: the strategies make expressions that compile to their type."""
    checked = 0

    @settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
    @given(source=expressions(type_, 2))
    def check(source: str) -> None:
        nonlocal checked
        expression = compiled(source)
        assert expression.type in (type_, "any")
        checked += 1

    check()
    assert checked > 20
