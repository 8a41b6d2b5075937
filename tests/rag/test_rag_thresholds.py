"""Thresholds at their boundaries, compared exactly, in the per-plan engine and the batch API.

Each answer is checked on, just inside and just outside its boundary, with the values compared
exactly (a shortfall rounded before its test would turn 15.03 points behind into 15, and 5% short
into red under a key that calls it amber), and each reason shows the value precisely enough to
say why.  The batch API must give the same colour and the same words.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aspcore.batch import action_status, indicator_status
from aspcore.model import Action, ActionStatus, Polarity, Rag
from aspcore.rag import BUILTIN_SCHEMES, ActionThresholds, RollupPolicy, rate_action, roll_up
from aspcore.rag.exact import decimal, shown
from aspcore.rag.schemes import SchemeRating, exact_shortfall, scheme_from_params, shortfall
from aspcore.rag.trend import Direction

START, DUE = dt.date(2018, 4, 1), dt.date(2019, 3, 31)  # 364 days
HALF_WAY = START + dt.timedelta(days=182)  # 50% expected, exactly


def rate(progress: float, as_of: dt.date = HALF_WAY, due: dt.date = DUE) -> tuple[Rag, str]:
    action = Action(
        id="A1", start=START, due=due, status=ActionStatus.IN_PROGRESS, progress=progress
    )
    rating = rate_action(action, as_of, ActionThresholds())
    assert rating.rag is not None
    return rating.rag, rating.reason


def batch_action(progress: float, as_of: dt.date = HALF_WAY, due: dt.date = DUE) -> tuple[str, str]:
    frame = pl.DataFrame(
        {"status": ["in progress"], "start": [START], "due": [due], "progress": [progress]}
    )
    row = action_status(frame, as_of=as_of).row(0, named=True)
    return row["rag"], row["rag_reason"]


# -- actions: more than 15 points behind linear expected progress is amber, more than 40 red ----


@pytest.mark.parametrize(
    ("progress", "rag", "words"),
    [
        (35, Rag.GREEN, "on schedule"),
        (34.99, Rag.AMBER, "progress is 34.99% against 50% expected by now, 15.01 points behind "
         "(more than 15)"),
        (34.97, Rag.AMBER, "progress is 34.97% against 50% expected by now, 15.03 points behind "
         "(more than 15)"),
        (10, Rag.AMBER, "40 points behind (more than 15)"),
        (9.99, Rag.RED, "40.01 points behind (more than 40)"),
    ],
)  # fmt: skip
def test_action_shortfall_is_compared_exactly_with_the_thresholds(
    progress: float, rag: Rag, words: str
) -> None:
    """DOMAIN: "Camms-style expected progress: linear between start and end dates"; the
    thresholds are "more than" 15 and 40 points: 15 itself is not behind, 15.01 and 15.03 are,
    and the reason shows the 15.03 it compared, not a 15.0 it rounded to."""
    got, reason = rate(progress)
    assert got is rag and words in reason
    assert batch_action(progress) == (rag.value, reason)


def test_a_shortfall_a_millionth_over_the_threshold_shows_it() -> None:
    """Three days from start to due, one gone: 33.333...% expected; 18.333333% done is
    15.0000003 points behind, more than 15, and the reason never says "15 points behind"."""
    due = START + dt.timedelta(days=3)
    got, reason = rate(18.333333, START + dt.timedelta(days=1), due)
    assert got is Rag.AMBER
    assert "15.000001 points behind (more than 15)" in reason
    assert batch_action(18.333333, START + dt.timedelta(days=1), due) == ("amber", reason)


def test_due_soon_progress_is_compared_exactly() -> None:
    """Due within 14 days with progress "under" 75% is amber: 75 itself is not under, and
    74.999999 is, shown as it was read."""
    soon = DUE - dt.timedelta(days=3)

    def no_start(progress: float) -> Action:
        return Action(id="A1", due=DUE, status=ActionStatus.IN_PROGRESS, progress=progress)

    at = rate_action(no_start(75), soon, ActionThresholds())
    under = rate_action(no_start(74.999999), soon, ActionThresholds())
    assert at.rag is Rag.GREEN
    assert under.rag is Rag.AMBER
    assert under.reason.endswith("progress is 74.999999%, under 75%")


# -- indicators under the published schemes ----------------------------------------------------


def rated(scheme: str, actual: float, target: float) -> SchemeRating:
    """The per-plan rating of ``actual`` against ``target`` (higher is better)."""
    return scheme_from_params({"scheme": scheme}).rate(
        shortfall(actual, target, Polarity.HIGHER),
        Direction.NO_COMPARISON,
        exact_shortfall(actual, target, Polarity.HIGHER),
    )


def colour(scheme: str, actual: float, target: float) -> Rag:
    return rated(scheme, actual, target).rag


def reason(scheme: str, actual: float, target: float) -> str:
    return rated(scheme, actual, target).reason


def batch_indicator(scheme: str, actual: float, target: float) -> tuple[str, str]:
    row = indicator_status(
        pl.DataFrame({"actual": [actual], "target": [target]}), scheme=scheme
    ).row(0, named=True)
    return row["rag"], row["rag_reason"]


@pytest.mark.parametrize(
    ("actual", "target", "rag"),
    [
        (100, 100, Rag.GREEN),
        (2.97, 3, Rag.GREEN),  # exactly 1% short, though (3 - 2.97) / 3 * 100 > 1 in floats
        (99, 100, Rag.GREEN),
        (98.99, 100, Rag.AMBER),
        (95.01, 100, Rag.AMBER),  # 4.99%
        (95, 100, Rag.AMBER),  # exactly 5%
        (76, 80, Rag.AMBER),  # exactly 5%: the guide's Table 3 KPI at 80%
        (94.99, 100, Rag.RED),  # 5.01%
    ],
)
def test_belfast_at_its_boundaries(actual: float, target: float, rag: Rag) -> None:
    """Belfast City Council's key: green "on target or exceeded target (within 1 per cent or
    better)", amber "slightly adrift of target (between 1 per cent and 5 per cent)", red
    "adrift of target (more than 5 per cent)": exactly 5% adrift is amber, 5.01% red."""
    assert colour("belfast", actual, target) is rag
    got, words = batch_indicator("belfast", actual, target)
    assert got == rag.value and reason("belfast", actual, target).endswith(words)


def test_belfast_reasons_show_the_exact_side_of_5_percent() -> None:
    """A shortfall a ten-millionth over 5% is red, and the reason says "just over 5%" rather
    than "5%", which Belfast calls amber."""
    over = reason("belfast", 94_999_999.9, 100_000_000)
    under = reason("belfast", 95_000_000.1, 100_000_000)
    exactly = reason("belfast", 95, 100)
    assert over.startswith("is just over 5% short of target; under belfast, red")
    assert under.startswith("is just under 5% short of target; under belfast, amber")
    assert exactly == (
        "is 5% short of target; under belfast, amber is a shortfall of more than 1% and 5% or less"
    )
    for actual, words in ((94_999_999.9, over), (95_000_000.1, under), (95, exactly)):
        assert batch_indicator("belfast", actual, 100_000_000 if actual > 95 else 100)[1] == words


@pytest.mark.parametrize(
    ("actual", "rag"),
    [(100, Rag.GREEN), (120, Rag.GREEN), (99.99, Rag.AMBER), (70, Rag.AMBER), (69.99, Rag.RED)],
)
def test_camms_at_its_boundaries(actual: float, rag: Rag) -> None:
    """Camms interplan manual: KPI lights are green at "Performance >= 100" only, amber at
    "(100 - Variance) <= Performance < 100"; progress thresholds: "Off Track value <= progress
    < On Track value" is amber, so the off-track value itself (70%, for the scheme's
    illustrative variance of 30) is amber."""
    assert colour("camms", actual, 100) is rag
    assert batch_indicator("camms", actual, 100)[0] == rag.value


@pytest.mark.parametrize(
    ("actual", "vs_last_year", "rag"),
    [
        (90, Direction.WORSENING, Rag.GREEN),  # within 10%
        (89.99, Direction.IMPROVING, Rag.AMBER),
        (89.99, Direction.UNCHANGED, Rag.AMBER),  # "or been maintained"
        (89.99, Direction.WORSENING, Rag.RED),
    ],
)
def test_havering_at_its_boundaries(actual: float, vs_last_year: Direction, rag: Rag) -> None:
    """Havering: green within 10% of the target; beyond 10% amber "where performance has
    improved or been maintained compared to last year", else red."""
    scheme = scheme_from_params({"scheme": "havering"})
    gap = exact_shortfall(actual, 100, Polarity.HIGHER)
    assert scheme.rate(shortfall(actual, 100, Polarity.HIGHER), vs_last_year, gap).rag is rag


@given(
    st.sampled_from(sorted(BUILTIN_SCHEMES)),
    st.fractions(-200, 200, max_denominator=10**6),
    st.fractions(-200, 200, max_denominator=10**6),
    st.sampled_from(list(Direction)),
)
def test_a_larger_shortfall_never_gives_a_better_colour(
    name: str, first: Fraction, second: Fraction, vs_last_year: Direction
) -> None:
    """Every published scheme is monotonic in the exact shortfall: more short, never better."""
    scheme = scheme_from_params({"scheme": name})
    small, large = sorted((first, second))
    better = scheme.rate(float(small), vs_last_year, small).rag
    worse = scheme.rate(float(large), vs_last_year, large).rag
    assert better.badness <= worse.badness


@given(st.decimals(0, 100, places=2), st.integers(0, 364))
def test_more_progress_behind_never_gives_a_better_colour(done: object, days: int) -> None:
    """Actions: at any date, less progress (a larger shortfall) is never rated better."""
    progress = float(str(done))
    as_of = START + dt.timedelta(days=days)
    more, _ = rate(progress, as_of)
    less, _ = rate(max(0.0, progress - 0.01), as_of)
    assert less.badness >= more.badness


# -- the weighted roll-up ---------------------------------------------------------------------


def test_weighted_rollup_compares_the_exact_mean() -> None:
    """A mean of 99.995999 is below a green threshold of 99.996, though it rounds to 100.00."""
    policy = RollupPolicy(
        method="weighted",
        weights={Rag.RED: 0.0, Rag.AMBER: 99.979995, Rag.GREEN: 100.0, Rag.BLUE: 100.0},
        green_min=99.996,
        amber_min=50,
    )
    rolled = roll_up([Rag.GREEN] * 4 + [Rag.AMBER], policy)
    assert rolled.rag is Rag.AMBER
    assert rolled.reason.startswith("weighted score 99.995999 over 5 rated items")
    exactly = roll_up([Rag.GREEN] * 4 + [Rag.RED], RollupPolicy(method="weighted"))
    assert (exactly.rag, exactly.score) == (Rag.GREEN, 80.0)


def test_shown_keeps_each_value_on_its_side_of_every_threshold() -> None:
    limits = (Fraction(15), Fraction(40))
    assert shown(Fraction(1503, 100), limits) == (Fraction(1503, 100), 2)
    assert shown(Fraction(2247, 100), limits) == (Fraction(225, 10), 1)
    assert shown(Fraction(15) + Fraction(1, 3 * 10**6), limits) == (
        Fraction(15_000_001, 10**6),
        6,
    )
    assert decimal(2.97) == Fraction(297, 100)
