"""The plugin manager factory and a typed facade over its hooks.

Nothing is created at import time: :func:`get_plugins` builds a :class:`Plugins` (a pluggy
``PluginManager`` plus checked, isolated hook calls) from the built-in modules in
:data:`DEFAULT_PLUGINS` and the packages that declare an ``aspcore`` entry point.

Environment:

* ``ASPCORE_DISABLE_PLUGINS=name,name`` blocks plugins (entry-point names or built-in module
  names) before they are loaded.
* ``ASPCORE_TRACE_PLUGINS=1`` prints every hook call to standard error.

A plugin that fails to import, does not match the hook specifications, raises inside a hook or
returns something other than what its hook promises does not take the run down: the failure
becomes an error finding (``PLUGIN-001``) naming the plugin, the hook and what was wrong, and the
other plugins still run.  A strict manager (``strict=True``) raises :class:`PluginError` at the
first failure instead.
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
from aspcore.errors import AspcoreError, PluginError
from aspcore.model import Finding, Severity

__all__ = ["DEFAULT_PLUGINS", "ENTRY_POINT_GROUP", "PATHS", "PluginInfo", "Plugins", "get_plugins"]

ENTRY_POINT_GROUP = "aspcore"
#: Built-in modules registered as plugins, in this order.  Each implements its hooks with
#: ``trylast=True``, so a plugin's rule, schema, renderer or measure of the same name replaces it.
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
    "aspcore.indicators.measures",
    "aspcore.schemas.registry",
    "aspcore.report.registry",
)
#: What the hooks that ship files return items of: paths (``str`` or ``os.PathLike``).
PATHS: tuple[type, ...] = (str, os.PathLike)


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


def _describe(value: object) -> str:
    """What a plugin returned, for a message: its type and a short ``repr``."""
    text = repr(value)
    return f"{text if len(text) <= 60 else text[:57] + '...'} ({type(value).__name__})"


class Plugins:
    """A plugin manager with typed, failure-isolating calls to each hook.

    ``failures`` holds a ``PLUGIN-001`` finding for every plugin that failed so far; every
    evaluation reports them.  With ``strict=True`` the first failure raises
    :class:`PluginError` instead (registration failures while the manager is built included).
    """

    def __init__(
        self, *, entry_points: bool = True, extra: Iterable[object] = (), strict: bool = False
    ) -> None:
        self.pm = pluggy.PluginManager(ENTRY_POINT_GROUP)
        self.pm.add_hookspecs(hookspecs)
        self.strict = strict
        self.failures: list[Finding] = []
        self._infos: dict[str, PluginInfo] = {}
        self._registered: dict[str, list[tuple[str, Any]]] = {}
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
            self._infos[label] = PluginInfo(label, version, (), builtin, error=str(exc))
            self.fail(label, "register", exc)
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
                self._infos[ep.name] = PluginInfo(ep.name, version, (), False, error=str(exc))
                self.fail(ep.name, "import", exc)
                continue
            self._register(plugin, ep.name, builtin=False, version=version)

    # -- failures -----------------------------------------------------------------------
    def fail(
        self,
        plugin: str,
        hook: str,
        exc: BaseException,
        sink: list[Finding] | None = None,
        *,
        strict: bool = False,
    ) -> None:
        """Record that ``plugin`` failed in ``hook`` with ``exc``: a ``PLUGIN-001`` error finding.

        It goes to ``sink`` (default :attr:`failures`, which every evaluation reports).  In strict
        mode (``strict`` or the manager's) it raises :class:`PluginError` with the same message.
        The exception's text is kept on one line, so the message is one paragraph.
        """
        detail = " ".join(str(exc).split())
        message = f"plugin {plugin} failed in {hook}: {type(exc).__name__}: {detail}"
        self._record(plugin, hook, message, {"error": type(exc).__name__}, sink, strict)

    def reject(
        self, plugin: str, hook: str, expected: str, found: object, *, strict: bool = False
    ) -> None:
        """Record that ``plugin``'s ``hook`` returned ``found`` where ``expected`` was due.

        The finding's message names the plugin, the hook, what was expected and what was found;
        the item is not used.  Strict mode raises as :meth:`fail` does.
        """
        message = f"plugin {plugin} failed in {hook}: expected {expected}, found {_describe(found)}"
        evidence = {"error": "TypeError", "expected": expected, "found": type(found).__name__}
        self._record(plugin, hook, message, evidence, None, strict)

    def _record(
        self,
        plugin: str,
        hook: str,
        message: str,
        evidence: dict[str, Any],
        sink: list[Finding] | None,
        strict: bool,
    ) -> None:
        finding = Finding(
            rule="PLUGIN-001",
            subject=plugin,
            subject_kind="plugin",
            severity=Severity.ERROR,
            message=message,
            evidence={"plugin": plugin, "hook": hook, **evidence},
            suggestion=f"Fix or disable the plugin (ASPCORE_DISABLE_PLUGINS={plugin})",
            plugin=plugin,
        )
        (self.failures if sink is None else sink).append(finding)
        if strict or self.strict:
            raise PluginError(message)

    def failures_in(self, hook: str) -> list[Finding]:
        """The failures recorded so far in ``hook``."""
        return [f for f in self.failures if f.evidence.get("hook") == hook]

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
        recorded in ``sink`` (default :attr:`failures`); in strict mode (``strict`` or the
        manager's) it raises :class:`PluginError`.
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
                self.fail(name, hook, exc, sink, strict=strict)
        if self._trace:
            print(f"aspcore: {hook} returned {len(results)} result(s)", file=sys.stderr)
        return results

    def registered(
        self,
        hook: str,
        kind: type | tuple[type, ...],
        item: str,
        items: str,
        *,
        strict: bool = False,
    ) -> list[tuple[str, Any]]:
        """``(plugin, item)`` for every item of a registration hook that returns a list.

        The hook is called once per manager (the items are kept), so a failing plugin is reported
        once however often a registry is built.  An implementation that raises, returns something
        other than a list or tuple (``None`` counts as nothing, as in pluggy), or returns an item
        that is not a ``kind`` is a ``PLUGIN-001`` failure; its other items are kept.  ``item``
        and ``items`` say what is expected, for the message: ``"an aspcore.Rule"``, ``"aspcore.Rule
        objects"``.
        """
        if hook in self._registered:
            failed = self.failures_in(hook)
            if failed and (strict or self.strict):
                raise PluginError(failed[0].message)
            return list(self._registered[hook])
        found: list[tuple[str, Any]] = []
        for plugin, result in self.call(hook, strict=strict):
            if result is None:
                continue
            if not isinstance(result, list | tuple):
                self.reject(plugin, hook, f"a list of {items}", result, strict=strict)
                continue
            for element in result:
                if isinstance(element, kind):
                    found.append((plugin, element))
                else:
                    self.reject(plugin, hook, item, element, strict=strict)
        self._registered[hook] = found
        return list(found)

    def infos(self) -> list[PluginInfo]:
        """Every plugin known, built-in first, with version, hooks and blocked state."""
        return sorted(self._infos.values(), key=lambda i: (not i.builtin, i.name))

    # -- registries ---------------------------------------------------------------------
    @functools.cached_property
    def rulesets(self) -> dict[str, Path]:
        """Ruleset name → file, from every plugin's ``aspcore_register_rulesets``.

        A path that is missing or not a ruleset with a ``name`` is a failure of its plugin.
        """
        from aspcore.errors import RulesetError
        from aspcore.rules.ruleset import read_ruleset_file

        hook = "aspcore_register_rulesets"
        found: dict[str, Path] = {}
        for plugin, ref in self.registered(
            hook, PATHS, "the path of a ruleset file", "paths of ruleset files or folders"
        ):
            path = Path(ref)
            for file in sorted(path.glob("*.toml")) if path.is_dir() else [path]:
                try:
                    name = read_ruleset_file(file).get("name")
                    if not isinstance(name, str) or not name:
                        raise RulesetError(f"{file}: a ruleset needs a name, found {name!r}")
                except AspcoreError as exc:
                    self.fail(plugin, hook, exc)
                    continue
                found[name] = file
        return found

    @functools.cached_property
    def risk_schemes(self) -> dict[str, Path]:
        """Risk scheme name → file, from every plugin's ``aspcore_register_risk_schemes``.

        Each file is validated here, so a missing or invalid one is a failure of its plugin
        rather than an error of the rule that scores risks.
        """
        from aspcore.risk import read_scheme_file, schemes_in

        hook = "aspcore_register_risk_schemes"
        found: dict[str, Path] = {}
        for plugin, ref in self.registered(
            hook, PATHS, "the path of a risk scheme file", "paths of risk scheme files or folders"
        ):
            try:
                schemes = schemes_in([Path(ref)])
                for file in schemes.values():
                    read_scheme_file(file)
            except AspcoreError as exc:
                self.fail(plugin, hook, exc)
                continue
            found.update(schemes)
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
        hook = "aspcore_register_rules"
        for plugin, item in self.registered(hook, Rule, "an aspcore.Rule", "aspcore.Rule objects"):
            found[item.id] = item if item.plugin else attrs.evolve(item, plugin=plugin)
        return found


def _version_of(plugin: object, builtin: bool) -> str:
    if builtin:
        from aspcore import __version__

        return __version__
    return str(getattr(plugin, "__version__", ""))


@functools.cache
def _default(strict: bool) -> Plugins:
    return Plugins(strict=strict)


def get_plugins(
    *,
    fresh: bool = False,
    entry_points: bool = True,
    extra: Iterable[object] = (),
    strict: bool = False,
) -> Plugins:
    """The plugins to use: a shared default (built on first use), or a fresh manager.

    Pass ``fresh=True`` (or ``extra`` plugins, or ``entry_points=False``) for an isolated
    manager, as tests and host systems with their own plugins do.  ``strict=True`` gives a
    manager that raises :class:`PluginError` at the first plugin failure (the command line's
    ``--strict``); building it raises if a plugin cannot be loaded.
    """
    extra = tuple(extra)
    if fresh or extra or not entry_points:
        return Plugins(entry_points=entry_points, extra=extra, strict=strict)
    return _default(strict)
