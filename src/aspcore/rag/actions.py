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

    @functools.cached_property
    def evidence(self) -> Mapping[str, object]:
        """The thresholds as evidence, built once and shared by every rating under them.

        A plain dict (case systems pickle evidence to fan plans out to processes), read-only by
        convention like the rest of a finding's evidence.
        """
        return attrs.asdict(self)

    def to_dict(self) -> dict[str, object]:
        """The thresholds as evidence (a copy of :attr:`evidence`)."""
        return dict(self.evidence)


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


def rate_action(action: Action, as_of: dt.date, thresholds: ActionThresholds) -> ActionRating:
    """The RAG of ``action`` at ``as_of`` (see the module docstring for the decision)."""
    status = action.status
    progress = action.progress
    if progress is None and status is ActionStatus.NOT_STARTED:
        progress = 0.0
    start, due = action.start, action.due
    days_to_due = (due - as_of).days if due else None
    expected = expected_progress(start, due, as_of) if start and due else None
    gap = round(expected - progress, 1) if expected is not None and progress is not None else None
    evidence: dict[str, object] = {
        "as_of": as_of,
        "status": status,
        "start": start,
        "due": due,
        "due_source": "timescale" if action.due_from_timescale else "plan",
        "progress": progress,
        "expected_progress": expected,
        "shortfall": gap,
        "days_to_due": days_to_due,
        "reported_rag": action.rag,
        "thresholds": thresholds.evidence,
    }
    if action.due_from_timescale:
        evidence["timescale"] = action.timescale
        evidence["due_note"] = f"the due date was read from the timescale {action.timescale!r}"
    rag, reason = _decide(status, progress, expected, gap, days_to_due, thresholds)
    return ActionRating(rag, reason, evidence)


def _decide(
    status: ActionStatus | None,
    progress: float | None,
    expected: float | None,
    gap: float | None,
    days_to_due: int | None,
    thresholds: ActionThresholds,
) -> tuple[Rag | None, str]:
    """The first rule of the decision that matches, and its reason."""
    if status is ActionStatus.COMPLETE:
        return (Rag.BLUE if thresholds.brag else Rag.GREEN), "the action is complete"
    if status is ActionStatus.CANCELLED:
        return None, "the action was cancelled, so it has no RAG status"
    if days_to_due is None:
        return Rag.GREY, "the action has no due date, so it cannot be rated"
    if days_to_due < 0:
        return Rag.RED, f"the action is not complete and was due {-days_to_due} day(s) ago"
    if gap is not None and gap > thresholds.red_shortfall:
        return Rag.RED, _behind(progress, expected, gap, thresholds.red_shortfall)
    if gap is not None and gap > thresholds.amber_shortfall:
        return Rag.AMBER, _behind(progress, expected, gap, thresholds.amber_shortfall)
    if days_to_due <= thresholds.due_soon_days and (
        progress is None or progress < thresholds.due_soon_progress
    ):
        done = "progress is unknown" if progress is None else f"progress is {progress:g}%"
        return (
            Rag.AMBER,
            f"the action is due in {days_to_due} day(s) and {done}, under "
            f"{thresholds.due_soon_progress:g}%",
        )
    return Rag.GREEN, f"the action is on schedule, due in {days_to_due} day(s)"


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
