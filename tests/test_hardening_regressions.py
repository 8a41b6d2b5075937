"""Hostile inputs from the red-team pass that each once gave a traceback or a wrong exit code."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import narwhals as nw
import polars as pl
import pytest
from typer.testing import CliRunner

from aspcore.cli import app
from aspcore.errors import ExpressionError
from aspcore.expr import compile_expression

AS_OF = dt.date(2018, 11, 30)


def test_round_times_ten_at_the_float_limit_is_infinite_on_both_backends() -> None:
    """``round(n) * 10`` at 1e308 raised OverflowError in the scalar backend."""
    expression = compile_expression("round(n) * 10", fields={"n": "number"})
    assert expression.evaluate({"n": 1e308}, as_of=AS_OF) == math.inf
    frame = nw.from_native(pl.DataFrame({"n": [1e308, -1e308]}))
    column = frame.select(expression.to_narwhals(as_of=AS_OF).alias("x"))["x"].to_list()
    assert column == [math.inf, -math.inf]
    assert expression.evaluate({"n": -1e308}, as_of=AS_OF) == -math.inf


def test_a_lone_surrogate_in_an_expression_is_refused() -> None:
    """A lone surrogate in a ``where`` raised UnicodeEncodeError."""
    with pytest.raises(ExpressionError, match="not text at position 12"):
        compile_expression("status == '\ud800'")


def test_ingest_of_a_header_only_return_exits_1(tmp_path: Path) -> None:
    """``ingest`` exited 0 for a return ``validate`` calls invalid (a header and no rows)."""
    file = tmp_path / "empty.csv"
    file.write_text("Period,Indicator,Agency,Value\n", encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["ingest", str(file), "--schema", "indicator-return", "--store", str(tmp_path / "s.db")],
    )
    assert result.exit_code == 1, result.output
    assert "no-rows" in result.output


def test_a_workbook_date_out_of_range_is_a_problem_not_a_warning(tmp_path: Path) -> None:
    """Found by the fuzzing suite: a cell marked as a date whose serial is out of range made
    openpyxl warn (a traceback under ``-W error``); it is read as an unreadable value."""
    from openpyxl import Workbook

    from aspcore.returns import validate_file

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Period", "Indicator", "Agency", "Value"])
    sheet.append(["2018-19 Q1", "I1", "Police", dt.date(2000, 1, 1)])
    sheet.cell(row=2, column=4, value=-693594)  # keeps the date format, loses the date
    path = tmp_path / "return.xlsx"
    book.save(path)
    report = validate_file(path, "indicator-return")  # warnings are errors in this suite
    assert report.status == "invalid"
    assert any(p.row == 2 and p.column == "Value" for p in report.problems)


def test_round_of_a_float_past_two_to_the_53_stays_a_float() -> None:
    """``round(count) % 1988`` at ``count = -2**63`` was 776 row by row (``round`` gave the
    float's exact integer) and 0.0 on a frame, where the arithmetic is float64."""
    expression = compile_expression("round(count) % 1988", fields={"count": "number"})
    frame = nw.from_native(pl.DataFrame({"count": [-(2**63), 2**53, 7]}))
    on_frame = frame.select(expression.to_narwhals().alias("r"))["r"].to_list()
    by_row = [expression.evaluate({"count": c}, as_of=AS_OF) for c in (-(2**63), 2**53, 7)]
    assert by_row == on_frame == [0.0, 2**53 % 1988, 7]


def test_a_chained_comparison_of_literals_is_folded_like_any_other() -> None:
    """``word_count('' if (0 == 0 == 0) else '')`` was left unfolded (the comparisons of a
    chain were built without folding), and pandas refused ``word_count`` of a broadcast
    literal with its own TypeError (found by the float-edges fuzz target)."""
    import pandas as pd

    expression = compile_expression("word_count('' if (0 == 0 == 0) else '')", fields={})
    frame = nw.from_native(pd.DataFrame({"status": ["a", None]}))
    assert frame.with_columns(expression.to_narwhals().alias("r"))["r"].to_list() == [0.0, 0.0]
    assert expression.evaluate({}) == 0


def test_a_part_that_reads_no_column_is_computed_once_the_date_is_known() -> None:
    """A literal-only part that folding leaves for want of the reference date reached the
    backend as literals, and pandas refused ``word_count`` over them with a TypeError."""
    import pandas as pd

    source = "word_count('a b' if days_until(date('2019-01-01')) > 0 else '') + length(status)"
    expression = compile_expression(source, fields={"status": "text"})
    frame = nw.from_native(pd.DataFrame({"status": ["abc", None]}))
    got = frame.with_columns(expression.to_narwhals(as_of=AS_OF).alias("r"))["r"].to_list()
    assert got[0] == 2 + 3 == expression.evaluate({"status": "abc"}, as_of=AS_OF)
    assert math.isnan(got[1]) and expression.evaluate({"status": None}, as_of=AS_OF) is None
