"""``aspcore rulesets lint``: every problem in a ruleset file, each with its file and line.

Loading stops at the first problem; linting keeps going and reports all of them: TOML syntax,
unknown keys, ``extends`` that cannot be resolved or cycle, unknown rule ids or families (with a
did-you-mean), parameters that no rule of the family declares or whose type differs from the
default's, and ``[[rules]]`` whose ``when`` expression or message does not compile.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from aspcore.errors import RulesetError
from aspcore.plugins import Plugins
from aspcore.rules.engine import _active
from aspcore.rules.rule import Rule
from aspcore.rules.ruleset import RULE_KEYS, RULESET_KEYS, Ruleset, load_ruleset, toml_rule

__all__ = ["LintProblem", "lint_ruleset"]


@attrs.frozen
class LintProblem:
    """One problem: where it is and what is wrong."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line or 1}: {self.message}"


def _line_of(text: str, *needles: str) -> int | None:
    for needle in needles:
        for number, line in enumerate(text.splitlines(), start=1):
            if needle in line:
                return number
    return None


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "list"
    return "table"


def _close(name: str, options: set[str]) -> str:
    match = difflib.get_close_matches(name, sorted(options), n=1)
    return f"; did you mean '{match[0]}'?" if match else ""


def lint_ruleset(path: Path, plugins: Plugins) -> list[LintProblem]:
    """All problems found in the ruleset file at ``path`` (empty when it is clean)."""
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return [LintProblem(file, None, f"cannot be read: {exc}")]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        return [LintProblem(file, int(found.group(1)) if found else None, f"not TOML: {exc}")]
    problems: list[LintProblem] = []

    def add(message: str, *needles: str) -> None:
        problems.append(LintProblem(file, _line_of(text, *needles), message))

    for key in sorted(set(data) - RULESET_KEYS):
        add(f"unknown key '{key}'{_close(key, set(RULESET_KEYS))}", f"{key} ", f"[{key}")
    if not isinstance(data.get("name"), str):
        add("a ruleset needs a 'name'", "name")
    parent: Ruleset | None = None
    if isinstance(data.get("extends"), str):
        try:
            parent = load_ruleset(_extends_target(path, data["extends"]), plugins.rulesets)
        except RulesetError as exc:
            add(f"extends: {exc}", "extends")
    rules: dict[str, Rule] = {
        **plugins.rules,
        **{r.id: r for r in (parent.rules if parent else ())},
    }
    own: list[Rule] = []
    for entry in data.get("rules", []) if isinstance(data.get("rules"), list) else []:
        rule_id = str(entry.get("id", "?"))
        for key in sorted(set(entry) - RULE_KEYS):
            add(f"rule {rule_id}: unknown key '{key}'{_close(key, set(RULE_KEYS))}", key)
        try:
            built = toml_rule(entry, source=file)
            _active(built, parent or Ruleset(name="lint", version="0"))
        except (RulesetError, ValueError) as exc:
            add(str(exc).replace(f"{file}: ", ""), f'"{rule_id}"', "when")
            continue
        own.append(built)
        rules[built.id] = built
    families = {r.family for r in rules.values()}
    names = set(rules) | families
    for key in ("disable", "enable"):
        for name in data.get(key, []) if isinstance(data.get(key), list) else []:
            if name not in names and not str(name).startswith("PLAN-"):
                add(f"{key}: unknown rule or family '{name}'{_close(str(name), names)}", name)
    for name in data.get("severity", {}) if isinstance(data.get("severity"), Mapping) else {}:
        if name not in rules and not str(name).startswith("PLAN-"):
            add(f"severity: unknown rule '{name}'{_close(str(name), set(rules))}", name)
    problems.extend(_lint_params(data.get("params"), rules, file, text))
    return problems


def _lint_params(
    params: object, rules: Mapping[str, Rule], file: str, text: str
) -> list[LintProblem]:
    problems: list[LintProblem] = []
    if not isinstance(params, Mapping):
        return problems
    defaults: dict[str, dict[str, Any]] = {}
    for rule in rules.values():
        defaults.setdefault(rule.family, {}).update(rule.params)
    for family, values in params.items():
        if family not in defaults:
            problems.append(
                LintProblem(
                    file,
                    _line_of(text, f"[params.{family}]"),
                    f"params: unknown family '{family}'{_close(family, set(defaults))}",
                )
            )
            continue
        if not isinstance(values, Mapping):
            continue
        for name, value in values.items():
            where = _line_of(text, f"{name} =", f"{name}=")
            if name not in defaults[family]:
                hint = _close(name, set(defaults[family]))
                problems.append(
                    LintProblem(file, where, f"params.{family}: unknown parameter '{name}'{hint}")
                )
                continue
            expected = _type_name(defaults[family][name])
            if _type_name(value) != expected:
                problems.append(
                    LintProblem(
                        file,
                        where,
                        f"params.{family}.{name} should be {expected}, found "
                        f"{_type_name(value)} {value!r}",
                    )
                )
    return problems


def _extends_target(path: Path, ref: str) -> str | Path:
    return path.parent / ref if ref.endswith(".toml") else ref
