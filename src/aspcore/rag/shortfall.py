"""The shortfall of an indicator against its target: exact for rating, rounded for showing.

The shortfall is the distance from target in percent of the target, ``(target - actual) /
|target| * 100`` when higher is better and the mirror when lower is better.  Values are read as
decimals to six places (:func:`aspcore.rag.exact.decimal`), whole numbers ``A`` and ``T`` of
millionths, so the exact shortfall is the fraction ``(T - A) * 100 / |T|``: 2.97 against 3 is
exactly 1% short, and a scheme's "within 1 per cent" holds it.  Shown, it is the float
``(T - A) / |T| * 100`` rounded to six places, computed the same way by the batch API.

Values of :data:`LIMIT` (about 4.5 billion) or more cannot be held to a millionth in the
batch API's float64 arithmetic; for them both engines rate the shown shortfall (rounded to six
places) instead, as documented.  A target of zero has no scale: the shortfall is 0 when it is
met and 100 (missed outright) otherwise.

A percent indicator may instead be measured in **percentage points** (``points``): the
difference ``T - A`` itself (mirrored when lower is better), exactly ``(T - A) / 10**6``: 79%
against 80% is 1 point short, where relatively it is 1.25% short.

A reason shows the shortfall to :func:`digits` significant digits (four, or more when a band
bound has more), so that the number shown is never on the wrong side of a bound.  It can still
print as a bound it is not exactly on (4.9999999 prints as 5): then the reason says "just
under 5%" or "just over 5%" (:func:`qualified`).
"""

from __future__ import annotations

import functools
import struct
import sys
from collections.abc import Iterable
from fractions import Fraction

from aspcore.model import Polarity
from aspcore.rag.exact import PLACES, SCALE, decimal, fixed, millionths

__all__ = [
    "LIMIT",
    "digits",
    "exact_shortfall",
    "print_window",
    "qualified",
    "readable",
    "shortfall",
]

#: Values below this (``2**52`` millionths) are held exactly, in millionths, by both engines.
LIMIT: float = float(2**52) / SCALE
#: The fewest and most significant digits a reason shows a shortfall with.
FEWEST_DIGITS, MOST_DIGITS = 4, 6


def readable(actual: float, target: float) -> bool:
    """Whether both values are below :data:`LIMIT`, so the shortfall is exact."""
    return abs(actual) < LIMIT and abs(target) < LIMIT


def _gap(actual: int, target: int, polarity: Polarity) -> int:
    return target - actual if polarity is Polarity.HIGHER else actual - target


def shortfall(actual: float, target: float, polarity: Polarity, *, points: bool = False) -> float:
    """How far ``actual`` falls short of ``target``, in percent of ``|target|`` (with
    ``points``, in the values' own points), for showing: rounded to six decimal places.  Zero
    or negative means the target is met."""
    if not readable(actual, target):
        gap = target - actual if polarity is Polarity.HIGHER else actual - target
        if points:
            return round(gap, PLACES)
        if target == 0:
            return 0.0 if gap <= 0 else 100.0
        return round(gap / abs(target) * 100, PLACES)
    whole, scale = millionths(actual), millionths(target)
    gap_ = _gap(whole, scale, polarity)
    if points:
        return round(float(gap_) / float(SCALE), PLACES)
    if scale == 0:
        return 0.0 if gap_ <= 0 else 100.0
    return round(float(gap_) / float(abs(scale)) * 100, PLACES)


def exact_shortfall(
    actual: float, target: float, polarity: Polarity, *, points: bool = False
) -> Fraction:
    """The shortfall as an exact fraction, which schemes rate (see the module docstring)."""
    if not readable(actual, target):
        return decimal(shortfall(actual, target, polarity, points=points))
    whole, scale = millionths(actual), millionths(target)
    gap = _gap(whole, scale, polarity)
    if points:
        return Fraction(gap, SCALE)
    if scale == 0:
        return Fraction(0 if gap <= 0 else 100)
    return Fraction(gap * 100, abs(scale))


def _significant(value: Fraction) -> int:
    """How many significant digits ``value`` (at most six decimal places) is written with."""
    written = fixed(value).lstrip("-").replace(".", "").strip("0")
    return max(1, len(written))


def digits(bounds: Iterable[Fraction]) -> int:
    """The significant digits a reason shows a shortfall with: four, or as many as the most
    precise bound needs (at most six, the most the batch API prints exactly)."""
    needed = max((_significant(b) for b in bounds), default=1)
    return max(FEWEST_DIGITS, min(MOST_DIGITS, needed))


def _ordered(x: float) -> int:
    bits: int = struct.unpack("<q", struct.pack("<d", x))[0]
    return bits if bits >= 0 else -(bits & 0x7FFFFFFFFFFFFFFF)


def _from_ordered(n: int) -> float:
    bits = n if n >= 0 else (-n) | -0x8000000000000000
    value: float = struct.unpack("<d", struct.pack("<q", bits))[0]
    return value


def _printed(x: float, places: int) -> Fraction:
    return Fraction(format(x, f".{places}g"))


@functools.lru_cache(maxsize=256)
def print_window(bound: Fraction, places: int) -> tuple[float, float] | None:
    """The floats that print as ``bound`` with ``places`` significant digits: ``(low,
    high)``, inclusive, or ``None`` when ``bound`` needs more digits than that.

    Printing is monotonic, so the floats printing as one number are one interval, found by
    bisection over the floats in order.
    """
    low, high = _ordered(-sys.float_info.max), _ordered(sys.float_info.max)

    def first(at_least: bool) -> int:
        lo, hi = low, high
        while lo < hi:
            mid = (lo + hi) // 2
            printed = _printed(_from_ordered(mid), places)
            if (printed >= bound) if at_least else (printed > bound):
                hi = mid
            else:
                lo = mid + 1
        return lo

    start, after = first(True), first(False)
    if start >= after:
        return None
    return _from_ordered(start), _from_ordered(after - 1)


def qualified(shown: float, exact: Fraction, bounds: Iterable[Fraction], places: int) -> str:
    """``shown`` printed with ``places`` significant digits, as a reason writes it; "just over"
    or "just under" when it prints as a bound (or 0) that ``exact`` is not on."""
    text = format(shown, f".{places}g")
    for bound in sorted({Fraction(0), *bounds}):
        window = print_window(bound, places)
        if window is None or not window[0] <= shown <= window[1] or exact == bound:
            continue
        return f"just {'over' if exact > bound else 'under'} {text}"
    return text
