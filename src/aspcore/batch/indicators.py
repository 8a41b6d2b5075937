"""Indicator RAG over a whole frame: one row per indicator value, rated against its target.

:func:`indicator_status` applies the ruleset's scheme (``[params.rag] scheme``: Belfast, Havering,
Camms, a plugin's or the ruleset's own bands) to every row, as the per-plan rule ``RAG-010`` rates
one indicator for one period: the shortfall against target in percent, polarity-aware, banded by
the scheme; for schemes with ``red_unless_improved`` (Havering) an amber row turns red unless the
value improved on, or held, the same period last year.

The shortfall is compared with the scheme's bounds exactly, as the per-plan rule compares it
(:mod:`aspcore.batch.shortfall`).  The banding (:attr:`aspcore.rag.Scheme.decisions`), the
direction of travel (:func:`aspcore.rag.trend.direction_table`) and the choice of measure
(:func:`aspcore.rag.indicators.measure_table`) are the per-plan rule's own decision tables.

Input columns: ``actual`` and ``target`` (numbers) are required; ``polarity`` (``higher`` or
``lower``, text; higher when missing) and ``last_year`` (the value for the same period last
year, a number) are optional.  Rows are values already combined per period, as the engine
combines observations (summed, or averaged for percentages) before rating them.

A percent row (optional ``unit`` column, ``percent``) is rated in percentage points when its
optional ``shortfall`` column says ``points``, or when it is empty (or unknown) and the scheme
says ``shortfall = "points"``, as the engine rates an indicator with ``shortfall: points``;
every other row by the relative shortfall.  ``shortfall_pct`` is the relative shortfall always.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import narwhals as nw

from aspcore.batch.frames import open_frame
from aspcore.batch.params import rag_params
from aspcore.batch.rounding import format_g
from aspcore.batch.shortfall import Gap, either, indicator_gap, points_gap
from aspcore.batch.steps import Steps
from aspcore.model import Polarity, Rag, Unit
from aspcore.model.plan import SHORTFALL_MEASURES
from aspcore.plugins import get_plugins
from aspcore.rag import Scheme, scheme_from_params
from aspcore.rag.indicators import measure_table
from aspcore.rag.params import number
from aspcore.rag.scheme_files import registered_schemes
from aspcore.rag.shortfall import print_window
from aspcore.rag.trend import Direction, direction_table
from aspcore.rules import Ruleset

__all__ = ["indicator_status"]


def _num(value: float) -> nw.Expr:
    return nw.lit(float(value), nw.Float64)


def _text(value: str) -> nw.Expr:
    return nw.lit(value, nw.String)


def indicator_status(
    frame: Any,
    *,
    ruleset: str | Path | Ruleset | None = None,
    scheme: str | None = None,
) -> Any:
    """Every row's RAG against its target under the ruleset's scheme, as added columns.

    Adds ``shortfall_pct`` (how far short of target, in percent of the target; zero or less
    when met), ``vs_last_year`` (``improving``, ``worsening``, ``unchanged`` or
    ``no comparison``), ``rag`` and ``rag_reason`` (the scheme's reason, as the per-plan rule
    words it after the period and values).  ``scheme`` overrides ``[params.rag] scheme``.
    Grey when the actual or the target is missing.  Returns the same kind of frame as given.
    """
    params = dict(rag_params(ruleset))
    if scheme is not None:
        params["scheme"] = scheme
    rating = scheme_from_params(params, registered_schemes(get_plugins()))
    tolerance = number(params, "unchanged_tolerance", low=0)
    opened = open_frame(frame, "indicator_status")
    steps = Steps(opened.schema)
    actual = steps(opened.number("actual"))
    target = steps(opened.number("target"))
    polarities = [p.value for p in Polarity]
    has_polarity = opened.has("polarity")
    read = steps(
        opened.vocabulary("polarity", polarities) if has_polarity else nw.lit(None, nw.String)
    )
    steps.then()
    lower = steps((read == _text("lower")).fill_null(False))
    last_year = steps(opened.number("last_year")) if opened.has("last_year") else None
    points = _in_points(steps, opened, rating)
    steps.then()
    vs_last_year = steps(_direction(actual, last_year, lower, tolerance))
    gap = indicator_gap(steps, actual, target, lower, rating.bounds)
    rated = gap
    if points is not None:
        in_points = points_gap(steps, actual, target, lower, rating.bounds)
        steps.then()
        rated = either(points, in_points, gap)
    rag, reason = _rate(steps, rating, rated, vs_last_year, points)
    steps.then()
    no_value = actual.is_null()
    no_target = target.is_null()
    result = {
        "shortfall_pct": gap.shown,
        "vs_last_year": vs_last_year,
        "rag": nw.when(no_value | no_target).then(_text(Rag.GREY.value)).otherwise(rag),
        "rag_reason": nw.when(no_value)
        .then(_text("no value was reported"))
        .when(no_target)
        .then(_text("there is no target"))
        .otherwise(reason),
    }
    out = steps.apply(opened.frame).with_columns(**result)
    return opened.close(steps.finish(out))


def _in_points(steps: Steps, opened: Any, scheme: Scheme) -> nw.Expr | None:
    """Which rows are rated in percentage points (:func:`aspcore.rag.indicators.measure_table`),
    or ``None`` when none can be: there is no ``unit`` column."""
    if not opened.has("unit"):
        return None
    unit = steps(opened.vocabulary("unit", [u.value for u in Unit]))
    has_said = opened.has("shortfall")
    said = (
        steps(opened.vocabulary("shortfall", SHORTFALL_MEASURES))
        if has_said
        else nw.lit(None, nw.String)
    )
    steps.then()
    table = measure_table(scheme.shortfall)
    index = steps(table.index({"unit": unit, "said": said}))
    steps.then()
    return steps(table.outcomes(index) == _text("points"))


def _direction(
    actual: nw.Expr, last_year: nw.Expr | None, lower: nw.Expr, tolerance: float
) -> nw.Expr:
    """Direction of travel against last year: :func:`aspcore.rag.direction`'s table."""
    if last_year is None:
        return _text(Direction.NO_COMPARISON.value)
    table = direction_table(tolerance)
    index = table.index({"current": actual, "other": last_year, "lower": lower})
    return table.outcomes(index)


def _shown(steps: Steps, scheme: Scheme, gap: Gap) -> nw.Expr:
    """The shortfall as the reason shows it (:func:`aspcore.rag.shortfall.qualified`)."""
    places = scheme.digits
    text = format_g(steps, gap.shown, places, smallest=places - 12, largest=places + 12)
    steps.then()
    chain = None
    for bound, side in sorted(gap.signs.items()):
        window = print_window(bound, places)
        if window is None:
            continue
        near = (gap.shown >= _num(window[0])) & (gap.shown <= _num(window[1]))
        for sign, word in ((1, "just over "), (-1, "just under ")):
            when = near & (side == _num(sign))
            then = nw.concat_str([_text(word), text])
            chain = nw.when(when).then(then) if chain is None else chain.when(when).then(then)
    return text if chain is None else chain.otherwise(text)


def _rate(
    steps: Steps, scheme: Scheme, gap: Gap, vs_last_year: nw.Expr, points: nw.Expr | None
) -> tuple[nw.Expr, nw.Expr]:
    """The colour and reason :meth:`Scheme.rate` gives each row's shortfall (in percentage
    points where ``points`` holds): the scheme's own decision tables, over the shortfall's
    signs against its bounds."""
    short = _shown(steps, scheme, gap)
    steps.then()
    one = (short == _text("1")) | short.str.ends_with(" 1")
    texts = {
        "shortfall": short,
        "point": nw.when(one).then(_text("point")).otherwise(_text("points")),
        "direction": vs_last_year,
    }
    chosen = []
    for measured in (False, True) if points is not None else (False,):
        decision = scheme.decisions[measured]
        columns = {f"vs_{i}": gap.signs[bound] for i, bound in enumerate(decision.signs)}
        table = decision.table
        index = steps(table.index(columns | {"direction": vs_last_year}))
        steps.then()
        chosen.append((table.outcomes(index), table.reasons(index, texts)))
    if points is None:
        return chosen[0]
    (rag, reason), (points_rag, points_reason) = chosen
    return (
        nw.when(points).then(points_rag).otherwise(rag),
        nw.when(points).then(points_reason).otherwise(reason),
    )
