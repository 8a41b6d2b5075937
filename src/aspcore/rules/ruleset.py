"""Rulesets: named, versioned TOML files of parameters, switches and extra rules.

A ruleset may ``extends`` another (by name, or by a path relative to its own file); the child's
parameters override the parent's per family, its ``disable``/``enable`` lists and ``[severity]``
overrides are applied on top, and its ``[[rules]]`` are added (or replace a parent rule with the
same id).  A cycle of ``extends`` is a :class:`~aspcore.errors.RulesetError`.  Rulesets are data:
they cannot import, read files or run code; their ``when`` expressions are compiled by the safe
expression language.

A ruleset may come from someone else, so ``extends`` reaches only a registered ruleset or a
``.toml`` file in the ruleset's own folder (or below it): never an absolute path, a path leading
out of the folder (through ``..`` or a link), or a device (see :func:`extends_target`).  Every
ruleset file must be a regular file within the limits of :mod:`aspcore.io.limits`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

import attrs

from aspcore.errors import RulesetError
from aspcore.io import limits
from aspcore.io.bounded import read_regular_file
from aspcore.model import Severity
from aspcore.rules.rule import SUBJECT_KINDS, Rule

__all__ = [
    "RULESET_KEYS",
    "Ruleset",
    "extends_target",
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

    A missing or unreadable file, a device or pipe, a file over
    :data:`~aspcore.io.limits.MAX_RULESET_BYTES`, or text that is not TOML (arrays or tables
    nested past :data:`~aspcore.io.limits.MAX_NESTING`, an integer Python will not read) raises
    :class:`RulesetError` naming the file (and, for bad TOML, the line).
    """
    raw = read_regular_file(path, limits.MAX_RULESET_BYTES, kind=kind, error=RulesetError)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RulesetError(f"{path}: cannot be read as UTF-8 text ({exc})") from None
    deep = f"arrays or tables nested too deeply (more than {limits.MAX_NESTING} levels)"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesetError(f"{path}: expected TOML: {exc}") from None
    except ValueError:  # int() refuses text of more digits than sys.get_int_max_str_digits()
        raise RulesetError(f"{path}: expected TOML: an integer has too many digits") from None
    except RecursionError:
        raise RulesetError(f"{path}: expected TOML: {deep}") from None
    if _nesting(data) > limits.MAX_NESTING:
        raise RulesetError(f"{path}: expected TOML: {deep}")
    return data


def _nesting(data: object) -> int:
    """How many arrays and tables deep ``data`` goes (walked without recursion), stopping once
    past the limit."""
    deepest = 0
    stack: list[tuple[object, int]] = [(data, 1)]
    while stack and deepest <= limits.MAX_NESTING:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return deepest


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


def extends_target(
    path: Path, ref: str, known: Mapping[str, Path], *, anywhere: bool = False
) -> Path:
    """The file the ruleset at ``path`` means by ``extends = ref``.

    ``ref`` is a name in ``known``, or a ``.toml`` file in the folder of ``path`` or below it.
    Anything else raises :class:`RulesetError`: a name not registered (even when a file of that
    name exists), an absolute path, or a path leading out of the folder through ``..`` or a
    link.  ``anywhere`` allows any ``.toml`` path, for rulesets whose author is trusted.
    """
    if ref in known:
        return known[ref]
    if not ref.endswith(".toml"):
        available = ", ".join(sorted(known)) or "none"
        raise RulesetError(
            f"{path}: extends: no ruleset named {ref!r}; available rulesets: {available} "
            "(a ruleset file is named with its .toml suffix)"
        )
    if anywhere:
        return path.parent / ref
    if PurePosixPath(ref).is_absolute() or PureWindowsPath(ref).anchor:
        raise RulesetError(
            f"{path}: extends {ref!r}: an absolute path is not allowed; name a registered "
            "ruleset or a .toml file beside this one"
        )
    folder = path.parent.resolve()
    target = (folder / ref).resolve()
    if not target.is_relative_to(folder):
        raise RulesetError(
            f"{path}: extends {ref!r} leads outside the folder of the ruleset; name a "
            "registered ruleset or a .toml file beside this one"
        )
    return target


def load_ruleset(
    ref: str | Path,
    known: Mapping[str, Path],
    *,
    extends_anywhere: bool = False,
    _stack: tuple[str, ...] = (),
) -> Ruleset:
    """Resolve a ruleset by name (one of ``known``) or by path, following ``extends``.

    ``known`` maps ruleset names to files (the bundled rulesets and those plugins register).
    The ruleset ``ref`` names may be anywhere; what it extends is found by
    :func:`extends_target` (``extends_anywhere`` allows any ``.toml`` path).
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
        target = extends_target(path, parent_ref, known, anywhere=extends_anywhere)
        parent = load_ruleset(
            target, known, extends_anywhere=extends_anywhere, _stack=(*_stack, key)
        )
    return _merge(parent, data, str(path))
