"""The action RAG rule over a whole frame of actions: one vectorised pass, any backend.

:func:`action_status` computes, for every row, what the per-plan rule ``RAG-001``
(:func:`aspcore.rag.rate_action`) computes for one action: the colour, the reason in the same
words, the expected progress and the shortfall against it.  The decision is the per-plan
rule's own decision table (:mod:`aspcore.rag.action_decision`), compiled to one expression over
the frame's columns; each row's colour, code and reason (its template, filled with the row's
numbers) are then read off the table.  Where
the frame also reports a RAG status, ``rag_agrees`` says whether it agrees with the computed
one, as ``RAG-002`` judges, and ``rag_from_report`` whether the colour was kept from the report
and needs its owner's confirmation, as ``RAG-003`` asks.  Progress is compared with the
thresholds exactly, in whole millionths, as the table's conditions do; the values shown are
rounded as :mod:`aspcore.batch.progress` explains.

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
from aspcore.batch.progress import Shortfall, behind, shortfall
from aspcore.batch.rounding import digits, round_integer
from aspcore.batch.steps import Steps
from aspcore.model import ActionStatus, Rag
from aspcore.rag import ActionThresholds
from aspcore.rag.action_decision import AGREEMENT
from aspcore.rag.actions import ActionReason
from aspcore.rag.exact import SCALE
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


def action_status(
    frame: Any,
    *,
    as_of: dt.date,
    ruleset: str | Path | Ruleset | None = None,
    reasons: bool = True,
    numbers: bool = True,
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
    costs more than the rule itself.  ``numbers=False`` (with ``reasons=False``) also leaves
    out ``expected_progress`` and ``shortfall``, whose exact rounding for showing is most of
    what remains.  Returns the same kind of frame as given; raises
    :class:`~aspcore.batch.FrameError` for a frame without the columns, and
    :class:`ValueError` for reasons without numbers (a reason quotes them).
    """
    if reasons and not numbers:
        raise ValueError("action_status: reasons=True needs numbers=True (a reason quotes them)")
    when = check_as_of(as_of)
    thresholds = ActionThresholds.from_params(rag_params(ruleset))
    opened = open_frame(frame, "action_status")
    steps = Steps(opened.schema)
    columns, elapsed = _inputs(opened, steps, when)
    gap = behind(steps, columns["progress"], columns["span"], elapsed)
    columns["behind"] = gap.exact
    shown = (
        shortfall(steps, columns["progress"], columns["span"], gap, thresholds) if numbers else None
    )
    result = _rule(steps, columns, shown, thresholds, reasons)
    out = steps.apply(opened.frame)
    reported = opened.has("rag")
    if reported:
        out = out.rename({"rag": "reported_rag"})
    out = out.with_columns(**result)
    if reported:
        out = out.with_columns(rag_agrees=_agrees(columns), rag_from_report=_from_report())
    return opened.close(steps.finish(out))


def _inputs(opened: Opened, steps: Steps, as_of: dt.date) -> tuple[dict[str, nw.Expr], nw.Expr]:
    """The decision's fields (:data:`aspcore.rag.action_decision.FIELDS`), cleaned and typed,
    but for ``behind``, and the days from the start to the as-of date, from which
    :func:`~aspcore.batch.progress.behind` computes it.

    ``progress`` is in whole millionths of a point, as the per-plan rule reads it
    (:func:`aspcore.rag.exact.millionths`), 0 for an action not started with no figure.
    """
    none = nw.lit(None, nw.Float64)
    status = steps(opened.vocabulary("status", _STATUSES))
    reported = (
        steps(opened.vocabulary("rag", _COLOURS)) if opened.has("rag") else nw.lit(None, nw.String)
    )
    raw = opened.number("progress") if opened.has("progress") else none
    progress = steps(nw.when(raw.is_between(0, 100)).then(raw))
    due = steps(opened.day_number("due"))
    start = steps(opened.day_number("start")) if opened.has("start") else none
    today = _num(opened.day_number_of(as_of))
    steps.then()
    millionths_done = round_integer(steps, progress, _num(SCALE))
    steps.then()
    not_started = (status == _text(ActionStatus.NOT_STARTED.value)).fill_null(False)
    fields = {
        "status": status,
        "reported": reported,
        "progress": steps(
            nw.when(progress.is_null() & not_started).then(_num(0)).otherwise(millionths_done)
        ),
        "days_to_due": steps(due - today),
        "span": steps(due - start),
    }
    return fields, steps(today - start)


def _rule(
    steps: Steps,
    fields: dict[str, nw.Expr],
    shown: Shortfall | None,
    t: ActionThresholds,
    reasons: bool,
) -> dict[str, nw.Expr]:
    """The decision table's row for every action, and what it gives: colour, code, reason."""
    table = t.table
    steps.then()
    index = steps(table.index(fields))
    steps.then()
    out = {"rag": table.outcomes(index), "rag_reason_code": table.codes(index)}
    if reasons and shown is not None:
        days = fields["days_to_due"]
        texts = {
            "days_to_due": digits(days),
            "days_overdue": digits(-days),
            "progress": shown.progress_text,
            "expected": shown.expected_text,
            "shortfall": shown.gap_text,
        }
        out["rag_reason"] = table.reasons(index, texts)
    if shown is not None:
        out |= {"expected_progress": shown.expected, "shortfall": shown.gap}
    return {**out, "days_to_due": fields["days_to_due"]}


def _agrees(fields: dict[str, nw.Expr]) -> nw.Expr:
    """``RAG-002``: the reported status agrees with the computed one (null if either is null),
    as :data:`~aspcore.rag.action_decision.AGREEMENT` decides."""
    complete = (fields["status"] == _text(ActionStatus.COMPLETE.value)).fill_null(False)
    index = AGREEMENT.index(
        {
            "reported": fields["reported"],
            "computed": nw.col("rag"),
            "finished": _from_report() | complete,
        }
    )
    return AGREEMENT.pick(index, [None, True, True, False], nw.Boolean)


def _from_report() -> nw.Expr:
    """``RAG-003``: the colour was kept from the report, for its owner to confirm."""
    return nw.col("rag_reason_code") == _text(ActionReason.FROM_REPORT.value)
