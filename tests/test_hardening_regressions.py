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
