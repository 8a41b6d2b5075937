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

Each rating names the step of the decision that gave it with a stable code
(:class:`ActionReason`: ``complete``, ``cancelled``, ``from-report``, ``no-due-date``,
``overdue``, ``behind``, ``due-soon``, ``on-schedule``), which the evidence carries as
``reason_code`` and :func:`aspcore.batch.action_status` as a column, so that a host system can
act on the reason without reading the sentence.

An action marked not started with no progress figure is taken to have made 0% progress.
Progress and thresholds are compared exactly (:mod:`aspcore.rag.exact`): the shortfall is the
exact expected progress (days elapsed over days from start to due) less the progress, read to a
millionth of a point, and is shown rounded to the fewest decimals (at least one) that leave it
on the same side of both thresholds as its exact value.
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
from aspcore.model import Action, ActionStatus, Rag
from aspcore.rag.exact import check_places, decimal, fixed, rounded, shown
from aspcore.rag.params import boolean, number

__all__ = [
    "ActionRating",
    "ActionReason",
    "ActionThresholds",
    "expected_progress",
    "expected_share",
    "from_report_reason",
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
    def limits(self) -> tuple[Fraction, Fraction]:
        """The amber and red shortfalls as exact decimals, as the decision compares them."""
        return decimal(self.amber_shortfall), decimal(self.red_shortfall)

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


#: The reported colours rule 3 keeps, and what each means.
_TAKEN_ON_TRUST = {
    Rag.GREEN: "done or on schedule, as the guide defines green",
    Rag.BLUE: "complete",
}


def from_report_reason(reported: Rag) -> str:
    """The reason of rule 3, for an action reported green or blue with nothing to rate."""
    return (
        f"the action is reported {reported.value} ({_TAKEN_ON_TRUST[reported]}) with no status "
        "or progress, so it is rated from the report until its owner confirms it"
    )


def expected_share(start: dt.date, due: dt.date, as_of: dt.date) -> Fraction | None:
    """Linear expected progress (0-100) at ``as_of``, exactly; ``None`` unless ``due`` is after
    ``start``."""
    span = (due - start).days
    if span <= 0:
        return None
    return Fraction(100 * min(max((as_of - start).days, 0), span), span)


def expected_progress(start: dt.date, due: dt.date, as_of: dt.date) -> float | None:
    """Linear expected progress (0-100) at ``as_of``, to one decimal place (for showing);
    ``None`` unless ``due`` is after ``start``."""
    share = expected_share(start, due, as_of)
    return None if share is None else float(rounded(share, 1))


@attrs.frozen
class _Reading:
    """What the decision reads: exact values, and the same rounded for reasons and evidence."""

    status: ActionStatus | None
    reported: Rag | None
    raw_progress: float | None
    progress: Fraction | None
    gap: Fraction | None
    days_to_due: int | None
    shown_expected: Fraction | None
    shown_gap: Fraction | None
    places: int

    @property
    def from_report(self) -> bool:
        """Rule 3: a reported green or blue with no status and no progress to rate."""
        return self.reported in _TAKEN_ON_TRUST and self.status is None and self.progress is None


def _read(action: Action, as_of: dt.date, thresholds: ActionThresholds) -> _Reading:
    progress = action.progress
    if progress is None and action.status is ActionStatus.NOT_STARTED:
        progress = 0.0
    done = None if progress is None else decimal(progress)
    share = expected_share(action.start, action.due, as_of) if action.start and action.due else None
    gap = share - done if share is not None and done is not None else None
    shown_gap, places = shown(gap, thresholds.limits) if gap is not None else (None, 1)
    return _Reading(
        status=action.status,
        reported=action.rag,
        raw_progress=progress,
        progress=done,
        gap=gap,
        days_to_due=(action.due - as_of).days if action.due else None,
        shown_expected=None if share is None else rounded(share, places),
        shown_gap=shown_gap,
        places=places,
    )


def rate_action(action: Action, as_of: dt.date, thresholds: ActionThresholds) -> ActionRating:
    """The RAG of ``action`` at ``as_of`` (see the module docstring for the decision).

    The evidence's ``expected_progress`` and ``shortfall`` are rounded as the reason shows them;
    ``from_report`` is in it, true, when the colour was taken from the report (rule 3).
    """
    read = _read(action, as_of, thresholds)
    evidence: dict[str, object] = {
        "as_of": as_of,
        "status": action.status,
        "start": action.start,
        "due": action.due,
        "due_source": "timescale" if action.due_from_timescale else "plan",
        "progress": read.raw_progress,
        "expected_progress": _plain(read.shown_expected),
        "shortfall": _plain(read.shown_gap),
        "days_to_due": read.days_to_due,
        "reported_rag": action.rag,
        "thresholds": thresholds.evidence,
    }
    if read.from_report:
        evidence["from_report"] = True
    if action.due_from_timescale:
        evidence["timescale"] = action.timescale
        evidence["due_note"] = f"the due date was read from the timescale {action.timescale!r}"
    rag, code, reason = _decide(read, thresholds)
    evidence["reason_code"] = code.value
    return ActionRating(rag, code, reason, evidence, from_report=read.from_report)


def _plain(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def _decide(read: _Reading, thresholds: ActionThresholds) -> tuple[Rag | None, ActionReason, str]:
    """The first rule of the decision that matches: the colour, its code and its reason."""
    days_to_due, gap = read.days_to_due, read.gap
    amber, red = thresholds.limits
    if read.status is ActionStatus.COMPLETE:
        finished = Rag.BLUE if thresholds.brag else Rag.GREEN
        return finished, ActionReason.COMPLETE, "the action is complete"
    if read.status is ActionStatus.CANCELLED:
        return None, ActionReason.CANCELLED, "the action was cancelled, so it has no RAG status"
    if read.from_report:
        assert read.reported is not None
        kept = Rag.BLUE if read.reported is Rag.BLUE and thresholds.brag else Rag.GREEN
        return kept, ActionReason.FROM_REPORT, from_report_reason(read.reported)
    if days_to_due is None:
        no_date = "the action has no due date, so it cannot be rated"
        return Rag.GREY, ActionReason.NO_DUE_DATE, no_date
    if days_to_due < 0:
        late = f"the action is not complete and was due {-days_to_due} day(s) ago"
        return Rag.RED, ActionReason.OVERDUE, late
    if gap is not None and gap > red:
        return Rag.RED, ActionReason.BEHIND, _behind(read, red)
    if gap is not None and gap > amber:
        return Rag.AMBER, ActionReason.BEHIND, _behind(read, amber)
    if days_to_due <= thresholds.due_soon_days and (
        read.progress is None or read.progress < decimal(thresholds.due_soon_progress)
    ):
        done = (
            "progress is unknown"
            if read.progress is None
            else f"progress is {fixed(read.progress)}%"
        )
        return (
            Rag.AMBER,
            ActionReason.DUE_SOON,
            f"the action is due in {days_to_due} day(s) and {done}, under "
            f"{fixed(decimal(thresholds.due_soon_progress))}%",
        )
    on_schedule = f"the action is on schedule, due in {days_to_due} day(s)"
    return Rag.GREEN, ActionReason.ON_SCHEDULE, on_schedule


def reported_agrees(reported: Rag, computed: Rag, *, complete: bool) -> bool:
    """Whether a reported status agrees with the computed one.

    Blue and green agree for a complete action, because many plans never adopted blue.
    """
    if complete and {reported, computed} <= {Rag.BLUE, Rag.GREEN}:
        return True
    return reported is computed


def _behind(read: _Reading, limit: Fraction) -> str:
    assert read.progress is not None and read.shown_expected is not None
    assert read.shown_gap is not None
    return (
        f"progress is {fixed(read.progress)}% against "
        f"{fixed(read.shown_expected, read.places)}% expected by now, "
        f"{fixed(read.shown_gap, read.places)} points behind (more than {fixed(limit)})"
    )
