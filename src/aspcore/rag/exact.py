"""Exact decimal arithmetic for RAG thresholds: every comparison is made on exact values.

Plans and rulesets write decimals (``18.76``, ``15.03``, ``2.97``) that binary floating point
holds only approximately: ``(3 - 2.97) / 3 * 100`` is ``1.0000000000000009``, so a value that
is exactly 1% short of its target would miss a "within 1 per cent" band by noise.  So aspcore
reads each input as a decimal, to :data:`PLACES` places (a millionth: the nearest multiple of
``10**-6`` to the float, ties to even), and compares with :class:`fractions.Fraction`, exactly.
Thresholds and band bounds must be written with at most :data:`PLACES` decimal places, so they
are read exactly.  Rounding is only for showing a value, and :func:`shown` rounds so that the
value shown is on the same side of every threshold as the exact one ("15.03 points behind (more
than 15)", never "15 points behind (more than 15)").
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from fractions import Fraction

from aspcore.errors import RulesetError

__all__ = [
    "PLACES",
    "SCALE",
    "check_places",
    "decimal",
    "divide",
    "fixed",
    "fixed_units",
    "millionths",
    "rounded",
    "shown",
    "shown_units",
]

#: Decimal places inputs are read to, and the most a threshold may be written with.
PLACES = 6
#: ``10**PLACES``: a value read to :data:`PLACES` places is a whole number of these parts.
SCALE = 10**PLACES


def decimal(value: float) -> Fraction:
    """``value`` read as a decimal of :data:`PLACES` places: ``2.97`` is exactly ``297/100``.

    The nearest multiple of ``10**-PLACES`` to the float's exact binary value, ties to even (as
    :func:`round` does), so a decimal written with up to :data:`PLACES` places is read back as
    written.
    """
    return Fraction(millionths(value), SCALE)


@functools.lru_cache(maxsize=4096)
def millionths(value: float) -> int:
    """``value`` read as :func:`decimal` does, as a whole number of millionths.

    Remembered for the last few thousand values: a plan's progress figures and a ruleset's
    thresholds repeat, and reading a float exactly is the costly part of rating an action.
    """
    units: int = round(Fraction(value) * SCALE)
    return units


def divide(numerator: int, denominator: int) -> int:
    """The whole number nearest ``numerator / denominator`` (``denominator > 0``), ties to even,
    as :func:`round` rounds a :class:`~fractions.Fraction`, without building one."""
    quotient, remainder = divmod(numerator, denominator)
    twice = 2 * remainder
    if twice > denominator or (twice == denominator and quotient % 2):
        return quotient + 1
    return quotient


def check_places(value: float, where: str) -> None:
    """Raise :class:`RulesetError` unless ``value`` is written with at most :data:`PLACES`
    decimal places (so that :func:`decimal` reads it exactly); ``where`` names it."""
    if math.isfinite(value) and Fraction(repr(float(value))) != decimal(value):
        raise RulesetError(
            f"{where} has more than {PLACES} decimal places ({value!r}); thresholds are "
            f"compared exactly, to {PLACES} places"
        )


def rounded(value: Fraction, places: int) -> Fraction:
    """``value`` rounded to ``places`` decimal places, ties to even."""
    return Fraction(round(value * 10**places), 10**places)


def fixed(value: Fraction, places: int = PLACES) -> str:
    """``value`` (a multiple of ``10**-places``) in fixed point, without trailing zeros.

    ``Fraction(1503, 100)`` is ``15.03``, ``Fraction(15)`` is ``15``; zero is ``0``, never
    ``-0``.
    """
    return fixed_units(round(value * 10**places), places)


def fixed_units(units: int, places: int) -> str:
    """``units`` of ``10**-places`` in fixed point, as :func:`fixed` writes them."""
    whole, rest = divmod(abs(units), 10**places)
    fraction = f"{rest:0{places}d}".rstrip("0") if places else ""
    sign = "-" if units < 0 else ""
    return f"{sign}{whole}" + (f".{fraction}" if fraction else "")


def shown(value: Fraction, bounds: Iterable[Fraction], least: int = 1) -> tuple[Fraction, int]:
    """``value`` rounded for showing, and the decimal places it was rounded to.

    The fewest places, from ``least`` up to :data:`PLACES`, at which the rounded value is on the
    same side of each of ``bounds`` (more than it, or not) as ``value`` itself, so that a reason
    never shows a value that contradicts its colour.  Bounds are multiples of
    ``10**-PLACES`` (:func:`check_places`), so at :data:`PLACES` places only a value less than
    a millionth above a bound can still round onto it: that one is rounded up instead.
    """
    units, places = shown_units(
        value.numerator, value.denominator, [millionths_of(b) for b in bounds], least
    )
    return Fraction(units, 10**places), places


def millionths_of(bound: Fraction) -> int:
    """A bound (a multiple of ``10**-PLACES``) as a whole number of millionths."""
    units: int = bound.numerator * (SCALE // bound.denominator)
    return units


def shown_units(
    numerator: int, denominator: int, bounds: Sequence[int], least: int = 1
) -> tuple[int, int]:
    """:func:`shown` on whole numbers: ``numerator / denominator`` (``denominator > 0``) against
    ``bounds`` in millionths, as ``(units, places)``: the value shown is ``units / 10**places``.
    """
    above = [numerator * SCALE > bound * denominator for bound in bounds]
    for places in range(least, PLACES + 1):
        units = divide(numerator * 10**places, denominator)
        step = 10 ** (PLACES - places)
        if all((units * step > bound) == side for bound, side in zip(bounds, above, strict=True)):
            return units, places
    return -((-numerator * SCALE) // denominator), PLACES
