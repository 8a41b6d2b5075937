"""The action RAG rule written by hand in polars: the baseline aspcore is measured against.

What a data engineer who knows polars would write for the same rule and the same output
columns: polars' own date arithmetic, ``round`` and float-to-text casts.  It agrees with the
per-plan engine on the benchmark data (whole and one-decimal progress); the benchmark checks
that before timing it.  Unlike aspcore it is not exact in general: ``round`` scales by ten
before rounding, and polars prints ``1e-5`` where Python prints ``1e-05``.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

__all__ = ["action_rag"]

_ALIASES = {
    "not-started": "not-started",
    "in-progress": "in-progress",
    "complete": "complete",
    "cancelled": "cancelled",
    "not-yet-started": "not-started",
    "notstarted": "not-started",
    "open": "in-progress",
    "ongoing": "in-progress",
    "on-going": "in-progress",
    "in-hand": "in-progress",
    "started": "in-progress",
    "completed": "complete",
    "done": "complete",
    "closed": "complete",
    "canceled": "cancelled",
    "withdrawn": "cancelled",
}
_COLOURS = {
    **{c: c for c in ("red", "amber", "green", "blue", "grey")},
    **{"r": "red", "a": "amber", "g": "green", "b": "blue", "yellow": "amber", "gray": "grey"},
}


def _vocab(column: str, mapping: dict[str, str]) -> pl.Expr:
    key = (
        pl.col(column)
        .str.replace_all("_", " ")
        .str.strip_chars()
        .str.to_lowercase()
        .str.replace_all(r"\s+", "-")
    )
    return key.replace_strict(mapping, default=None, return_dtype=pl.String)


def _g(value: pl.Expr) -> pl.Expr:
    """Whole and one-decimal numbers as Python's ``g`` prints them."""
    return value.cast(pl.String).str.strip_suffix(".0")


def action_rag(
    frame: pl.LazyFrame,
    as_of: dt.date,
    red: float = 40,
    amber: float = 15,
    soon: int = 14,
    soon_progress: float = 75,
    detail: str = "reasons",
) -> pl.LazyFrame:
    """``frame`` with rag, rag_reason, expected_progress, shortfall, days_to_due, rag_agrees.

    ``detail`` is ``"reasons"`` (every column), ``"numbers"`` (no rag_reason) or ``"colour"``
    (no rag_reason, expected_progress or shortfall), matching what ``action_status`` gives with
    ``reasons=False`` and ``numbers=False``.
    """
    status = _vocab("status", _ALIASES)
    raw = pl.col("progress").cast(pl.Float64)
    progress = pl.when(raw.is_between(0, 100)).then(raw)
    progress = pl.when(progress.is_null() & (status == "not-started")).then(0.0).otherwise(progress)
    days = (pl.col("due") - pl.lit(as_of)).dt.total_days().cast(pl.Float64)
    span = (pl.col("due") - pl.col("start")).dt.total_days()
    elapsed = (pl.lit(as_of) - pl.col("start")).dt.total_days()
    expected = pl.when(span > 0).then((elapsed / span * 100).clip(0, 100).round(1))
    out = frame.with_columns(
        _status=status,
        _progress=progress,
        _days=days,
        _expected=expected,
        _reported=_vocab("rag", _COLOURS),
    ).with_columns(_gap=(pl.col("_expected") - pl.col("_progress")).round(1))
    p, d, gap = pl.col("_progress"), pl.col("_days"), pl.col("_gap")
    behind = pl.format(
        "progress is {}% against {}% expected by now, {} points behind (more than {})",
        _g(p),
        _g(pl.col("_expected")),
        _g(gap),
        pl.when(gap > red).then(pl.lit(f"{red:g}")).otherwise(pl.lit(f"{amber:g}")),
    )
    done = (
        pl.when(p.is_null())
        .then(pl.lit("progress is unknown"))
        .otherwise(pl.format("progress is {}%", _g(p)))
    )
    ds = d.cast(pl.Int64)
    rag = (
        pl.when(pl.col("_status") == "complete")
        .then(pl.lit("blue"))
        .when(pl.col("_status") == "cancelled")
        .then(pl.lit(None, pl.String))
        .when(d.is_null())
        .then(pl.lit("grey"))
        .when((d < 0) | (gap > red))
        .then(pl.lit("red"))
        .when((gap > amber) | ((d <= soon) & (p.is_null() | (p < soon_progress))))
        .then(pl.lit("amber"))
        .otherwise(pl.lit("green"))
    )
    reason = (
        pl.when(pl.col("_status") == "complete")
        .then(pl.lit("the action is complete"))
        .when(pl.col("_status") == "cancelled")
        .then(pl.lit("the action was cancelled, so it has no RAG status"))
        .when(d.is_null())
        .then(pl.lit("the action has no due date, so it cannot be rated"))
        .when(d < 0)
        .then(pl.format("the action is not complete and was due {} day(s) ago", -ds))
        .when(gap > amber)
        .then(behind)
        .when((d <= soon) & (p.is_null() | (p < soon_progress)))
        .then(
            pl.format(
                "the action is due in {} day(s) and {}, under {}%",
                ds,
                done,
                pl.lit(f"{soon_progress:g}"),
            )
        )
        .otherwise(pl.format("the action is on schedule, due in {} day(s)", ds))
    )
    agrees = pl.when(pl.col("_reported").is_not_null() & rag.is_not_null()).then(
        (pl.col("_reported") == rag)
        | ((pl.col("_status") == "complete") & pl.col("_reported").is_in(["blue", "green"]))
    )
    columns: dict[str, pl.Expr] = {"rag": rag}
    if detail == "reasons":
        columns["rag_reason"] = reason
    if detail in ("reasons", "numbers"):
        columns |= {"expected_progress": pl.col("_expected"), "shortfall": gap}
    return (
        out.rename({"rag": "reported_rag"})
        .with_columns(**columns, days_to_due=d)
        .with_columns(rag_agrees=agrees)
        .drop("_status", "_progress", "_days", "_expected", "_reported", "_gap")
    )


#: The rule of docs/writing-rules.md that ``findings_not_started_due_soon`` writes by hand.
LOCAL_RULE = {
    "id": "LOCAL-001",
    "when": "status == 'not-started' and days_until(due) < 30",
    "message": "Action {id} has not started and is due within a month",
    "suggestion": "Agree a start date with the owner",
}


def findings_not_started_due_soon(frame: pl.LazyFrame, as_of: dt.date) -> pl.LazyFrame:
    """:data:`LOCAL_RULE` as a polars filter, with the columns ``aspcore.batch.findings`` gives:
    one row per action that has not started and is due within 30 days of ``as_of``."""
    status = _vocab("status", _ALIASES)
    days = (pl.col("due") - pl.lit(as_of)).dt.total_days()
    fired = frame.with_columns(status=status).filter(
        (pl.col("status") == "not-started") & (days < 30)
    )
    return fired.select(
        rule=pl.lit(LOCAL_RULE["id"]),
        subject=pl.col("id"),
        severity=pl.lit("warning"),
        message=pl.concat_str(
            pl.lit("Action "), pl.col("id"), pl.lit(" has not started and is due within a month")
        ),
        suggestion=pl.lit(LOCAL_RULE["suggestion"]),
        due=pl.col("due"),
        id=pl.col("id"),
        status=pl.col("status"),
    ).sort("subject", "message")
