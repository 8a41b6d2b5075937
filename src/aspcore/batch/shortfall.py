"""An indicator's shortfall against its target over a frame: exact signs, and the value shown.

What :func:`aspcore.rag.shortfall.exact_shortfall` and :func:`~aspcore.rag.shortfall.shortfall`
compute for one value, as columns.  Actual and target are read as whole numbers ``A`` and ``T``
of millionths (exact below :data:`~aspcore.rag.shortfall.LIMIT`); with ``G = T - A`` (or
``A - T`` when lower is better), the shortfall is ``G * 100 / |T|`` percent, so it is more than
a bound ``B`` exactly when ``G * 10**8 > B * 10**6 * |T|``: two products of whole numbers, which
:func:`aspcore.batch.exact.product_sign` compares without rounding.  For each bound of the
scheme (and 0, "meets or beats the target") the result is the sign of the shortfall's distance
from it: the bands and the reason's words follow from the signs alone.

A percent indicator's shortfall in percentage points (:func:`points_gap`) is ``G`` millionths
itself: more than ``B`` exactly when ``G > B * 10**6``, two whole numbers below ``2**53``.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

import attrs
import narwhals as nw

from aspcore.batch.exact import product_sign
from aspcore.batch.rounding import round_half_even, round_integer
from aspcore.batch.steps import Steps
from aspcore.rag.exact import PLACES, SCALE
from aspcore.rag.shortfall import LIMIT

__all__ = ["Gap", "either", "indicator_gap", "points_gap"]


def _num(value: float) -> nw.Expr:
    return nw.lit(float(value), nw.Float64)


@attrs.frozen
class Gap:
    """``shown``: the shortfall rounded to six places; ``signs``: bound → the sign (-1, 0, 1)
    of the exact shortfall less the bound."""

    shown: nw.Expr
    signs: dict[Fraction, nw.Expr]


def either(points: nw.Expr, in_points: Gap, relative: Gap) -> Gap:
    """Per row, ``in_points`` where ``points`` holds, else ``relative`` (same bounds)."""
    return Gap(
        shown=nw.when(points).then(in_points.shown).otherwise(relative.shown),
        signs={
            bound: nw.when(points).then(in_points.signs[bound]).otherwise(side)
            for bound, side in relative.signs.items()
        },
    )


def _sign(left: nw.Expr, right: nw.Expr) -> nw.Expr:
    """-1, 0 or 1 as ``left`` is below, at or above ``right``."""
    return nw.when(left > right).then(_num(1)).when(left < right).then(_num(-1)).otherwise(_num(0))


def points_gap(
    steps: Steps, actual: nw.Expr, target: nw.Expr, lower: nw.Expr, bounds: Iterable[Fraction]
) -> Gap:
    """The shortfall of ``actual`` against ``target`` in points (``T - A``, or ``A - T`` when
    ``lower``), as :func:`aspcore.rag.shortfall.shortfall` gives it with ``points``, and its
    sign against each of ``bounds`` and 0 (see the module docstring)."""
    steps.then()
    large = steps((actual.abs() >= _num(LIMIT)) | (target.abs() >= _num(LIMIT)))
    whole, scale = _millionths(steps, actual), _millionths(steps, target)
    steps.then()
    gap = steps(nw.when(lower).then(whole - scale).otherwise(scale - whole))
    raw_gap = steps(nw.when(lower).then(actual - target).otherwise(target - actual))
    # a divisor column, not a literal: polars divides by a constant through its reciprocal
    divisor = steps(whole * _num(0) + _num(SCALE))
    steps.then()
    view = steps(nw.when(large).then(raw_gap).otherwise(gap / divisor))
    shown = round_half_even(steps, view, PLACES)
    steps.then()
    signs = {
        bound: steps(
            nw.when(large)
            .then(_sign(shown, _num(float(bound))))
            .otherwise(_sign(gap, _num(int(bound * SCALE))))
        )
        for bound in sorted({Fraction(0), *bounds})
    }
    return Gap(shown=shown, signs=signs)


def _millionths(steps: Steps, value: nw.Expr) -> nw.Expr:
    """``value`` as a whole number of millionths, rounded as :func:`round` does."""
    steps.then()
    size = steps(value.abs())
    units = round_integer(steps, size, _num(SCALE))
    steps.then()
    return steps(nw.when(value < _num(0)).then(-units).otherwise(units))


def _constant_sign(value: Fraction) -> nw.Expr:
    return _num((value > 0) - (value < 0))


def indicator_gap(
    steps: Steps, actual: nw.Expr, target: nw.Expr, lower: nw.Expr, bounds: Iterable[Fraction]
) -> Gap:
    """The shortfall of ``actual`` against ``target`` (``lower``: lower is better) and its
    sign against each of ``bounds`` and 0 (see the module docstring)."""
    steps.then()
    large = steps((actual.abs() >= _num(LIMIT)) | (target.abs() >= _num(LIMIT)))
    whole, scale = _millionths(steps, actual), _millionths(steps, target)
    steps.then()
    gap = steps(nw.when(lower).then(whole - scale).otherwise(scale - whole))
    size = steps(scale.abs())
    raw_gap = steps(nw.when(lower).then(actual - target).otherwise(target - actual))
    steps.then()
    missed = nw.when(gap <= _num(0)).then(_num(0)).otherwise(_num(100))
    exact_view = nw.when(size == _num(0)).then(missed).otherwise(gap / size * _num(100))
    raw_missed = nw.when(raw_gap <= _num(0)).then(_num(0)).otherwise(_num(100))
    float_view = (
        nw.when(target == _num(0)).then(raw_missed).otherwise(raw_gap / target.abs() * _num(100))
    )
    shown = round_half_even(
        steps, steps(nw.when(large).then(float_view).otherwise(exact_view)), PLACES
    )
    signs: dict[Fraction, nw.Expr] = {}
    for bound in sorted({Fraction(0), *bounds}):
        exact = product_sign(steps, gap, 100 * SCALE, size, int(bound * SCALE))
        steps.then()
        signs[bound] = steps(
            nw.when(large)
            .then(
                nw.when(shown > _num(float(bound)))
                .then(_num(1))
                .when(shown < _num(float(bound)))
                .then(_num(-1))
                .otherwise(_num(0))
            )
            .when(size == _num(0))
            .then(
                nw.when(gap <= _num(0))
                .then(_constant_sign(0 - bound))
                .otherwise(_constant_sign(100 - bound))
            )
            .otherwise(exact)
        )
    return Gap(shown=shown, signs=signs)
