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
than each time an indicator is rated.  The plugin manager reads the files of every plugin's
``aspcore_register_rag_schemes`` hook with :func:`read_scheme_file`
(:func:`registered_schemes`): a file that is not a valid scheme is a
``PLUGIN-001`` failure of the plugin that named it, and the other files are still read.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from aspcore.errors import RulesetError
from aspcore.rag.params import BUILTIN_SCHEMES
from aspcore.rag.schemes import parse_scheme
from aspcore.rules.ruleset import read_toml_file

if TYPE_CHECKING:
    from aspcore.plugins import Plugins

__all__ = ["HOOK", "available_schemes", "read_scheme_file", "registered_schemes"]

#: The hook plugins implement to add RAG schemes.
HOOK = "aspcore_register_rag_schemes"


def registered_schemes(plugins: Plugins) -> dict[str, dict[str, Any]]:
    """Indicator RAG scheme name → table, from every plugin's ``aspcore_register_rag_schemes``.

    Read and validated once per manager; a bad file is a failure of its plugin.
    """
    return plugins.memo(HOOK, lambda: plugins.files(HOOK, "RAG scheme", read_scheme_file))


def available_schemes(plugins: Plugins) -> dict[str, dict[str, Any]]:
    """Indicator RAG scheme name → table: the published schemes
    (:data:`~aspcore.rag.BUILTIN_SCHEMES`), and those plugins register (which win a name)."""
    return {**BUILTIN_SCHEMES, **registered_schemes(plugins)}


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
