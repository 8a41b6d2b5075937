"""The rules and rulesets plugins register, and which of them a ruleset may run.

Built once per plugin manager (:meth:`aspcore.plugins.Plugins.memo`) from the
``aspcore_register_rules`` and ``aspcore_register_rulesets`` hooks.  The manager is machinery
only; what a rule or a ruleset is, and which rules a ruleset asks for, is said here.

Installing a package must not change what a ruleset answers, so the rules of an installed
plugin (one loaded from an entry point) run only under a ruleset that asks for them (see
:func:`asked_rules`); every evaluation names the plugins whose rules it used
(:func:`used_by`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from aspcore.errors import RulesetError
from aspcore.rules.rule import Rule
from aspcore.rules.ruleset import read_ruleset_file

if TYPE_CHECKING:
    from aspcore.plugins import Plugins

__all__ = ["asked_rules", "rule_list", "rules", "ruleset_plugins", "rulesets", "used_by"]

RULES_HOOK = "aspcore_register_rules"
RULESETS_HOOK = "aspcore_register_rulesets"


def rulesets(plugins: Plugins) -> dict[str, Path]:
    """Ruleset name → file, from every plugin's ``aspcore_register_rulesets``.

    A path that is missing or not a ruleset with a ``name`` is a failure of its plugin.
    """
    return plugins.memo(
        RULESETS_HOOK, lambda: plugins.files(RULESETS_HOOK, "ruleset", _named_ruleset)
    )


def ruleset_plugins(plugins: Plugins) -> dict[str, str]:
    """Ruleset name → the plugin that ships it (the one whose file won the name)."""
    shipped = rulesets(plugins)
    owners = plugins.owners(RULESETS_HOOK)
    return {name: owners[name] for name in shipped}


def rule_list(plugins: Plugins) -> tuple[Rule, ...]:
    """Every rule the plugins register, in order (built-ins first), each naming its plugin:
    an installed plugin's rules carry its entry-point name, the name ``aspcore plugins``
    lists and ``ASPCORE_DISABLE_PLUGINS`` takes."""

    def build() -> tuple[Rule, ...]:
        registered = plugins.registered(RULES_HOOK, Rule, "an aspcore.Rule", "aspcore.Rule objects")
        return tuple(
            attrs.evolve(r, plugin=p) if not r.plugin or p in plugins.installed else r
            for p, r in registered
        )

    return plugins.memo(RULES_HOOK, build)


def rules(plugins: Plugins) -> dict[str, Rule]:
    """Rule id → Rule, from every plugin's ``aspcore_register_rules`` (later ones win)."""
    return {rule.id: rule for rule in rule_list(plugins)}


def asked_rules(plugins: Plugins, chain: Iterable[str], enabled: Iterable[str]) -> dict[str, Rule]:
    """Rule id → Rule of the rules a ruleset may run, by its ``extends`` chain and ``enable``.

    The rules of an installed plugin run only when the ruleset asks for them: it is, or
    extends, a ruleset that plugin ships, or its ``enable`` names the rule or its family.
    Built-in rules, and the rules of plugins a program passes itself (``extra``), are always
    available.  A later rule of the same id wins, as in :func:`rules`, but only among the rules
    asked for: an installed plugin cannot replace a built-in rule under a ruleset that does not
    name it.
    """
    shipped = ruleset_plugins(plugins)
    asked = {shipped[name] for name in chain if name in shipped}
    named = set(enabled)
    return {
        rule.id: rule
        for rule in rule_list(plugins)
        if rule.plugin not in plugins.installed
        or rule.plugin in asked
        or rule.id in named
        or rule.family in named
    }


def used_by(plugins: Plugins, used: Iterable[Rule]) -> list[dict[str, str]]:
    """Name and version of each plugin (not a built-in) that registered one of ``used``: what
    an evaluation prints, so its answers can be reproduced."""
    infos = {info.name: info for info in plugins.infos()}
    found = [infos.get(rule.plugin) for rule in used]
    named = {info.name: info.version for info in found if info and not info.builtin}
    return [{"name": name, "version": named[name]} for name in sorted(named)]


def _named_ruleset(file: Path) -> tuple[str, Path]:
    """A ruleset file and its ``name``; a file without one raises :class:`RulesetError`."""
    name = read_ruleset_file(file).get("name")
    if not isinstance(name, str) or not name:
        raise RulesetError(f"{file}: a ruleset needs a name, found {name!r}")
    return name, file
