"""The same action rule for the ``rule-engine`` package, evaluated per row as it is meant to be.

rule-engine matches one Python object at a time against compiled rules.  The action decision is
written as its rules, tried in order (first match wins); the row's values are computed into the
context it reads.  It yields the colour only, not the reason, so it does less than aspcore.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["RuleEngineRag"]

_ORDER = [
    ("blue", 'status == "complete"'),
    ("none", 'status == "cancelled"'),
    ("grey", "due == null"),
    ("red", "(due - as_of).days < 0"),
    ("red", "shortfall != null and shortfall > red"),
    ("amber", "shortfall != null and shortfall > amber"),
    ("amber", "(due - as_of).days <= soon and (progress == null or progress < soon_progress)"),
    ("green", "true"),
]


class RuleEngineRag:
    """The action RAG rule as rule-engine rules, compiled once."""

    def __init__(self) -> None:
        import rule_engine

        context = rule_engine.Context(default_value=None)
        self.expected = rule_engine.Rule(
            "start == null or due == null or due <= start ? null : "
            "((as_of - start).days / (due - start).days) * 100",
            context=context,
        )
        self.rules = [(colour, rule_engine.Rule(text, context=context)) for colour, text in _ORDER]

    def rate(self, row: Mapping[str, Any], as_of: dt.datetime) -> str | None:
        """The colour of one action."""
        ctx = {**row, "as_of": as_of, "red": 40, "amber": 15, "soon": 14, "soon_progress": 75}
        expected = self.expected.evaluate(ctx)
        progress = ctx["progress"]
        if expected is not None:
            expected = round(min(100, max(0, float(expected))), 1)
        ctx["shortfall"] = (
            round(expected - progress, 1) if expected is not None and progress is not None else None
        )
        for colour, rule in self.rules:
            if rule.matches(ctx):
                return None if colour == "none" else colour
        raise AssertionError("the last rule always matches")

    def rate_all(self, rows: Iterable[Mapping[str, Any]], as_of: dt.datetime) -> list[str | None]:
        """The colour of every action, one at a time."""
        return [self.rate(row, as_of) for row in rows]
