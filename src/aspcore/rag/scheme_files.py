"""Indicator RAG schemes shipped as TOML files, the form plugins register them in.

A scheme file holds what a ruleset's ``[params.rag.schemes.NAME]`` table holds, plus the
scheme's ``name`` (default: the file name without ``.toml``)::

    name = "northshire"
    source = "Northshire partnership board, 2018: green within 5% of target"
    bands = [
      { rag = "green", max = 5 },
      { rag = "amber", above = 5, below = 20 },
      { rag = "red", min = 20 },
    ]

Files are validated when they are read, so a bad file is reported once, naming the file, rather
than each time an indicator is rated.  :func:`registered_schemes` collects the files of every
plugin's ``aspcore_register_rag_schemes`` hook; a plugin that raises, returns something other
than paths, or ships a file that is not a valid scheme becomes a ``PLUGIN-001`` finding and the
other plugins' schemes are still there.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from aspcore.errors import RulesetError
from aspcore.plugins import PATHS, Plugins
from aspcore.rag.schemes import parse_scheme
from aspcore.rules.ruleset import read_toml_file

__all__ = ["HOOK", "read_scheme_file", "registered_schemes", "schemes_in"]

#: The hook plugins implement to add RAG schemes.
HOOK = "aspcore_register_rag_schemes"


def read_scheme_file(path: Path) -> tuple[str, dict[str, Any]]:
    """The scheme in ``path``: its name and its table (without ``name``), validated.

    Raises :class:`~aspcore.errors.RulesetError` naming the file and what is wrong with it.
    """
    data = read_toml_file(path, "RAG scheme")
    name = data.pop("name", path.stem)
    if not isinstance(name, str) or not name.strip():
        raise RulesetError(f"{path}: a RAG scheme's name must be text, found {name!r}")
    try:
        parse_scheme(name, data)
    except RulesetError as exc:
        raise RulesetError(f"{path}: {exc}") from None
    return name, data


def schemes_in(paths: Iterable[str | os.PathLike[str]]) -> dict[str, dict[str, Any]]:
    """Name → table for scheme files and folders of them (``*.toml``); later files win a name."""
    found: dict[str, dict[str, Any]] = {}
    for ref in paths:
        if not isinstance(ref, str | os.PathLike):
            raise TypeError(f"expected the path of a RAG scheme file, found {ref!r}")
        path = Path(ref)
        for file in sorted(path.glob("*.toml")) if path.is_dir() else [path]:
            name, table = read_scheme_file(file)
            found[name] = table
    return found


def registered_schemes(plugins: Plugins) -> dict[str, dict[str, Any]]:
    """Every scheme the plugins register, name → table; a later plugin wins a name.

    Each failure (the hook raised, returned something other than a list of paths, or named a
    file that is not a valid scheme) is recorded in ``plugins.failures`` as ``PLUGIN-001``
    naming the plugin; that plugin's other files are still read.
    """
    found: dict[str, dict[str, Any]] = {}
    for plugin, ref in plugins.registered(
        HOOK, PATHS, "the path of a RAG scheme file", "paths of RAG scheme files or folders"
    ):
        try:
            found.update(schemes_in([ref]))
        except RulesetError as exc:
            plugins.fail(plugin, HOOK, exc)
    return found
