"""The plugin manager factory and a typed facade over its hooks.

Nothing is created at import time: :func:`get_plugins` builds a :class:`Plugins` (a pluggy
``PluginManager`` plus checked, isolated hook calls) from the built-in modules in
:data:`DEFAULT_PLUGINS` and the packages that declare an ``aspcore`` entry point.

Environment:

* ``ASPCORE_DISABLE_PLUGINS=name,name`` blocks plugins (entry-point names or built-in module
  names) before they are loaded.
* ``ASPCORE_TRACE_PLUGINS=1`` prints every hook call to standard error.
* ``ASPCORE_PLUGIN_TIMEOUT=SECONDS`` limits each hook call (``Plugins(timeout=...)`` too).

Every hook is called through pluggy (:meth:`Plugins.call`), each implementation wrapped to fail
alone (:class:`_Isolated`).  A plugin that fails to import, does not match the hook
specifications, raises inside a hook (``sys.exit()`` included), gives no answer within the time
limit, or returns something other than what its hook promises (a file it ships included) does
not take the run down: the failure becomes an error finding (``PLUGIN-001``) naming the plugin,
the hook and what was wrong (an exception by its type, never its text: see
:mod:`aspcore.isolation`), and the other plugins still run.  A strict manager
(``strict=True``) raises :class:`PluginError` at the first failure instead; strictness is the
manager's, so every registry built from it agrees.
"""

from __future__ import annotations

import contextvars
import functools
import importlib
import os
import sys
from collections.abc import Callable, Iterable, Sized
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar, cast

import attrs
import pluggy

from aspcore import hookspecs
from aspcore.errors import PluginError
from aspcore.hookspecs import PATHS
from aspcore.isolation import ESCAPES, call_with_limit, describe, timeout_of
from aspcore.model import Finding, Severity
from aspcore.model.codes import PLUGIN_FAILURE
from aspcore.version import __version__

__all__ = [
    "DEFAULT_PLUGINS",
    "ENTRY_POINT_GROUP",
    "PluginInfo",
    "Plugins",
    "get_plugins",
    "manager_or_default",
]

T = TypeVar("T")

ENTRY_POINT_GROUP = "aspcore"
#: Built-in modules registered as plugins, in this order.  Each implements its hooks with
#: ``trylast=True``, so a plugin's rule, schema, renderer or measure of the same name replaces it.
DEFAULT_PLUGINS: tuple[str, ...] = (
    "aspcore.checks.builtin_rulesets",
    "aspcore.checks.chain",
    "aspcore.checks.smart",
    "aspcore.checks.logframe",
    "aspcore.checks.evidence",
    "aspcore.checks.rag_actions",
    "aspcore.checks.rag_indicators",
    "aspcore.checks.rag_rollup",
    "aspcore.checks.risk",
    "aspcore.checks.risk_plan",
    "aspcore.checks.returns",
    "aspcore.indicators.rules",
    "aspcore.builtin.measures",
    "aspcore.builtin.schemas",
    "aspcore.builtin.renderers",
    "aspcore.builtin.return_readers",
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


def _describe(value: object) -> str:
    """What a plugin returned, for a message: its type, and its length if it has one.

    Never its contents: a plugin may return rows of case data by mistake, and the message is
    printed and kept with the findings.
    """
    kind = type(value).__name__
    if isinstance(value, Sized):
        try:
            return f"{kind} of length {len(value)}"
        except ESCAPES:  # a plugin's object whose length cannot be taken: its type alone
            return kind
    return kind


@attrs.define
class _Call:
    """One :meth:`Plugins.call` under way: where failures go, and the results so far."""

    sink: list[Finding] | None
    results: list[tuple[str, Any]] = attrs.field(factory=list)


#: The hook call under way in this context (calls may nest: a hook that calls another).
_CURRENT: contextvars.ContextVar[_Call] = contextvars.ContextVar("aspcore_hook_call")


class _Isolated:
    """A plugin as aspcore registers it with pluggy: its hook implementations, each made to
    fail alone.

    pluggy calls each implementation in turn and stops at the first that raises.  Here each
    implementation (not a hook wrapper) is replaced by a function that records its result for
    :meth:`Plugins.call`, under the manager's time limit, and turns what it raises
    (``SystemExit`` included) into the plugin's ``PLUGIN-001`` failure, giving pluggy no
    result, so the others still run.  The replacement keeps the implementation's options and
    its signature (``functools.wraps``), so pluggy still passes it only the arguments it
    declares and checks it against the hook's specification.
    """

    def __init__(
        self,
        pm: pluggy.PluginManager,
        plugin: object,
        name: str,
        isolate: Callable[[str, str, Callable[..., Any]], Callable[..., Any]],
    ) -> None:
        self.__name__ = name
        for attr in dir(plugin):
            opts = pm.parse_hookimpl_opts(plugin, attr)
            if opts is None:
                continue
            function = getattr(plugin, attr)
            if not (opts["wrapper"] or opts["hookwrapper"]):
                function = functools.wraps(function)(isolate(attr, name, function))
            setattr(self, attr, function)

    def __repr__(self) -> str:
        """How pluggy's messages name the plugin: by name, never a file's path."""
        return f"<plugin {self.__name__}>"


class Plugins:
    """A plugin manager with typed, failure-isolating calls to each hook.

    ``failures`` holds a ``PLUGIN-001`` finding for every plugin that failed so far; every
    evaluation reports them.  With ``strict=True`` the first failure raises
    :class:`PluginError` instead (registration failures while the manager is built included).
    ``timeout`` limits each call of a hook's implementation to that many seconds (default:
    ``ASPCORE_PLUGIN_TIMEOUT``, else no limit); a call that gives no answer in time is a
    failure and its result is ignored (see :func:`~aspcore.isolation.call_with_limit`).
    """

    def __init__(
        self,
        *,
        entry_points: bool = True,
        extra: Iterable[object] = (),
        strict: bool = False,
        timeout: float | None = None,
    ) -> None:
        self.pm = pluggy.PluginManager(ENTRY_POINT_GROUP)
        self.pm.add_hookspecs(hookspecs)
        self.strict = strict
        self.timeout = timeout_of(timeout)
        self.failures: list[Finding] = []
        #: Plugins loaded from an installed package's entry point (not built in, not ``extra``):
        #: their rules run only under a ruleset that asks for them
        #: (:func:`aspcore.rules.registry.asked_rules`).
        self.installed: set[str] = set()
        self._infos: dict[str, PluginInfo] = {}
        self._registered: dict[str, list[tuple[str, Any]]] = {}
        self._owners: dict[str, dict[str, str]] = {}
        self._memo: dict[str, object] = {}
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
    ) -> bool:
        """Register ``plugin`` (as :class:`_Isolated`); whether it could be."""
        label = name or repr(plugin)
        isolated: _Isolated | None = None
        try:
            canonical = name or self.pm.get_canonical_name(plugin)
            isolated = _Isolated(self.pm, plugin, canonical, self._isolated)
            self.pm.register(isolated, name=isolated.__name__)
            self.pm.check_pending()
        except ESCAPES as exc:  # a plugin that does not match the specs is isolated
            if isolated is not None and self.pm.is_registered(isolated):
                self.pm.unregister(isolated)
            self._infos[label] = PluginInfo(label, version, (), builtin, error=describe(exc))
            self._fail(label, "register", exc)
            return False
        hooks = tuple(sorted(c.name for c in self.pm.get_hookcallers(isolated) or ()))
        self._infos[label] = PluginInfo(
            label, version or _version_of(plugin, builtin), hooks, builtin
        )
        return True

    def _load_entry_points(self, blocked: set[str]) -> None:
        for ep in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            version = ep.dist.version if ep.dist else ""
            if ep.name in blocked:
                self._infos[ep.name] = PluginInfo(ep.name, version, (), False, blocked=True)
                continue
            try:
                plugin = ep.load()
            except ESCAPES as exc:
                self._infos[ep.name] = PluginInfo(ep.name, version, (), False, error=describe(exc))
                self._fail(ep.name, "import", exc)
                continue
            if self._register(plugin, ep.name, builtin=False, version=version):
                self.installed.add(ep.name)

    # -- failures -----------------------------------------------------------------------
    def _fail(
        self, plugin: str, hook: str, exc: BaseException, sink: list[Finding] | None = None
    ) -> None:
        """Record that ``plugin`` failed in ``hook`` with ``exc``: a ``PLUGIN-001`` error finding.

        It goes to ``sink`` (default :attr:`failures`, which every evaluation reports).  The
        message names the exception as :func:`~aspcore.isolation.describe` does: by its type,
        never the text of an exception that may quote the data the plugin was handling.  A
        strict manager raises :class:`PluginError` with the message; its context keeps the
        original exception for a Python caller's traceback.
        """
        message = f"plugin {plugin} failed in {hook}: {describe(exc)}"
        self._record(plugin, hook, message, {"error": type(exc).__name__}, sink)

    def report_failure(self, plugin: str, hook: str, exc: BaseException) -> None:
        """Record that an object ``plugin`` registered through ``hook`` (a return reader, say)
        raised while aspcore used it: a ``PLUGIN-001`` failure, fatal when strict."""
        self._fail(plugin, hook, exc)

    def _reject(self, plugin: str, hook: str, expected: str, found: object) -> None:
        """Record that ``plugin``'s ``hook`` returned ``found`` where ``expected`` was due.

        The message names the plugin, the hook, what was expected and the type of what was found
        (never its contents); the item is not used.
        """
        message = f"plugin {plugin} failed in {hook}: expected {expected}, found {_describe(found)}"
        evidence = {"error": "TypeError", "expected": expected, "found": type(found).__name__}
        self._record(plugin, hook, message, evidence, None)

    def _record(
        self,
        plugin: str,
        hook: str,
        message: str,
        evidence: dict[str, Any],
        sink: list[Finding] | None,
    ) -> None:
        finding = Finding(
            rule=PLUGIN_FAILURE,
            subject=plugin,
            subject_kind="plugin",
            severity=Severity.ERROR,
            message=message,
            evidence={"plugin": plugin, "hook": hook, **evidence},
            suggestion=f"Fix or disable the plugin (ASPCORE_DISABLE_PLUGINS={plugin})",
            plugin=plugin,
        )
        (self.failures if sink is None else sink).append(finding)
        if self.strict:
            raise PluginError(message)

    # -- calls --------------------------------------------------------------------------
    def call(
        self, hook: str, *, sink: list[Finding] | None = None, **kwargs: Any
    ) -> list[tuple[str, Any]]:
        """Call ``hook`` through pluggy; returns ``(plugin name, result)`` pairs.

        pluggy passes each implementation only the arguments it declares and runs the hook's
        wrappers around the call.  Results come in registration order of importance: built-ins
        (``trylast``) first, so that later entries (other plugins) can override them.  A failing
        implementation is isolated (see :class:`_Isolated`): it is recorded in ``sink`` (default
        :attr:`failures`) and the others still run; a strict manager raises
        :class:`PluginError`.  A hook wrapper that fails fails the call, and is recorded the
        same way under the names of the hook's wrappers.
        """
        caller = getattr(self.pm.hook, hook)
        state = _Call(sink)
        token = _CURRENT.set(state)
        try:
            caller(**kwargs)
        except PluginError:
            raise
        except ESCAPES as exc:
            wrappers = [i.plugin_name for i in caller.get_hookimpls() if i.wrapper or i.hookwrapper]
            self._fail(" and ".join(wrappers) or "a hook wrapper", hook, exc, sink)
        finally:
            _CURRENT.reset(token)
        if self._trace:
            print(f"aspcore: {hook} returned {len(state.results)} result(s)", file=sys.stderr)
        return state.results[::-1]  # pluggy calls the last registered first

    def _isolated(self, hook: str, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """``function`` (plugin ``name``'s implementation of ``hook``) made to fail alone."""

        def isolated(*args: Any) -> Any:
            state = _CURRENT.get(None)
            if state is None:  # called through pm.hook directly: nothing to record it in
                return function(*args)
            if self._trace:
                print(f"aspcore: calling {hook} of {name}", file=sys.stderr)
            try:
                result = call_with_limit(functools.partial(function, *args), self.timeout)
            except ESCAPES as exc:
                self._fail(name, hook, exc, state.sink)
                return None
            state.results.append((name, result))
            return result

        return isolated

    def registered(
        self, hook: str, kind: type | tuple[type, ...], item: str, items: str
    ) -> list[tuple[str, Any]]:
        """``(plugin, item)`` for every item of a registration hook that returns a list.

        The hook is called once per manager (the items are kept), so a failing plugin is reported
        once however often a registry is built.  An implementation that raises, returns something
        other than a list or tuple (``None`` counts as nothing, as in pluggy), or returns an item
        that is not a ``kind`` is a ``PLUGIN-001`` failure; its other items are kept.  ``item``
        and ``items`` say what is expected, for the message: ``"an aspcore.Rule"``, ``"aspcore.Rule
        objects"``.  :meth:`registry` and :meth:`files` build on this.
        """
        if hook in self._registered:
            return list(self._registered[hook])
        found: list[tuple[str, Any]] = []
        for plugin, result in self.call(hook):
            if result is None:
                continue
            if not isinstance(result, list | tuple):
                self._reject(plugin, hook, f"a list of {items}", result)
                continue
            for element in result:
                if isinstance(element, kind):
                    found.append((plugin, element))
                else:
                    self._reject(plugin, hook, item, element)
        self._registered[hook] = found
        return list(found)

    def registry(
        self,
        hook: str,
        kind: type[T],
        label: str,
        key: Callable[[T], str],
        *,
        claim: bool = False,
    ) -> dict[str, T]:
        """``key(item)`` → item for the items of ``hook``; a later plugin's item wins a key.

        Items are checked as :meth:`registered` checks them; ``label`` is ``kind`` as users
        import it (``"aspcore.Rule"``), for the message of a plugin that returns something else.
        With ``claim=True`` an item whose ``plugin`` field is empty gets the name of the plugin
        that registered it (rules and adapters say where they come from).
        """
        found: dict[str, T] = {}
        for plugin, item in self.registered(hook, kind, f"an {label}", f"{label} objects"):
            if claim and not item.plugin:
                item = attrs.evolve(item, plugin=plugin)
            found[key(item)] = item
        return found

    def files(self, hook: str, label: str, read: Callable[[Path], tuple[str, T]]) -> dict[str, T]:
        """Name → what ``read`` makes of each file the plugins ship through ``hook``.

        The hook returns paths (:data:`~aspcore.hookspecs.PATHS`) of files, or of folders whose
        ``*.toml`` files are read in name order.  ``read`` gives a file's name and content; a
        file it cannot read (missing, not TOML, invalid: any exception) is a ``PLUGIN-001``
        failure of the plugin that named it, and only that file is left out.  A later file wins
        a name.  ``label`` names the kind of file in messages (``"ruleset"``).
        """
        found: dict[str, T] = {}
        owners = self._owners.setdefault(hook, {})
        expected = (f"the path of a {label} file", f"paths of {label} files or folders")
        for plugin, ref in self.registered(hook, PATHS, *expected):
            try:
                path = Path(ref)  # an os.PathLike may still give bytes, which Path refuses
                files = sorted(path.glob("*.toml")) if path.is_dir() else [path]
            except ESCAPES as exc:
                self._fail(plugin, hook, exc)
                continue
            for file in files:
                try:
                    name, content = read(file)
                except ESCAPES as exc:  # a bad file is its plugin's failure, not the run's
                    self._fail(plugin, hook, exc)
                    continue
                found[name] = content
                owners[name] = plugin
        return found

    def infos(self) -> list[PluginInfo]:
        """Every plugin known, built-in first, with version, hooks and blocked state."""
        return sorted(self._infos.values(), key=lambda i: (not i.builtin, i.name))

    def owners(self, hook: str) -> dict[str, str]:
        """Name → the plugin that shipped it, for the files read from ``hook`` so far by
        :meth:`files` (the plugin whose file won the name)."""
        return dict(self._owners.get(hook, {}))

    def memo(self, key: str, build: Callable[[], T]) -> T:
        """What ``build()`` gives, once per manager: how a feature keeps the registry it
        builds from this manager's hooks (``aspcore.rules.registry`` keeps the rules)."""
        if key not in self._memo:
            self._memo[key] = build()
        return cast(T, self._memo[key])


def _version_of(plugin: object, builtin: bool) -> str:
    return __version__ if builtin else str(getattr(plugin, "__version__", ""))


@functools.cache
def _default(strict: bool) -> Plugins:
    return Plugins(strict=strict)


def get_plugins(
    *,
    fresh: bool = False,
    entry_points: bool = True,
    extra: Iterable[object] = (),
    strict: bool = False,
    timeout: float | None = None,
) -> Plugins:
    """The plugins to use: a shared default (built on first use), or a fresh manager.

    Pass ``fresh=True`` (or ``extra`` plugins, ``entry_points=False`` or a ``timeout``) for an
    isolated manager, as tests and host systems with their own plugins do.  ``strict=True``
    gives a manager that raises :class:`PluginError` at the first plugin failure (the command
    line's ``--strict``); building it raises if a plugin cannot be loaded.  ``timeout`` limits
    each hook call to that many seconds (default: ``ASPCORE_PLUGIN_TIMEOUT``).
    """
    extra = tuple(extra)
    if fresh or extra or not entry_points or timeout is not None:
        return Plugins(entry_points=entry_points, extra=extra, strict=strict, timeout=timeout)
    return _default(strict)


def manager_or_default(plugins: Plugins | None) -> Plugins:
    """``plugins``, or the shared default manager (:func:`get_plugins`) when none is given.

    The one meaning of "no plugins given" everywhere a function takes ``plugins=None``: the
    built-ins and every installed plugin, so ``validate_file`` sees an installed plugin's
    schemas as ``evaluate`` sees its rules.  For the built-ins alone, pass
    ``get_plugins(entry_points=False)``.
    """
    return plugins if plugins is not None else get_plugins()
