"""The Python backend: one record at a time, with SQL-like nulls and no hidden clock."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import math
import timeit
from pathlib import Path
from typing import Any

import attrs
import pytest

from aspcore.errors import ExpressionError
from aspcore.expr import compile_expression

FIELDS: dict[str, Any] = {
    "progress": "number",
    "count": "number",
    "status": "text",
    "due": "date",
    "start": "date",
    "flag": "boolean",
    "other": "boolean",
}
AS_OF = dt.date(2018, 11, 30)
RECORD: dict[str, Any] = {
    "progress": 40,
    "count": 3,
    "status": "not-started",
    "due": dt.date(2018, 12, 20),
    "start": dt.date(2018, 4, 1),
    "flag": True,
    "other": False,
}


def run(source: str, record: dict[str, Any] | None = None, **values: Any) -> Any:
    row = {**RECORD, **(record or {}), **values}
    return compile_expression(source, fields=FIELDS).evaluate(row, as_of=AS_OF)


# -- operators ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("status == 'not-started' and days_until(due) < 30", True),
        ("progress < 75", True),
        ("0 <= progress <= 100", True),
        ("0 <= progress <= 10", False),
        ("1 < 2 < 3 > 2", True),
        ("progress + count * 2", 46),
        ("progress - 50", -10),
        ("progress / count", 40 / 3),
        ("7 / 2", 3.5),
        ("7 // 2", 3),
        ("-7 // 2", -4),
        ("7.5 // 2", 3),
        ("7 % 3", 1),
        ("-7 % 3", 2),
        ("7 % -3", -2),
        ("5.5 % 2", 1.5),
        ("2 ** 10", 1024),
        ("2 ** -1", 0.5),
        ("4 ** 0.5", 2.0),
        ("-progress", -40),
        ("progress == 40.0", True),
        ("count != 3", False),
        ("status < 'o'", True),
        ("due > start", True),
        ("flag == True", True),
        ("flag != other", True),
        ("status in ('done', 'not-started')", True),
        ("status not in ['done', 'not-started']", False),
        ("count in (1.0, 3.0)", True),
        ("due in (date('2018-12-20'),)", True),
        ("flag in (False,)", False),
        ("progress if flag else count", 40),
        ("progress if other else count", 3),
        ("not flag", False),
        ("flag and not other", True),
        ("other or flag", True),
    ],
)
def test_operators(source: str, expected: Any) -> None:
    result = run(source)
    assert result == expected and type(result) is type(expected)


def test_integers_stay_integers_while_exact_and_become_floats_beyond() -> None:
    assert run("count * count") == 9 and isinstance(run("count * count"), int)
    big = run("count * 4503599627370496")
    assert big == 3 * 2**52 and isinstance(big, float)
    assert run("count", count=2**60) == float(2**60)


def test_overflow_gives_infinity_and_nan_gives_null() -> None:
    assert run("progress * 1e308") == math.inf
    assert run("-progress * 1e308") == -math.inf
    assert run("progress ** 64") == 40.0**64
    assert run("1e300 ** 2") == math.inf
    assert run("(-1e300) ** 3") == -math.inf
    assert run("(progress * 1e308) - (progress * 1e308)") is None
    assert run("progress", progress=math.nan) is None
    assert run("progress + 1", progress=math.inf) == math.inf


# -- nulls ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "record", "expected"),
    [
        ("progress < 75", {"progress": None}, None),
        ("progress + 1", {"progress": None}, None),
        ("-progress", {"progress": None}, None),
        ("status == 'x'", {"status": None}, None),
        ("status in ('x', 'y')", {"status": None}, None),
        ("status not in ('x', 'y')", {"status": None}, None),
        ("not flag", {"flag": None}, None),
        ("flag and other", {"flag": None}, False),
        ("flag and True", {"flag": None}, None),
        ("flag or True", {"flag": None}, True),
        ("flag or other", {"flag": None}, None),
        ("flag and other or True", {"flag": None}, True),
        ("1 if flag else 2", {"flag": None}, 2),
        ("lower(status)", {"status": None}, None),
        ("days_until(due)", {"due": None}, None),
        ("min(progress, count)", {"count": None}, None),
        ("round(progress)", {"progress": None}, None),
        ("is_null(progress)", {"progress": None}, True),
        ("is_null(progress)", {}, False),
        ("coalesce(progress, count, 7)", {"progress": None}, 3),
        ("coalesce(progress, count)", {"progress": None, "count": None}, None),
        ("progress / 0", {}, None),
        ("progress // 0", {}, None),
        ("progress % 0", {}, None),
        ("progress / count", {"count": 0}, None),
        ("progress / count", {"count": 0.0}, None),
        ("count ** -1", {"count": 0}, None),
        ("(-2) ** 0.5", {}, None),
        ("progress ** count", {"count": 65}, None),
        ("progress ** count", {"count": 64}, 40.0**64),
        ("0 <= progress <= 100", {"progress": None}, None),
    ],
)
def test_null_semantics(source: str, record: dict[str, Any], expected: Any) -> None:
    assert run(source, record) == expected


@pytest.mark.parametrize("a", [True, False, None])
@pytest.mark.parametrize("b", [True, False, None])
def test_and_or_not_follow_three_valued_logic(a: bool | None, b: bool | None) -> None:
    def kleene_and(x: bool | None, y: bool | None) -> bool | None:
        if x is False or y is False:
            return False
        return None if x is None or y is None else True

    def kleene_or(x: bool | None, y: bool | None) -> bool | None:
        if x is True or y is True:
            return True
        return None if x is None or y is None else False

    values = {"flag": a, "other": b}
    assert run("flag and other", values) is kleene_and(a, b)
    assert run("flag or other", values) is kleene_or(a, b)
    assert run("not flag", values) is (None if a is None else not a)
    assert run("not (flag and other)", values) is run("not flag or not other", values)


# -- functions ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("days_until(due)", 20),
        ("days_since(due)", -20),
        ("days_since(start)", 243),
        ("days_between(start, due)", 263),
        ("days_between(due, start)", -263),
        ("year(due)", 2018),
        ("month(start)", 4),
        ("lower('ABC d')", "abc d"),
        ("upper(status)", "NOT-STARTED"),
        ("contains(status, 'start')", True),
        ("contains(status, '')", True),
        ("contains(status, 'Start')", False),
        ("starts_with(status, 'not')", True),
        ("ends_with(status, 'not')", False),
        ("word_count('  Train the \\t staff\\n now ')", 4),
        ("word_count('')", 0),
        ("word_count('a\\u00a0b')", 1),
        ("length('été')", 3),
        ("abs(-2.5)", 2.5),
        ("min(3, progress, 7)", 3),
        ("max(3, progress, 7)", 40),
        ("min(status, 'a')", "a"),
        ("max(due, start)", dt.date(2018, 12, 20)),
        ("coalesce(flag, False)", True),
        ("date('2019-03-31')", dt.date(2019, 3, 31)),
    ],
)
def test_functions(source: str, expected: Any) -> None:
    assert run(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("round(2.5)", 3),
        ("round(-2.5)", -3),
        ("round(0.5)", 1),
        ("round(1.5)", 2),
        ("round(-0.4)", 0),
        ("round(2.675, 2)", 2.68),  # 2.675 * 100 is 267.5 in float64, as in a spreadsheet
        ("round(0.125, 2)", 0.13),
        ("round(-0.125, 2)", -0.13),
        ("round(1250, -2)", 1300),
        ("round(-1250, -2)", -1300),
        ("round(1249, -2)", 1200),
        ("round(7)", 7),
    ],
)
def test_round_takes_halves_away_from_zero(source: str, expected: float) -> None:
    result = run(source)
    assert result == expected
    assert isinstance(result, int) == isinstance(expected, int)


@pytest.mark.parametrize(
    ("a", "b", "months"),
    [
        ("2019-01-15", "2019-02-15", 1),
        ("2019-01-15", "2019-02-14", 0),
        ("2019-01-31", "2019-02-28", 0),
        ("2019-01-31", "2019-03-31", 2),
        ("2019-01-01", "2019-12-31", 11),
        ("2019-01-01", "2020-01-01", 12),
        ("2019-01-15", "2019-01-01", 0),
        ("2019-02-15", "2019-01-15", -1),
        ("2019-02-14", "2019-01-15", 0),
        ("2020-03-31", "2019-12-31", -3),
        ("2020-02-29", "2021-02-28", 11),
        ("2019-05-05", "2019-05-05", 0),
    ],
)
def test_months_between_counts_whole_calendar_months_towards_zero(
    a: str, b: str, months: int
) -> None:
    assert run(f"months_between(date('{a}'), due)", due=dt.date.fromisoformat(b)) == months


# -- as_of ----------------------------------------------------------------------------------------


def test_a_reference_date_is_needed_only_by_days_until_and_days_since() -> None:
    expression = compile_expression("days_until(due) < 30", fields=FIELDS)
    with pytest.raises(ExpressionError, match=r"needs an as_of date"):
        expression.evaluate(RECORD)
    with pytest.raises(ExpressionError, match=r"as_of must be a datetime\.date"):
        expression.evaluate(RECORD, as_of=dt.datetime(2018, 11, 30))
    assert expression.evaluate(RECORD, as_of=dt.date(2018, 12, 1)) is True
    assert expression.evaluate(RECORD, as_of=dt.date(2018, 1, 1)) is False
    assert compile_expression("days_between(start, due) > 1", fields=FIELDS).evaluate(RECORD)


def test_the_module_never_reads_the_clock() -> None:
    package = Path(compile_expression.__code__.co_filename).parent
    for path in package.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "today(" not in text and "now(" not in text, path.name


# -- records --------------------------------------------------------------------------------------


@attrs.frozen
class Action:
    progress: float | None
    status: str
    due: dt.date | None = None

    @property
    def late(self) -> bool:
        return True


class Status(enum.StrEnum):
    STARTED = "started"


def test_attrs_instances_are_read_by_field_name() -> None:
    expression = compile_expression("progress < 50 and status == 'started'", fields=FIELDS)
    assert expression.evaluate(Action(progress=40, status=Status.STARTED)) is True
    assert expression.truthy(Action(progress=None, status="started")) is False
    assert expression.evaluate(Action(progress=None, status="started")) is None


def test_only_attrs_fields_are_readable_never_other_attributes() -> None:
    with pytest.raises(ExpressionError, match="record has no field 'late'"):
        compile_expression("late").evaluate(Action(progress=1, status="x"))
    with pytest.raises(ExpressionError, match=r"name '__class__' not allowed"):
        compile_expression("__class__").evaluate(Action(progress=1, status="x"))
    with pytest.raises(ExpressionError, match="a record must be a mapping or an attrs instance"):
        compile_expression("progress").evaluate(object())


def test_a_missing_field_is_named() -> None:
    expression = compile_expression("progress < 50 and lower(status) == 'x'", fields=FIELDS)
    with pytest.raises(ExpressionError, match="record has no field 'status'"):
        expression.evaluate({"progress": 1})


@pytest.mark.parametrize(
    ("source", "value", "message"),
    [
        ("progress < 1", "40", "field 'progress' should be number but holds text '40'"),
        ("progress < 1", True, "field 'progress' should be number but holds boolean True"),
        ("status == 'x'", 3, "field 'status' should be text but holds number 3"),
        ("flag", 1, "field 'flag' should be boolean but holds number 1"),
        ("due < start", dt.datetime(2019, 1, 1), "holds a datetime, not a date"),
        ("progress < 1", [1], "holds a value of type list"),
    ],
)
def test_values_of_the_wrong_type_are_refused_naming_the_field(
    source: str, value: Any, message: str
) -> None:
    field = source.split()[0].split("<")[0]
    with pytest.raises(ExpressionError, match=message):
        compile_expression(source, fields=FIELDS).evaluate({**RECORD, field: value})


def test_other_numeric_types_are_read_as_numbers() -> None:
    expression = compile_expression("progress + 1", fields=FIELDS)
    assert expression.evaluate({"progress": decimal.Decimal("1.5")}) == 2.5
    assert compile_expression("status").evaluate({"status": Status.STARTED}) == "started"


# -- untyped fields: checked at run time ----------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "record", "message"),
    [
        ("x + 1", {"x": "a"}, r"expected number, got text 'a' in `x` at line 1, column 1"),
        ("x < 1", {"x": "a"}, r"cannot compare text 'a' with number 1 in `x < 1`"),
        ("x < y", {"x": True, "y": False}, "booleans cannot be ordered"),
        ("not x", {"x": 1}, "expected boolean, got number 1"),
        ("x and True", {"x": "yes"}, "expected boolean, got text 'yes'"),
        ("1 if x else 2", {"x": 0}, "expected boolean, got number 0"),
        ("lower(x)", {"x": 1}, "expected text, got number 1"),
        ("days_until(x)", {"x": "2019-01-01"}, "expected date, got text"),
        ("x in (1, 2)", {"x": "1"}, "expected number, got text '1'"),
        ("min(x, 1)", {"x": "a"}, "expected text, got number 1"),
        ("min(x, y)", {"x": True, "y": True}, "got boolean True"),
        ("-x", {"x": "a"}, "expected number"),
    ],
)
def test_untyped_fields_are_checked_when_the_expression_runs(
    source: str, record: dict[str, Any], message: str
) -> None:
    expression = compile_expression(source)
    with pytest.raises(ExpressionError, match=message) as info:
        expression.evaluate(record, as_of=AS_OF)
    assert f"(expression `{source}`)" in str(info.value)
    assert not isinstance(info.value, TypeError)


def test_untyped_fields_work_when_their_values_fit() -> None:
    expression = compile_expression("x + 1 > y and lower(s) == 'a'")
    assert expression.evaluate({"x": 1, "y": 1.5, "s": "A"}) is True
    assert expression.evaluate({"x": None, "y": 1.5, "s": "A"}) is None


# -- speed ----------------------------------------------------------------------------------------


def test_a_simple_comparison_evaluates_in_microseconds() -> None:
    expression = compile_expression("progress < 75", fields=FIELDS)
    record = {"progress": 40}
    runs = 20_000
    best = min(timeit.repeat(lambda: expression.evaluate(record), number=runs, repeat=3))
    assert best / runs < 20e-6  # typically about 1 microsecond
