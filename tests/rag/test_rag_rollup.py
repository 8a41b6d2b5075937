"""Roll-ups: the three methods, the distribution, and objective/pillar/stage/partnership levels."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aspcore.checks import rag_actions, rag_indicators, rag_rollup
from aspcore.errors import RulesetError
from aspcore.io import plan_from_mapping
from aspcore.model import Rag
from aspcore.plugins import DEFAULT_PLUGINS, Plugins, get_plugins
from aspcore.rag import RollupPolicy, distribution, roll_up
from aspcore.rules import Evaluation, Ruleset, evaluate

G, A, R, B, GREY = Rag.GREEN, Rag.AMBER, Rag.RED, Rag.BLUE, Rag.GREY
WORST, MAJORITY, WEIGHTED = (RollupPolicy(method=m) for m in ("worst_of", "majority", "weighted"))
BELFAST_46 = [G] * 38 + [A] * 2 + [R] * 6


def rag_plugins() -> Plugins:
    modules = (rag_actions, rag_indicators, rag_rollup)
    extra = [m for m in modules if m.__name__ not in DEFAULT_PLUGINS]
    return get_plugins(fresh=True, entry_points=False, extra=extra)


def test_belfast_distribution_38_green_2_amber_6_red() -> None:
    assert list(distribution(BELFAST_46).items()) == [
        ("green", 38),
        ("amber", 2),
        ("red", 6),
        ("blue", 0),
        ("grey", 0),
        ("none", 0),
    ]
    assert roll_up(BELFAST_46, WORST).rag is R
    assert roll_up(BELFAST_46, MAJORITY).rag is G
    weighted = roll_up(BELFAST_46, WEIGHTED)
    assert weighted.score == 84.78  # (38 x 100 + 2 x 50) / 46
    assert weighted.rag is G
    assert "38 green, 2 amber, 6 red" in roll_up(BELFAST_46, WORST).reason


@pytest.mark.parametrize(
    ("colours", "worst", "majority", "weighted"),
    [
        ([], GREY, GREY, GREY),
        ([None], GREY, GREY, GREY),
        ([B, B, None], B, B, B),
        ([B, G], G, G, G),
        ([B, B, B, R], R, G, A),  # blue counts as green for majority; weighted score 75
        ([G, GREY], GREY, GREY, G),  # grey shows through green, never makes it red
        ([R, GREY, GREY], R, GREY, R),
        ([GREY, GREY], GREY, GREY, GREY),
        ([G, A], A, A, A),  # majority tie goes to the worse colour; weighted score 75
        ([G, G, G, A], A, G, A),  # weighted score 87.5, under the 90 used here
        ([G, G, G, G, G, A], A, G, G),  # weighted score 91.67
    ],
)
def test_methods(colours: list[Rag | None], worst: Rag, majority: Rag, weighted: Rag) -> None:
    assert roll_up(colours, WORST).rag is worst
    assert roll_up(colours, MAJORITY).rag is majority
    assert roll_up(colours, RollupPolicy(method="weighted", green_min=90)).rag is weighted


def test_weighted_thresholds_and_weights_come_from_params() -> None:
    policy = RollupPolicy.from_params(
        {
            "rollup": "weighted",
            "weights": {"red": 0, "amber": 1, "green": 2, "blue": 3},
            "weighted_green": 1.5,
            "weighted_amber": 1,
        }
    )
    assert roll_up([G, A], policy).rag is G  # 1.5 is green
    assert roll_up([B, R], policy).rag is G  # (3 + 0) / 2
    assert roll_up([G, G, A], policy).score == 1.67
    assert roll_up([R, A], policy).rag is Rag.RED  # 0.5


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"rollup": "average"}, "rollup must be one of worst_of, majority, weighted"),
        ({"weights": {"red": 0, "amber": 1, "green": 2}}, "no weight for blue"),
        ({"weights": {"red": 0, "amber": 1, "green": 2, "blue": 2, "grey": 1}}, "grey"),
        ({"weighted_green": 40}, "weighted_amber \\(50\\) must not exceed"),
    ],
)
def test_bad_rollup_params_are_ruleset_errors(params: dict[str, Any], message: str) -> None:
    with pytest.raises(RulesetError, match=message):
        RollupPolicy.from_params(params)


@given(st.lists(st.sampled_from([R, A, G, B, GREY, None]), max_size=30))
def test_worst_of_is_never_better_than_any_rated_item(colours: list[Rag | None]) -> None:
    result = roll_up(colours, WORST)
    assert sum(result.counts.values()) == len(colours)
    assert all(result.rag.badness >= c.badness for c in colours if c is not None)
    assert result.rag is not R or R in colours


# -- at evaluation level --------------------------------------------------------------------

AS_OF = dt.date(2018, 11, 30)


def belfast_plan() -> dict[str, Any]:
    """46 actions under two objectives: 38 on schedule, 2 due soon, 6 overdue."""

    def action(i: int, due: str, objective: str) -> dict[str, Any]:
        return {
            "id": f"A{i:02d}",
            "objective": objective,
            "statement": f"Action {i}",
            "status": "in-progress",
            "due": due,
        }

    actions = [action(i, "2019-03-31", "O1") for i in range(38)]
    actions += [action(i, "2018-12-07", "O2") for i in range(38, 40)]
    actions += [action(i, "2018-10-31", "O2") for i in range(40, 46)]
    return {
        "partnership": "Belfast example",
        "objectives": [
            {
                "id": "O1",
                "statement": "Disrupt exploitation",
                "pillar": "pursue",
                "stage": "discovery",
            },
            {
                "id": "O2",
                "statement": "Support survivors",
                "pillar": "prepare",
                "stage": "recovery",
                "indicators": ["I1"],
            },
        ],
        "actions": actions,
        "indicators": [
            {"id": "I1", "name": "Total of 6 service users", "unit": "count", "target": 6}
        ],
    }


def run(data: dict[str, Any], **params: Any) -> Evaluation:
    ruleset = Ruleset(name="t", version="1", params={"rag": params})
    return evaluate(
        plan_from_mapping(data), as_of=AS_OF, ruleset=ruleset, plugins=rag_plugins(), strict=True
    )


def by_level(result: Evaluation, level: str) -> dict[str, dict[str, Any]]:
    return {str(r["subject"]): dict(r) for r in result.sections["rollup"] if r["level"] == level}


def test_partnership_rollup_reports_the_distribution() -> None:
    result = run(belfast_plan())
    (partnership,) = result.statuses_of("partnership")
    assert partnership.rag is R
    assert partnership.evidence["counts"] == {
        "green": 38,
        "amber": 2,
        "red": 6,
        "blue": 0,
        "grey": 1,
        "none": 0,
    }
    row = by_level(result, "partnership")["Belfast example"]
    assert (row["green"], row["amber"], row["red"], row["grey"], row["total"]) == (38, 2, 6, 1, 47)
    majority = run(belfast_plan(), rollup="majority")
    assert majority.statuses_of("partnership")[0].rag is G


def test_objective_pillar_and_stage_rollups() -> None:
    result = run(belfast_plan())
    objectives = {s.subject: s.rag for s in result.statuses_of("objective")}
    assert objectives == {"O1": G, "O2": R}
    assert {s.subject: s.rag for s in result.statuses_of("pillar")} == {"pursue": G, "prepare": R}
    assert {s.subject: s.rag for s in result.statuses_of("stage")} == {
        "discovery": G,
        "recovery": R,
    }
    o2 = by_level(result, "objective")["O2"]
    assert (o2["amber"], o2["red"], o2["grey"], o2["total"]) == (2, 6, 1, 9)
    items = result.statuses_of("objective")[1].evidence["items"]
    assert {"kind": "indicator", "subject": "I1", "rag": GREY} in items  # type: ignore[operator]


def test_pillar_includes_indicators_tagged_with_it_and_skips_empty_pillars() -> None:
    data = belfast_plan()
    data["indicators"].append({"id": "I2", "name": "Prosecutions", "pillar": "pursue", "target": 3})
    data["observations"] = [{"indicator": "I2", "period": "2018-19 Q2", "value": 1}]
    pillars = {s.subject: s for s in run(data).statuses_of("pillar")}
    assert set(pillars) == {"pursue", "prepare"}
    assert pillars["pursue"].rag is R
    assert pillars["pursue"].evidence["counts"]["red"] == 1  # type: ignore[index]


def test_objective_with_nothing_to_rate_is_grey() -> None:
    result = run({"partnership": "P", "objectives": [{"id": "O1", "statement": "x"}]})
    (status,) = result.statuses_of("objective")
    assert (status.rag, status.reason) == (GREY, "there is nothing to rate")
