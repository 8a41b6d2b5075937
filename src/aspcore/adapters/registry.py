"""The adapters the plugins register, and ``--from ADAPTER:PATH`` references to them.

:func:`adapters` collects every :class:`~aspcore.adapters.model.Adapter` returned by the
plugins' ``aspcore_register_adapters`` hook; a plugin that raises there, or returns something
that is not an adapter, becomes a ``PLUGIN-001`` error finding in ``plugins.failures`` (raised in
strict mode) and the other plugins' adapters are still there.  :func:`parse_from` turns the
command line's ``ecins:export/`` into an :class:`AdapterRef`, with a did-you-mean for a
misspelt adapter or option.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from aspcore.adapters.model import Adapter
from aspcore.errors import InputFileError
from aspcore.plugins import manager_or_default

if TYPE_CHECKING:
    from aspcore.plugins import Plugins

__all__ = ["HOOK", "AdapterRef", "adapters", "get_adapter", "parse_from", "parse_options"]

#: The hook plugins implement to add adapters.
HOOK = "aspcore_register_adapters"


def adapters(plugins: Plugins | None = None) -> dict[str, Adapter]:
    """Every adapter by name (default: the shared plugin manager's); a later plugin wins a name.

    Each adapter names the plugin that registered it.  The hook is called once per manager, so a
    failing plugin is reported once however often this is asked; a strict manager raises
    :class:`~aspcore.errors.PluginError` instead.
    """
    return manager_or_default(plugins).registry(
        HOOK, Adapter, "aspcore.adapters.Adapter", lambda a: a.name, claim=True
    )


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f" Did you mean '{close[0]}'?" if close else ""


def get_adapter(name: str, plugins: Plugins | None = None) -> Adapter:
    """The adapter called ``name``; an unknown name lists the adapters and suggests one."""
    found = adapters(plugins)
    if name in found:
        return found[name]
    listed = ", ".join(sorted(found)) or "none (install an adapter plugin, e.g. aspcore-ecins)"
    raise InputFileError(
        f"there is no adapter '{name}'; the adapters are: {listed}.{_did_you_mean(name, found)}"
    )


@attrs.frozen
class AdapterRef:
    """A resolved ``--from ADAPTER:PATH``: the adapter, the path and the adapter's options."""

    adapter: Adapter
    path: Path
    options: Mapping[str, str] = attrs.field(factory=dict)

    @property
    def label(self) -> str:
        """The reference as the user wrote it: ``ecins:export``."""
        return f"{self.adapter.name}:{self.path}"


def parse_options(items: Iterable[str] | Mapping[str, str]) -> dict[str, str]:
    """Adapter options from ``KEY=VALUE`` texts (as ``--adapter-option`` gives them)."""
    if isinstance(items, Mapping):
        return {str(k): str(v) for k, v in items.items()}
    options: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputFileError(
                f"adapter option {item!r}: expected KEY=VALUE, e.g. mapping=m.toml"
            )
        options[key.strip()] = value.strip()
    return options


def parse_from(
    text: str,
    plugins: Plugins | None = None,
    *,
    options: Iterable[str] | Mapping[str, str] = (),
    must_exist: bool = True,
) -> AdapterRef:
    """Resolve ``ADAPTER:PATH`` (``ecins:examples/export``) against the installed adapters.

    Raises :class:`~aspcore.errors.InputFileError` for a reference without an adapter name, an
    unknown adapter or option (with a did-you-mean), or a path that does not exist (unless
    ``must_exist=False``).
    """
    name, sep, rest = text.partition(":")
    if not sep or not name or not rest:
        raise InputFileError(
            f"--from {text!r}: expected ADAPTER:PATH, e.g. ecins:examples/export; "
            f"the adapters are: {', '.join(sorted(adapters(plugins))) or 'none'}"
        )
    adapter = get_adapter(name.strip().lower(), plugins)
    parsed = parse_options(options)
    for key in parsed:
        if key not in adapter.options:
            known = ", ".join(sorted(adapter.options)) or "none"
            raise InputFileError(
                f"the {adapter.name} adapter has no option '{key}'; its options are: {known}."
                f"{_did_you_mean(key, adapter.options)}"
            )
    path = Path(rest)
    if must_exist and not path.exists():
        raise InputFileError(f"--from {text}: {path}: no such file or folder")
    return AdapterRef(adapter, path, parsed)
