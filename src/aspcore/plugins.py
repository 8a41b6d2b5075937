"""The plugin manager factory and a typed facade over its hooks.

Nothing is created at import time: :func:`get_plugins` builds a :class:`Plugins` (a pluggy
``PluginManager`` plus checked, isolated hook calls) from the built-in modules in
:data:`DEFAULT_PLUGINS` and the packages that declare an ``aspcore`` entry point.

Environment:

* ``ASPCORE_DISABLE_PLUGINS=name,name`` blocks plugins (entry-point names or built-in module
  names) before they are loaded.
* ``ASPCORE_TRACE_PLUGINS=1`` prints every hook call to standard error.

A plugin that fails to import, does not match the hook specifications or raises inside a hook
does not take the run down: the failure becomes an error finding (``PLUGIN-001``) naming the
plugin and hook, unless the caller asked for strict mode.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

import attrs
import pluggy

from aspcore import hookspecs
from aspcore.errors import PluginError
from aspcore.model import Finding, Severity

__all__ = ["DEFAULT_PLUGINS", "ENTRY_POINT_GROUP", "PluginInfo", "Plugins", "get_plugins"]

ENTRY_POINT_GROUP = "aspcore"
#: Built-in modules registered as plugins, in this order.
DEFAULT_PLUGINS: tuple[str, ...] = (
    "aspcore.checks.builtin_rulesets",
    "aspcore.checks.chain",
    "aspcore.checks.smart",
    "aspcore.checks.logframe",
    "aspcore.checks.rag_actions",
    "aspcore.checks.rag_indicators",
    "aspcore.checks.rag_rollup",
    "aspcore.checks.risk",
    "aspcore.indicators.rules",
)


@attrs.frozen
class PluginInfo:
    """What ``aspcore plugins`` prints about one plugin."""

    name: str
    version: str
    hooks: tuple[str, ...]
    builtin: bool
    blocked: bool = False
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return attrs.asdict(self, recurse=False) | {"hooks": list(self.hooks)}


def _disabled() -> set[str]:
    raw = os.environ.get("ASPCORE_DISABLE_PLUGINS", "")
    return {name.strip() for name in raw.split(",") if name.strip()}


class Plugins:
    """A plugin manager with typed, failure-isolating calls to each hook."""

    def __init__(self, *, entry_points: bool = True, extra: Iterable[object] = ()) -> None:
        self.pm = pluggy.PluginManager(ENTRY_POINT_GROUP)
        self.pm.add_hookspecs(hookspecs)
        self.failures: list[Finding] = []
        self._infos: dict[str, PluginInfo] = {}
        self._trace = os.environ.get("ASPCORE_TRACE_PLUGINS", "") not in {"", "0"}
        blocked = _disabled()
        for name in blocked:
            self.pm.set_blocked(name)
        for module_name in DEFAULT_PLUGINS:
            if module_name in blocked:
                self._infos[module_name] = PluginInfo(module_name, "", (), True, blocked=True)
                continue
            self._register(importlib.import_module(module_name), module_name, builtin=True)
        if entry_points:
            self._load_entry_points(blocked)
        for plugin in extra:
            self._register(plugin, getattr(plugin, "__name__", None), builtin=False)

    # -- registration -------------------------------------------------------------------
    def _register(
        self, plugin: object, name: str | None, *, builtin: bool, version: str = ""
    ) -> None:
        label = name or repr(plugin)
        try:
            self.pm.register(plugin, name=name)
            self.pm.check_pending()
        except Exception as exc:  # a plugin that does not match the specs is isolated
            if self.pm.is_registered(plugin):
                self.pm.unregister(plugin)
            self.fail(label, "register", exc)
            self._infos[label] = PluginInfo(label, version, (), builtin, error=str(exc))
            return
        hooks = tuple(sorted(c.name for c in self.pm.get_hookcallers(plugin) or ()))
        self._infos[label] = PluginInfo(
            label, version or _version_of(plugin, builtin), hooks, builtin
        )

    def _load_entry_points(self, blocked: set[str]) -> None:
        for ep in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            version = ep.dist.version if ep.dist else ""
            if ep.name in blocked:
                self._infos[ep.name] = PluginInfo(ep.name, version, (), False, blocked=True)
                continue
            try:
                plugin = ep.load()
            except Exception as exc:
                self.fail(ep.name, "import", exc)
                self._infos[ep.name] = PluginInfo(ep.name, version, (), False, error=str(exc))
                continue
            self._register(plugin, ep.name, builtin=False, version=version)

    def fail(
        self, plugin: str, hook: str, exc: BaseException, sink: list[Finding] | None = None
    ) -> None:
        """Record that ``plugin`` failed in ``hook`` with ``exc``: a ``PLUGIN-001`` error finding.

        It goes to ``sink`` (default :attr:`failures`, which every evaluation reports), so a
        registry that checks what plugins return reports a bad item as a failing hook does.
        """
        (self.failures if sink is None else sink).append(
            Finding(
                rule="PLUGIN-001",
                subject=plugin,
                subject_kind="plugin",
                severity=Severity.ERROR,
                message=f"plugin {plugin} failed in {hook}: {type(exc).__name__}: {exc}",
                evidence={"plugin": plugin, "hook": hook, "error": type(exc).__name__},
                suggestion=f"Fix or disable the plugin (ASPCORE_DISABLE_PLUGINS={plugin})",
                plugin=plugin,
            )
        )

    # -- calls --------------------------------------------------------------------------
    def call(
        self,
        hook: str,
        *,
        strict: bool = False,
        sink: list[Finding] | None = None,
        **kwargs: Any,
    ) -> list[tuple[str, Any]]:
        """Call every implementation of ``hook``; returns ``(plugin name, result)`` pairs.

        Results come in registration order of importance: built-ins (``trylast``) first, so
        that later entries (other plugins) can override them.  A failing implementation is
        recorded in ``sink`` (default :attr:`failures`); with ``strict=True`` it raises
        :class:`PluginError`.
        """
        caller = getattr(self.pm.hook, hook)
        results: list[tuple[str, Any]] = []
        for impl in caller.get_hookimpls():
            name = impl.plugin_name
            if self._trace:
                print(f"aspcore: calling {hook} of {name}", file=sys.stderr)
            try:
                results.append((name, impl.function(**kwargs)))
            except Exception as exc:
                if strict:
                    raise PluginError(f"plugin {name} failed in {hook}: {exc}") from exc
                self.fail(name, hook, exc, sink)
        if self._trace:
            print(f"aspcore: {hook} returned {len(results)} result(s)", file=sys.stderr)
        return results

    def collect(self, hook: str, *, strict: bool = False) -> list[tuple[str, Any]]:
        """Flatten list-returning registration hooks into ``(plugin, item)`` pairs."""
        return [
            (name, item) for name, items in self.call(hook, strict=strict) for item in items or ()
        ]

    def infos(self) -> list[PluginInfo]:
        """Every plugin known, built-in first, with version, hooks and blocked state."""
        return sorted(self._infos.values(), key=lambda i: (not i.builtin, i.name))

    # -- registries ---------------------------------------------------------------------
    @functools.cached_property
    def rulesets(self) -> dict[str, Path]:
        """Ruleset name → file, from every plugin's ``aspcore_register_rulesets``."""
        from aspcore.rules.ruleset import read_ruleset_file

        found: dict[str, Path] = {}
        for _plugin, ref in self.collect("aspcore_register_rulesets"):
            path = Path(ref)
            for file in sorted(path.glob("*.toml")) if path.is_dir() else [path]:
                name = read_ruleset_file(file).get("name")
                if isinstance(name, str):
                    found[name] = file
        return found

    @functools.cached_property
    def risk_schemes(self) -> dict[str, Path]:
        """Risk scheme name → file, from every plugin's ``aspcore_register_risk_schemes``."""
        from aspcore.risk import schemes_in

        found: dict[str, Path] = {}
        for _plugin, ref in self.collect("aspcore_register_risk_schemes"):
            found.update(schemes_in([Path(ref)]))
        return found

    @functools.cached_property
    def rag_schemes(self) -> dict[str, dict[str, Any]]:
        """Indicator RAG scheme name → table, from every plugin's ``aspcore_register_rag_schemes``.

        Read and validated once per manager; a bad registration is a failure (``PLUGIN-001``).
        """
        from aspcore.rag.scheme_files import registered_schemes

        return registered_schemes(self)

    @functools.cached_property
    def rules(self) -> dict[str, Any]:
        """Rule id → Rule, from every plugin's ``aspcore_register_rules`` (later ones win)."""
        from aspcore.rules.rule import Rule

        found: dict[str, Rule] = {}
        for plugin, item in self.collect("aspcore_register_rules"):
            if not isinstance(item, Rule):
                self.fail(plugin, "aspcore_register_rules", TypeError(f"not a Rule: {item!r}"))
                continue
            found[item.id] = item if item.plugin else attrs.evolve(item, plugin=plugin)
        return found


def _version_of(plugin: object, builtin: bool) -> str:
    if builtin:
        from aspcore import __version__

        return __version__
    return str(getattr(plugin, "__version__", ""))


@functools.cache
def _default() -> Plugins:
    return Plugins()


def get_plugins(
    *, fresh: bool = False, entry_points: bool = True, extra: Iterable[object] = ()
) -> Plugins:
    """The plugins to use: a shared default (built on first use), or a fresh manager.

    Pass ``fresh=True`` (or ``extra`` plugins, or ``entry_points=False``) for an isolated
    manager, as tests and host systems with their own plugins do.
    """
    extra = tuple(extra)
    if fresh or extra or not entry_points:
        return Plugins(entry_points=entry_points, extra=extra)
    return _default()
