"""A scheme's likelihood by impact grid: every cell scored and banded by the scheme itself.

A heat map colours each cell of a likelihood by impact grid.  The colour must be the band the
risk register gives a risk in that cell, so each cell is scored by :func:`~aspcore.risk.score`
under the risk's own scheme, never by a rule of the chart's.  That is possible only for a
scheme whose risk score reads exactly two factors, one called ``likelihood`` and the other
``impact`` (or ``harm``), on whole-number scales: the Fife 4x4 grid is one; a MoRiLE-style
scheme, whose score reads several harms and the partnership's capacity, is not, and has no grid.
"""

from __future__ import annotations

import attrs

from aspcore.model import Rag
from aspcore.risk.scheme import RiskScheme
from aspcore.risk.scoring import score

__all__ = ["IMPACT_NAMES", "GridCell", "likelihood_impact_grid"]

#: The names a scheme may give its impact factor.
IMPACT_NAMES = ("impact", "harm")


@attrs.frozen
class GridCell:
    """One cell of the grid: its likelihood and impact, and the score and band the scheme gives
    a risk there."""

    likelihood: int
    impact: int
    score: int | float | None
    band: str | None
    label: str | None
    rag: Rag | None


def likelihood_impact_grid(scheme: RiskScheme) -> tuple[GridCell, ...] | None:
    """Every cell of ``scheme``'s likelihood by impact grid, or ``None`` when its risk score
    reads other factors than a likelihood and an impact on whole-number scales."""
    factors = {f.name: f for f in scheme.factors_for("risk")}
    impact = next((name for name in IMPACT_NAMES if name in factors), None)
    if impact is None or set(factors) != {"likelihood", impact}:
        return None
    scales = [factors["likelihood"], factors[impact]]
    if any(f.low.denominator != 1 or f.high.denominator != 1 for f in scales):
        return None
    likelihoods = range(int(scales[0].low), int(scales[0].high) + 1)
    impacts = range(int(scales[1].low), int(scales[1].high) + 1)
    cells = []
    for likelihood in likelihoods:
        for value in impacts:
            result = score(scheme, {"likelihood": likelihood, impact: value})
            cells.append(
                GridCell(likelihood, value, result.score, result.band, result.label, result.rag)
            )
    return tuple(cells)
