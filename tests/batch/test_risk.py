"""Batch risk scores equal :func:`aspcore.risk.score`, row for row, for the bundled schemes."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aspcore.batch import FrameError, risk_scores
from aspcore.risk import RiskScheme, load_scheme, score
from frames import BATCH_BACKENDS, SPARK_WARNING, Convert, to_polars
from strategies import risk_rows

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


@settings(max_examples=40)
@given(data=st.data(), name=st.sampled_from(sorted(SCHEMES)))
def test_batch_equals_scoring(data: st.DataObject, name: str) -> None:
    check(BATCH_BACKENDS["polars"], name, data.draw(risk_rows(SCHEMES[name])))


@settings(max_examples=3, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), name=st.sampled_from(sorted(SCHEMES)))
def test_batch_equals_scoring_on_every_local_backend(data: st.DataObject, name: str) -> None:
    table = data.draw(risk_rows(SCHEMES[name]))
    for convert in BATCH_BACKENDS.values():
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
