"""Frames in, frames out: the kind returned, columns passed through, and clear errors."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb
import narwhals as nw
import pandas as pd
import polars as pl
import pytest

from aspcore.batch import FrameError, action_status
from aspcore.errors import SchemaError

AS_OF = dt.date(2018, 11, 30)
DOCS = Path(__file__).resolve().parents[2] / "docs" / "batch.md"
ACTIONS = pl.DataFrame(
    {
        "id": ["A1", "A2"],
        "status": ["in-progress", "complete"],
        "start": [dt.date(2018, 4, 1)] * 2,
        "due": [dt.date(2019, 3, 31), dt.date(2018, 6, 1)],
        "progress": [60.0, 100.0],
        "owner": ["Police", "Council"],
    }
)


def test_docs_examples_run() -> None:
    text = DOCS.read_text(encoding="utf-8")
    examples = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(examples) == 4
    for example in examples:
        exec(compile(example, str(DOCS), "exec"), {})


def test_each_kind_of_frame_comes_back_as_itself() -> None:
    lazy = action_status(ACTIONS.lazy(), as_of=AS_OF)
    assert isinstance(lazy, pl.LazyFrame)
    assert isinstance(action_status(ACTIONS, as_of=AS_OF), pl.DataFrame)
    assert isinstance(action_status(ACTIONS.to_pandas(), as_of=AS_OF), pd.DataFrame)
    relation = action_status(duckdb.from_arrow(ACTIONS.to_arrow()), as_of=AS_OF)
    assert isinstance(relation, duckdb.DuckDBPyRelation)
    wrapped = action_status(nw.from_native(ACTIONS), as_of=AS_OF)
    assert isinstance(wrapped, nw.DataFrame)
    assert lazy.collect()["rag"].to_list() == ["green", "blue"]


def test_other_columns_pass_through_and_no_reported_status_adds_no_verdict() -> None:
    rated = action_status(ACTIONS, as_of=AS_OF)
    assert rated.columns == [
        *ACTIONS.columns,
        "rag",
        "rag_reason_code",
        "rag_reason",
        "expected_progress",
        "shortfall",
        "days_to_due",
    ]
    assert rated["owner"].to_list() == ["Police", "Council"]


def test_reasons_can_be_left_out() -> None:
    rated = action_status(ACTIONS, as_of=AS_OF, reasons=False)
    assert "rag_reason" not in rated.columns
    assert rated["rag"].to_list() == ["green", "blue"]
    assert rated["rag_reason_code"].to_list() == ["on-schedule", "complete"]


def test_optional_columns_may_be_absent() -> None:
    rated = action_status(ACTIONS.select("status", "due"), as_of=AS_OF)
    assert rated["rag"].to_list() == ["green", "blue"]
    assert rated["expected_progress"].to_list() == [None, None]


def test_columns_named_like_temporary_ones_survive() -> None:
    frame = ACTIONS.with_columns(_aspcore_0=pl.lit("mine"))
    assert action_status(frame, as_of=AS_OF)["_aspcore_0"].to_list() == ["mine", "mine"]


def test_an_empty_frame_gives_an_empty_frame() -> None:
    assert action_status(ACTIONS.head(0), as_of=AS_OF).height == 0


def test_a_missing_column_is_named() -> None:
    with pytest.raises(FrameError, match=r"has no column 'due'.*its columns are: id, status"):
        action_status(ACTIONS.select("id", "status"), as_of=AS_OF)


def test_a_column_of_the_wrong_type_is_named() -> None:
    frame = ACTIONS.with_columns(pl.col("due").cast(pl.String))
    with pytest.raises(SchemaError, match="column 'due' holds String; expected dates"):
        action_status(frame, as_of=AS_OF)


def test_not_a_frame_and_a_datetime_as_of_are_refused() -> None:
    with pytest.raises(FrameError, match=r"expected a data frame .* found list"):
        action_status([{"status": "complete"}], as_of=AS_OF)
    with pytest.raises(FrameError, match=r"as_of must be a datetime\.date, not datetime"):
        action_status(ACTIONS, as_of=dt.datetime(2018, 11, 30))  # type: ignore[arg-type]
