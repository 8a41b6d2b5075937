"""The action RAG rule over a whole frame of actions: one vectorised pass, any backend.

:func:`action_status` computes, for every row, what the per-plan rule ``RAG-001``
(:func:`aspcore.rag.rate_action`) computes for one action: the colour, the reason in the same
words, the expected progress and the shortfall against it.  The decision is one ``when/then``
chain over columns (first match wins, as in the per-plan rule): complete, cancelled, no due
date, overdue, behind expected progress (red, then amber), due soon without enough progress,
otherwise green.  Where the frame also reports a RAG status, ``rag_agrees`` says whether it
agrees with the computed one, as ``RAG-002`` judges.

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

from aspcore.batch.frames import Opened, check_as_of, open_frame, vocabulary
from aspcore.batch.params import rag_params
from aspcore.batch.rounding import digits, format_g, format_tenths, round_half_even
from aspcore.batch.steps import Steps
from aspcore.model import ActionStatus, Rag
from aspcore.rag import ActionThresholds
from aspcore.rules import Ruleset

__all__ = ["RESULT_COLUMNS", "action_status"]

#: The columns :func:`action_status` adds (and ``rag_agrees`` when ``rag`` is reported).
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
    ``rag_reason`` (the per-plan rule's words), ``expected_progress`` (linear from start to due,
    0-100), ``shortfall`` (expected minus progress, in points) and ``days_to_due``.  A reported
    ``rag`` column is kept as ``reported_rag`` beside ``rag_agrees``.  Thresholds come from the
    ruleset's ``[params.rag]`` (the default ruleset when ``None``).  ``reasons=False`` leaves
    out ``rag_reason``: writing a sentence per row costs more than the rule itself.  Returns the
    same kind of frame as given; raises :class:`~aspcore.batch.FrameError` for a frame without
    the columns.
    """
    when = check_as_of(as_of)
    thresholds = ActionThresholds.from_params(rag_params(ruleset))
    opened = open_frame(frame, "action_status")
    steps = Steps(opened.schema)
    columns = _inputs(opened, steps, when)
    result = _rule(steps, columns, thresholds, reasons)
    out = steps.apply(opened.frame)
    reported = opened.has("rag")
    if reported:
        out = out.rename({"rag": "reported_rag"})
    out = out.with_columns(**result)
    if reported:
        out = out.with_columns(rag_agrees=_agrees(columns))
    return opened.close(steps.finish(out))


def _inputs(opened: Opened, steps: Steps, as_of: dt.date) -> dict[str, nw.Expr]:
    """The input columns, cleaned and typed, and the quantities every branch reads."""
    none = nw.lit(None, nw.Float64)
    status = vocabulary(steps, opened.text("status"), _STATUSES)
    reported = vocabulary(steps, opened.text("rag"), _COLOURS) if opened.has("rag") else None
    raw = opened.number("progress") if opened.has("progress") else none
    progress = steps(nw.when(raw.is_between(0, 100)).then(raw))
    due = steps(opened.day_number("due"))
    start = steps(opened.day_number("start")) if opened.has("start") else none
    today = _num(opened.day_number_of(as_of))
    steps.then()
    not_started = _flag(status == _text(ActionStatus.NOT_STARTED.value))
    columns = {
        "status": status,
        "progress": steps(
            nw.when(progress.is_null() & not_started).then(_num(0)).otherwise(progress)
        ),
        "days": steps(due - today),
        "span": steps(due - start),
        "elapsed": steps(today - start),
    }
    if reported is not None:
        columns["reported"] = reported
    steps.then()
    share = nw.when(columns["span"] > _num(0)).then(columns["elapsed"] / columns["span"])
    hundred = steps(share * _num(100))
    steps.then()
    clamped = steps(
        nw.when(hundred > _num(100))
        .then(_num(100))
        .when(hundred < _num(0))
        .then(_num(0))
        .otherwise(hundred)
    )
    columns["expected"] = round_half_even(steps, clamped, 1)
    steps.then()
    columns["shortfall"] = round_half_even(
        steps, steps(columns["expected"] - columns["progress"]), 1
    )
    return columns


def _rule(
    steps: Steps, c: dict[str, nw.Expr], t: ActionThresholds, reasons: bool
) -> dict[str, nw.Expr]:
    """The decision chain, and its reasons when asked (see :func:`aspcore.rag.rate_action`)."""
    steps.then()
    days, shortfall = c["days"], c["shortfall"]
    complete = steps(_flag(c["status"] == _text(ActionStatus.COMPLETE.value)))
    cancelled = steps(_flag(c["status"] == _text(ActionStatus.CANCELLED.value)))
    overdue = steps(_flag(days < _num(0)))
    red = steps(_flag(shortfall > _num(t.red_shortfall)))
    amber = steps(_flag(shortfall > _num(t.amber_shortfall)))
    soon = steps(
        _flag(days <= _num(t.due_soon_days))
        & (c["progress"].is_null() | _flag(c["progress"] < _num(t.due_soon_progress)))
    )
    steps.then()
    finished = (Rag.BLUE if t.brag else Rag.GREEN).value
    rag = (
        nw.when(complete)
        .then(_text(finished))
        .when(cancelled)
        .then(nw.lit(None, nw.String))
        .when(days.is_null())
        .then(_text(Rag.GREY.value))
        .when(overdue | red)
        .then(_text(Rag.RED.value))
        .when(amber | soon)
        .then(_text(Rag.AMBER.value))
        .otherwise(_text(Rag.GREEN.value))
    )
    out = {"rag": rag}
    if reasons:
        flags = {"complete": complete, "cancelled": cancelled, "overdue": overdue}
        out["rag_reason"] = _reason(
            steps, c, t, {**flags, "red": red, "amber": amber, "soon": soon}
        )
    return {**out, "expected_progress": c["expected"], "shortfall": shortfall, "days_to_due": days}


def _reason(
    steps: Steps, c: dict[str, nw.Expr], t: ActionThresholds, flags: dict[str, nw.Expr]
) -> nw.Expr:
    """The per-plan rule's reason, word for word, from the flags of the decision."""
    progress_text = format_g(steps, c["progress"], smallest=-6, largest=2)
    expected_text = format_tenths(steps, c["expected"])
    shortfall_text = format_tenths(steps, c["shortfall"])
    steps.then()
    days = c["days"]
    limit = (
        nw.when(flags["red"])
        .then(_text(f"{t.red_shortfall:g}"))
        .otherwise(_text(f"{t.amber_shortfall:g}"))
    )
    behind = nw.concat_str(
        [
            _text("progress is "),
            progress_text,
            _text("% against "),
            expected_text,
            _text("% expected by now, "),
            shortfall_text,
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
            _text(f", under {t.due_soon_progress:g}%"),
        ]
    )
    on_schedule = nw.concat_str(
        [_text("the action is on schedule, due in "), digits(days), _text(" day(s)")]
    )
    was_due = nw.concat_str(
        [_text("the action is not complete and was due "), digits(-days), _text(" day(s) ago")]
    )
    return (
        nw.when(flags["complete"])
        .then(_text("the action is complete"))
        .when(flags["cancelled"])
        .then(_text("the action was cancelled, so it has no RAG status"))
        .when(days.is_null())
        .then(_text("the action has no due date, so it cannot be rated"))
        .when(flags["overdue"])
        .then(was_due)
        .when(flags["amber"])
        .then(behind)
        .when(flags["soon"])
        .then(due_soon)
        .otherwise(on_schedule)
    )


def _agrees(c: dict[str, nw.Expr]) -> nw.Expr:
    """``RAG-002``: the reported status agrees with the computed one (null if either is null).

    Blue and green agree for a complete action, because many plans never adopted blue.
    """
    reported, computed = c["reported"], nw.col("rag")
    finished = [Rag.BLUE.value, Rag.GREEN.value]
    both_finished = (
        _flag(c["status"] == _text(ActionStatus.COMPLETE.value))
        & reported.is_in(finished)
        & computed.is_in(finished)
    )
    agrees = (reported == computed) | both_finished
    known = ~reported.is_null() & ~computed.is_null()
    return nw.when(known).then(agrees)
