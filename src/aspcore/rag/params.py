"""The ``[params.rag]`` parameters: their defaults, and typed reading with clear errors.

Every threshold of the RAG family is a parameter of this one table, shared by all its rules, so
a ruleset changes a threshold in one place.  The defaults and their sources are documented in
``docs/rules/rag.md`` and in the family's ruleset fragment.  A value of the wrong type or out of
range raises :class:`~aspcore.errors.RulesetError` naming the parameter.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from aspcore.errors import RulesetError

__all__ = [
    "BUILTIN_SCHEMES",
    "DEFAULT_PARAMS",
    "boolean",
    "number",
    "table",
    "text",
    "text_list",
]

#: The published indicator schemes; bands are over the shortfall against target, in percent.
#: Each ``source`` quotes the published key; a number no source fixes is called illustrative.
BUILTIN_SCHEMES: dict[str, dict[str, Any]] = {
    "belfast": {
        "source": 'Belfast City Council self-assessment key: green "on target or exceeded target '
        '(within 1 per cent or better)", amber "slightly adrift of target (between 1 per cent '
        'and 5 per cent)", red "adrift of target (more than 5 per cent)"',
        "bands": [
            {"rag": "green", "max": 1},
            {"rag": "amber", "above": 1, "max": 5},
            {"rag": "red", "above": 5},
        ],
        "red_unless_improved": False,
    },
    "havering": {
        "source": "London Borough of Havering: green within 10% of target; beyond 10% amber "
        '"where performance has improved or been maintained" on the same period last year, '
        "else red",
        "bands": [
            {"rag": "green", "max": 10},
            {"rag": "amber", "above": 10},
        ],
        "red_unless_improved": True,
    },
    "camms": {
        "source": "Camms interplan manual, KPI performance calculations: green at 100% of "
        "target or better, amber from (100 - variance)% up to 100%, red below (100 - "
        "variance)%; Camms sets the variance per KPI, so the 30 here (amber down to 70% of "
        "target) is illustrative",
        "bands": [
            {"rag": "green", "max": 0},
            {"rag": "amber", "above": 0, "max": 30},
            {"rag": "red", "above": 30},
        ],
        "red_unless_improved": False,
    },
}

#: Defaults of every ``[params.rag]`` parameter (sources in docs/rules/rag.md).
DEFAULT_PARAMS: dict[str, Any] = {
    "brag": True,
    "amber_shortfall": 15,
    "red_shortfall": 40,
    "due_soon_days": 14,
    "due_soon_progress": 75,
    "scheme": "belfast",
    "schemes": BUILTIN_SCHEMES,
    "average_units": ["percent"],
    "unchanged_tolerance": 0,
    "rollup": "worst_of",
    "weights": {"red": 0, "amber": 50, "green": 100, "blue": 100},
    "weighted_green": 80,
    "weighted_amber": 50,
}


def _where(name: str) -> str:
    return f"params.rag.{name}"


def number(
    params: Mapping[str, Any],
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
) -> float:
    """A finite number between ``low`` and ``high`` (inclusive)."""
    value = params.get(name, DEFAULT_PARAMS.get(name))
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise RulesetError(f"{_where(name)} must be a number, found {value!r}")
    if (low is not None and value < low) or (high is not None and value > high):
        span = (
            f"between {low:g} and {high:g}"
            if low is not None and high is not None
            else (f"at least {low:g}" if low is not None else f"at most {high:g}")
        )
        raise RulesetError(f"{_where(name)} must be {span}, found {value!r}")
    return float(value)


def boolean(params: Mapping[str, Any], name: str) -> bool:
    """A true/false parameter."""
    value = params.get(name, DEFAULT_PARAMS.get(name))
    if not isinstance(value, bool):
        raise RulesetError(f"{_where(name)} must be true or false, found {value!r}")
    return value


def text(params: Mapping[str, Any], name: str, choices: tuple[str, ...] | None = None) -> str:
    """A text parameter, optionally one of ``choices``."""
    value = params.get(name, DEFAULT_PARAMS.get(name))
    if not isinstance(value, str) or (choices is not None and value not in choices):
        allowed = f"one of {', '.join(choices)}" if choices else "text"
        raise RulesetError(f"{_where(name)} must be {allowed}, found {value!r}")
    return value


def text_list(params: Mapping[str, Any], name: str) -> tuple[str, ...]:
    """A list of text."""
    value = params.get(name, DEFAULT_PARAMS.get(name))
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise RulesetError(f"{_where(name)} must be a list of text, found {value!r}")
    return tuple(value)


def table(params: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    """A table (mapping) parameter."""
    value = params.get(name, DEFAULT_PARAMS.get(name))
    if not isinstance(value, Mapping):
        raise RulesetError(f"{_where(name)} must be a table, found {value!r}")
    return value
