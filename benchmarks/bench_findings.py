"""A partnership's own ``when`` rule over millions of actions: ``aspcore.batch.findings``
against the same rule written by hand in polars (``handwritten.py``).

Target: aspcore at least 0.7 of the hand-written filter's speed.  Both read the same Parquet
file of actions (statuses in the spellings host systems use, accepted by both) and give the
same rows and columns; the agreement is checked before anything is timed.  Each case runs in a
fresh process.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from harness import measure, run_isolated

__all__ = ["run"]


def _ruleset() -> Any:
    from handwritten import LOCAL_RULE

    from aspcore import Rule, Ruleset

    rule = Rule(
        id=LOCAL_RULE["id"],
        family="local",
        title="Not started and due within a month",
        applies_to="action",
        when=LOCAL_RULE["when"],
        message=LOCAL_RULE["message"],
        suggestion=LOCAL_RULE["suggestion"],
    )
    return Ruleset(name="local", version="1", rules=(rule,))


def _aspcore(path: str, repeat: int) -> dict[str, Any]:
    import polars as pl
    from data import AS_OF

    from aspcore.batch import findings

    frame = pl.read_parquet(path)
    rules = _ruleset()
    result = measure(lambda: findings(frame, kind="action", as_of=AS_OF, ruleset=rules), repeat)
    return {**result, "input_mib": round(frame.estimated_size() / 2**20, 1)}


def _handwritten(path: str, repeat: int) -> dict[str, Any]:
    import polars as pl
    from data import AS_OF
    from handwritten import findings_not_started_due_soon

    frame = pl.read_parquet(path)
    result = measure(lambda: findings_not_started_due_soon(frame.lazy(), AS_OF).collect(), repeat)
    return {**result, "input_mib": round(frame.estimated_size() / 2**20, 1)}


def _agreement(path: str) -> dict[str, Any]:
    """Whether both give the same rows (they must), and how many findings there are."""
    import polars as pl
    from data import AS_OF
    from handwritten import findings_not_started_due_soon

    from aspcore.batch import findings

    frame = pl.read_parquet(path)
    ours = findings(frame, kind="action", as_of=AS_OF, ruleset=_ruleset())
    theirs = findings_not_started_due_soon(frame.lazy(), AS_OF).collect()
    return {"same": ours.equals(theirs.select(ours.columns)), "findings": ours.height}


def run(paths: dict[int, Path], repeat: int) -> dict[str, Any]:
    """Every size: both timings, the agreement and the ratio."""
    results: dict[str, Any] = {}
    for rows, path in sorted(paths.items()):
        file = str(path)
        case: dict[str, Any] = {
            "agreement": run_isolated(_agreement, file),
            "aspcore": run_isolated(_aspcore, file, repeat),
            "handwritten_polars": run_isolated(_handwritten, file, repeat),
        }
        ours, hand = case["aspcore"].get("seconds"), case["handwritten_polars"].get("seconds")
        if ours and hand:
            case["speed_vs_handwritten"] = round(hand / ours, 3)
        results[str(rows)] = case
    return results
