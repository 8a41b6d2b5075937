"""The catalogue of finding codes that are not rules: what reading a plan, running the rules
and loading plugins report.

Rules name themselves (a rule's id is its code, registered through the plugins).  The codes
here are reported by the machinery around the rules, and a ruleset may still name them: disable
a plan-loading check (``disable = ["PLAN-008"]``) or change its severity.  The engine, ``rulesets
lint`` and the reference pages read this one table, so a code is known (or a typo caught) the
same way everywhere.
"""

from __future__ import annotations

import attrs

from aspcore.model.vocab import Severity

__all__ = ["CODES", "PLAN_CODES", "PLUGIN_FAILURE", "RULE_ERROR", "Code"]


@attrs.frozen
class Code:
    """One catalogued code: its title, its severity and what reports it."""

    code: str
    title: str
    severity: Severity
    source: str


#: A plugin that failed to load, raised in a hook, timed out or returned the wrong thing.
PLUGIN_FAILURE = "PLUGIN-001"
#: A rule that raised while it ran (named by the exception's type, never its text).
RULE_ERROR = "RULE-ERROR"

_PLAN = "reading the plan"
#: The plan-loading checks (documented in docs/rules/plan.md).
PLAN_CODES: dict[str, Code] = {
    code.code: code
    for code in (
        Code("PLAN-001", "Ids are unique within the plan", Severity.ERROR, _PLAN),
        Code("PLAN-002", "References point at items that exist", Severity.ERROR, _PLAN),
        Code("PLAN-003", "Timescales can be read", Severity.ERROR, _PLAN),
        Code("PLAN-004", "Values are within their range", Severity.ERROR, _PLAN),
        Code("PLAN-005", "Dates are real dates", Severity.ERROR, _PLAN),
        Code("PLAN-006", "Vocabulary values are known", Severity.ERROR, _PLAN),
        Code("PLAN-007", "Every item has an id", Severity.ERROR, _PLAN),
        Code("PLAN-008", "Fields are known", Severity.WARNING, _PLAN),
        Code("PLAN-009", "Numbers are numbers", Severity.ERROR, _PLAN),
        Code("PLAN-010", "Periods can be read", Severity.ERROR, _PLAN),
        Code("PLAN-011", "Keys are given once", Severity.ERROR, _PLAN),
    )
}

#: Every catalogued code.
CODES: dict[str, Code] = {
    **PLAN_CODES,
    PLUGIN_FAILURE: Code(PLUGIN_FAILURE, "Plugins load and answer", Severity.ERROR, "plugins"),
    RULE_ERROR: Code(RULE_ERROR, "Rules run without raising", Severity.ERROR, "the engine"),
}
