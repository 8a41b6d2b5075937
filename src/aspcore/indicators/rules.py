"""Rule family ``indicators``: compute blocks are checked when a plan is, before any data.

``IND-001`` reads each computed indicator's ``compute`` block as :func:`compute_indicators`
would, so ``aspcore check`` reports a block that cannot be used (an unknown key or measure, a
condition that does not parse) without case data at hand.  The rule also declares the family's
parameters (``[params.indicators]``) with their defaults, so rulesets that set them are linted.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from aspcore.hookspecs import hookimpl
from aspcore.indicators.definition import parse_compute
from aspcore.indicators.measures import measure_registry
from aspcore.indicators.params import FAMILY, IndicatorParams
from aspcore.model import Finding, Indicator
from aspcore.rules.rule import Rule, RuleContext, rule

if TYPE_CHECKING:
    from aspcore.plugins import Plugins

__all__ = [
    "DEFAULTS",
    "aspcore_register_rules",
    "check_indicator_params",
    "compute_block_usable",
]

#: The family's parameters and their defaults (see :class:`IndicatorParams`).
DEFAULTS: dict[str, object] = {
    field.name: list(value) if isinstance(value := field.default, tuple) else value
    for field in attrs.fields(IndicatorParams)
}


def check_indicator_params(params: Mapping[str, Any], _plugins: Plugins | None) -> None:
    """Raise :class:`~aspcore.errors.RulesetError` unless ``IND-001`` can read the family's
    parameters (for ``aspcore rulesets lint``: the same reading the rule makes)."""
    IndicatorParams.from_mapping(params)


@rule(
    "IND-001",
    family=FAMILY,
    title="A computed indicator's compute block can be used",
    applies_to="indicator",
    severity="error",
    params=DEFAULTS,
    suggestion="See docs/indicators.md for the compute block.",
    check_params=check_indicator_params,
)
def compute_block_usable(indicator: Indicator, ctx: RuleContext) -> Iterator[Finding]:
    """An indicator that says how it is computed must say it in a form that can be computed."""
    if indicator.compute is None:
        return
    params = IndicatorParams.from_mapping(ctx.params, source=ctx.ruleset)
    _spec, problems = parse_compute(indicator, measure_registry(ctx.plugins), params)
    for problem in problems:
        yield ctx.finding(
            indicator.id, problem.message, evidence=problem.evidence, line=indicator.line
        )


@hookimpl(trylast=True)
def aspcore_register_rules() -> list[Rule]:
    """The ``indicators`` family."""
    return [compute_block_usable]
