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
as :func:`round` does.  This holds while ``|x| * 10**n < 2**52``; see :func:`round_half_even`.

Every function takes expressions that are cheap to repeat (column references): an argument may
be used several times.
"""

from __future__ import annotations

from collections.abc import Sequence

import narwhals as nw

__all__ = ["digits", "format_g", "round_half_even", "round_integer"]

_SPLIT = float(2**27 + 1)
#: Beyond this, ``x * 10**n`` has no fractional bits left to round.
_EXACT_LIMIT = float(2**52)
#: ``hi * 10**n`` stays exact (26 + log2(5**n) bits <= 53) up to this many digits.
MAX_DIGITS = 11


def _num(value: float) -> nw.Expr:
    return nw.lit(float(value), nw.Float64)


def _text(value: str) -> nw.Expr:
    return nw.lit(value, nw.String)


def _choose(key: nw.Expr, values: Sequence[tuple[int, nw.Expr]], default: nw.Expr) -> nw.Expr:
    """``values[i][1]`` where ``key == values[i][0]``, else ``default``."""
    if not values:
        return default
    (first, expr), *rest = values
    chain = nw.when(key == _num(first)).then(expr)
    for value, then in rest:
        chain = chain.when(key == _num(value)).then(then)
    return chain.otherwise(default)


def round_integer(magnitude: nw.Expr, scale: nw.Expr) -> nw.Expr:
    """The integer nearest to ``magnitude * scale`` (ties to even), as float64, exactly.

    ``magnitude`` must be non-negative and ``scale`` a power of ten ``10**n`` with
    ``0 <= n <= 11``; exact while the product is below ``2**52``.
    """
    c = magnitude * _num(_SPLIT)
    hi = c - (c - magnitude)
    lo = magnitude - hi
    floor = (magnitude * scale).floor()
    side = ((hi * scale - floor) - _num(0.5)) + lo * scale
    odd = floor - (floor / _num(2)).floor() * _num(2)
    up = nw.when(side > _num(0)).then(_num(1)).when(side < _num(0)).then(_num(0)).otherwise(odd)
    return floor + up


def round_half_even(value: nw.Expr, places: int) -> nw.Expr:
    """``round(value, places)`` as Python computes it, for ``0 <= places <= 11``.

    Exact while ``|value| * 10**places < 2**52``; larger values are returned as they are (for
    ``places = 6`` that is beyond 4.5e9, where Python's result differs from the value by at
    most one unit in the last place).  Nulls stay null.
    """
    if not 0 <= places <= MAX_DIGITS:
        raise ValueError(f"places must be between 0 and {MAX_DIGITS}, not {places}")
    scale = 10.0**places
    magnitude = value.abs()
    rounded = round_integer(magnitude, _num(scale)) / _num(scale)
    signed = nw.when(value < _num(0)).then(-rounded).otherwise(rounded)
    return nw.when(magnitude * _num(scale) < _num(_EXACT_LIMIT)).then(signed).otherwise(value)


def digits(integer: nw.Expr) -> nw.Expr:
    """The decimal digits of a non-negative integer-valued float column (nulls print as 0)."""
    return integer.fill_null(0.0).cast(nw.Int64).cast(nw.String)


def _padded(integer: nw.Expr, width: nw.Expr) -> nw.Expr:
    """``integer`` zero-padded to ``width`` digits (``integer < 10**width``)."""
    return digits(integer + width).str.slice(1)


def _fraction(rest: nw.Expr, scale: nw.Expr) -> nw.Expr:
    """``.ddd`` for the digits of ``rest`` below ``scale`` without trailing zeros, or ``""``."""
    stripped = _padded(rest, scale).str.replace_all("0+$", "")
    return nw.when(rest > _num(0)).then(nw.concat_str([_text("."), stripped])).otherwise(_text(""))


def format_g(
    value: nw.Expr, precision: int = 6, *, smallest: int = -6, largest: int = 18
) -> nw.Expr:
    """``format(value, f".{precision}g")`` as text; null where ``value`` is null.

    ``value`` must be finite (or null).  Exact for values whose decimal exponent lies between
    ``smallest`` and ``largest`` (``smallest >= precision - 12``, ``largest <= precision + 12``);
    outside that range the exponent comes from ``log10`` and the last digit may differ.
    """
    if smallest < precision - 1 - MAX_DIGITS or largest > precision + MAX_DIGITS + 1:
        raise ValueError(
            f"the exact range is {precision - 1 - MAX_DIGITS} to {precision + MAX_DIGITS + 1}"
        )
    magnitude = value.abs()
    positive = nw.when(magnitude > _num(0)).then(magnitude).otherwise(_num(1))
    exponents = list(range(largest, smallest - 1, -1))
    exponent = nw.when(positive >= _num(10.0 ** exponents[0])).then(_num(exponents[0]))
    for e in exponents[1:]:
        exponent = exponent.when(positive >= _num(10.0**e)).then(_num(e))
    exponent = exponent.otherwise(positive.log(10).floor())
    up = round_integer(
        positive,
        _choose(
            exponent,
            [(e, _num(10.0 ** (precision - 1 - e))) for e in exponents if e < precision],
            _num(1),
        ),
    )
    mantissa = nw.when(exponent < _num(smallest)).then(
        _far(positive, exponent, precision, smallest)
    )
    if largest >= precision:
        mantissa = mantissa.when(exponent >= _num(precision)).then(
            _scaled_down(positive, exponent, precision, largest)
        )
    return _spell(value, mantissa.otherwise(up), exponent, precision)


def _scaled_down(magnitude: nw.Expr, exponent: nw.Expr, precision: int, largest: int) -> nw.Expr:
    """The leading digits of a large ``magnitude``: nearest integer to it over ``10**q``, exactly.

    ``(quotient + 1/2) * 10**q`` is exact for ``q <= 13``, so one subtraction decides the tie.
    """
    scale = _choose(
        exponent,
        [(e, _num(10.0 ** (e - precision + 1))) for e in range(precision, largest + 1)],
        _num(10) ** (exponent - _num(precision - 1)),
    )
    quotient = (magnitude / scale).floor()
    half = (quotient + _num(0.5)) * scale
    odd = quotient - (quotient / _num(2)).floor() * _num(2)
    side = nw.when(magnitude > half).then(_num(1)).when(magnitude < half).then(_num(0))
    return quotient + side.otherwise(odd)


def _far(magnitude: nw.Expr, exponent: nw.Expr, precision: int, smallest: int) -> nw.Expr:
    """Approximate leading digits of a tiny ``magnitude`` (scaled in steps to avoid overflow)."""
    steps = _num(smallest) - exponent
    first = (steps / _num(2)).floor()
    scaled = (
        magnitude
        * _num(10.0 ** (precision - 1 - smallest))
        * (_num(10) ** first)
        * (_num(10) ** (steps - first))
    )
    return scaled.round(0)


def _spell(value: nw.Expr, mantissa: nw.Expr, exponent: nw.Expr, precision: int) -> nw.Expr:
    """Text of ``value`` from its ``precision`` significant digits and decimal exponent."""
    top = 10.0**precision
    carried = mantissa >= _num(top)
    significant = nw.when(carried).then(_num(top / 10)).otherwise(mantissa)
    power = nw.when(carried).then(exponent + _num(1)).otherwise(exponent)
    fixed_scale = _choose(
        power, [(e, _num(10.0 ** (precision - 1 - e))) for e in range(-4, precision)], _num(1)
    )
    whole = (significant / fixed_scale).floor()
    fixed = nw.concat_str(
        [digits(whole), _fraction(significant - whole * fixed_scale, fixed_scale)]
    )
    lead_scale = _num(10.0 ** (precision - 1))
    lead = (significant / lead_scale).floor()
    size = power.abs()
    scientific = nw.concat_str(
        [
            digits(lead),
            _fraction(significant - lead * lead_scale, lead_scale),
            nw.when(power < _num(0)).then(_text("e-")).otherwise(_text("e+")),
            nw.when(size < _num(10)).then(_text("0")).otherwise(_text("")),
            digits(size),
        ]
    )
    in_fixed = (power >= _num(-4)) & (power < _num(precision))
    body = nw.when(in_fixed).then(fixed).otherwise(scientific)
    signed = nw.when(value < _num(0)).then(nw.concat_str([_text("-"), body])).otherwise(body)
    zero = nw.when(value == _num(0)).then(_text("0")).otherwise(signed)
    return nw.when(value.is_null()).then(nw.lit(None, nw.String)).otherwise(zero)
