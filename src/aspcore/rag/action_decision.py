"""The action RAG decision as a decision table: the one definition both engines run.

:func:`action_table` writes the decision described in :mod:`aspcore.rag.actions` as ordered
rows (:class:`~aspcore.expr.decisions.DecisionTable`), with the ruleset's thresholds bound in.
:func:`aspcore.rag.rate_action` chooses a row for one action and
:func:`aspcore.batch.action_status` for every row of a frame; both feed it the same fields:

* ``status`` and ``reported``: the action's status and reported colour, as their canonical
  words (``complete``, ``green``), or null;
* ``progress``: progress in whole millionths of a point (``37.5`` is ``37500000``), 0 for an
  action not started with no figure, else null when unknown;
* ``days_to_due``: days from the as-of date to the due date (negative when past), null when
  there is no due date;
* ``span``: days from the start to the due date, null without a start date;
* ``behind``: the shortfall against linear expected progress, scaled to a whole number: with
  ``elapsed`` the days from the start to the as-of date, clamped to ``0..span``, expected
  progress is ``100 * elapsed / span`` points, so ``behind = 10**8 * elapsed - progress * span``
  is the shortfall times ``span * 10**6``; null unless progress is known and the due date is
  after the start.

"More than ``limit`` points behind" is then ``behind > limit * span`` with ``limit`` in
millionths: whole numbers below ``2**53`` for spans under 90 million days, so float64 (the
frame backends) and Python integers give the same answer.  Each engine computes ``behind``
with the expected progress and shortfall it shows (:func:`aspcore.rag.rate_action`,
:mod:`aspcore.batch.progress`).
"""

from __future__ import annotations

import functools

from aspcore.expr.decisions import Decision, DecisionTable
from aspcore.expr.types import FieldType
from aspcore.model import Rag
from aspcore.rag.exact import decimal, fixed, millionths

__all__ = ["AGREEMENT", "FIELDS", "action_table"]

#: The fields the action decision reads, and their types.
FIELDS: dict[str, FieldType] = {
    "status": "text",
    "reported": "text",
    "progress": "number",
    "days_to_due": "number",
    "span": "number",
    "behind": "number",
}

#: The reported colours kept when there is nothing to rate (rule 3), and what each means.
_TAKEN_ON_TRUST = {
    Rag.GREEN: "done or on schedule, as the guide defines green",
    Rag.BLUE: "complete",
}


def _from_report(reported: Rag) -> str:
    """The reason of rule 3, for an action reported green or blue with nothing to rate."""
    return (
        f"the action is reported {reported.value} ({_TAKEN_ON_TRUST[reported]}) with no status "
        "or progress, so it is rated from the report until its owner confirms it"
    )


_BEHIND = "behind > {} * span"
_UNRATED = "is_null(status) and is_null(progress)"


@functools.cache
def action_table(
    brag: bool, amber: float, red: float, soon_days: int, soon_progress: float
) -> DecisionTable:
    """The decision under these thresholds (see :class:`~aspcore.rag.ActionThresholds`),
    compiled once per set of thresholds."""
    finished = (Rag.BLUE if brag else Rag.GREEN).value
    under = f"under {fixed(decimal(soon_progress))}%"
    behind = (
        "progress is {progress}% against {expected}% expected by now, "
        "{shortfall} points behind (more than "
    )
    rows = [
        Decision("complete", "status == 'complete'", finished, "the action is complete"),
        Decision(
            "cancelled",
            "status == 'cancelled'",
            None,
            "the action was cancelled, so it has no RAG status",
        ),
        Decision(
            "from-report",
            f"reported == 'blue' and {_UNRATED}",
            finished,
            _from_report(Rag.BLUE),
        ),
        Decision(
            "from-report",
            f"reported == 'green' and {_UNRATED}",
            Rag.GREEN.value,
            _from_report(Rag.GREEN),
        ),
        Decision(
            "no-due-date",
            "is_null(days_to_due)",
            Rag.GREY.value,
            "the action has no due date, so it cannot be rated",
        ),
        Decision(
            "overdue",
            "days_to_due < 0",
            Rag.RED.value,
            "the action is not complete and was due {days_overdue} day(s) ago",
        ),
        Decision(
            "behind", _BEHIND.format("red"), Rag.RED.value, behind + fixed(decimal(red)) + ")"
        ),
        Decision(
            "behind", _BEHIND.format("amber"), Rag.AMBER.value, behind + fixed(decimal(amber)) + ")"
        ),
        Decision(
            "due-soon",
            "days_to_due <= soon_days and is_null(progress)",
            Rag.AMBER.value,
            f"the action is due in {{days_to_due}} day(s) and progress is unknown, {under}",
        ),
        Decision(
            "due-soon",
            "days_to_due <= soon_days and progress < soon",
            Rag.AMBER.value,
            f"the action is due in {{days_to_due}} day(s) and progress is {{progress}}%, {under}",
        ),
        Decision(
            "on-schedule",
            "True",
            Rag.GREEN.value,
            "the action is on schedule, due in {days_to_due} day(s)",
        ),
    ]
    return DecisionTable(
        rows,
        fields=FIELDS,
        constants={
            "red": millionths(red),
            "amber": millionths(amber),
            "soon": millionths(soon_progress),
            "soon_days": soon_days,
        },
    )


_FINISHED = "('blue', 'green')"

#: Whether a reported colour agrees with the computed one (``RAG-002``), over ``reported`` and
#: ``computed`` (colours, or null) and ``finished`` (the action is complete, or its colour was
#: kept from the report): outcome ``agrees`` or ``differs``, none when either colour is missing.
#: Blue and green agree for a finished action, because many plans never adopted blue.
AGREEMENT = DecisionTable(
    [
        Decision(
            "unknown",
            "is_null(reported) or is_null(computed)",
            None,
            "there is no reported or no computed colour to compare",
        ),
        Decision(
            "finished",
            f"finished and reported in {_FINISHED} and computed in {_FINISHED}",
            "agrees",
            "blue and green agree for a finished action",
        ),
        Decision("same", "reported == computed", "agrees", "the colours are the same"),
        Decision("differs", "True", "differs", "the colours differ"),
    ],
    fields={"reported": "text", "computed": "text", "finished": "boolean"},
)
