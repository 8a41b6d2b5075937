"""``validate_frame`` gives exactly the problems ``aspcore validate`` gives for the same data.

Hypothesis writes returns as a data team holds them: the file's own headers, every cell text,
good values beside unreadable ones (periods, numbers with separators or words, dates, blanks,
duplicated rows).  The rows are written to a CSV file and validated with ``validate_file``, and
the same rows, as pandas and polars frames of text, with ``validate_frame``: the problems must
be the same, code, row, column, value, severity and message.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aspcore.returns import validate_file
from aspcore.schemas import validate_frame

CELLS: dict[str, dict[str, st.SearchStrategy[str]]] = {
    "indicator-return": {
        "Period": st.sampled_from(["2018-19 Q1", "2018-19 Q5", "2018-07", "July 2018", "", "Q9"]),
        "Indicator": st.sampled_from(["I1", "I2", "", "I 3"]),
        "Agency": st.sampled_from(["Police", "Council", "", " "]),
        "Value": st.sampled_from(["7", "1,234", "45%", "seven", "-3", "2.5", "", "£12"]),
        "Comment": st.sampled_from(["", "late", "Mary Jones said"]),
    },
    "case-events": {
        "Person id": st.sampled_from(["P001", "P002", "Mary Jones", ""]),
        "Event": st.sampled_from(["referral", "nrm-referral", "bogus", ""]),
        "Date": st.sampled_from(["2018-07-31", "31/07/2018", "2018-02-30", "soon", ""]),
        "Agency": st.sampled_from(["Police", ""]),
        "Sex": st.sampled_from(["female", "male", "F", "Zebedee Quartermaine", ""]),
    },
}


def returns(schema: str) -> st.SearchStrategy[list[dict[str, str]]]:
    row = st.fixed_dictionaries(CELLS[schema])
    return st.lists(row, min_size=1, max_size=8)


def problems(report: Any) -> list[tuple[Any, ...]]:
    return [
        (p.code, p.row, p.column, p.field, p.value, p.severity.value, p.message)
        for p in report.problems
    ]


def check_parity(schema: str, rows: list[dict[str, str]]) -> None:
    headers = list(CELLS[schema])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "return.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=headers)
            writer.writeheader()
            writer.writerows(rows)
        expected = validate_file(path, schema)
    assert expected.unusable is None
    numbers = range(2, len(rows) + 2)  # the spreadsheet's rows: the header is row 1
    frames = {
        "pandas": pd.DataFrame(rows, columns=headers, dtype=str),
        "polars": pl.DataFrame(rows, schema=dict.fromkeys(headers, pl.String)),
    }
    for backend, frame in frames.items():
        got = validate_frame(frame, schema, row_numbers=numbers)
        assert problems(got) == problems(expected), backend
        assert got.rows == expected.rows, backend


SETTINGS = settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(rows=returns("indicator-return"))
def test_indicator_returns_give_the_same_problems_from_a_file_or_a_frame(
    rows: list[dict[str, str]],
) -> None:
    check_parity("indicator-return", rows)


@SETTINGS
@given(rows=returns("case-events"))
def test_case_events_give_the_same_problems_from_a_file_or_a_frame(
    rows: list[dict[str, str]],
) -> None:
    check_parity("case-events", rows)


def test_every_kind_of_missing_value_is_a_blank() -> None:
    """pandas' nullable strings give ``pd.NA``, whose truth raised a TypeError."""
    rows = {"Period": ["2018-19 Q1", None], "Indicator": ["I1", "I2"], "Agency": ["P", "P"]}
    rows["Value"] = ["7", "seven"]
    frames = [pd.DataFrame(rows, dtype=kind) for kind in (object, "string", "str")]
    frames.append(pl.DataFrame(rows))
    for frame in frames:
        report = validate_frame(frame, "indicator-return", row_numbers=[2, 3])
        assert [(p.code, p.row) for p in report.problems] == [
            ("missing-value", 3),
            ("not-a-number", 3),
        ]


def test_row_numbers_that_do_not_fit_the_frame_are_a_clear_error() -> None:
    from aspcore.errors import SchemaError

    frame = pd.DataFrame({"Period": ["2018-19 Q1"], "Value": ["7"]})
    with pytest.raises(SchemaError, match=r"gives 2 row number\(s\) for a frame of 1 row"):
        validate_frame(frame, "indicator-return", row_numbers=[2, 3])


def test_a_frame_with_the_files_headers_is_read_not_refused() -> None:
    """It was refused column by column (pandas: ``missing-column``) or raised polars' own
    ``ColumnNotFoundError``."""
    rows = {"Period": ["2018-19 Q1"], "Indicator": ["I1"], "Agency": ["Police"], "Value": ["7"]}
    for frame in (pd.DataFrame(rows), pl.DataFrame(rows)):
        assert validate_frame(frame, "indicator-return").problems == ()
