"""NRM measures for computed indicators: the decisions in a decision column, and the positive ones.

The NRM's decision vocabulary (``reasonable_grounds``, ``conclusive_grounds``) has four values:
``positive`` and ``negative`` are decisions; ``pending`` and ``withdrawn`` are not, and neither
is a blank.  The share of positive reasonable-grounds decisions is then::

    numerator: "positive_decisions(reasonable_grounds)"
    denominator: "decisions(reasonable_grounds)"

so a referral still waiting for its decision does not lower the share.  Both measures are counts,
so disclosure control treats them as it treats ``count()``: a small number of decisions (and the
share with it) is hidden when published.  Median days to a decision needs no measure of its
own: ``median(days_between(referral_date, reasonable_grounds_date))`` is built in.
"""

from __future__ import annotations

import narwhals as nw
from aspcore.indicators import Measure

__all__ = ["DECIDED", "DECISIONS", "MEASURES", "POSITIVE_DECISIONS"]

#: The decision values that are decisions (the others are pending or withdrawn).
DECIDED = ("positive", "negative")


def _positive(values: nw.Expr) -> nw.Expr:
    return (values == "positive").sum()


def _decided(values: nw.Expr) -> nw.Expr:
    return values.is_in(DECIDED).sum()


POSITIVE_DECISIONS = Measure(
    "positive_decisions",
    _positive,
    numeric=False,
    counts=True,
    additive=True,
    description="rows whose decision column is positive",
)
DECISIONS = Measure(
    "decisions",
    _decided,
    numeric=False,
    counts=True,
    additive=True,
    description="rows whose decision column is a decision: positive or negative",
)
#: What the plugin registers through ``aspcore_register_measures``.
MEASURES = (POSITIVE_DECISIONS, DECISIONS)
