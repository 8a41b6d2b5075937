"""Whole numbers in float64 columns, exactly, for the comparisons of :mod:`aspcore.rag.exact`.

The per-plan engine compares thresholds with :class:`fractions.Fraction`.  The batch API gets the
same answers by holding each exact value as whole numbers in float64 columns: every integer
below ``2**53`` is a float64, and IEEE 754 makes the sum, difference and product of two of them
exact whenever the result is below ``2**53`` too, on every backend.  Where a product may be
larger, :func:`product_sign` compares two products exactly without forming them (Dekker's
two-product, with Veltkamp's split as in :mod:`aspcore.batch.rounding`).

Each function adds its intermediate values to a :class:`~aspcore.batch.steps.Steps` and returns
a reference to its result column; arguments are column references (they are read several times).
"""

from __future__ import annotations

import narwhals as nw

from aspcore.batch.rounding import digits
from aspcore.batch.steps import Steps

__all__ = ["divide_round", "fixed_text", "product_sign", "scale_of"]

_SPLIT = float(2**27 + 1)


def _num(value: float) -> nw.Expr:
    return nw.lit(float(value), nw.Float64)


def _text(value: str) -> nw.Expr:
    return nw.lit(value, nw.String)


def _parity(whole: nw.Expr) -> nw.Expr:
    """1 for an odd whole number, 0 for an even one."""
    return whole - (whole / _num(2)).floor() * _num(2)


def divide_round(
    steps: Steps, numerator: nw.Expr, denominator: nw.Expr, *, up: bool = False
) -> nw.Expr:
    """The whole number nearest to ``numerator / denominator``, ties to even, exactly.

    With ``up``, the smallest whole number at least as large (the ceiling) instead.  Both are
    columns of whole numbers with ``|numerator| < 2**53`` and ``0 < denominator < 2**53``; the
    quotient the backend divides is off by at most one, which the exact remainder corrects.
    """
    steps.then()
    guess = steps((numerator / denominator).floor())
    steps.then()
    rest = steps(numerator - guess * denominator)
    steps.then()
    low = rest < _num(0)
    high = rest >= denominator
    quotient = steps(
        nw.when(low).then(guess - _num(1)).when(high).then(guess + _num(1)).otherwise(guess)
    )
    remainder = steps(
        nw.when(low).then(rest + denominator).when(high).then(rest - denominator).otherwise(rest)
    )
    steps.then()
    if up:
        return steps(nw.when(remainder > _num(0)).then(quotient + _num(1)).otherwise(quotient))
    side = steps(remainder * _num(2) - denominator)
    steps.then()
    step_up = (
        nw.when(side > _num(0))
        .then(_num(1))
        .when(side < _num(0))
        .then(_num(0))
        .otherwise(_parity(quotient))
    )
    return steps(quotient + step_up)


def _split(value: float) -> tuple[float, float]:
    """Veltkamp's split of a constant: ``value == high + low``, each of 26 significant bits."""
    big = _SPLIT * value
    high = big - (big - value)
    return high, value - high


def _two_product(steps: Steps, column: nw.Expr, constant: int) -> tuple[nw.Expr, nw.Expr]:
    """``column * constant`` as ``(product, error)``: the rounded product and what it lost,
    exactly (both float64; their sum is the exact product)."""
    if abs(constant) >= 2**53:
        raise ValueError(f"{constant} is not exact in float64")
    high_c, low_c = _split(float(constant))
    steps.then()
    big = steps(column * _num(_SPLIT))
    product = steps(column * _num(constant))
    steps.then()
    high = steps(big - (big - column))
    steps.then()
    low = steps(column - high)
    steps.then()
    error = steps(
        ((high * _num(high_c) - product) + high * _num(low_c) + low * _num(high_c))
        + low * _num(low_c)
    )
    return product, error


def product_sign(steps: Steps, left: nw.Expr, a: int, right: nw.Expr, b: int) -> nw.Expr:
    """The sign (-1, 0 or 1) of ``left * a - right * b``, exactly.

    ``left`` and ``right`` are columns of whole numbers below ``2**53`` in magnitude, ``a`` and
    ``b`` integers as small.  Rounding never reverses an order, so unequal rounded products
    order the exact ones; equal rounded products differ by exactly their errors.
    """
    p, e = _two_product(steps, left, a)
    q, f = _two_product(steps, right, b)
    steps.then()
    gap = steps(e - f)
    steps.then()
    return steps(
        nw.when(p > q)
        .then(_num(1))
        .when(p < q)
        .then(_num(-1))
        .when(gap > _num(0))
        .then(_num(1))
        .when(gap < _num(0))
        .then(_num(-1))
        .otherwise(_num(0))
    )


def scale_of(places: nw.Expr, most: int) -> nw.Expr:
    """``10 ** places`` for a column of whole numbers from 0 to ``most``."""
    chain = nw.when(places == _num(0)).then(_num(1))
    for n in range(1, most + 1):
        chain = chain.when(places == _num(n)).then(_num(10.0**n))
    return chain


def fixed_text(steps: Steps, units: nw.Expr, scale: nw.Expr) -> nw.Expr:
    """``units / scale`` in fixed point without trailing zeros, as :func:`aspcore.rag.exact.fixed`
    writes it (``1503`` over ``100`` is ``15.03``); null where ``units`` is null.

    ``units`` are whole numbers below ``10**15`` in magnitude and ``scale`` a power of ten.
    """
    steps.then()
    size = steps(units.abs())
    # a divisor as long as the column: polars divides by a constant through its reciprocal
    divisor = steps(units * _num(0) + scale)
    steps.then()
    whole = steps((size / divisor).floor())
    steps.then()
    rest = steps(size - whole * scale)
    steps.then()
    decimals = digits(rest + scale).str.slice(1).str.replace_all("0+$", "")
    fraction = nw.when(rest > _num(0)).then(nw.concat_str([_text("."), decimals]))
    body = nw.concat_str([digits(whole), fraction.otherwise(_text(""))])
    signed = nw.when(units < _num(0)).then(nw.concat_str([_text("-"), body])).otherwise(body)
    return steps(nw.when(units.is_null()).then(nw.lit(None, nw.String)).otherwise(signed))
