"""The pure logic of RAG rating: bands, indicator schemes, actions, trends and roll-ups.

Nothing here knows about rules or plugins: the ``rag`` rule family (``aspcore.checks.rag_*``)
calls these functions and turns their answers into statuses, findings and evaluation sections,
so a host system can also call them directly.
"""

from aspcore.rag.actions import (
    ActionRating,
    ActionReason,
    ActionThresholds,
    expected_progress,
    expected_share,
    rate_action,
    reported_agrees,
)
from aspcore.rag.bands import Band, Bands, parse_bands
from aspcore.rag.params import BUILTIN_SCHEMES, DEFAULT_PARAMS
from aspcore.rag.rollup import ROLLUP_METHODS, Rollup, RollupPolicy, distribution, roll_up
from aspcore.rag.schemes import Scheme, achievement, scheme_from_params, shortfall
from aspcore.rag.trend import Direction, direction

__all__ = [
    "BUILTIN_SCHEMES",
    "DEFAULT_PARAMS",
    "ROLLUP_METHODS",
    "ActionRating",
    "ActionReason",
    "ActionThresholds",
    "Band",
    "Bands",
    "Direction",
    "Rollup",
    "RollupPolicy",
    "Scheme",
    "achievement",
    "direction",
    "distribution",
    "expected_progress",
    "expected_share",
    "parse_bands",
    "rate_action",
    "reported_agrees",
    "roll_up",
    "scheme_from_params",
    "shortfall",
]
