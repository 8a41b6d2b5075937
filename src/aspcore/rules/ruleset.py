"""Rulesets: named, versioned TOML files of parameters, switches and extra rules.

A ruleset may ``extends`` another (by name, or by a path relative to its own file); the child's
parameters override the parent's per family, its ``disable``/``enable`` lists and ``[severity]``
overrides are applied on top, and its ``[[rules]]`` are added (or replace a parent rule with the
same id).  A cycle of ``extends`` is a :class:`~aspcore.errors.RulesetError`.  Rulesets are data:
they cannot import, read files or run code; their ``when`` expressions are compiled by the safe
expression language.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from aspcore.errors import RulesetError
from aspcore.model import Severity
from aspcore.rules.rule import SUBJECT_KINDS, Rule

__all__ = [
    "RULESET_KEYS",
    "Ruleset",
    "load_ruleset",
    "read_ruleset_file",
    "read_toml_file",
    "toml_rule",
]

#: Top-level keys a ruleset file may hold (a contract: add, never rename).
RULESET_KEYS = frozenset(
    {
        "name",
        "version",
        "extends",
        "description",
        "disable",
        "enable",
        "params",
        "severity",
        "rules",
    }
)
#: Keys of one ``[[rules]]`` table.
RULE_KEYS = frozenset(
    {
        "id",
        "applies_to",
        "when",
        "severity",
        "message",
        "suggestion",
        "title",
        "family",
        "params",
        "description",
    }
)


@attrs.frozen
class Ruleset:
    """A resolved ruleset: its own identity plus everything inherited through ``extends``."""

    name: str
    version: str
    description: str = ""
    chain: tuple[str, ...] = ()
    params: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict)
    disabled: frozenset[str] = frozenset()
    enabled: frozenset[str] = frozenset()
    severity: Mapping[str, Severity] = attrs.field(factory=dict)
    rules: tuple[Rule, ...] = ()
    source: str | None = None

    @property
    def label(self) -> str:
        """``name version``, as reports print it."""
        return f"{self.name} {self.version}"

    def is_enabled(self, rule: Rule) -> bool:
        """Whether ``rule`` runs under this ruleset (explicit enable beats disable)."""
        if rule.id in self.enabled:
            return True
        if rule.id in self.disabled or rule.family in self.disabled:
            return False
        return rule.default_enabled or rule.family in self.enabled

    def to_dict(self) -> dict[str, Any]:
        """The identity printed in evaluations: name, version and the extends chain."""
        return {"name": self.name, "version": self.version, "chain": list(self.chain)}


def read_ruleset_file(path: Path) -> dict[str, Any]:
    """Parse a ruleset TOML file; unreadable TOML raises :class:`RulesetError` with the line."""
    return read_toml_file(path, "ruleset")


def read_toml_file(path: Path, kind: str) -> dict[str, Any]:
    """Parse a TOML file of ruleset data (a ruleset, a RAG scheme: ``kind`` names it in errors).

    A missing or unreadable file, or text that is not TOML, raises :class:`RulesetError` naming
    the file (and, for bad TOML, the line).
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise RulesetError(f"{path}: no such {kind} file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesetError(f"{path}: cannot be read as UTF-8 text ({exc})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesetError(f"{path}: expected TOML: {exc}") from None


def toml_rule(data: Mapping[str, Any], *, source: str) -> Rule:
    """Build a Rule from one ``[[rules]]`` table (the expression is compiled by the engine)."""
    rule_id = data.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        raise RulesetError(f"{source}: every [[rules]] entry needs an 'id'")
    applies_to = data.get("applies_to")
    kinds = [k for k in SUBJECT_KINDS if k != "evaluation"]
    if applies_to not in kinds:
        raise RulesetError(
            f"{source}: rule {rule_id}: applies_to must be one of {', '.join(kinds)}, "
            f"found {applies_to!r}"
        )
    when = data.get("when")
    if not isinstance(when, str) or not when.strip():
        raise RulesetError(f"{source}: rule {rule_id} needs a 'when' expression")
    try:
        severity = Severity(str(data.get("severity", "warning")))
    except ValueError:
        raise RulesetError(
            f"{source}: rule {rule_id}: severity must be info, warning or error, "
            f"found {data.get('severity')!r}"
        ) from None
    params = data.get("params", {})
    if not isinstance(params, Mapping):
        raise RulesetError(f"{source}: rule {rule_id}: params must be a table")
    return Rule(
        id=rule_id,
        family=str(data.get("family", "local")),
        title=str(data.get("title", rule_id)),
        applies_to=applies_to,
        severity=severity,
        params=dict(params),
        when=when,
        message=str(data.get("message", f"{rule_id} matched {{id}}")),
        suggestion=str(data.get("suggestion", "")),
        plugin=source,
        description=str(data.get("description", "")),
    )


def _str_list(value: object, key: str, source: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RulesetError(f"{source}: '{key}' must be a list of rule ids or families")
    return frozenset(value)


def _merge(parent: Ruleset | None, data: Mapping[str, Any], source: str) -> Ruleset:
    unknown = sorted(set(data) - RULESET_KEYS)
    if unknown:
        raise RulesetError(
            f"{source}: unknown key(s) {', '.join(unknown)}; a ruleset may hold "
            f"{', '.join(sorted(RULESET_KEYS))}"
        )
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise RulesetError(f"{source}: a ruleset needs a 'name'")
    params_in = data.get("params", {})
    if not isinstance(params_in, Mapping) or not all(
        isinstance(v, Mapping) for v in params_in.values()
    ):
        raise RulesetError(f"{source}: [params] must hold one table per family, e.g. [params.rag]")
    params: dict[str, dict[str, Any]] = {
        family: dict(values) for family, values in (parent.params if parent else {}).items()
    }
    for family, values in params_in.items():
        params.setdefault(family, {}).update(values)
    severity: dict[str, Severity] = dict(parent.severity if parent else {})
    raw_severity = data.get("severity", {})
    if not isinstance(raw_severity, Mapping):
        raise RulesetError(f"{source}: [severity] must map rule ids to info, warning or error")
    for rule_id, level in raw_severity.items():
        try:
            severity[rule_id] = Severity(level)
        except ValueError:
            raise RulesetError(
                f"{source}: severity of {rule_id} must be info, warning or error, found {level!r}"
            ) from None
    enable = _str_list(data.get("enable"), "enable", source)
    disable = _str_list(data.get("disable"), "disable", source)
    raw_rules = data.get("rules", [])
    if not isinstance(raw_rules, list):
        raise RulesetError(f"{source}: 'rules' must be an array of tables ([[rules]])")
    rules = {r.id: r for r in (parent.rules if parent else ())}
    for entry in raw_rules:
        built = toml_rule(entry, source=source)
        rules[built.id] = built
    return Ruleset(
        name=name,
        version=str(data.get("version", "0")),
        description=str(data.get("description", "")),
        chain=(*(parent.chain if parent else ()), name),
        params=params,
        disabled=((parent.disabled if parent else frozenset()) - enable) | disable,
        enabled=((parent.enabled if parent else frozenset()) - disable) | enable,
        severity=severity,
        rules=tuple(rules.values()),
        source=source,
    )


def load_ruleset(
    ref: str | Path, known: Mapping[str, Path], *, _stack: tuple[str, ...] = ()
) -> Ruleset:
    """Resolve a ruleset by name (one of ``known``) or by path, following ``extends``.

    ``known`` maps ruleset names to files (the bundled rulesets and those plugins register).
    """
    path = Path(ref)
    if isinstance(ref, str) and ref in known:
        path = known[ref]
    elif not (path.suffix == ".toml" or path.exists()):
        available = ", ".join(sorted(known)) or "none"
        raise RulesetError(f"no ruleset named {str(ref)!r}; available rulesets: {available}")
    key = str(path.resolve())
    if key in _stack:
        cycle = " -> ".join([*(Path(s).name for s in _stack), path.name])
        raise RulesetError(f"rulesets extend each other in a cycle: {cycle}")
    data = read_ruleset_file(path)
    parent_ref = data.get("extends")
    parent = None
    if parent_ref is not None:
        if not isinstance(parent_ref, str):
            raise RulesetError(f"{path}: 'extends' must be the name or path of one ruleset")
        local = path.parent / parent_ref
        target: str | Path = local if parent_ref.endswith(".toml") else parent_ref
        parent = load_ruleset(target, known, _stack=(*_stack, key))
    return _merge(parent, data, str(path))
