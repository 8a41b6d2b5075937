"""The RAG status of an action at a date, as a pure function of the action and thresholds.

The guide: green is done or on schedule, red not done or behind schedule, amber in between.
UK practice adds blue for complete (BRAG) and grey for no data, rates by date (red when overdue,
amber when due soon and not on track) and, as Camms does, expects progress to rise linearly from
the start date to the due date.  The decision, first match wins:

1. complete: blue (green when ``brag`` is false);
2. cancelled: no RAG;
3. no due date: grey;
4. not complete and past due: red;
5. start, due and progress known: a shortfall against linear expected progress of more than
   ``red_shortfall`` points is red, more than ``amber_shortfall`` amber;
6. due within ``due_soon_days`` with progress under ``due_soon_progress`` (or unknown): amber;
7. otherwise green.

An action marked not started with no progress figure is taken to have made 0% progress.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import Any

import attrs

from aspcore.errors import RulesetError
from aspcore.model import Action, ActionStatus, Rag
from aspcore.rag.params import boolean, number

__all__ = [
    "ActionRating",
    "ActionThresholds",
    "expected_progress",
    "rate_action",
    "reported_agrees",
]


@attrs.frozen
class ActionThresholds:
    """The thresholds of the action decision (``[params.rag]``)."""

    brag: bool = True
    amber_shortfall: float = 15
    red_shortfall: float = 40
    due_soon_days: int = 14
    due_soon_progress: float = 75

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> ActionThresholds:
        """Read and check the thresholds; raises :class:`RulesetError` when one is invalid."""
        amber = number(params, "amber_shortfall", low=0, high=100)
        red = number(params, "red_shortfall", low=0, high=100)
        if amber > red:
            raise RulesetError(
                f"params.rag.amber_shortfall ({amber:g}) must not exceed "
                f"params.rag.red_shortfall ({red:g})"
            )
        days = number(params, "due_soon_days", low=0)
        if not days.is_integer():
            raise RulesetError(f"params.rag.due_soon_days must be whole days, found {days:g}")
        return cls(
            brag=boolean(params, "brag"),
            amber_shortfall=amber,
            red_shortfall=red,
            due_soon_days=int(days),
            due_soon_progress=number(params, "due_soon_progress", low=0, high=100),
        )

    def to_dict(self) -> dict[str, object]:
        """The thresholds as evidence."""
        return attrs.asdict(self)


@functools.lru_cache(maxsize=64)
def _threshold_evidence(thresholds: ActionThresholds) -> Mapping[str, object]:
    """The thresholds as evidence, built once per thresholds and shared by every rating.

    A plain dict (evidence is pickled by case systems that fan plans out to processes); the
    ratings treat it as read-only, like the rest of a finding's evidence.
    """
    return thresholds.to_dict()


@attrs.frozen
class ActionRating:
    """The computed RAG of one action (``None`` when cancelled), why, and what was read."""

    rag: Rag | None
    reason: str
    evidence: Mapping[str, object]


def expected_progress(start: dt.date, due: dt.date, as_of: dt.date) -> float | None:
    """Linear expected progress (0-100) at ``as_of``; ``None`` unless ``due`` is after ``start``."""
    if due <= start:
        return None
    share = (as_of - start).days / (due - start).days
    return round(min(100.0, max(0.0, share * 100)), 1)


def _progress(action: Action) -> float | None:
    if action.progress is None and action.status is ActionStatus.NOT_STARTED:
        return 0.0
    return action.progress


def rate_action(action: Action, as_of: dt.date, thresholds: ActionThresholds) -> ActionRating:
    """The RAG of ``action`` at ``as_of`` (see the module docstring for the decision)."""
    progress = _progress(action)
    days_to_due = (action.due - as_of).days if action.due else None
    expected = (
        expected_progress(action.start, action.due, as_of) if action.start and action.due else None
    )
    gap = round(expected - progress, 1) if expected is not None and progress is not None else None
    evidence: dict[str, object] = {
        "as_of": as_of,
        "status": action.status,
        "start": action.start,
        "due": action.due,
        "due_source": "timescale" if action.due_from_timescale else "plan",
        "progress": progress,
        "expected_progress": expected,
        "shortfall": gap,
        "days_to_due": days_to_due,
        "reported_rag": action.rag,
        "thresholds": _threshold_evidence(thresholds),
    }
    if action.due_from_timescale:
        evidence["timescale"] = action.timescale
        evidence["due_note"] = f"the due date was read from the timescale {action.timescale!r}"

    def rated(rag: Rag | None, reason: str) -> ActionRating:
        return ActionRating(rag, reason, evidence)

    if action.status is ActionStatus.COMPLETE:
        return rated(Rag.BLUE if thresholds.brag else Rag.GREEN, "the action is complete")
    if action.status is ActionStatus.CANCELLED:
        return rated(None, "the action was cancelled, so it has no RAG status")
    if action.due is None or days_to_due is None:
        return rated(Rag.GREY, "the action has no due date, so it cannot be rated")
    if days_to_due < 0:
        return rated(Rag.RED, f"the action is not complete and was due {-days_to_due} day(s) ago")
    if gap is not None and gap > thresholds.red_shortfall:
        return rated(Rag.RED, _behind(progress, expected, gap, thresholds.red_shortfall))
    if gap is not None and gap > thresholds.amber_shortfall:
        return rated(Rag.AMBER, _behind(progress, expected, gap, thresholds.amber_shortfall))
    if days_to_due <= thresholds.due_soon_days and (
        progress is None or progress < thresholds.due_soon_progress
    ):
        done = "progress is unknown" if progress is None else f"progress is {progress:g}%"
        return rated(
            Rag.AMBER,
            f"the action is due in {days_to_due} day(s) and {done}, under "
            f"{thresholds.due_soon_progress:g}%",
        )
    return rated(Rag.GREEN, f"the action is on schedule, due in {days_to_due} day(s)")


def reported_agrees(reported: Rag, computed: Rag, *, complete: bool) -> bool:
    """Whether a reported status agrees with the computed one.

    Blue and green agree for a complete action, because many plans never adopted blue.
    """
    if complete and {reported, computed} <= {Rag.BLUE, Rag.GREEN}:
        return True
    return reported is computed


def _behind(progress: float | None, expected: float | None, gap: float, limit: float) -> str:
    return (
        f"progress is {progress:g}% against {expected:g}% expected by now, "
        f"{gap:g} points behind (more than {limit:g})"
    )
