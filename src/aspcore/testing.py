"""A pytest plugin for plugin authors: fixtures for testing rules and hooks in isolation.

Installed with aspcore (entry point ``pytest11``), so a plugin package's tests can use:

* ``aspcore_as_of`` — a frozen evaluation date (2018-11-30), so results never depend on today;
* ``aspcore_sample_plan`` — a small plan built from the guide's examples;
* ``aspcore_plugins`` — a factory: ``aspcore_plugins(my_module)`` returns an isolated plugin
  manager with only the built-ins and the given plugins (installed entry points are not loaded);
* ``aspcore_evaluate`` — evaluate a plan with given plugins at the frozen date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from aspcore.io import plan_from_mapping
from aspcore.model import Plan
from aspcore.plugins import Plugins, get_plugins
from aspcore.rules import Evaluation, Ruleset, evaluate

__all__ = [
    "SAMPLE_PLAN",
    "aspcore_as_of",
    "aspcore_evaluate",
    "aspcore_plugins",
    "aspcore_sample_plan",
]

#: A small plan from the guide's examples (Derbyshire actions, Table 5 output goals).
SAMPLE_PLAN: dict[str, Any] = {
    "partnership": "Sample Modern Slavery Partnership",
    "vision": "A supportive place for victims and a hostile place for perpetrators",
    "year": "2018-19",
    "objectives": [
        {
            "id": "O1",
            "statement": "Support potential victims while they decide whether to enter the NRM",
            "pillar": "prepare",
            "stage": "respite",
            "owner": "Support provider manager",
            "timescale": "for 5 months in 2018",
            "indicators": ["I1"],
        }
    ],
    "actions": [
        {
            "id": "A1",
            "objective": "O1",
            "statement": "Develop and publish a county/city wide MSP Newsletter",
            "owner": "Communications officer",
            "timescale": "Sept 2018",
            "status": "in-progress",
            "progress": 60,
            "rag": "green",
        }
    ],
    "chain": [
        {
            "id": "OUT1",
            "level": "output",
            "statement": "Service users",
            "from": ["A1"],
            "indicators": ["I1"],
        },
    ],
    "indicators": [
        {
            "id": "I1",
            "name": "Total of 6 service users",
            "level": "output",
            "unit": "count",
            "target": {"value": 6, "period": "2018-19"},
            "frequency": "quarterly",
            "source": "Provider monthly return",
            "owner": "Contract manager",
        }
    ],
    "observations": [{"indicator": "I1", "period": "2018-19 Q2", "value": 4}],
}


@pytest.fixture
def aspcore_as_of() -> dt.date:
    """A frozen as-of date for reproducible evaluations."""
    return dt.date(2018, 11, 30)


@pytest.fixture
def aspcore_sample_plan() -> Plan:
    """A small plan built from the guide's examples."""
    return plan_from_mapping(SAMPLE_PLAN, source="sample")


@pytest.fixture
def aspcore_plugins() -> Callable[..., Plugins]:
    """Factory of isolated plugin managers: built-ins plus the plugins you pass."""

    def make(*plugins: object) -> Plugins:
        return get_plugins(fresh=True, entry_points=False, extra=plugins)

    return make


@pytest.fixture
def aspcore_evaluate(
    aspcore_as_of: dt.date, aspcore_plugins: Callable[..., Plugins]
) -> Callable[..., Evaluation]:
    """Evaluate ``plan`` at the frozen date with only the built-ins and ``plugins``."""

    def run(
        plan: Plan,
        *plugins: object,
        ruleset: str | Path | Ruleset | None = None,
        strict: bool = False,
    ) -> Evaluation:
        return evaluate(
            plan,
            as_of=aspcore_as_of,
            ruleset=ruleset,
            plugins=aspcore_plugins(*plugins),
            strict=strict,
        )

    return run
