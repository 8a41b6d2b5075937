"""Rules: what they apply to, their parameters, and the context they run in.

A :class:`Rule` is either a Python function (declared with :func:`rule`) or a TOML rule whose
``when`` expression decides whether it fires.  Both are run by the engine the same way, over
every subject of the kind they apply to, with a :class:`RuleContext` that gives them the plan,
``as_of``, their parameters (defaults overridden by the ruleset) and helpers that stamp the rule's
id, severity and thresholds on every finding and status they return.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import attrs

from aspcore.model import Finding, Plan, Rag, Severity, Status

if TYPE_CHECKING:
    from aspcore.plugins import Plugins

__all__ = [
    "SUBJECT_KINDS",
    "Outcome",
    "ParamsCheck",
    "Row",
    "Rule",
    "RuleContext",
    "RuleFunction",
    "SubjectKind",
    "rule",
]

SubjectKind: TypeAlias = Literal[
    "plan",
    "objective",
    "action",
    "chain-node",
    "indicator",
    "observation",
    "risk",
    "assumption",
    "evaluation",
]
#: Subject kinds in the order the engine runs them; ``evaluation`` rules run last and see the
#: findings and statuses of all the others (roll-ups, exception lists).
SUBJECT_KINDS: tuple[SubjectKind, ...] = (
    "plan",
    "objective",
    "action",
    "chain-node",
    "indicator",
    "observation",
    "risk",
    "assumption",
    "evaluation",
)


@attrs.frozen
class Row:
    """A row of a named section of the evaluation (``smart`` scorecards, ``coverage``, ...)."""

    section: str
    data: Mapping[str, object]


Outcome: TypeAlias = Finding | Status | Row
RuleFunction: TypeAlias = Callable[[Any, "RuleContext"], "Iterable[Outcome] | Outcome | None"]
#: Checks a family's parameters as a ruleset sets them (merged over the rule's defaults): raises
#: :class:`~aspcore.errors.RulesetError` for the first value the rule could not use.  The rule
#: itself reads its parameters through the same functions, so ``aspcore rulesets lint`` reports
#: before any plan is checked what ``aspcore check`` would refuse.
ParamsCheck: TypeAlias = Callable[[Mapping[str, Any], "Plugins | None"], None]


@attrs.frozen
class Rule:
    """A rule: identity, what it applies to, default parameters and how it decides.

    Exactly one of ``function`` (Python rules) or ``when`` (TOML rules, an expression source)
    is set.  ``params`` are defaults; a ruleset overrides them per family.  ``check_params``,
    when set, validates the family's parameters as a ruleset sets them (see :data:`ParamsCheck`).
    """

    id: str
    family: str
    title: str
    applies_to: SubjectKind
    severity: Severity = Severity.WARNING
    params: Mapping[str, object] = attrs.field(factory=dict)
    function: RuleFunction | None = attrs.field(default=None, eq=False)
    when: str | None = None
    message: str = ""
    suggestion: str = ""
    plugin: str = ""
    default_enabled: bool = True
    description: str = ""
    check_params: ParamsCheck | None = attrs.field(default=None, eq=False)

    def __attrs_post_init__(self) -> None:
        if (self.function is None) == (self.when is None):
            raise ValueError(f"rule {self.id}: give exactly one of a function or a 'when'")
        if self.applies_to not in SUBJECT_KINDS:
            raise ValueError(
                f"rule {self.id}: applies_to must be one of {', '.join(SUBJECT_KINDS)}, "
                f"not {self.applies_to!r}"
            )


def rule(
    id: str,
    *,
    family: str,
    title: str,
    applies_to: SubjectKind,
    severity: Severity | str = Severity.WARNING,
    params: Mapping[str, object] | None = None,
    suggestion: str = "",
    default_enabled: bool = True,
    check_params: ParamsCheck | None = None,
) -> Callable[[RuleFunction], Rule]:
    """Declare a Python rule; the decorated function becomes a :class:`Rule`.

    The function receives the subject and a :class:`RuleContext` and returns ``None``, one
    :class:`~aspcore.Finding`/:class:`~aspcore.Status`/:class:`Row`, or an iterable of them.
    Its docstring becomes the rule's description.
    """

    def decorate(function: RuleFunction) -> Rule:
        return Rule(
            id=id,
            family=family,
            title=title,
            applies_to=applies_to,
            severity=Severity(severity),
            params=dict(params or {}),
            function=function,
            suggestion=suggestion,
            plugin=getattr(function, "__module__", ""),
            default_enabled=default_enabled,
            description=(function.__doc__ or "").strip(),
            check_params=check_params,
        )

    return decorate


@attrs.define
class RuleContext:
    """What a rule can see: the plan, ``as_of``, its parameters and the ruleset's identity.

    ``memo`` is shared by every rule of one evaluation, for values several rules derive from the
    plan (the chain graph, SMART scorecards) so they are computed once.  ``plugins`` is the
    plugin manager of the evaluation, for registries plugins extend (risk schemes).
    """

    plan: Plan
    as_of: dt.date
    rule: Rule
    params: Mapping[str, Any]
    severity: Severity
    ruleset: str
    family_params: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict)
    memo: dict[str, Any] = attrs.field(factory=dict)
    plugins: Plugins | None = None

    def param(self, name: str) -> Any:
        """The value of one of this rule's parameters."""
        return self.params[name]

    def family(self, family: str) -> Mapping[str, Any]:
        """Parameters of another family (e.g. the RAG scheme a roll-up should use)."""
        return self.family_params.get(family, {})

    def finding(
        self,
        subject: str,
        message: str,
        *,
        kind: str | None = None,
        evidence: Mapping[str, object] | None = None,
        suggestion: str | None = None,
        severity: Severity | None = None,
        line: int | None = None,
    ) -> Finding:
        """A finding stamped with this rule's id, severity (as overridden) and plugin."""
        return Finding(
            rule=self.rule.id,
            subject=subject,
            subject_kind=kind or self.rule.applies_to,
            severity=severity or self.severity,
            message=message,
            evidence=evidence or {},
            suggestion=self.rule.suggestion if suggestion is None else suggestion,
            plugin=self.rule.plugin,
            line=line,
        )

    def status(
        self,
        subject: str,
        rag: Rag | None,
        reason: str,
        *,
        kind: str | None = None,
        evidence: Mapping[str, object] | None = None,
        period: str | None = None,
    ) -> Status:
        """A status stamped with this rule's id; ``evidence`` should hold inputs and thresholds."""
        return Status(
            subject=subject,
            kind=kind or self.rule.applies_to,
            rag=rag,
            reason=reason,
            rule=self.rule.id,
            evidence=evidence or {},
            period=period,
        )
