"""Python's ``round(x, n)`` and ``f"{x:g}"`` as narwhals expressions, exactly, on every backend.

The per-plan engine rounds with :func:`round` (half to even, on the exact binary value) and
writes numbers into reasons with the ``g`` format.  Backends do neither the same way: polars
rounds half away from zero, pandas half to even on the decimal scaled value, and float-to-text
casts differ (Java's ``1.0E-4``).  So the batch API never uses a backend's rounding or its float
text.  It finds the integer nearest to ``x * 10**n`` with float64 arithmetic that IEEE 754 makes
identical everywhere, and builds text from integers, which every backend prints the same.

How the nearest integer is found exactly: Veltkamp's split writes ``x = hi + lo`` with ``hi``
holding 26 significant bits, so ``hi * 10**n`` and ``lo * 10**n`` are exact for ``n <= 11``.
With ``f = floor(x * 10**n)`` (computed), the sign of ``x * 10**n - (f + 1/2)`` equals the sign
of ``((hi * 10**n - f) - 1/2) + lo * 10**n``, in which each subtraction is exact (Sterbenz) and
the last addition keeps the sign.  So ties are recognised exactly and go to the even neighbour,
as :func:`round` does.  This holds while ``|x| * 10**n < 2**53``; see :func:`round_half_even`.

Each function adds its intermediate values to a :class:`~aspcore.batch.steps.Steps` and returns
a reference to its result column; arguments are column references (they are read several times).
"""

from __future__ import annotations

from collections.abc import Sequence

import narwhals as nw

from aspcore.batch.steps import Steps

__all__ = ["MAX_DIGITS", "digits", "format_g", "round_half_even", "round_integer"]

_SPLIT = float(2**27 + 1)
#: Below this, ``floor(x * 10**n) + 1`` is exact.
_EXACT_LIMIT = float(2**53)
#: ``hi * 10**n`` stays exact (26 + log2(5**n) bits <= 53) up to this many digits.
MAX_DIGITS = 11


def _num(value: float) -> nw.Expr:
    return nw.lit(float(value), nw.Float64)


def _text(value: str) -> nw.Expr:
    return nw.lit(value, nw.String)


def _choose(key: nw.Expr, values: Sequence[tuple[int, float]], default: nw.Expr) -> nw.Expr:
    """The float ``values[i][1]`` where ``key == values[i][0]``, else ``default``."""
    if not values:
        return default
    (first, value), *rest = values
    chain = nw.when(key == _num(first)).then(_num(value))
    for when, then in rest:
        chain = chain.when(key == _num(when)).then(_num(then))
    return chain.otherwise(default)


def _parity_up(side: nw.Expr, floor: nw.Expr) -> nw.Expr:
    """1 to round up, 0 to round down: by the side of the half, and to even on a tie."""
    odd = floor - (floor / _num(2)).floor() * _num(2)
    return nw.when(side > _num(0)).then(_num(1)).when(side < _num(0)).then(_num(0)).otherwise(odd)


def round_integer(steps: Steps, magnitude: nw.Expr, scale: nw.Expr) -> nw.Expr:
    """The integer nearest to ``magnitude * scale`` (ties to even), as float64, exactly.

    ``magnitude`` must be non-negative and ``scale`` a power of ten ``10**n`` with
    ``0 <= n <= 11`` (columns, or ``scale`` a literal); exact while the product is below
    ``2**53``.
    """
    steps.then()
    big = steps(magnitude * _num(_SPLIT))
    floor = steps((magnitude * scale).floor())
    steps.then()
    hi = steps(big - (big - magnitude))
    steps.then()
    side = steps(((hi * scale - floor) - _num(0.5)) + (magnitude - hi) * scale)
    steps.then()
    return steps(floor + _parity_up(side, floor))


def round_half_even(steps: Steps, value: nw.Expr, places: int) -> nw.Expr:
    """``round(value, places)`` as Python computes it, for ``0 <= places <= 11``.

    Exact while ``|value| * 10**places < 2**53``; larger values are returned as they are (for
    ``places = 6`` that is beyond 9.0e9; Python's result is the value itself beyond twice
    that, and differs from it by at most one unit in the last place in between).  Nulls stay
    null.
    """
    if not 0 <= places <= MAX_DIGITS:
        raise ValueError(f"places must be between 0 and {MAX_DIGITS}, not {places}")
    scale = _num(10.0**places)
    steps.then()
    magnitude = steps(value.abs())
    # A divisor column, not a literal: polars divides by a scalar through its reciprocal.
    divisor = steps(value * _num(0) + scale)
    whole = round_integer(steps, magnitude, scale)
    steps.then()
    rounded = whole / divisor
    signed = nw.when(value < _num(0)).then(-rounded).otherwise(rounded)
    exact = magnitude * scale < _num(_EXACT_LIMIT)
    return steps(nw.when(exact).then(signed).otherwise(value))


def digits(integer: nw.Expr) -> nw.Expr:
    """The decimal digits of a non-negative integer-valued float (nulls print as ``0``)."""
    return integer.fill_null(0.0).cast(nw.Int64).cast(nw.String)


def _fraction(rest: nw.Expr, scale: nw.Expr) -> nw.Expr:
    """``.ddd``: the digits of ``rest`` below ``scale``, without trailing zeros, or ``""``.

    ``rest + scale`` prints as ``1`` and the zero-padded digits, so slicing off the ``1`` pads.
    """
    stripped = digits(rest + scale).str.slice(1).str.replace_all("0+$", "")
    return nw.when(rest > _num(0)).then(nw.concat_str([_text("."), stripped])).otherwise(_text(""))


def format_g(
    steps: Steps, value: nw.Expr, precision: int = 6, *, smallest: int = -6, largest: int = 18
) -> nw.Expr:
    """``format(value, f".{precision}g")`` as text; null where ``value`` is null.

    ``value`` must be finite (or null); ``-0.0`` prints as ``0`` (Python prints ``-0``).  Exact
    for values whose decimal exponent lies between
    ``smallest`` and ``largest`` (``smallest >= precision - 12``, ``largest <= precision + 12``);
    outside that range the exponent comes from ``log10`` and the last digit may differ.
    """
    if smallest < precision - 1 - MAX_DIGITS or largest > precision + MAX_DIGITS + 1:
        raise ValueError(
            f"the exact range is {precision - 1 - MAX_DIGITS} to {precision + MAX_DIGITS + 1}"
        )
    steps.then()
    magnitude = steps(value.abs())
    steps.then()
    positive = steps(nw.when(magnitude > _num(0)).then(magnitude).otherwise(_num(1)))
    steps.then()
    exponents = list(range(largest, smallest - 1, -1))
    estimate = positive.log(10).floor()  # outside the exact range
    chain = nw.when(positive >= _num(10.0 ** (largest + 1))).then(estimate)
    for e in exponents:
        chain = chain.when(positive >= _num(10.0**e)).then(_num(e))
    exponent = steps(chain.otherwise(estimate))
    steps.then()
    up_scale = steps(
        _choose(
            exponent,
            [(e, 10.0 ** (precision - 1 - e)) for e in exponents if e < precision],
            _num(1),
        )
    )
    up = round_integer(steps, positive, up_scale)
    far = _far(steps, positive, exponent, precision, smallest)
    mantissa = nw.when(exponent < _num(smallest)).then(far)
    if largest >= precision:
        down = _scaled_down(steps, positive, exponent, precision, largest)
        mantissa = mantissa.when(exponent >= _num(precision)).then(down)
    steps.then()
    return _spell(steps, value, steps(mantissa.otherwise(up)), exponent, precision)


def _scaled_down(
    steps: Steps, magnitude: nw.Expr, exponent: nw.Expr, precision: int, largest: int
) -> nw.Expr:
    """The leading digits of a large ``magnitude``: nearest integer to it over ``10**q``, exactly
    up to ``largest`` (past it, ``10**q`` is a power computed in float64, as in :func:`_far`).

    ``(quotient + 1/2) * 10**q`` is exact for ``q <= 13``, so one subtraction decides the tie.
    """
    steps.then()
    scale = steps(
        _choose(
            exponent,
            [(e, 10.0 ** (e - precision + 1)) for e in range(precision, largest + 1)],
            _num(10) ** (exponent - _num(precision - 1)),
        )
    )
    steps.then()
    quotient = steps((magnitude / scale).floor())
    steps.then()
    side = steps(magnitude - (quotient + _num(0.5)) * scale)
    steps.then()
    return steps(quotient + _parity_up(side, quotient))


def _far(
    steps: Steps, magnitude: nw.Expr, exponent: nw.Expr, precision: int, smallest: int
) -> nw.Expr:
    """Approximate leading digits of a tiny ``magnitude``, scaled in steps to avoid overflow."""
    steps.then()
    extra = steps(
        nw.when(exponent < _num(smallest)).then(_num(smallest) - exponent).otherwise(_num(0))
    )
    steps.then()
    half = steps((extra / _num(2)).floor())
    steps.then()
    scaled = (
        magnitude
        * _num(10.0 ** (precision - 1 - smallest))
        * (_num(10) ** half)
        * (_num(10) ** (extra - half))
    )
    return steps(scaled.round(0))


def _spell(
    steps: Steps, value: nw.Expr, mantissa: nw.Expr, exponent: nw.Expr, precision: int
) -> nw.Expr:
    """Text of ``value`` from its ``precision`` significant digits and decimal exponent."""
    top = 10.0**precision
    steps.then()
    carried = mantissa >= _num(top)
    significant = steps(nw.when(carried).then(_num(top / 10)).otherwise(mantissa))
    power = steps(nw.when(carried).then(exponent + _num(1)).otherwise(exponent))
    steps.then()
    in_fixed = steps((power >= _num(-4)) & (power < _num(precision)))
    fixed_scale = steps(
        _choose(power, [(e, 10.0 ** (precision - 1 - e)) for e in range(-4, precision)], _num(1))
    )
    lead_scale = _num(10.0 ** (precision - 1))
    size = steps(power.abs())
    steps.then()
    whole = steps((significant / nw.when(in_fixed).then(fixed_scale).otherwise(lead_scale)).floor())
    steps.then()
    scale = nw.when(in_fixed).then(fixed_scale).otherwise(lead_scale)
    parts = [digits(whole), _fraction(significant - whole * scale, scale)]
    exponent_text = nw.concat_str(
        [
            nw.when(power < _num(0)).then(_text("e-")).otherwise(_text("e+")),
            nw.when(size < _num(10)).then(_text("0")).otherwise(_text("")),
            digits(size),
        ]
    )
    body = nw.concat_str([*parts, nw.when(in_fixed).then(_text("")).otherwise(exponent_text)])
    signed = nw.when(value < _num(0)).then(nw.concat_str([_text("-"), body])).otherwise(body)
    zero = nw.when(value == _num(0)).then(_text("0")).otherwise(signed)
    return steps(nw.when(value.is_null()).then(nw.lit(None, nw.String)).otherwise(zero))
