"""aspcore: rules for anti-slavery partnerships' plans, monitoring and reporting.

The public API is what this module exports; everything else is an implementation detail.

>>> import aspcore, datetime
>>> plan = aspcore.load_plan("examples/northshire-plan.yaml")            # doctest: +SKIP
>>> result = aspcore.evaluate(plan, as_of=datetime.date(2018, 11, 30))  # doctest: +SKIP

``aspcore.compute_indicators(plan, data, *, as_of, publish=False)`` computes a plan's indicators
from case data (see :mod:`aspcore.indicators`).  It is imported on first use, because it brings
the dataframe libraries, which evaluating one plan does not need; so are the other types a
plugin's hooks return (``Measure``, ``SchemaSpec``, ``ColumnSpec``, ``CheckSpec``, ``Renderer``,
``Adapter``, ``ReturnReader``), :class:`~aspcore.session.Session` and
:class:`~aspcore.registries.Registries` (everything the plugins registered).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from aspcore.errors import (
    AspcoreError,
    ExpressionError,
    InputFileError,
    PeriodError,
    PlanError,
    PluginError,
    RulesetError,
    SchemaError,
    StoreBusyError,
    TimescaleError,
)
from aspcore.expr import Expression, compile_expression
from aspcore.hookspecs import hookimpl
from aspcore.io import load_plan, plan_from_mapping
from aspcore.model import (
    Action,
    Assumption,
    ChainNode,
    Finding,
    Indicator,
    Objective,
    Observation,
    Plan,
    Rag,
    Risk,
    Severity,
    Status,
)
from aspcore.periods import Period, parse_period
from aspcore.plugins import get_plugins
from aspcore.rules import Evaluation, Row, Rule, RuleContext, Ruleset, evaluate, rule
from aspcore.timescale import Timescale, parse_timescale
from aspcore.version import __version__

if TYPE_CHECKING:
    from aspcore.adapters import Adapter
    from aspcore.indicators import Measure, compute_indicators
    from aspcore.monitoring import ReturnReader
    from aspcore.registries import Registries
    from aspcore.report import Renderer
    from aspcore.schemas import CheckSpec, ColumnSpec, SchemaSpec
    from aspcore.session import Session

#: Names imported on first use, and the module each comes from.
_ON_FIRST_USE = {
    "Adapter": "aspcore.adapters",
    "CheckSpec": "aspcore.schemas",
    "ColumnSpec": "aspcore.schemas",
    "Measure": "aspcore.indicators",
    "Registries": "aspcore.registries",
    "Renderer": "aspcore.report",
    "ReturnReader": "aspcore.monitoring",
    "SchemaSpec": "aspcore.schemas",
    "Session": "aspcore.session",
    "compute_indicators": "aspcore.indicators",
}

__all__ = [
    "Action",
    "Adapter",
    "AspcoreError",
    "Assumption",
    "ChainNode",
    "CheckSpec",
    "ColumnSpec",
    "Evaluation",
    "Expression",
    "ExpressionError",
    "Finding",
    "Indicator",
    "InputFileError",
    "Measure",
    "Objective",
    "Observation",
    "Period",
    "PeriodError",
    "Plan",
    "PlanError",
    "PluginError",
    "Rag",
    "Registries",
    "Renderer",
    "ReturnReader",
    "Risk",
    "Row",
    "Rule",
    "RuleContext",
    "Ruleset",
    "RulesetError",
    "SchemaError",
    "SchemaSpec",
    "Session",
    "Severity",
    "Status",
    "StoreBusyError",
    "Timescale",
    "TimescaleError",
    "__version__",
    "compile_expression",
    "compute_indicators",
    "evaluate",
    "get_plugins",
    "hookimpl",
    "load_plan",
    "parse_period",
    "parse_timescale",
    "plan_from_mapping",
    "rule",
]


def __getattr__(name: str) -> object:
    """Names imported on first use (:data:`_ON_FIRST_USE`)."""
    module = _ON_FIRST_USE.get(name)
    if module is None:
        raise AttributeError(f"module 'aspcore' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    """The module's names, with those imported on first use (for ``dir`` and completion)."""
    return sorted({*globals(), *_ON_FIRST_USE})
