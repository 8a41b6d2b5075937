"""The engine: run every enabled rule over its subjects and collect explained results.

:func:`evaluate` is a pure function of the plan, ``as_of``, the ruleset and the plugins: no
clock, no I/O.  Rulesets are resolved and their ``when`` expressions compiled once per plugin
manager and cached, so evaluating many plans costs only the rules themselves.  A rule that
raises (``sys.exit()`` included: :data:`aspcore.isolation.ESCAPES`) becomes an error finding
(``RULE-ERROR``) naming the rule, the plugin and the exception's type (not its text, which
may quote the plan, unless it is one of aspcore's own errors), unless ``strict``.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, ClassVar

import attrs

from aspcore import expr
from aspcore.errors import (
    AspcoreError,
    ExpressionError,
    PluginError,
    RulesetError,
    require_date,
)
from aspcore.isolation import ESCAPES, describe
from aspcore.model import Finding, Plan, Severity, Status
from aspcore.model.codes import CODES, RULE_ERROR
from aspcore.plugins import Plugins, manager_or_default
from aspcore.rules import registry
from aspcore.rules.evaluation import Evaluation
from aspcore.rules.param_checks import family_problems, value_problems
from aspcore.rules.records import FIELD_TYPES, record_of
from aspcore.rules.rule import SUBJECT_KINDS, Row, Rule, RuleContext
from aspcore.rules.ruleset import Ruleset, load_ruleset
from aspcore.version import __version__

__all__ = ["DEFAULT_RULESET", "ActiveRule", "compile_ruleset", "evaluate", "resolve_ruleset"]

DEFAULT_RULESET = "iasc-default"
_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_KIND_ORDER = {k: i for i, k in enumerate(SUBJECT_KINDS)}


@attrs.frozen
class ActiveRule:
    """A rule as it runs under one ruleset: merged parameters, severity, compiled expression."""

    rule: Rule
    params: Mapping[str, Any]
    severity: Severity
    expression: expr.Expression | None = None


def resolve_ruleset(ruleset: str | Path | Ruleset | None, plugins: Plugins) -> Ruleset:
    """The Ruleset for a name, a path or an existing Ruleset (``None`` means the default).

    Resolved rulesets are cached per plugin manager, keyed by the reference and the file's
    modification time, so evaluating many plans reads and merges the TOML once.
    """
    if isinstance(ruleset, Ruleset):
        return ruleset
    ref = ruleset if ruleset is not None else DEFAULT_RULESET
    path = registry.rulesets(plugins).get(ref) if isinstance(ref, str) else None
    file = path or Path(ref)
    stamp = file.stat().st_mtime_ns if file.is_file() else None
    cache: dict[tuple[str, int | None], Ruleset] = plugins.memo("resolved rulesets", dict)
    key = (str(ref), stamp)
    if key not in cache:
        cache[key] = load_ruleset(ref, registry.rulesets(plugins))
    return cache[key]


def _message_fields(template: str, rule_id: str) -> set[str]:
    """Placeholders of a message template; only bare ``{name}`` is allowed (no attributes)."""
    names: set[str] = set()
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise RulesetError(f"rule {rule_id}: message template is malformed: {exc}") from None
    for _text, field, spec, conversion in parsed:
        if field is None:
            continue
        if not field.isidentifier() or spec or conversion:
            raise RulesetError(
                f"rule {rule_id}: message placeholder {{{field}}} must be a plain field name"
            )
        names.add(field)
    return names


def _active(rule: Rule, ruleset: Ruleset) -> ActiveRule:
    params = {**rule.params, **ruleset.params.get(rule.family, {})}
    severity = ruleset.severity.get(rule.id, rule.severity)
    if rule.when is None:
        return ActiveRule(rule, params, severity)
    fields: dict[str, Any] = {**FIELD_TYPES.get(rule.applies_to, {})}
    for name, value in params.items():
        fields[name] = "number" if isinstance(value, int | float) else "text"
    try:
        compiled = expr.compile_expression(rule.when, fields=fields)
    except ExpressionError as exc:
        raise RulesetError(f"{rule.plugin}: rule {rule.id}: {exc}") from None
    unknown = _message_fields(rule.message, rule.id) - set(fields)
    if unknown:
        raise RulesetError(
            f"{rule.plugin}: rule {rule.id}: message uses unknown field(s) "
            f"{', '.join(sorted(unknown))}; available: {', '.join(sorted(fields))}"
        )
    return ActiveRule(rule, params, severity, compiled)


def compile_ruleset(ruleset: Ruleset, plugins: Plugins) -> tuple[ActiveRule, ...]:
    """Every enabled rule (plugins' and the ruleset's own) ready to run, in a stable order."""
    cache: dict[int, tuple[Ruleset, tuple[ActiveRule, ...]]] = plugins.memo(
        "compiled rulesets", dict
    )
    cached = cache.get(id(ruleset))
    if cached is not None and cached[0] is ruleset:
        return cached[1]
    own = {r.id: r for r in ruleset.rules}
    known = {**registry.rules(plugins), **own}
    rules = {**registry.asked_rules(plugins, ruleset.chain, ruleset.enabled), **own}
    unknown = sorted(
        name
        for name in ruleset.disabled | ruleset.enabled | set(ruleset.severity)
        if name not in known
        and name not in {r.family for r in known.values()}
        and name not in CODES
    )
    if unknown:
        raise RulesetError(
            f"ruleset {ruleset.name} names unknown rule(s) or famil(ies): {', '.join(unknown)}"
        )
    refused = [
        *value_problems(ruleset.params, rules, unknown=False),
        *family_problems(ruleset.params, rules, ruleset.is_enabled, plugins),
    ]
    if refused:  # what `rulesets lint` refuses never runs, rule by rule, as RULE-ERRORs
        more = f" (and {len(refused) - 1} more: see aspcore rulesets lint)" if refused[1:] else ""
        raise RulesetError(f"ruleset {ruleset.name}: {refused[0][2]}{more}")
    active = tuple(
        _active(rule, ruleset)
        for rule in sorted(rules.values(), key=lambda r: (_KIND_ORDER[r.applies_to], r.id))
        if ruleset.is_enabled(rule)
    )
    cache[id(ruleset)] = (ruleset, active)
    return active


def _subjects(plan: Plan, kind: str) -> Iterable[Any]:
    return {
        "plan": (plan,),
        "objective": plan.objectives,
        "action": plan.actions,
        "chain-node": plan.chain,
        "indicator": plan.indicators,
        "observation": plan.observations,
        "risk": plan.risks,
        "assumption": plan.assumptions,
    }[kind]


class _Collector:
    """What the rules have produced so far.

    Evaluation rules each see the evaluation so far, in its published order.  Each item's sort
    key is computed once, when it is first published; the keys already published stay sorted,
    so publishing again sorts only what was added since and merges it in.
    """

    def __init__(self, used: list[dict[str, str]]) -> None:
        #: The plugins (name, version) whose rules ran, for the evaluation's ruleset.
        self.used = used
        self.findings: list[Finding] = []
        self.statuses: list[Status] = []
        self.sections: dict[str, list[Mapping[str, Any]]] = {}
        self._finding_order: list[tuple[tuple[int, str, str, str], int]] = []
        self._status_order: list[tuple[tuple[str, str, str, str], int]] = []

    def sorted_findings(self) -> tuple[Finding, ...]:
        """The findings by severity, rule, subject and message."""
        order = self._finding_order
        order.extend(
            ((_SEVERITY_ORDER[f.severity], f.rule, f.subject, f.message), i)
            for i, f in enumerate(self.findings[len(order) :], start=len(order))
        )
        order.sort()
        findings = self.findings
        return tuple(findings[i] for _key, i in order)

    def sorted_statuses(self) -> tuple[Status, ...]:
        """The statuses by kind, subject, period and rule."""
        order = self._status_order
        order.extend(
            ((s.kind, s.subject, s.period or "", s.rule), i)
            for i, s in enumerate(self.statuses[len(order) :], start=len(order))
        )
        order.sort()
        statuses = self.statuses
        return tuple(statuses[i] for _key, i in order)

    def add(self, outcome: object, active: ActiveRule) -> None:
        """Keep what a rule returned: one outcome, ``None``, or an iterable of outcomes."""
        if outcome is None or self._add_one(outcome):
            return
        if not isinstance(outcome, Iterable) or isinstance(outcome, str | bytes):
            raise _unexpected(outcome, active)
        for item in outcome:
            if not self._add_one(item):
                self.add(item, active)

    def _add_one(self, outcome: object) -> bool:
        """Keep one Finding, Status or Row; ``False`` when ``outcome`` is none of them."""
        if isinstance(outcome, Status):
            self.statuses.append(outcome)
        elif isinstance(outcome, Finding):
            self.findings.append(outcome)
        elif isinstance(outcome, Row):
            self.sections.setdefault(outcome.section, []).append(dict(outcome.data))
        else:
            return False
        return True


class OutcomeTypeError(AspcoreError, TypeError):
    """A rule returned something the engine cannot keep.  The message, the engine's own, names
    only types, so a ``RULE-ERROR`` finding quotes it."""

    code: ClassVar[str] = "RULE-OUTCOME"


def _unexpected(outcome: object, active: ActiveRule) -> OutcomeTypeError:
    return OutcomeTypeError(
        f"rule {active.rule.id} returned {type(outcome).__name__}; expected a Finding, "
        "Status, Row, an iterable of them, or None"
    )


def _run_when(active: ActiveRule, subject: Any, ctx: RuleContext) -> Finding | None:
    assert active.expression is not None
    record = {**record_of(active.rule.applies_to, subject), **active.params}
    if active.expression.evaluate(record, as_of=ctx.as_of) is not True:
        return None
    message = active.rule.message.format_map({k: "" if v is None else v for k, v in record.items()})
    read = {name: record.get(name) for name in sorted(active.expression.fields)}
    return ctx.finding(
        str(record.get("id", "")),
        message,
        evidence={"when": active.rule.when, "values": read, "params": dict(active.params)},
        line=getattr(subject, "line", None),
    )


def evaluate(
    plan: Plan,
    *,
    as_of: dt.date,
    ruleset: str | Path | Ruleset | None = None,
    plugins: Plugins | None = None,
    strict: bool | None = None,
) -> Evaluation:
    """Evaluate ``plan`` at ``as_of`` under ``ruleset`` (default ``iasc-default``).

    Returns an :class:`Evaluation`; bad plan content is reported as findings.  A rule or plugin
    that raises becomes an error finding unless ``strict`` (default: the plugin manager's), which
    raises :class:`PluginError` instead.
    """
    require_date(as_of)
    plugins = manager_or_default(plugins)
    strict = plugins.strict if strict is None else strict
    resolved = resolve_ruleset(ruleset, plugins)
    try:
        active_rules = compile_ruleset(resolved, plugins)
    except RulesetError as exc:  # a plugin that failed may be why (a scheme it did not ship)
        if plugins.failures:
            if strict:
                raise PluginError(plugins.failures[0].message) from None
            raise RulesetError(f"{exc}; {plugins.failures[0].message}") from None
        raise
    if strict and plugins.failures:
        raise PluginError(plugins.failures[0].message)
    out = _Collector(used=registry.used_by(plugins, (active.rule for active in active_rules)))
    out.findings.extend(f for f in plan.issues if f.rule not in resolved.disabled)
    out.findings.extend(plugins.failures)
    reported = len(plugins.failures)
    family_params = {family: dict(values) for family, values in resolved.params.items()}
    memo: dict[str, Any] = {}
    for active in active_rules:
        ctx = RuleContext(
            plan=plan,
            as_of=as_of,
            rule=active.rule,
            params=active.params,
            severity=active.severity,
            ruleset=resolved.label,
            family_params=family_params,
            memo=memo,
            plugins=plugins,
        )
        kind = active.rule.applies_to
        subjects: Iterable[Any] = (
            (_partial(plan, as_of, resolved, out),)
            if kind == "evaluation"
            else _subjects(plan, kind)
        )
        for subject in subjects:
            try:
                if active.expression is not None:
                    out.add(_run_when(active, subject, ctx), active)
                else:
                    assert active.rule.function is not None
                    out.add(active.rule.function(subject, ctx), active)
            except ESCAPES as exc:
                error = _rule_error(active.rule, subject, kind, exc)
                if strict:
                    # a plugin that failed while the rule ran (a registry the rule built) is
                    # the likelier cause: report it first
                    failed = plugins.failures[reported:]
                    raise PluginError((failed[0] if failed else error).message) from exc
                out.findings.append(error)
    # Registries a rule builds on first use (risk and RAG schemes) fail only now.
    built_late = plugins.failures[reported:]
    if strict and built_late:
        raise PluginError(built_late[0].message)
    out.findings.extend(built_late)
    evaluation = _partial(plan, as_of, resolved, out)
    late: list[Finding] = []
    plugins.call("aspcore_evaluation_finished", sink=late, evaluation=evaluation)
    if strict and late:
        raise PluginError(late[0].message)
    if late:
        out.findings.extend(late)
        evaluation = _partial(plan, as_of, resolved, out)
    return evaluation


def _rule_error(rule: Rule, subject: Any, kind: str, exc: BaseException) -> Finding:
    """``RULE-ERROR``: ``rule`` raised ``exc`` on ``subject``, named by the exception's type.

    The exception's text is left out (it may quote the plan or case data) unless it is one of
    aspcore's own errors, written for the reader (a bad ruleset parameter, a rule's outcome the
    engine cannot keep): :func:`aspcore.isolation.describe`.
    """
    subject_id = str(getattr(subject, "id", None) or getattr(subject, "plan", kind))
    return Finding(
        rule=RULE_ERROR,
        subject=subject_id,
        subject_kind=kind,
        severity=Severity.ERROR,
        message=f"rule {rule.id} from {rule.plugin or 'unknown plugin'} failed on "
        f"{subject_id}: {describe(exc)}",
        evidence={"rule": rule.id, "plugin": rule.plugin, "error": type(exc).__name__},
        suggestion="Report this to the rule's author, or disable the rule in your ruleset",
        plugin=rule.plugin,
    )


def _partial(plan: Plan, as_of: dt.date, ruleset: Ruleset, out: _Collector) -> Evaluation:
    used = {"plugins": out.used} if out.used else {}
    return Evaluation(
        plan=plan.partnership,
        as_of=as_of,
        ruleset={**ruleset.to_dict(), **used},
        findings=out.sorted_findings(),
        statuses=out.sorted_statuses(),
        sections={name: tuple(rows) for name, rows in sorted(out.sections.items())},
        year=plan.year.label if plan.year else None,
        version=__version__,
    )
