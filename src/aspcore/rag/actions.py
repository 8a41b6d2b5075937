"""The RAG status of an action at a date, as a pure function of the action and thresholds.

The guide: green is done or on schedule, red not done or behind schedule, amber in between.
UK practice adds blue for complete (BRAG) and grey for no data, rates by date (red when overdue,
amber when due soon and not on track) and, as Camms does, expects progress to rise linearly from
the start date to the due date.  The decision, first match wins:

1. complete: blue (green when ``brag`` is false);
2. cancelled: no RAG;
3. reported green or blue with no status and no progress: the reported colour (blue only under
   ``brag``), which its owner should confirm (``RAG-003``);
4. no due date: grey;
5. not complete and past due: red;
6. start, due and progress known: a shortfall against linear expected progress of more than
   ``red_shortfall`` points is red, more than ``amber_shortfall`` amber;
7. due within ``due_soon_days`` with progress under ``due_soon_progress`` (or unknown): amber;
8. otherwise green.

Rule 3 is the guide's footnote: "Green indicates that the activity has been done or is on
schedule".  A plan that reports a row green and says nothing else (Derbyshire's action plan:
action, owner, timescale, RAG status) has said it is done or on schedule; the timescale passing
contradicts neither, so the report is not turned red: it is confirmed.  A row reported red or
amber gets no such reading, and a red one still needs a corrective action (``RAG-031``).

The decision is written once, as a decision table (:mod:`aspcore.rag.action_decision`), which
this function and :func:`aspcore.batch.action_status` both run. Each rating names the step of
the decision that gave it with a stable code (:class:`ActionReason`: ``complete``,
``cancelled``, ``from-report``, ``no-due-date``, ``overdue``, ``behind``, ``due-soon``,
``on-schedule``), which the evidence carries as ``reason_code`` and
:func:`aspcore.batch.action_status` as a column, so that a host system can act on the reason
without reading the sentence.

An action marked not started with no progress figure is taken to have made 0% progress. Progress
and thresholds are compared exactly, in whole millionths of a point (:mod:`aspcore.rag.exact`):
the shortfall is the exact expected progress (days elapsed over days from start to due) less the
progress, read to a millionth of a point, and is shown rounded to the fewest decimals (at least
one) that leave it on the same side of both thresholds as its exact value.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import attrs

from aspcore.errors import RulesetError
from aspcore.expr.decisions import DecisionTable
from aspcore.expr.python_backend import Env
from aspcore.model import Action, ActionStatus, Rag
from aspcore.rag.action_decision import AGREEMENT, action_table
from aspcore.rag.exact import (
    PLACES,
    SCALE,
    check_places,
    divide,
    fixed_units,
    millionths,
    rounded,
    shown_units,
)
from aspcore.rag.params import boolean, number

__all__ = [
    "ActionRating",
    "ActionReason",
    "ActionThresholds",
    "expected_progress",
    "expected_share",
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
        soon = number(params, "due_soon_progress", low=0, high=100)
        for name, value in (("amber_shortfall", amber), ("red_shortfall", red)):
            check_places(value, f"params.rag.{name}")
        check_places(soon, "params.rag.due_soon_progress")
        return cls(
            brag=boolean(params, "brag"),
            amber_shortfall=amber,
            red_shortfall=red,
            due_soon_days=int(days),
            due_soon_progress=soon,
        )

    @functools.cached_property
    def bounds(self) -> tuple[int, int]:
        """The amber and red shortfalls in whole millionths of a point."""
        return millionths(self.amber_shortfall), millionths(self.red_shortfall)

    @functools.cached_property
    def table(self) -> DecisionTable:
        """The decision under these thresholds, as a table (compiled once per thresholds)."""
        return action_table(
            self.brag,
            self.amber_shortfall,
            self.red_shortfall,
            self.due_soon_days,
            self.due_soon_progress,
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


class ActionReason(enum.StrEnum):
    """Which step of the decision (see the module docstring) rated an action."""

    COMPLETE = "complete"
    CANCELLED = "cancelled"
    FROM_REPORT = "from-report"
    NO_DUE_DATE = "no-due-date"
    OVERDUE = "overdue"
    BEHIND = "behind"
    DUE_SOON = "due-soon"
    ON_SCHEDULE = "on-schedule"


@attrs.frozen
class ActionRating:
    """The computed RAG of one action (``None`` when cancelled), why (a code and a sentence), and
    what was read.

    ``from_report`` is true when the colour is the reported one, taken on trust because the
    plan gives no status or progress to rate (rule 3 of the decision): its owner should confirm
    it.
    """

    rag: Rag | None
    code: ActionReason
    reason: str
    evidence: Mapping[str, object]
    from_report: bool = False


def _window(start: dt.date, due: dt.date, as_of: dt.date) -> tuple[int, int] | None:
    """Days from ``start`` to ``due``, and days elapsed at ``as_of`` clamped to that span;
    ``None`` unless ``due`` is after ``start``.  Expected progress is ``100 * elapsed / span``."""
    span = (due - start).days
    if span <= 0:
        return None
    return span, min(max((as_of - start).days, 0), span)


def expected_share(start: dt.date, due: dt.date, as_of: dt.date) -> Fraction | None:
    """Linear expected progress (0-100) at ``as_of``, exactly; ``None`` unless ``due`` is after
    ``start``."""
    window = _window(start, due, as_of)
    return None if window is None else Fraction(100 * window[1], window[0])


def expected_progress(start: dt.date, due: dt.date, as_of: dt.date) -> float | None:
    """Linear expected progress (0-100) at ``as_of``, to one decimal place (for showing);
    ``None`` unless ``due`` is after ``start``."""
    share = expected_share(start, due, as_of)
    return None if share is None else float(rounded(share, 1))


@attrs.frozen
class _Reading:
    """What the decision reads, and the expected progress and shortfall as reasons and evidence
    show them: ``expected`` and ``gap`` in units of ``10**-places``."""

    progress: float | None
    units: int | None
    days_to_due: int | None
    expected: int | None
    gap: int | None
    places: int

    def text(self, name: str) -> str:
        """The text of the reason's placeholder ``name``."""
        if name == "days_to_due":
            return str(self.days_to_due)
        if name == "days_overdue":
            return str(-(self.days_to_due or 0))
        if name == "progress":
            assert self.units is not None
            return fixed_units(self.units, PLACES)
        units = self.expected if name == "expected" else self.gap
        assert units is not None
        return fixed_units(units, self.places)

    def shown(self, units: int | None) -> float | None:
        """``expected`` or ``gap`` as a number (``units / 10**places``, correctly rounded)."""
        return None if units is None else units / 10**self.places


def _read(action: Action, as_of: dt.date, thresholds: ActionThresholds) -> tuple[_Reading, Env]:
    """The reading of ``action``, and the decision's fields (see
    :mod:`aspcore.rag.action_decision`).

    With ``span`` days from start to due, ``within`` the days elapsed clamped to ``0..span``
    (:func:`_window`) and progress in millionths, the shortfall is
    ``(within * 10**8 - progress * span) / (span * 10**6)`` points exactly: whole numbers,
    rounded for showing by :func:`~aspcore.rag.exact.shown_units`.
    """
    progress = action.progress
    if progress is None and action.status is ActionStatus.NOT_STARTED:
        progress = 0.0
    units = None if progress is None else millionths(progress)
    start, due = action.start, action.due
    days = None if due is None else (due - as_of).days
    window = _window(start, due, as_of) if start and due else None
    span = expected = gap = behind = None
    places = 1
    if window is not None:
        span, within = window
        if units is not None:
            behind = within * 100 * SCALE - units * span
            gap, places = shown_units(behind, span * SCALE, thresholds.bounds)
        expected = divide(within * 100 * 10**places, span)
    reading = _Reading(progress, units, days, expected, gap, places)
    env: Env = {
        "status": None if action.status is None else action.status.value,
        "reported": None if action.rag is None else action.rag.value,
        "progress": units,
        "days_to_due": days,
        "span": span,
        "behind": behind,
    }
    return reading, env


def rate_action(action: Action, as_of: dt.date, thresholds: ActionThresholds) -> ActionRating:
    """The RAG of ``action`` at ``as_of`` (see the module docstring for the decision).

    The evidence's ``expected_progress`` and ``shortfall`` are rounded as the reason shows them;
    ``from_report`` is in it, true, when the colour was taken from the report (rule 3).
    """
    read, env = _read(action, as_of, thresholds)
    row = thresholds.table.choose(env)
    code = ActionReason(row.code)
    from_report = code is ActionReason.FROM_REPORT
    evidence: dict[str, object] = {
        "as_of": as_of,
        "status": action.status,
        "start": action.start,
        "due": action.due,
        "due_source": "timescale" if action.due_from_timescale else "plan",
        "progress": read.progress,
        "expected_progress": read.shown(read.expected),
        "shortfall": read.shown(read.gap),
        "days_to_due": read.days_to_due,
        "reported_rag": action.rag,
        "thresholds": thresholds.evidence,
    }
    if from_report:
        evidence["from_report"] = True
    if action.due_from_timescale:
        evidence["timescale"] = action.timescale
        evidence["due_note"] = f"the due date was read from the timescale {action.timescale!r}"
    evidence["reason_code"] = code.value
    reason = row.reason.render({name: read.text(name) for name in row.reason.names})
    rag = None if row.outcome is None else Rag(row.outcome)
    return ActionRating(rag, code, reason, evidence, from_report=from_report)


def reported_agrees(reported: Rag, computed: Rag, *, complete: bool) -> bool:
    """Whether a reported status agrees with the computed one.

    Blue and green agree for a complete action, because many plans never adopted blue
    (:data:`~aspcore.rag.action_decision.AGREEMENT`).
    """
    row = AGREEMENT.rows[AGREEMENT.lookup(reported.value, computed.value, complete)]
    return row.outcome == "agrees"
