"""The risk heat map agrees with the risk register beside it: each cell is banded by the
risks' own scheme, as the register bands a risk in that cell.

The bundled plan's R3 (likelihood 4, impact 2, score 8) is "High" and red in the register under
the Fife 4x4 grid; the heat map used to put it in an amber "medium" cell by a rule of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import attrs
import pytest

import aspcore
from aspcore.model import Plan, Rag
from aspcore.report import compose, render
from aspcore.report.colours import TINTS
from aspcore.report.model import HeatMap
from aspcore.risk import load_scheme
from aspcore.risk.grid import likelihood_impact_grid
from aspcore.rules.evaluation import Evaluation

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "northshire-plan.yaml"
AS_OF = dt.date(2018, 11, 30)


@pytest.fixture(scope="module")
def example() -> tuple[Plan, Evaluation]:
    plan = aspcore.load_plan(EXAMPLE)
    return plan, aspcore.evaluate(plan, as_of=AS_OF)


def heat_map(plan: Plan, evaluation: Evaluation) -> HeatMap:
    blocks = [b for s in compose(evaluation, plan).sections for b in s.blocks]
    (heat,) = [b for b in blocks if isinstance(b, HeatMap)]
    return heat


def test_the_fife_grid_is_banded_as_the_scheme_file_says() -> None:
    """rulesets/risk-schemes/fife-4x4.toml: "The grid can only produce 1, 2, 3, 4, 6, 8, 9, 12
    and 16, so the bands hold {1, 2, 3}, {4, 6}, {8, 9} and {12, 16}" (low green, medium amber,
    high red, very high red)."""
    cells = likelihood_impact_grid(load_scheme("fife-4x4"))
    assert cells is not None and len(cells) == 16
    expected = {1: "low", 2: "low", 3: "low", 4: "medium", 6: "medium", 8: "high", 9: "high"}
    expected |= {12: "very-high", 16: "very-high"}
    colours = {"low": Rag.GREEN, "medium": Rag.AMBER, "high": Rag.RED, "very-high": Rag.RED}
    for cell in cells:
        assert cell.score == cell.likelihood * cell.impact
        assert cell.band == expected[cell.likelihood * cell.impact]
        assert cell.rag is colours[cell.band]


def test_a_scheme_that_reads_more_than_likelihood_and_impact_has_no_grid() -> None:
    assert likelihood_impact_grid(load_scheme("morile-style")) is None


def test_each_risks_cell_shows_the_band_the_register_gives_it(
    example: tuple[Plan, Evaluation],
) -> None:
    plan, evaluation = example
    heat = heat_map(plan, evaluation)
    cells = {(c.likelihood, c.impact): c for c in heat.cells}
    register = {row["id"]: row for row in evaluation.sections["risks"]}
    for risk in heat.risks:
        cell = cells[(risk.likelihood, risk.impact)]
        row = register[risk.id]
        assert (cell.score, cell.label, cell.rag) == (row["score"], row["label"], row["rag"])
    r3 = cells[(4, 2)]
    assert (r3.score, r3.label, r3.rag) == (8, "High", Rag.RED)
    assert heat.description.endswith("Cells are coloured by the bands of the fife-4x4 scheme.")


def test_the_chart_tints_each_cell_with_its_bands_colour_and_names_it(
    example: tuple[Plan, Evaluation],
) -> None:
    plan, evaluation = example
    html = str(render(evaluation, plan, "html"))
    chart = html[html.index('<title id="risks-1-t">Risk heat map') :]
    chart = chart[: chart.index("</svg>")]
    fills = re.findall(r'<rect[^>]*fill="(#[0-9A-Fa-f]{6})"', chart)
    labels = re.findall(r">(\d+ [A-Z][a-z]+(?: [a-z]+)?)</text>", chart)
    assert len(fills) == 16 and len(labels) == 16
    assert "8 High" in labels and "4 Medium" in labels and "16 Very high" in labels
    # the cells run impact 4 down to 1, likelihood 1 to 4: R3's cell (4, 2) is the 12th
    assert labels[11] == "8 High" and fills[11] == TINTS[Rag.RED].background


def test_risks_of_two_schemes_leave_the_cells_blank_and_say_why(
    example: tuple[Plan, Evaluation],
) -> None:
    plan, _ = example
    mixed = attrs.evolve(
        plan,
        risks=[attrs.evolve(r, scheme="morile-style") if r.id == "R3" else r for r in plan.risks],
    )
    heat = heat_map(mixed, aspcore.evaluate(mixed, as_of=AS_OF))
    assert [r.id for r in heat.risks] == ["R2", "R1", "R3"]
    assert heat.cells == ()
    assert heat.description.endswith("Cells are not coloured: the risks use 2 schemes.")


def test_cells_an_evaluation_did_not_write_are_left_out(example: tuple[Plan, Evaluation]) -> None:
    """A recorded evaluation edited by hand may hold anything; the chart keeps what it can."""
    plan, evaluation = example
    grid = {"scheme": "fife-4x4", "cells": ["a cell", {"likelihood": "two"}, None]}
    edited = attrs.evolve(evaluation, sections={**evaluation.sections, "risk-grids": [grid]})
    heat = heat_map(plan, edited)
    assert heat.cells == ()
    assert str(render(edited, plan, "html")).count("Risk heat map") >= 1
