"""Indicator RAG schemes: how far from target is green, amber or red.

Every scheme is a legend set (:mod:`aspcore.rag.bands`) over one measure, the **shortfall**
against target in percent, so the published schemes compare directly:

* ``belfast`` (Belfast City Council): green when met or short by at most 1%, amber above 1% and
  below 5%, red at 5% or more;
* ``havering`` (London Borough of Havering): green within 10%; beyond 10% amber if the value
  improved on or maintained the same period last year, otherwise red;
* ``camms`` (Camms): on track (green) at 90% of target or more, i.e. a shortfall of at most 10%;
  off track (red) at 70% or less, i.e. a shortfall of 30% or more; amber between.

Plugins add schemes as files (:mod:`aspcore.rag.scheme_files`, the
``aspcore_register_rag_schemes`` hook), and a ruleset may redefine any of them or add its own
under ``[params.rag.schemes.<name>]``: the ruleset wins over a plugin, a plugin over a built-in.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Mapping
from typing import Any

import attrs

from aspcore.errors import RulesetError
from aspcore.model import Polarity, Rag
from aspcore.rag.bands import Band, Bands, parse_bands
from aspcore.rag.params import BUILTIN_SCHEMES, table, text
from aspcore.rag.trend import Direction

__all__ = [
    "Scheme",
    "SchemeRating",
    "achievement",
    "parse_scheme",
    "scheme_from_params",
    "shortfall",
]

_SCHEME_KEYS = {"bands", "red_unless_improved", "source"}
#: Digits kept in computed measures, so that 2.97 against 3 is exactly 1% short.
PRECISION = 6


@attrs.frozen
class SchemeRating:
    """A colour from a scheme, the band that gave it and why, in plain English."""

    rag: Rag
    band: Band
    reason: str


@attrs.frozen
class Scheme:
    """A named, validated scheme: its bands and whether amber needs an improvement."""

    name: str
    bands: Bands
    red_unless_improved: bool = False
    source: str = ""

    def rate(self, shortfall_pct: float, vs_last_year: Direction) -> SchemeRating:
        """The colour for a shortfall; ``vs_last_year`` is used by ``red_unless_improved``."""
        band = self.bands.band_of(shortfall_pct)
        where = (
            "meets or beats the target"
            if shortfall_pct <= 0
            else f"is {shortfall_pct:.4g}% short of target"
        )
        reason = f"{where}; under {self.name}, {band.rag.value} is a shortfall of {_words(band)}"
        if (
            self.red_unless_improved
            and band.rag is Rag.AMBER
            and vs_last_year not in (Direction.IMPROVING, Direction.UNCHANGED)
        ):
            why = (
                "there is no figure for the same period last year to show an improvement"
                if vs_last_year is Direction.NO_COMPARISON
                else "it is worse than the same period last year"
            )
            return SchemeRating(Rag.RED, band, f"{reason}, but red because {why}")
        if self.red_unless_improved and band.rag is Rag.AMBER:
            return SchemeRating(
                Rag.AMBER, band, f"{reason} ({vs_last_year.value} on the same period last year)"
            )
        return SchemeRating(band.rag, band, reason)

    def describe(self) -> dict[str, object]:
        """The scheme as evidence: name, source, bands and the improvement rule."""
        return {
            "scheme": self.name,
            "source": self.source,
            "bands": self.bands.describe(),
            "red_unless_improved": self.red_unless_improved,
        }


@functools.lru_cache(maxsize=256)
def _words(band: Band) -> str:
    """A band's bounds in words, in percent (the shortfall a scheme rates)."""
    return band.describe("%")


def parse_scheme(name: str, raw: object) -> Scheme:
    """A scheme from its table (``bands``, ``red_unless_improved``, ``source``), validated.

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
    return Scheme(
        name=name,
        bands=parse_bands(name, raw.get("bands")),
        red_unless_improved=red_unless,
        source=str(raw.get("source", "")),
    )


def scheme_from_params(
    params: Mapping[str, Any], registered: Mapping[str, Mapping[str, Any]] | None = None
) -> Scheme:
    """The scheme that ``params.rag.scheme`` names, validated.

    A name is looked up in the ruleset's own schemes (``params.rag.schemes``), then in
    ``registered`` (name → table, the schemes plugins register: ``Plugins.rag_schemes``), then
    in the built-in ones.  A ruleset table that restates a built-in scheme unchanged, as the
    default ruleset does so that users can read and copy them, counts as the built-in: a
    plugin's scheme of that name still replaces it.
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


def shortfall(actual: float, target: float, polarity: Polarity) -> float:
    """How far ``actual`` falls short of ``target``, in percent of ``|target|``.

    Higher-is-better: ``(target - actual) / |target|``; lower-is-better: the mirror,
    ``(actual - target) / |target|``.  Zero or negative means the target is met.  A target of
    zero has no scale: the shortfall is 0 when it is met and 100 (missed outright) otherwise.
    """
    gap = target - actual if polarity is Polarity.HIGHER else actual - target
    if target == 0:
        return 0.0 if gap <= 0 else 100.0
    return round(gap / abs(target) * 100, PRECISION)


def achievement(current: float, baseline: float, target: float) -> float | None:
    """EU OPSYS achievement, ``(current - baseline) / (target - baseline)``.

    ``None`` when the target equals the baseline (no distance to travel).
    """
    if target == baseline:
        return None
    return round((current - baseline) / (target - baseline), PRECISION)
