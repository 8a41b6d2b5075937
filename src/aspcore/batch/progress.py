"""Expected progress and the shortfall against it, exactly, over a frame of actions.

What :func:`aspcore.rag.rate_action` computes with fractions, in whole numbers held in float64
columns (:mod:`aspcore.batch.exact`).  With progress read to a millionth of a point as a whole
number ``P`` of millionths, ``span`` the days from start to due and ``elapsed`` the days from
start to the as-of date (clamped to ``0..span``), the exact shortfall in points is

    ``gap = elapsed * 100 / span - P / 10**6 = X / (span * 10**6)``,
    ``X = elapsed * 10**8 - P * span``,

so "more than ``limit`` points behind" is ``X > limit * 10**6 * span``: whole numbers, compared
exactly while spans stay under 90 million days.  The shortfall and expected progress are then
shown as the per-plan rule shows them (:func:`aspcore.rag.exact.shown`): rounded to the fewest
decimal places, one to six, that leave the shortfall on the same side of both thresholds.
"""

from __future__ import annotations

import attrs
import narwhals as nw

from aspcore.batch.exact import divide_round, fixed_text, scale_of
from aspcore.batch.steps import Steps
from aspcore.rag import ActionThresholds
from aspcore.rag.exact import PLACES, SCALE, millionths

__all__ = ["Behind", "Shortfall", "behind", "shortfall"]


def _num(value: float) -> nw.Expr:
    return nw.lit(float(value), nw.Float64)


@attrs.frozen
class Shortfall:
    """The shortfall's columns as reasons show it: ``expected`` and ``gap`` the values, and
    ``expected_text``, ``gap_text`` and ``progress_text`` the same as text."""

    expected: nw.Expr
    gap: nw.Expr
    expected_text: nw.Expr
    gap_text: nw.Expr
    progress_text: nw.Expr


def _divisor(units: nw.Expr, scale: nw.Expr) -> nw.Expr:
    """``scale`` as a column as long as ``units``: polars divides by a column it finds constant
    (a ``when`` chain of literals, when every row takes the same branch) through its
    reciprocal, and ``333 * 0.1`` is not ``33.3``."""
    return units * _num(0) + scale


def _clamped(steps: Steps, span: nw.Expr, elapsed: nw.Expr) -> nw.Expr:
    """Days elapsed, clamped to ``0..span``; null unless the due date is after the start."""
    steps.then()
    inside = nw.when(elapsed < _num(0)).then(_num(0)).when(elapsed > span).then(span)
    return steps(nw.when(span > _num(0)).then(inside.otherwise(elapsed)))


def _rounded(steps: Steps, exact: nw.Expr, span: nw.Expr, places: int) -> tuple[nw.Expr, nw.Expr]:
    """The shortfall rounded to ``places`` decimals: in units of ``10**-places``, and in
    millionths (to compare with the thresholds)."""
    steps.then()
    divisor = steps(span * _num(10 ** (PLACES - places)))
    units = divide_round(steps, exact, divisor)
    steps.then()
    return units, steps(units * _num(10 ** (PLACES - places)))


@attrs.frozen
class Behind:
    """``within``: days elapsed, clamped to ``0..span``; ``exact``: the shortfall times
    ``span * 10**6``, the whole number the decision table reads as ``behind``."""

    within: nw.Expr
    exact: nw.Expr


def behind(steps: Steps, progress: nw.Expr, span: nw.Expr, elapsed: nw.Expr) -> Behind:
    """How far progress ``progress`` (whole millionths of a point, or null) is behind, for
    actions ``span`` days long, ``elapsed`` days after their start (see the module
    docstring)."""
    within = _clamped(steps, span, elapsed)
    steps.then()
    return Behind(within, steps(within * _num(100 * SCALE) - progress * span))


def shortfall(
    steps: Steps,
    progress: nw.Expr,
    span: nw.Expr,
    gap: Behind,
    thresholds: ActionThresholds,
) -> Shortfall:
    """The expected progress and shortfall as reasons show them, from :func:`behind`."""
    amber, red = millionths(thresholds.amber_shortfall), millionths(thresholds.red_shortfall)
    within, exact = gap.within, gap.exact
    red_limit = steps(span * _num(red))
    amber_limit = steps(span * _num(amber))
    steps.then()
    is_red = steps(exact > red_limit)
    is_amber = steps(exact > amber_limit)
    candidates = [_rounded(steps, exact, span, places) for places in range(1, PLACES + 1)]
    steps.then()
    fits = [
        steps(((micro > _num(amber)) == is_amber) & ((micro > _num(red)) == is_red))
        for _units, micro in candidates
    ]
    steps.then()
    # PLACES + 1: no rounding fits, so the shortfall is rounded up to PLACES places
    chosen = nw.when(exact.is_null()).then(_num(1))
    for places, fit in enumerate(fits, start=1):
        chosen = chosen.when(fit).then(_num(places))
    choice = steps(chosen.otherwise(_num(PLACES + 1)))
    ceiling = divide_round(steps, exact, span, up=True)
    steps.then()
    units = nw.when(choice == _num(PLACES + 1)).then(ceiling)
    for places, (candidate, _micro) in enumerate(candidates, start=1):
        units = units.when(choice == _num(places)).then(candidate)
    gap_units = steps(units)
    shown_places = steps(nw.when(choice > _num(PLACES)).then(_num(PLACES)).otherwise(choice))
    steps.then()
    scale = steps(scale_of(shown_places, PLACES))
    steps.then()
    expected_units = divide_round(steps, within * scale * _num(100), span)
    steps.then()
    return Shortfall(
        expected=steps(expected_units / _divisor(expected_units, scale)),
        gap=steps(gap_units / _divisor(gap_units, scale)),
        expected_text=fixed_text(steps, expected_units, scale),
        gap_text=fixed_text(steps, gap_units, scale),
        progress_text=fixed_text(steps, progress, steps(progress * _num(0) + _num(SCALE))),
    )
