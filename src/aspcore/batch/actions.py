"""The action RAG rule over a whole frame of actions: one vectorised pass, any backend.

:func:`action_status` computes, for every row, what the per-plan rule ``RAG-001``
(:func:`aspcore.rag.rate_action`) computes for one action: the colour, the reason in the same
words, the expected progress and the shortfall against it.  The decision is one ``when/then``
chain over columns (first match wins, as in the per-plan rule): complete, cancelled, reported
green or blue with no status or progress (kept from the report), no due date, overdue, behind
expected progress (red, then amber), due soon without enough progress, otherwise green.  Where
the frame also reports a RAG status, ``rag_agrees`` says whether it agrees with the computed
one, as ``RAG-002`` judges, and ``rag_from_report`` whether the colour was kept from the report
and needs its owner's confirmation, as ``RAG-003`` asks.  Progress is compared with the
thresholds exactly, as :mod:`aspcore.batch.progress` explains.

Input columns, by name: ``status`` (text) and ``due`` (date) are required; ``start`` (date),
``progress`` (number, 0-100) and ``rag`` (the reported status, text) are optional.  Text is read
as plan files read it (case, spaces and aliases such as ``done`` or ``ongoing``); unknown text
and progress outside 0-100 count as missing, as the plan reader drops them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import narwhals as nw

from aspcore.batch.frames import Opened, check_as_of, open_frame
from aspcore.batch.params import rag_params
from aspcore.batch.progress import Shortfall, shortfall
from aspcore.batch.rounding import digits, round_integer
from aspcore.batch.steps import Steps
from aspcore.model import ActionStatus, Rag
from aspcore.rag import ActionThresholds
from aspcore.rag.actions import ActionReason, from_report_reason
from aspcore.rag.exact import SCALE, decimal, fixed, millionths
from aspcore.rules import Ruleset

__all__ = ["RESULT_COLUMNS", "action_status"]

#: The columns :func:`action_status` adds (and ``rag_agrees`` and ``rag_from_report`` when
#: ``rag`` is reported).
RESULT_COLUMNS = ("rag", "rag_reason", "expected_progress", "shortfall", "days_to_due")

_STATUSES = [s.value for s in ActionStatus]
_COLOURS = [c.value for c in Rag]


def _num(value: float) -> nw.Expr:
    return nw.lit(float(value), nw.Float64)


def _text(value: str) -> nw.Expr:
    return nw.lit(value, nw.String)


def _flag(condition: nw.Expr) -> nw.Expr:
    """A boolean with no nulls: null (unknown) counts as false, as ``is not None and`` does."""
    return condition.fill_null(False)


def action_status(
    frame: Any,
    *,
    as_of: dt.date,
    ruleset: str | Path | Ruleset | None = None,
    reasons: bool = True,
) -> Any:
    """Every action's RAG status at ``as_of``, as columns added to ``frame``.

    Adds ``rag`` (``blue``/``green``/``amber``/``red``/``grey``, null when cancelled),
    ``rag_reason_code`` (the step of the decision that gave it:
    :class:`~aspcore.rag.actions.ActionReason`), ``rag_reason`` (the per-plan rule's words),
    ``expected_progress`` (linear from start to due, 0-100), ``shortfall`` (expected minus
    progress, in points; both rounded as the reason shows them) and ``days_to_due``.  A reported
    ``rag`` column is kept as ``reported_rag`` beside ``rag_agrees`` and ``rag_from_report``.
    Thresholds come from the ruleset's ``[params.rag]`` (the default ruleset when ``None``).
    ``reasons=False`` leaves out ``rag_reason`` (the code stays): writing a sentence per row
    costs more than the rule itself.  Returns the same kind of frame as given; raises
    :class:`~aspcore.batch.FrameError` for a frame without the columns.
    """
    when = check_as_of(as_of)
    thresholds = ActionThresholds.from_params(rag_params(ruleset))
    opened = open_frame(frame, "action_status")
    steps = Steps(opened.schema)
    columns = _inputs(opened, steps, when)
    behind = shortfall(steps, columns["progress"], columns["span"], columns["elapsed"], thresholds)
    result = _rule(steps, columns, behind, thresholds, reasons)
    out = steps.apply(opened.frame)
    reported = opened.has("rag")
    if reported:
        out = out.rename({"rag": "reported_rag"})
    out = out.with_columns(**result)
    if reported:
        out = out.with_columns(rag_agrees=_agrees(columns), rag_from_report=columns["trusted"])
    return opened.close(steps.finish(out))


def _inputs(opened: Opened, steps: Steps, as_of: dt.date) -> dict[str, nw.Expr]:
    """The input columns, cleaned and typed, and the quantities every branch reads.

    ``progress`` is in whole millionths of a point, as the per-plan rule reads it
    (:func:`aspcore.rag.exact.decimal`); ``trusted`` flags rule 3 (a reported green or blue with
    no status and no progress).
    """
    none = nw.lit(None, nw.Float64)
    status = steps(opened.vocabulary("status", _STATUSES))
    reported = steps(opened.vocabulary("rag", _COLOURS)) if opened.has("rag") else None
    raw = opened.number("progress") if opened.has("progress") else none
    progress = steps(nw.when(raw.is_between(0, 100)).then(raw))
    due = steps(opened.day_number("due"))
    start = steps(opened.day_number("start")) if opened.has("start") else none
    today = _num(opened.day_number_of(as_of))
    steps.then()
    millionths_done = round_integer(steps, progress, _num(SCALE))
    steps.then()
    not_started = _flag(status == _text(ActionStatus.NOT_STARTED.value))
    columns = {
        "status": status,
        "progress": steps(
            nw.when(progress.is_null() & not_started).then(_num(0)).otherwise(millionths_done)
        ),
        "days": steps(due - today),
        "span": steps(due - start),
        "elapsed": steps(today - start),
    }
    if reported is not None:
        columns["reported"] = reported
        trusted = reported.is_in([Rag.GREEN.value, Rag.BLUE.value])
        columns["trusted"] = steps(_flag(trusted & status.is_null() & progress.is_null()))
    return columns


def _rule(
    steps: Steps,
    c: dict[str, nw.Expr],
    behind: Shortfall,
    t: ActionThresholds,
    reasons: bool,
) -> dict[str, nw.Expr]:
    """The decision chain, and its reasons when asked (see :func:`aspcore.rag.rate_action`)."""
    steps.then()
    days = c["days"]
    complete = steps(_flag(c["status"] == _text(ActionStatus.COMPLETE.value)))
    cancelled = steps(_flag(c["status"] == _text(ActionStatus.CANCELLED.value)))
    trusted = c.get("trusted", nw.lit(False))
    overdue = steps(_flag(days < _num(0)))
    red = steps(_flag(behind.red))
    amber = steps(_flag(behind.amber))
    soon = steps(
        _flag(days <= _num(t.due_soon_days))
        & (c["progress"].is_null() | _flag(c["progress"] < _num(millionths(t.due_soon_progress))))
    )
    steps.then()
    finished = (Rag.BLUE if t.brag else Rag.GREEN).value
    kept = _text(Rag.GREEN.value)
    if "reported" in c and t.brag:
        blue = _flag(c["reported"] == _text(Rag.BLUE.value))
        kept = nw.when(blue).then(_text(Rag.BLUE.value)).otherwise(kept)
    rag = (
        nw.when(complete)
        .then(_text(finished))
        .when(cancelled)
        .then(nw.lit(None, nw.String))
        .when(trusted)
        .then(kept)
        .when(days.is_null())
        .then(_text(Rag.GREY.value))
        .when(overdue | red)
        .then(_text(Rag.RED.value))
        .when(amber | soon)
        .then(_text(Rag.AMBER.value))
        .otherwise(_text(Rag.GREEN.value))
    )
    code = (
        nw.when(complete)
        .then(_text(ActionReason.COMPLETE.value))
        .when(cancelled)
        .then(_text(ActionReason.CANCELLED.value))
        .when(trusted)
        .then(_text(ActionReason.FROM_REPORT.value))
        .when(days.is_null())
        .then(_text(ActionReason.NO_DUE_DATE.value))
        .when(overdue)
        .then(_text(ActionReason.OVERDUE.value))
        .when(red | amber)
        .then(_text(ActionReason.BEHIND.value))
        .when(soon)
        .then(_text(ActionReason.DUE_SOON.value))
        .otherwise(_text(ActionReason.ON_SCHEDULE.value))
    )
    out = {"rag": rag, "rag_reason_code": code}
    if reasons:
        flags = {"complete": complete, "cancelled": cancelled, "trusted": trusted}
        flags |= {"overdue": overdue, "red": red, "amber": amber, "soon": soon}
        out["rag_reason"] = _reason(steps, c, behind, t, flags)
    return {
        **out,
        "expected_progress": behind.expected,
        "shortfall": behind.gap,
        "days_to_due": days,
    }


def _reason(
    steps: Steps,
    c: dict[str, nw.Expr],
    behind: Shortfall,
    t: ActionThresholds,
    flags: dict[str, nw.Expr],
) -> nw.Expr:
    """The per-plan rule's reason, word for word, from the flags of the decision."""
    progress_text = behind.progress_text
    steps.then()
    days = c["days"]
    limit = (
        nw.when(flags["red"])
        .then(_text(fixed(decimal(t.red_shortfall))))
        .otherwise(_text(fixed(decimal(t.amber_shortfall))))
    )
    late = nw.concat_str(
        [
            _text("progress is "),
            progress_text,
            _text("% against "),
            behind.expected_text,
            _text("% expected by now, "),
            behind.gap_text,
            _text(" points behind (more than "),
            limit,
            _text(")"),
        ]
    )
    done = (
        nw.when(c["progress"].is_null())
        .then(_text("progress is unknown"))
        .otherwise(nw.concat_str([_text("progress is "), progress_text, _text("%")]))
    )
    due_soon = nw.concat_str(
        [
            _text("the action is due in "),
            digits(days),
            _text(" day(s) and "),
            done,
            _text(f", under {fixed(decimal(t.due_soon_progress))}%"),
        ]
    )
    on_schedule = nw.concat_str(
        [_text("the action is on schedule, due in "), digits(days), _text(" day(s)")]
    )
    was_due = nw.concat_str(
        [_text("the action is not complete and was due "), digits(-days), _text(" day(s) ago")]
    )
    trusted = _text(from_report_reason(Rag.GREEN))
    if "reported" in c:
        blue = _flag(c["reported"] == _text(Rag.BLUE.value))
        trusted = nw.when(blue).then(_text(from_report_reason(Rag.BLUE))).otherwise(trusted)
    return (
        nw.when(flags["complete"])
        .then(_text("the action is complete"))
        .when(flags["cancelled"])
        .then(_text("the action was cancelled, so it has no RAG status"))
        .when(flags["trusted"])
        .then(trusted)
        .when(days.is_null())
        .then(_text("the action has no due date, so it cannot be rated"))
        .when(flags["overdue"])
        .then(was_due)
        .when(flags["amber"])
        .then(late)
        .when(flags["soon"])
        .then(due_soon)
        .otherwise(on_schedule)
    )


def _agrees(c: dict[str, nw.Expr]) -> nw.Expr:
    """``RAG-002``: the reported status agrees with the computed one (null if either is null).

    Blue and green agree for a complete action, or one whose colour was kept from the report,
    because many plans never adopted blue.
    """
    reported, computed = c["reported"], nw.col("rag")
    finished = [Rag.BLUE.value, Rag.GREEN.value]
    complete = _flag(c["status"] == _text(ActionStatus.COMPLETE.value)) | c["trusted"]
    both_finished = complete & reported.is_in(finished) & computed.is_in(finished)
    agrees = (reported == computed) | both_finished
    known = ~reported.is_null() & ~computed.is_null()
    return nw.when(known).then(agrees)
