"""Snapshots pin the Markdown and JSON of the bundled example's reports.

A change to the rules or the renderers that changes what the example says fails here, with the
difference.  When the change is intended, refresh the snapshots and review them in the diff:

    ASPCORE_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/report/test_report_snapshots.py
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from aspcore.model import Plan
from aspcore.report import render
from aspcore.rules.evaluation import Evaluation

SNAPSHOTS = Path(__file__).with_name("snapshots")
CASES = [
    ("board", "markdown", "board.md"),
    ("annual", "markdown", "annual.md"),
    ("logframe", "markdown", "logframe.md"),
    ("exceptions", "markdown", "exceptions.md"),
    ("board", "json", "evaluation.json"),
]


@pytest.mark.parametrize(("kind", "fmt", "name"), CASES)
def test_example_report_matches_its_snapshot(
    example: tuple[Plan, Evaluation], kind: str, fmt: str, name: str
) -> None:
    plan, evaluation = example
    text = str(render(evaluation, plan, fmt, kind))
    path = SNAPSHOTS / name
    if os.environ.get("ASPCORE_UPDATE_SNAPSHOTS") == "1":
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"no snapshot {name}; run with ASPCORE_UPDATE_SNAPSHOTS=1 to write it"
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                text.splitlines(keepends=True),
                f"snapshots/{name}",
                "rendered",
            )
        )
        pytest.fail(f"{name} differs from its snapshot (intended? see module docstring):\n{diff}")


def test_snapshots_are_byte_identical_across_renders(example: tuple[Plan, Evaluation]) -> None:
    plan, evaluation = example
    assert render(evaluation, plan, "html") == render(evaluation, plan, "html")
