"""An indicator's value against its baseline or a standard: direction and size, never a colour.

The guide (section 4, on the Scottish Government's progress table): "In some instances, the
actual data for a timeframe can be compared with a baseline (data from a previous timeframe)
or a standard."  Its example says how such a comparison reads: "Total referrals: 207 (38%
increase on 2016)".  So a comparison gives the change, up or down, its size and its share of
the figure compared with ("207, up 57 (+38%) on the baseline of 150 (2016)"), and whether that
is better or worse by the indicator's polarity.  The guide gives no colour for it, and aspcore
invents none: an indicator without a target stays grey, its reason carrying the comparisons.

The change is exact (the difference of the two values read as decimals, :mod:`aspcore.rag.
exact`); its share of the reference is rounded to one decimal place, only for showing.  A
baseline also stands in for the previous period in the direction of travel of the first period
reported (:func:`baseline_before`).
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

import attrs

from aspcore.model import Indicator, Polarity, Unit
from aspcore.periods import Period
from aspcore.rag.exact import decimal, fixed, rounded
from aspcore.rag.trend import Direction, direction

__all__ = ["Comparison", "baseline_before", "compare_baseline", "compare_standard"]

#: How each kind of reference is written: rising, falling, level, and the link to the figure.
_WORDS = {
    "baseline": ("up {change}{share} on", "down {change}{share} on", "unchanged on"),
    "standard": ("{change} above{share}", "{change} below{share}", "level with"),
}
#: What a direction means against each kind of reference.
_VERDICT = {
    "baseline": {
        Direction.IMPROVING: "improving",
        Direction.WORSENING: "worsening",
        Direction.UNCHANGED: "unchanged",
    },
    "standard": {
        Direction.IMPROVING: "better than the standard",
        Direction.WORSENING: "worse than the standard",
        Direction.UNCHANGED: "meeting the standard",
    },
}


@attrs.frozen
class Comparison:
    """A value against a reference figure (``kind``: a baseline or a standard).

    ``change`` is ``value - reference`` exactly; ``share`` the change in percent of
    ``|reference|`` (``None`` for a reference of zero); ``direction`` is better or worse by the
    indicator's polarity (for a standard, improving means better than it); ``note`` is the
    baseline's period or the standard's source.
    """

    kind: str
    reference: float
    value: float
    change: Fraction
    share: Fraction | None
    direction: Direction
    note: str | None = None

    def words(self, unit: Unit) -> str:
        """The comparison in words: ``up 2 (+20%) on the baseline of 10 (2017-18 Q4),
        improving``; a percent indicator's change is in percentage points."""
        rising, falling, level = _WORDS[self.kind]
        size = fixed(abs(self.change))
        if unit is Unit.PERCENT:
            size += " percentage point" if abs(self.change) == 1 else " percentage points"
        share = ""
        if self.share is not None:
            shown = rounded(self.share, 1)
            share = f" ({'+' if shown > 0 else ''}{fixed(shown, 1)}%)"
        if self.change == 0:
            how = level
        else:
            how = (rising if self.change > 0 else falling).format(change=size, share=share)
        note = f" ({self.note})" if self.note else ""
        verdict = _VERDICT[self.kind].get(self.direction, "")
        return f"{how} the {self.kind} of {self.reference:g}{note}, {verdict}"

    def to_dict(self) -> dict[str, object]:
        """The comparison as evidence: the reference, where it came from, the change and its
        share (rounded to six and one decimal places) and the direction."""
        share = None if self.share is None else float(rounded(self.share, 1))
        return {
            self.kind: self.reference,
            "period" if self.kind == "baseline" else "source": self.note,
            "compared": self.value,
            "change": float(rounded(self.change, 6)),
            "change_pct": share,
            "direction": self.direction,
        }


def _compare(
    kind: str,
    value: float,
    reference: float,
    polarity: Polarity,
    tolerance: float,
    note: str | None,
) -> Comparison:
    change = decimal(value) - decimal(reference)
    scale = abs(decimal(reference))
    share = None if scale == 0 else change * 100 / scale
    way = direction(value, reference, polarity, tolerance)
    return Comparison(kind, reference, value, change, share, way, note)


def compare_baseline(
    indicator: Indicator, value: float, tolerance: float = 0.0
) -> Comparison | None:
    """``value`` against the indicator's baseline, or ``None`` when it has none."""
    base = indicator.baseline
    if base is None:
        return None
    note = base.period.label if base.period else None
    return _compare("baseline", value, base.value, indicator.polarity, tolerance, note)


def compare_standard(
    indicator: Indicator, value: float, tolerance: float = 0.0
) -> Comparison | None:
    """``value`` against the indicator's standard, or ``None`` when it has none."""
    standard = indicator.standard
    if standard is None:
        return None
    return _compare(
        "standard", value, standard.value, indicator.polarity, tolerance, standard.source
    )


def baseline_before(
    indicator: Indicator, period: Period, reported: Iterable[Period]
) -> float | None:
    """The baseline, when it stands in for the period before ``period`` in the direction of
    travel, else ``None``.

    It does when the baseline was measured in that previous period, or when ``period`` is the
    first of ``reported`` (the periods with a value) and the baseline, if dated, ended before
    it began: "data from a previous timeframe", as the guide defines a baseline.
    """
    base = indicator.baseline
    if base is None:
        return None
    before = period.previous()
    if base.period is not None:
        if (base.period.start, base.period.end) == (before.start, before.end):
            return base.value
        if base.period.end >= period.start:
            return None
    if any(other.end < period.start for other in reported):
        return None
    return base.value
