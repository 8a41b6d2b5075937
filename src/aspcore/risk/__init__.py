"""Risk scoring: schemes as data, pure scoring functions, and where schemes are found.

A :class:`RiskScheme` (a TOML file or a ruleset table) names factors on scales, grouped in
sections, says how they combine into a risk score and a priority, bands the risk score, and keeps
a confidence score apart.  :func:`score` scores one risk under a scheme and explains the result;
:func:`load_scheme` and :func:`bundled_schemes` find schemes by name.  Nothing here knows about
rules: the ``risk`` rule family (:mod:`aspcore.checks.risk`) turns scores into findings,
statuses and the evaluation's ``risks`` section.
"""

from aspcore.risk.bands import Band
from aspcore.risk.factors import COMBINES, Combination, Factor, Section
from aspcore.risk.loading import (
    bundled_schemes,
    bundled_schemes_dir,
    find_scheme,
    load_scheme,
    read_scheme_file,
    schemes_in,
)
from aspcore.risk.scheme import RiskScheme
from aspcore.risk.scoring import RiskScore, ScoreProblem, read_value, score

__all__ = [
    "COMBINES",
    "Band",
    "Combination",
    "Factor",
    "RiskScheme",
    "RiskScore",
    "ScoreProblem",
    "Section",
    "bundled_schemes",
    "bundled_schemes_dir",
    "find_scheme",
    "load_scheme",
    "read_scheme_file",
    "read_value",
    "schemes_in",
    "score",
]
