"""Batch risk scores equal :func:`aspcore.risk.score`, row for row, for the bundled schemes."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from batch_frames import LOCAL_BACKENDS, SPARK_WARNING, Convert, to_polars
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aspcore.batch import FrameError, risk_scores
from aspcore.risk import RiskScheme, load_scheme, score

SCHEMES = {name: load_scheme(name) for name in ("fife-4x4", "morile-style")}
COLUMNS = (
    "score",
    "band",
    "label",
    "rag",
    "priority",
    "confidence",
    "confidence_label",
    "problems",
)


@st.composite
def tables(draw: st.DrawFn, scheme: RiskScheme, max_size: int = 30) -> list[dict[str, Any]]:
    """Rows of factor values: on the scale mostly, and missing, off the scale or fractional."""
    size = draw(st.integers(1, max_size))
    out = []
    for _ in range(size):
        row: dict[str, Any] = {}
        for factor in scheme.factors.values():
            low, high = int(factor.low), int(factor.high)
            row[factor.name] = draw(
                st.integers(low, high).map(float)
                | st.sampled_from([None, float(high + 1), float(low - 1), 2.5])
            )
        out.append(row)
    return out


def expected(scheme: RiskScheme, row: dict[str, Any]) -> tuple[Any, ...]:
    given_ = {k: int(v) if float(v).is_integer() else v for k, v in row.items() if v is not None}
    result = score(scheme, given_)
    problems = "; ".join(f"{p.factor}: {p.kind}" for p in result.problems) or None
    rag = result.rag.value if result.rag else None
    return (result.score, result.band, result.label, rag, result.priority, result.confidence,
            result.confidence_label, problems)  # fmt: skip


def check(convert: Convert, name: str, table: list[dict[str, Any]]) -> None:
    scheme = SCHEMES[name]
    frame = convert(pl.DataFrame(table, schema=dict.fromkeys(scheme.factors, pl.Float64)))
    got = to_polars(risk_scores(frame, scheme=name))
    for row, out in zip(table, got.select(COLUMNS).iter_rows(), strict=True):
        assert out == expected(scheme, row)


@settings(max_examples=40, deadline=None)
@given(data=st.data(), name=st.sampled_from(sorted(SCHEMES)))
def test_batch_equals_scoring(data: st.DataObject, name: str) -> None:
    check(LOCAL_BACKENDS["polars"], name, data.draw(tables(SCHEMES[name])))


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), name=st.sampled_from(sorted(SCHEMES)))
def test_batch_equals_scoring_on_every_local_backend(data: st.DataObject, name: str) -> None:
    table = data.draw(tables(SCHEMES[name]))
    for convert in LOCAL_BACKENDS.values():
        check(convert, name, table)


@pytest.mark.spark
@pytest.mark.filterwarnings(SPARK_WARNING)
def test_batch_equals_scoring_on_spark(to_spark: Convert) -> None:
    table = [
        {"impact": 3.0, "likelihood": 4.0, "confidence": 2.0},
        {"impact": 1.0, "likelihood": None, "confidence": None},
        {"impact": 5.0, "likelihood": 2.5, "confidence": 3.0},
    ]
    check(to_spark, "fife-4x4", table)


def test_labels_are_read_as_their_scores() -> None:
    frame = pl.DataFrame(
        {"impact": [2, 3], "likelihood": [4, 1], "confidence": ["Medium", "certain"]}
    )
    scored = risk_scores(frame, scheme="fife-4x4")
    assert scored["confidence"].to_list() == [2.0, None]
    assert scored["confidence_label"].to_list() == ["medium", None]
    assert scored["problems"].to_list() == [None, "confidence: not-a-number"]


def test_a_missing_factor_column_is_a_frame_error() -> None:
    with pytest.raises(FrameError, match="no column 'likelihood', a factor of fife-4x4"):
        risk_scores(pl.DataFrame({"impact": [1]}), scheme="fife-4x4")
