"""aspcore: rules for anti-slavery partnerships' plans, monitoring and reporting.

The public API is what this module exports; everything else is an implementation detail.

>>> import aspcore, datetime
>>> plan = aspcore.load_plan("examples/northshire-plan.yaml")            # doctest: +SKIP
>>> result = aspcore.evaluate(plan, as_of=datetime.date(2018, 11, 30))  # doctest: +SKIP
"""

from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("aspcore")
except metadata.PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"

from aspcore.errors import (
    AspcoreError,
    ExpressionError,
    InputFileError,
    PeriodError,
    PlanError,
    PluginError,
    RulesetError,
    SchemaError,
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

__all__ = [
    "Action",
    "AspcoreError",
    "Assumption",
    "ChainNode",
    "Evaluation",
    "Expression",
    "ExpressionError",
    "Finding",
    "Indicator",
    "InputFileError",
    "Objective",
    "Observation",
    "Period",
    "PeriodError",
    "Plan",
    "PlanError",
    "PluginError",
    "Rag",
    "Risk",
    "Row",
    "Rule",
    "RuleContext",
    "Ruleset",
    "RulesetError",
    "SchemaError",
    "Severity",
    "Status",
    "Timescale",
    "TimescaleError",
    "__version__",
    "compile_expression",
    "evaluate",
    "get_plugins",
    "hookimpl",
    "load_plan",
    "parse_period",
    "parse_timescale",
    "plan_from_mapping",
    "rule",
]
