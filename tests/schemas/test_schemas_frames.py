"""The schemas on their own, on pandas and polars frames, with the same answers on both."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandera.errors import SchemaErrors, SchemaWarning

from aspcore.errors import SchemaError
from aspcore.io.tables import read_table
from aspcore.schemas import (
    CheckSpec,
    ColumnSpec,
    SchemaSpec,
    get_schema,
    prepare,
    schema_names,
    to_pandas,
    to_polars,
    validate_frame,
)
from aspcore.schemas.problems import ValidationReport

EXAMPLES = {
    "indicator-return": ("indicator-return-good", "indicator-return-bad"),
    "action-plan": ("action-plan-good", "action-plan-bad"),
    "nrm-breakdown": ("nrm-breakdown-scotland-2017", "nrm-breakdown-bad"),
    "nrm-referrals": ("nrm-referrals-good", "nrm-referrals-bad"),
    "nrm-totals": ("nrm-totals-uk-2017", "nrm-totals-bad"),
    "pre-nrm-monitoring": ("pre-nrm-monitoring-good", "pre-nrm-monitoring-bad"),
    "case-events": ("case-events-good", "case-events-bad"),
}
PARTS = ("male_adult", "female_adult", "male_minor", "female_minor")
TYPES = ("Domestic servitude", "Labour", "Sexual", "Criminal", "Organ harvesting", "Unknown")


def frame_of(path: Path, schema: str) -> pd.DataFrame:
    return prepare(read_table(path), get_schema(schema)).frame


def keys(report: ValidationReport) -> set[tuple[int | None, str | None, str]]:
    return {(p.position, p.field, p.code) for p in report.problems}


def test_every_example_schema_is_covered() -> None:
    assert sorted(EXAMPLES) == schema_names()


@pytest.mark.parametrize("schema", sorted(EXAMPLES))
def test_standalone_pandera_schemas_accept_good_and_reject_bad_frames(
    returns_dir: Path, schema: str
) -> None:
    good_stem, bad_stem = EXAMPLES[schema]
    spec = get_schema(schema)
    good = frame_of(returns_dir / f"{good_stem}.csv", schema)
    bad = frame_of(returns_dir / f"{bad_stem}.csv", schema)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SchemaWarning)
        to_pandas(spec).validate(good, lazy=True)
        to_polars(spec).validate(pl.from_pandas(good), lazy=True)
        with pytest.raises(SchemaErrors):
            to_pandas(spec).validate(bad, lazy=True)
        with pytest.raises(SchemaErrors):
            to_polars(spec).validate(pl.from_pandas(bad), lazy=True)


@pytest.mark.parametrize("schema", sorted(EXAMPLES))
def test_pandas_and_polars_frames_get_the_same_report(returns_dir: Path, schema: str) -> None:
    for stem in EXAMPLES[schema]:
        frame = frame_of(returns_dir / f"{stem}.csv", schema)
        on_pandas = validate_frame(frame, schema)
        on_polars = validate_frame(pl.from_pandas(frame), schema)
        assert keys(on_pandas) == keys(on_polars)
        assert [p.message for p in on_pandas.problems] == [p.message for p in on_polars.problems]
        assert on_pandas.rows == on_polars.rows == len(frame)


def test_scotland_2017_from_domain_figures_validates_on_pandas_and_polars() -> None:
    data = {
        "exploitation_type": ["Domestic servitude", "Labour", "Sexual", "Unknown", "Total"],
        "male_adult": [1, 77, 2, 1, 81],
        "female_adult": [4, 13, 43, 3, 63],
        "male_minor": [1, 28, 2, 8, 39],
        "female_minor": [3, 9, 8, 4, 24],
        "total": [9, 127, 55, 16, 207],
    }
    for frame in (pd.DataFrame(data), pl.DataFrame(data), pl.DataFrame(data).lazy()):
        report = validate_frame(frame, "nrm-breakdown")
        assert report.valid, report.to_text()
    data["male_minor"][1] = 29  # labour's parts now add up to 128, and male minors to 40
    report = validate_frame(pl.DataFrame(data), "nrm-breakdown")
    assert keys(report) == {
        (1, "total", "row-total-mismatch"),
        (4, "male_minor", "column-total-mismatch"),
    }


@st.composite
def nrm_tables(draw: st.DrawFn) -> dict[str, list[object]]:
    types = draw(st.lists(st.sampled_from(TYPES), min_size=1, max_size=6, unique=True))
    counts = [[draw(st.integers(0, 500)) for _ in PARTS] for _ in types]
    table: dict[str, list[object]] = {"exploitation_type": [*types, "Total"]}
    for j, part in enumerate(PARTS):
        table[part] = [row[j] for row in counts] + [sum(row[j] for row in counts)]
    table["total"] = [sum(row) for row in counts] + [sum(map(sum, counts))]
    return table


@settings(max_examples=40)
@given(table=nrm_tables(), data=st.data())
def test_consistent_tables_pass_and_a_changed_cell_is_named(
    table: dict[str, list[object]], data: st.DataObject
) -> None:
    assert validate_frame(pd.DataFrame(table), "nrm-breakdown").valid
    row = data.draw(st.integers(0, len(table["total"]) - 2), label="row")
    column = data.draw(st.sampled_from(PARTS), label="column")
    cell = table[column][row]
    assert isinstance(cell, int)
    table[column][row] = cell + data.draw(st.integers(1, 50), label="added")
    total_row = len(table["total"]) - 1
    expected = {(row, "total", "row-total-mismatch"), (total_row, column, "column-total-mismatch")}
    for frame in (pd.DataFrame(table), pl.DataFrame(table)):
        assert keys(validate_frame(frame, "nrm-breakdown")) == expected


def test_pandas_row_labels_are_the_frames_index() -> None:
    frame = pd.DataFrame(
        {
            "period": ["2018-19 Q1", "nonsense"],
            "indicator": ["I1", "I1"],
            "agency": ["A", "A"],
            "value": [1.0, 2.0],
        },
        index=[10, 11],
    )
    (problem,) = validate_frame(frame, "indicator-return").problems
    assert (problem.row, problem.position, problem.code) == (11, 1, "unreadable-period")


def test_warnings_are_pandera_warnings_when_used_alone() -> None:
    frame = pd.DataFrame(
        {"period": ["2018-19 Q1"], "indicator": ["I1"], "agency": ["A"], "value": [None]}
    )
    spec = get_schema("indicator-return")
    with pytest.warns(SchemaWarning):
        to_pandas(spec).validate(frame, lazy=True)
    with pytest.raises(SchemaErrors):
        to_pandas(spec, warnings="error").validate(frame, lazy=True)
    to_pandas(spec, warnings="skip").validate(frame, lazy=True)
    report = validate_frame(frame, spec)
    assert report.valid and report.warnings == 1


def test_validate_frame_refuses_what_is_not_a_frame() -> None:
    with pytest.raises(SchemaError, match="expected a pandas or polars DataFrame"):
        validate_frame([{"a": 1}], "indicator-return")


def test_schemas_that_cannot_be_built_raise_schema_error() -> None:
    column = ColumnSpec("a", "integer")
    unknown = SchemaSpec("x", "X", (column,), (CheckSpec("nope", "c", "m", column="a"),))
    with pytest.raises(SchemaError, match="unknown check kind 'nope'"):
        to_pandas(unknown)
    unnamed = SchemaSpec("x", "X", (column,), (CheckSpec("le_column", "c", "m", {"other": "a"}),))
    with pytest.raises(SchemaError, match="tests one column"):
        to_polars(unnamed)
    elsewhere = SchemaSpec(
        "x", "X", (column,), (CheckSpec("ge", "c", "m", {"min": 0}, column="b"),)
    )
    with pytest.raises(SchemaError, match="does not have"):
        to_pandas(elsewhere)


def test_a_check_that_crashes_is_reported_as_a_fault_in_the_schema() -> None:
    column = ColumnSpec("a", "integer")
    broken = CheckSpec("row_sum", "sums", "m", {"parts": 3, "total": "a"})
    spec = SchemaSpec("x", "X", (column,), (broken,))
    for frame in (pd.DataFrame({"a": [1]}), pl.DataFrame({"a": [1]})):
        (problem,) = validate_frame(frame, spec).problems
        assert problem.code == "check-crashed"
        assert "fault in the schema" in problem.message


def test_frame_level_builtin_checks_attach_to_their_column() -> None:
    column = ColumnSpec("a", "integer")
    spec = SchemaSpec(
        "x", "X", (column,), (CheckSpec("ge", "low", "{value} is low.", {"min": 0}, column="a"),)
    )
    for frame in (pd.DataFrame({"a": [1, -1]}), pl.DataFrame({"a": [1, -1]})):
        (problem,) = validate_frame(frame, spec).problems
        assert (problem.position, problem.field, problem.message) == (1, "a", "-1 is low.")
