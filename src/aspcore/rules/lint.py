"""``aspcore rulesets lint``: every problem in a ruleset file, each with its file and line.

Loading stops at the first problem; linting keeps going and reports all of them: TOML syntax,
unknown keys, ``extends`` that cannot be resolved or cycle, unknown rule ids or families (with a
did-you-mean), parameters that no rule of the family declares or whose type differs from the
default's, and ``[[rules]]`` whose ``when`` expression or message does not compile.

Then it runs what ``aspcore check`` runs on the resolved ruleset, through the same functions:
every enabled rule compiled as the engine compiles it, and each family's parameters checked by
the ``check_params`` of its rules, which read them as the rules do (RAG bands and schemes, risk
schemes and their bands, thresholds).  So a ruleset lint passes is one ``check`` accepts.  A file
that cannot be read at all is not a lint problem but unusable input: :class:`InputFileError`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from aspcore.errors import InputFileError, RulesetError
from aspcore.model.codes import CODES
from aspcore.plugins import Plugins
from aspcore.rules import registry
from aspcore.rules.engine import _active
from aspcore.rules.param_checks import family_problems, value_problems
from aspcore.rules.rule import Rule
from aspcore.rules.ruleset import (
    RULE_KEYS,
    RULESET_KEYS,
    Ruleset,
    extends_target,
    load_ruleset,
    read_ruleset_file,
    toml_rule,
)

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


def _close(name: str, options: set[str]) -> str:
    match = difflib.get_close_matches(name, sorted(options), n=1)
    return f"; did you mean '{match[0]}'?" if match else ""


def lint_ruleset(path: Path, plugins: Plugins) -> list[LintProblem]:
    """All problems found in the ruleset file at ``path`` (empty when it is clean).

    Raises :class:`InputFileError` when the file is missing or cannot be read as text.
    """
    file = str(path)
    if not path.exists():
        raise InputFileError(f"{file}: no such ruleset file")
    try:  # read as check reads it: no devices, bounded size, nesting and integers
        data = read_ruleset_file(path)
    except RulesetError as exc:
        message = str(exc).removeprefix(f"{file}: ")
        if not message.startswith("expected TOML: "):  # not a file of text that lint can read
            raise InputFileError(f"{file}: {message}") from None
        found = re.search(r"line (\d+)", message)
        reason = message.removeprefix("expected TOML: ")
        return [LintProblem(file, int(found.group(1)) if found else None, f"not TOML: {reason}")]
    text = path.read_text(encoding="utf-8-sig")
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
            target = extends_target(path, data["extends"], registry.rulesets(plugins))
            parent = load_ruleset(target, registry.rulesets(plugins))
        except RulesetError as exc:
            add(f"extends: {exc}", "extends")
    rules: dict[str, Rule] = {
        **registry.rules(plugins),
        **{r.id: r for r in (parent.rules if parent else ())},
    }
    own: list[Rule] = []
    for entry in data.get("rules", []) if isinstance(data.get("rules"), list) else []:
        rule_id = str(entry.get("id", "?"))
        for key in sorted(set(entry) - RULE_KEYS):
            add(f"rule {rule_id}: unknown key '{key}'{_close(key, set(RULE_KEYS))}", key)
        try:
            built = toml_rule(entry, source=file)
            _active(built, Ruleset(name="lint", version="0", params=_merged(parent, data)))
        except (RulesetError, ValueError) as exc:
            add(str(exc).replace(f"{file}: ", ""), f'"{rule_id}"', "when")
            continue
        own.append(built)
        rules[built.id] = built
    families = {r.family for r in rules.values()}
    names = set(rules) | families
    for key in ("disable", "enable"):
        for name in data.get(key, []) if isinstance(data.get(key), list) else []:
            if name not in names and name not in CODES:
                add(f"{key}: unknown rule or family '{name}'{_close(str(name), names)}", name)
    for name in data.get("severity", {}) if isinstance(data.get("severity"), Mapping) else {}:
        if name not in rules and name not in CODES:
            add(f"severity: unknown rule '{name}'{_close(str(name), set(rules))}", name)
    param_problems = _lint_params(data.get("params"), rules, file, text)
    problems.extend(param_problems)
    if not problems or param_problems == problems:
        problems.extend(_resolved(path, plugins, file, text, skip=_families(param_problems)))
    return problems


def _merged(parent: Ruleset | None, data: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The parameters the file's own rules run with: the parent's, overridden by its own."""
    params = {family: dict(values) for family, values in (parent.params if parent else {}).items()}
    own = data.get("params")
    for family, values in own.items() if isinstance(own, Mapping) else ():
        if isinstance(values, Mapping):
            params.setdefault(family, {}).update(values)
    return params


def _families(problems: list[LintProblem]) -> set[str]:
    """Families whose parameters already have a problem (their checks would stop at it)."""
    return {m.group(1) for p in problems if (m := re.match(r"params\.(\w+)", p.message))}


def _resolved(
    path: Path, plugins: Plugins, file: str, text: str, *, skip: set[str]
) -> list[LintProblem]:
    """What ``aspcore check`` would refuse in the resolved ruleset (see the module docstring).

    Run when the file has no other problem, or only parameter problems (then the families
    named in ``skip`` are not checked again).
    """
    try:
        ruleset = load_ruleset(path, registry.rulesets(plugins))
    except RulesetError as exc:
        return [LintProblem(file, None, str(exc).replace(f"{file}: ", ""))]
    rules = {
        **registry.asked_rules(plugins, ruleset.chain, ruleset.enabled),
        **{r.id: r for r in ruleset.rules},
    }
    problems: list[LintProblem] = []
    for rule in rules.values():
        if rule.when is None or rule.plugin == file or not ruleset.is_enabled(rule):
            continue
        try:
            _active(rule, ruleset)
        except RulesetError as exc:
            problems.append(LintProblem(file, None, str(exc)))
    for family, _name, message in family_problems(
        ruleset.params, rules, ruleset.is_enabled, plugins, skip=skip
    ):
        needles = _needles(message.removeprefix(f"params.{family}: "), family)
        problems.append(LintProblem(file, _line_of(text, *needles), message))
    return problems


def _needles(message: str, family: str) -> list[str]:
    """Where in the file a parameter problem is: the scheme or parameter it names, else the
    family's table."""
    needles = [f"schemes.{m}]" for m in re.findall(r"schemes\.([\w-]+)", message)]
    needles += [f"[params.{family}.schemes.{m}]" for m in re.findall(r"scheme '([^']+)'", message)]
    needles += [f"{m} =" for m in re.findall(rf"params\.{family}\.(\w+)", message)]
    return [*needles, f"[params.{family}]", f"[params.{family}."]


def _lint_params(
    params: object, rules: Mapping[str, Rule], file: str, text: str
) -> list[LintProblem]:
    """:func:`~aspcore.rules.param_checks.value_problems`, with lines and did-you-means."""
    names: dict[str, set[str]] = {}
    for rule in rules.values():
        names.setdefault(rule.family, set()).update(rule.params)
    problems: list[LintProblem] = []
    for family, name, message in value_problems(params, rules):
        if name is None:
            where = _line_of(text, f"[params.{family}]")
            hint = _close(family, set(names))
        else:
            where = _line_of(text, f"{name} =", f"{name}=")
            hint = _close(name, names[family]) if message.endswith(f"'{name}'") else ""
        problems.append(LintProblem(file, where, message + hint))
    return problems
