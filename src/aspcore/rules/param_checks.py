"""The checks a ruleset's parameters must pass, shared by ``aspcore check`` and ``rulesets lint``.

A ruleset that ``lint`` rejects must not run: ``check`` would otherwise fail rule by rule with
``RULE-ERROR`` findings.  So both call these: each parameter of ``[params.FAMILY]`` must be one
the family's rules declare, of the type of its default, and every family with an enabled rule
must pass its rules' ``check_params`` (which read the parameters as the rules do: RAG bands and
schemes, risk bands, indicator settings).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from aspcore.errors import RulesetError
from aspcore.plugins import Plugins
from aspcore.rules.rule import Rule

__all__ = ["ParamProblem", "family_problems", "type_name", "value_problems"]

#: A problem with a parameter: the family, the parameter (``None``: the family's table), and
#: what is wrong.
ParamProblem = tuple[str, str | None, str]


def type_name(value: object) -> str:
    """The kind of value a ruleset parameter holds, in words."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "list"
    return "table"


def value_problems(
    params: object, rules: Mapping[str, Rule], *, unknown: bool = True
) -> Iterator[ParamProblem]:
    """Parameters of the wrong type and, with ``unknown``, unknown families and parameters
    (``check`` leaves those to ``lint``: a family whose plugin is blocked or not installed
    has no rules to run, and a ruleset written for it still loads)."""
    if not isinstance(params, Mapping):
        return
    defaults: dict[str, dict[str, Any]] = {}
    for rule in rules.values():
        defaults.setdefault(rule.family, {}).update(rule.params)
    for family, values in params.items():
        if family not in defaults:
            if unknown:
                yield family, None, f"params: unknown family '{family}'"
            continue
        if not isinstance(values, Mapping):
            continue
        for name, value in values.items():
            if name not in defaults[family]:
                if unknown:
                    yield family, name, f"params.{family}: unknown parameter '{name}'"
                continue
            expected = type_name(defaults[family][name])
            if type_name(value) != expected:
                yield (
                    family,
                    name,
                    f"params.{family}.{name} should be {expected}, found "
                    f"{type_name(value)} {value!r}",
                )


def family_problems(
    params: Mapping[str, Mapping[str, Any]],
    rules: Mapping[str, Rule],
    enabled: Callable[[Rule], bool],
    plugins: Plugins | None,
    *,
    skip: frozenset[str] | set[str] = frozenset(),
) -> Iterator[ParamProblem]:
    """What each family's ``check_params`` refuses, for families with an enabled rule.

    ``enabled`` tells whether a rule is enabled (``Ruleset.is_enabled``); families in ``skip``
    are left out.
    """
    families: dict[str, list[Rule]] = {}
    for rule in rules.values():
        families.setdefault(rule.family, []).append(rule)
    for family, members in sorted(families.items()):
        if family in skip or not any(enabled(r) for r in members):
            continue
        checks = {r.check_params: r for r in members if r.check_params is not None}
        for check, rule in checks.items():
            try:
                check({**rule.params, **params.get(family, {})}, plugins)
            except RulesetError as exc:
                text = str(exc)
                yield (
                    family,
                    None,
                    text if text.startswith("params.") else f"params.{family}: {text}",
                )
