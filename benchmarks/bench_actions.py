"""Action RAG over millions of rows: aspcore on polars, pandas and DuckDB, against two peers.

* a hand-written polars expression of the same rule (``handwritten.py``), at three levels of
  detail, each against aspcore giving the same columns (:data:`DETAIL`): the colour only
  (target: aspcore at least 0.7 of its speed), with the expected progress and shortfall (0.5),
  and with a sentence per row (0.3);
* the ``rule-engine`` package evaluating the same rule one row at a time (``peers.py``):
  target, aspcore at least 100 times faster.  rule-engine gives the colour only, so it is
  compared with aspcore's colour only (which also gives the reason code); the ratio with
  reasons is reported too.  rule-engine is timed on a sample and its time per row
  extrapolated to the full size (said so in the output);
* aspcore on DuckDB (target: within 2 times polars) and pandas (within 5 times), with reasons.

Each case runs in a fresh process on the same generated data, read from a Parquet file.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from harness import measure, run_isolated

__all__ = ["run"]

RULE_ENGINE_SAMPLE = 20_000


def _load(path: str) -> Any:
    import polars as pl

    return pl.read_parquet(path)


#: What each level of detail asks of aspcore (``action_status`` keywords) and of the
#: hand-written expression (its ``detail``): the same columns, so the same work.
DETAIL = {
    "colour": {"reasons": False, "numbers": False},
    "numbers": {"reasons": False, "numbers": True},
    "reasons": {"reasons": True, "numbers": True},
}
#: The issue's targets: aspcore's speed over the hand-written expression's, per detail.
TARGETS = {"colour": 0.7, "numbers": 0.5, "reasons": 0.3}


def _aspcore(path: str, backend: str, repeat: int, detail: str = "reasons") -> dict[str, Any]:
    import duckdb
    from data import AS_OF

    from aspcore.batch import action_status

    options = DETAIL[detail]
    frame = _load(path)
    size = frame.estimated_size() / 2**20
    if backend == "pandas":
        frame = frame.to_pandas()

        def run() -> object:
            return action_status(frame, as_of=AS_OF, **options)
    elif backend == "duckdb":
        connection = duckdb.connect()
        relation = connection.from_arrow(frame.to_arrow())

        def run() -> object:
            return action_status(relation, as_of=AS_OF, **options).to_arrow_table()
    else:

        def run() -> object:
            return action_status(frame, as_of=AS_OF, **options)

    return {**measure(run, repeat), "input_mib": round(size, 1)}


def _handwritten(path: str, repeat: int, detail: str = "reasons") -> dict[str, Any]:
    from data import AS_OF
    from handwritten import action_rag

    frame = _load(path)
    result = measure(lambda: action_rag(frame.lazy(), AS_OF, detail=detail).collect(), repeat)
    return {**result, "input_mib": round(frame.estimated_size() / 2**20, 1)}


def _agreement(path: str) -> dict[str, Any]:
    """Rows where aspcore and the hand-written expression differ (must be none)."""
    import polars as pl
    from data import AS_OF
    from handwritten import action_rag

    from aspcore.batch import action_status

    frame = _load(path)
    ours = action_status(frame, as_of=AS_OF)
    theirs = action_rag(frame.lazy(), AS_OF).collect().select(ours.columns)
    differing = (
        ours.with_row_index()
        .join(theirs.with_row_index(), on="index", suffix="_hand")
        .filter(
            pl.any_horizontal(*[~pl.col(c).eq_missing(pl.col(f"{c}_hand")) for c in ours.columns])
        )
    )
    return {"differing_rows": differing.height}


def _rule_engine(path: str, sample: int) -> dict[str, Any]:
    import polars as pl
    from data import AS_OF
    from peers import RuleEngineRag

    from aspcore.batch import action_status

    frame = _load(path).head(sample)
    ours = action_status(frame, as_of=AS_OF)
    clean = ours.select(
        pl.col("status").str.to_lowercase().str.replace(" ", "-").replace({"done": "complete"}),
        pl.col("start").cast(pl.Datetime),
        pl.col("due").cast(pl.Datetime),
        pl.when(
            pl.col("progress").is_null() & (pl.col("status").str.to_lowercase() == "not-started")
        )
        .then(0.0)
        .otherwise(pl.col("progress"))
        .alias("progress"),
    ).to_dicts()
    peer = RuleEngineRag()
    as_of = dt.datetime.combine(AS_OF, dt.time())
    began = time.perf_counter()
    colours = peer.rate_all(clean, as_of)
    seconds = time.perf_counter() - began
    agree = sum(a == b for a, b in zip(colours, ours["rag"].to_list(), strict=True))
    return {"sample_rows": sample, "seconds_per_row": seconds / sample, "agreeing_rows": agree}


def run(paths: dict[int, Path], repeat: int) -> dict[str, Any]:
    """Every case at every size; returns the results and ratios."""
    results: dict[str, Any] = {}
    for rows, path in sorted(paths.items()):
        file = str(path)
        reps = repeat if rows <= 1_000_000 else max(1, repeat - 2)
        case: dict[str, Any] = {}
        for detail in DETAIL:
            ours = run_isolated(_aspcore, file, "polars", reps, detail)
            hand = run_isolated(_handwritten, file, reps, detail)
            case[f"aspcore_polars_{detail}"] = ours
            case[f"handwritten_polars_{detail}"] = hand
            if ours.get("seconds") and hand.get("seconds"):
                case[f"speed_vs_handwritten_{detail}"] = round(hand["seconds"] / ours["seconds"], 3)
        case |= {
            "aspcore_duckdb": run_isolated(_aspcore, file, "duckdb", reps),
            "agreement": run_isolated(_agreement, file),
            "rule_engine": run_isolated(_rule_engine, file, min(rows, RULE_ENGINE_SAMPLE)),
        }
        if rows <= 1_000_000:
            case["aspcore_pandas"] = run_isolated(_aspcore, file, "pandas", 1)
        ours = case["aspcore_polars_reasons"].get("seconds")
        colours = case["aspcore_polars_colour"].get("seconds")
        per_row = case["rule_engine"].get("seconds_per_row")
        if per_row:
            case["rule_engine"]["extrapolated_seconds"] = round(per_row * rows, 1)
        # rule-engine gives the colour only, so it is compared with aspcore's colour only.
        if colours and per_row:
            case["speedup_vs_rule_engine"] = round(per_row * rows / colours, 1)
        if ours and per_row:
            case["speedup_vs_rule_engine_with_reasons"] = round(per_row * rows / ours, 1)
        for other in ("duckdb", "pandas"):
            theirs = case.get(f"aspcore_{other}", {}).get("seconds")
            if ours and theirs:
                case[f"{other}_vs_polars"] = round(theirs / ours, 2)
        results[str(rows)] = case
    return results
