"""Indicator RAG schemes: how far from target is green, amber or red.

Every scheme is a legend set (:mod:`aspcore.rag.bands`) over one measure, the **shortfall**
against target in percent, so the published schemes compare directly:

* ``belfast`` (Belfast City Council's self-assessment key): green "on target or exceeded target
  (within 1 per cent or better)", amber "slightly adrift of target (between 1 per cent and 5 per
  cent)", red "adrift of target (more than 5 per cent)": so exactly 5% short is amber;
* ``havering`` (London Borough of Havering): green within 10%; beyond 10% amber "where
  performance has improved or been maintained" on the same period last year, otherwise red;
* ``camms`` (the Camms interplan manual's KPI traffic lights): green at 100% of target or better
  (a shortfall of 0 or less), amber from ``100 - variance`` percent of target up to 100%
  ("Off Track value <= progress < On Track value" is amber, so the off-track value itself is
  amber), red below.  Camms sets the variance per KPI; the 30 used here is illustrative.

Shortfalls are rated exactly (:mod:`aspcore.rag.shortfall`): 2.97 against a target of 3 is
exactly 1% short, and exactly 5% short is on Belfast's amber side of 5.  A scheme with
``shortfall = "points"`` reads its bounds as percentage points for percent indicators (79%
against 80% is 1 point short, green under Belfast's bands, where relatively it is 1.25% short,
amber); an indicator's own ``shortfall`` wins over the scheme's.

Plugins add schemes as files (:mod:`aspcore.rag.scheme_files`, the
``aspcore_register_rag_schemes`` hook), and a ruleset may redefine any of them or add its own
under ``[params.rag.schemes.<name>]``: the ruleset wins over a plugin, a plugin over a built-in.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import attrs

from aspcore.errors import RulesetError
from aspcore.expr.decisions import Decision, DecisionTable
from aspcore.expr.templates import escape
from aspcore.expr.types import FieldType
from aspcore.model import Rag
from aspcore.rag.bands import Band, Bands, parse_bands
from aspcore.rag.exact import PLACES, decimal
from aspcore.rag.params import BUILTIN_SCHEMES, table, text
from aspcore.rag.shortfall import digits, exact_shortfall, qualified, shortfall
from aspcore.rag.trend import Direction

__all__ = [
    "Scheme",
    "SchemeDecision",
    "SchemeRating",
    "achievement",
    "exact_shortfall",
    "parse_scheme",
    "scheme_from_params",
    "shortfall",
]

_SCHEME_KEYS = {"bands", "red_unless_improved", "shortfall", "source"}
#: How a scheme may measure percent indicators' shortfalls (see the module docstring).
_MEASURES = ("relative", "points")
#: Decimal places kept in computed measures (the places values are read to when rated).
PRECISION = PLACES


@attrs.frozen
class SchemeRating:
    """A colour from a scheme, the band that gave it and why, in plain English."""

    rag: Rag
    band: Band
    reason: str


@attrs.frozen
class SchemeDecision:
    """A scheme's banding as a decision table (see :func:`_decision`): each row's band, and the
    bounds whose signs the table reads (field ``vs_i`` is the sign, -1, 0 or 1, of the exact
    shortfall less ``signs[i]``)."""

    table: DecisionTable
    bands: tuple[Band, ...]
    signs: tuple[Fraction, ...]


@attrs.frozen
class Scheme:
    """A named, validated scheme: its bands, whether amber needs an improvement, and whether
    percent indicators' shortfalls are measured in percentage points (``shortfall``)."""

    name: str
    bands: Bands
    red_unless_improved: bool = False
    source: str = ""
    shortfall: str = attrs.field(default="relative", validator=attrs.validators.in_(_MEASURES))

    def rate(
        self,
        shortfall_pct: float,
        vs_last_year: Direction,
        exact: Fraction | None = None,
        *,
        points: bool = False,
    ) -> SchemeRating:
        """The colour for a shortfall; ``vs_last_year`` is used by ``red_unless_improved``.

        ``exact`` is the shortfall the bands compare (:func:`exact_shortfall`); without it,
        ``shortfall_pct`` is read as a decimal to six places.  ``shortfall_pct`` is what the
        reason shows, to :attr:`digits` significant digits; with ``points`` it is in percentage
        points, and the reason says so.
        """
        value = decimal(shortfall_pct) if exact is None else exact
        decision = self.decisions[points]
        signs = [(value > bound) - (value < bound) for bound in decision.signs]
        number = decision.table.lookup(*signs, vs_last_year.value)
        row = decision.table.rows[number]
        shown = qualified(shortfall_pct, value, self.bounds, self.digits)
        point = "point" if shown.endswith(" 1") or shown == "1" else "points"
        texts = {"shortfall": shown, "point": point, "direction": vs_last_year.value}
        reason = row.reason.render({name: texts[name] for name in row.reason.names})
        assert row.outcome is not None  # every row of a scheme's table has a colour
        return SchemeRating(Rag(row.outcome), decision.bands[number], reason)

    @property
    def decisions(self) -> Mapping[bool, SchemeDecision]:
        """The scheme's decision tables: relative (``False``) and in percentage points
        (``True``), compiled once per scheme (a ruleset's scheme is read again for each
        evaluation; an equal scheme finds its tables compiled)."""
        return _decisions(self)

    def verdict(self, band: Band, *, points: bool = False) -> str:
        """What ``band`` means, as reasons say it: ``under belfast, amber is a shortfall of
        more than 1% and 5% or less`` (``in percentage points`` with ``points``)."""
        measured = ", in percentage points" if points else ""
        return (
            f"under {self.name}{measured}, {band.rag.value} is a shortfall of "
            f"{_words(band, points)}"
        )

    @functools.cached_property
    def bounds(self) -> tuple[Fraction, ...]:
        """Every finite bound of the bands, exactly, in ascending order."""
        found = {b for band in self.bands.bands for b in band.exact_bounds if b is not None}
        return tuple(sorted(found))

    @functools.cached_property
    def digits(self) -> int:
        """Significant digits reasons show shortfalls with (see
        :func:`aspcore.rag.shortfall.digits`)."""
        return digits(self.bounds)

    def describe(self) -> dict[str, object]:
        """The scheme as evidence: name, source, bands and the improvement rule."""
        return {
            "scheme": self.name,
            "source": self.source,
            "bands": self.bands.describe(),
            "red_unless_improved": self.red_unless_improved,
            **({"shortfall": self.shortfall} if self.shortfall != "relative" else {}),
        }


_HELD = f"direction in ('{Direction.IMPROVING.value}', '{Direction.UNCHANGED.value}')"
_NO_COMPARISON = f"direction == '{Direction.NO_COMPARISON.value}'"


@functools.lru_cache(maxsize=64)
def _decisions(scheme: Scheme) -> Mapping[bool, SchemeDecision]:
    return {points: _decision(scheme, points) for points in (False, True)}


def _decision(scheme: Scheme, points: bool) -> SchemeDecision:
    """The scheme as ordered rows: for each band, met or short of target, and for a
    ``red_unless_improved`` scheme's amber bands, held or improved on last year, with no figure
    for last year, or worse.  The last row is reached only without a shortfall (its signs are
    null): the batch API greys those rows itself."""
    signs = tuple(sorted({Fraction(0), *scheme.bounds}))
    field = {bound: f"vs_{i}" for i, bound in enumerate(signs)}
    short = (
        "is {shortfall} percentage {point} short of target"
        if points
        else "is {shortfall}% short of target"
    )
    rows: list[Decision] = []
    bands: list[Band] = []
    for band in scheme.bands.bands:
        inside = _inside(band, field)
        verdict = escape(scheme.verdict(band, points=points))
        for where, said in _met_or_short(band, field[Fraction(0)], short):
            when = f"({inside}) and {where}" if where and where != inside else inside
            if scheme.red_unless_improved and band.rag is Rag.AMBER:
                choices = [
                    (
                        f"{when} and {_HELD}",
                        "amber-held",
                        Rag.AMBER,
                        f"{said}; {verdict} ({{direction}} on the same period last year)",
                    ),
                    (
                        f"{when} and {_NO_COMPARISON}",
                        "red-no-comparison",
                        Rag.RED,
                        f"{said}; {verdict}, but red because there is no figure for the same "
                        "period last year to show an improvement",
                    ),
                    (
                        when,
                        "red-worse",
                        Rag.RED,
                        f"{said}; {verdict}, but red because it is worse than the same period "
                        "last year",
                    ),
                ]
            else:
                choices = [(when, band.rag.value, band.rag, f"{said}; {verdict}")]
            for condition, code, colour, reason in choices:
                rows.append(Decision(code, condition, colour.value, reason))
                bands.append(band)
    rows.append(Decision("unrated", "True", Rag.GREY.value, "there is no shortfall to rate"))
    bands.append(scheme.bands.bands[0])
    fields: dict[str, FieldType] = dict.fromkeys(field.values(), "number")
    fields["direction"] = "text"
    table = DecisionTable(rows, fields=fields)
    return SchemeDecision(table, tuple(bands), signs)


def _met_or_short(band: Band, zero: str, short: str) -> list[tuple[str, str]]:
    """The band's target met (a shortfall of 0 or less) and short of it, each with the words
    of a reason; leaving out a case the band cannot hold (a band above 0 never meets it)."""
    lower, upper = band.exact_bounds
    met = lower is None or lower < 0 or (lower == 0 and band.lower_inclusive)
    missed = upper is None or upper > 0
    cases = [(f"{zero} <= 0", "meets or beats the target")] if met else []
    if missed:
        cases.append(("", short))
    return cases


def _inside(band: Band, field: Mapping[Fraction, str]) -> str:
    """Whether the shortfall falls in ``band`` (as :meth:`Band.contains`), from its signs."""
    lower, upper = band.exact_bounds
    tests = []
    if lower is not None:
        tests.append(f"{field[lower]} {'>=' if band.lower_inclusive else '>'} 0")
    if upper is not None:
        tests.append(f"{field[upper]} {'<=' if band.upper_inclusive else '<'} 0")
    return " and ".join(tests) or "True"


@functools.lru_cache(maxsize=256)
def _words(band: Band, points: bool = False) -> str:
    """A band's bounds in words: in percent (the relative shortfall), or bare numbers when the
    reason has said they are percentage points."""
    return band.describe("" if points else "%")


def parse_scheme(name: str, raw: object) -> Scheme:
    """A scheme from its table (``bands``, ``red_unless_improved``, ``shortfall``, ``source``),
    validated.

    Raises :class:`~aspcore.errors.RulesetError` naming the scheme and what is wrong.
    """
    if not isinstance(raw, Mapping):
        raise RulesetError(f"scheme {name!r}: expected a table with 'bands', found {raw!r}")
    unknown = sorted(set(raw) - _SCHEME_KEYS)
    if unknown:
        raise RulesetError(
            f"scheme {name!r}: unknown key(s) {', '.join(unknown)}; a scheme holds "
            f"{', '.join(sorted(_SCHEME_KEYS))}"
        )
    red_unless = raw.get("red_unless_improved", False)
    if not isinstance(red_unless, bool):
        raise RulesetError(f"scheme {name!r}: red_unless_improved must be true or false")
    measure = raw.get("shortfall", "relative")
    if measure not in _MEASURES:
        raise RulesetError(
            f"scheme {name!r}: shortfall must be one of {', '.join(_MEASURES)}, found {measure!r}"
        )
    return Scheme(
        name=name,
        bands=parse_bands(name, raw.get("bands")),
        red_unless_improved=red_unless,
        source=str(raw.get("source", "")),
        shortfall=measure,
    )


def scheme_from_params(
    params: Mapping[str, Any], registered: Mapping[str, Mapping[str, Any]] | None = None
) -> Scheme:
    """The scheme that ``params.rag.scheme`` names, validated.

    A name is looked up in the ruleset's own schemes (``params.rag.schemes``), then in
    ``registered`` (name → table, the schemes plugins register:
    :func:`aspcore.rag.scheme_files.registered_schemes`), then in the built-in ones.  A
    ruleset table that restates a built-in scheme unchanged, as the default ruleset does so
    that users can read and copy them, counts as the built-in: a plugin's scheme of that name
    still replaces it.
    """
    own = {
        name: raw
        for name, raw in table(params, "schemes").items()
        if raw != BUILTIN_SCHEMES.get(name)
    }
    schemes: dict[str, Any] = {**BUILTIN_SCHEMES, **(registered or {}), **own}
    name = text(params, "scheme")
    if name not in schemes:
        close = difflib.get_close_matches(name, sorted(schemes), n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise RulesetError(
            f"params.rag.scheme: no RAG scheme named {name!r}; {hint}"
            f"known schemes: {', '.join(sorted(schemes))}"
        )
    return parse_scheme(name, schemes[name])


def achievement(current: float, baseline: float, target: float) -> float | None:
    """EU OPSYS achievement, ``(current - baseline) / (target - baseline)``.

    ``None`` when the target equals the baseline (no distance to travel).
    """
    if target == baseline:
        return None
    return round((current - baseline) / (target - baseline), PRECISION)
