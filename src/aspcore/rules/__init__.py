"""Rules, rulesets and the engine that runs them."""

from aspcore.rules.engine import DEFAULT_RULESET, compile_ruleset, evaluate, resolve_ruleset
from aspcore.rules.evaluation import Evaluation
from aspcore.rules.rule import SUBJECT_KINDS, Row, Rule, RuleContext, rule
from aspcore.rules.ruleset import Ruleset, load_ruleset

__all__ = [
    "DEFAULT_RULESET",
    "SUBJECT_KINDS",
    "Evaluation",
    "Row",
    "Rule",
    "RuleContext",
    "Ruleset",
    "compile_ruleset",
    "evaluate",
    "load_ruleset",
    "resolve_ruleset",
    "rule",
]
