"""What the hook tests share: the hooks aspcore declares, how each one's registrations are read,
how to tell (from the syntax tree) that code implements a hook, and how to run the
documentation's examples.

The documentation's examples are fenced blocks; a block's ``title="..."`` is the file it is.  A
Python block is run as a module in a folder that also holds the other titled blocks of its
section, so ``Path(__file__).parent / "northshire.toml"`` finds the TOML shown beside it.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib.util
import itertools
import re
import types
from collections.abc import Callable, Mapping
from pathlib import Path

from aspcore import hookspecs
from aspcore.adapters import adapters
from aspcore.indicators import measure_registry
from aspcore.monitoring.readers import registered_readers
from aspcore.plugins import Plugins
from aspcore.rag.scheme_files import registered_schemes as rag_registered
from aspcore.report import renderers
from aspcore.risk.loading import registered_schemes as risk_registered
from aspcore.rules import registry as rule_registry
from aspcore.schemas import schema_registry

DOCS = Path(__file__).resolve().parents[1] / "docs"

#: Each registration hook, and the registry (name → item) its items end up in.
REGISTRIES: dict[str, Callable[[Plugins], Mapping[str, object]]] = {
    "aspcore_register_rules": lambda plugins: rule_registry.rules(plugins),
    "aspcore_register_rulesets": lambda plugins: rule_registry.rulesets(plugins),
    "aspcore_register_risk_schemes": lambda plugins: risk_registered(plugins),
    "aspcore_register_rag_schemes": lambda plugins: rag_registered(plugins),
    "aspcore_register_adapters": adapters,
    "aspcore_register_schemas": schema_registry,
    "aspcore_register_renderers": renderers,
    "aspcore_register_measures": measure_registry,
    "aspcore_register_return_readers": lambda plugins: registered_readers(plugins),
}

_FENCE = re.compile(r"^```(\w*)([^\n]*)\n(.*?)^```", flags=re.S | re.M)
_TITLE = re.compile(r'title="([^"]+)"')
_MODULES = itertools.count()


def hook_names() -> list[str]:
    """Every hook aspcore declares, sorted."""
    return sorted(name for name in dir(hookspecs) if name.startswith("aspcore_"))


@dataclasses.dataclass(frozen=True)
class Block:
    """One fenced block of a page: its language, its ``title`` (a file name) and its text."""

    language: str
    title: str | None
    code: str


def blocks(text: str, language: str | None = None) -> list[Block]:
    """The fenced blocks of ``text`` (of one ``language``, or all), in order.

    ``language=""`` gives the blocks that name no language (a listing of files, say).
    """
    found = []
    for lang, info, code in _FENCE.findall(text):
        title = _TITLE.search(info)
        found.append(Block(lang, title.group(1) if title else None, code))
    return [b for b in found if language is None or b.language == language]


def page(name: str) -> str:
    """The text of a documentation page, e.g. ``plugins/hooks.md``."""
    return (DOCS / name).read_text(encoding="utf-8")


def sections(text: str) -> dict[str, str]:
    """``## heading`` → the text under it, up to the next ``## ``."""
    parts = re.split(r"^## (.+)\n", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _is_hookimpl(node: ast.expr) -> bool:
    """``hookimpl``, ``aspcore.hookimpl``, or either called with options."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr == "hookimpl"
    return isinstance(node, ast.Name) and node.id == "hookimpl"


def implemented_hooks(source: str) -> set[str]:
    """The ``aspcore_*`` hooks that ``source`` implements, read from its syntax tree.

    A function named after a hook and decorated with a hookimpl marker counts, and so does a
    hookimpl bound to a hook's name as a keyword (``SimpleNamespace(aspcore_x=hookimpl(f))``).
    Comments, strings and calls do not.
    """
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and any(map(_is_hookimpl, node.decorator_list)):
            found.add(node.name)
        elif isinstance(node, ast.keyword) and node.arg and _is_hookimpl(node.value):
            found.add(node.arg)
    return {name for name in found if name.startswith("aspcore_")}


def write_files(files: list[Block], folder: Path) -> None:
    """Write each titled block to ``folder / title`` (a title may name a sub-folder)."""
    for block in files:
        if block.title:
            target = folder / block.title
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.code, encoding="utf-8")


def load_example(code: str, files: list[Block], folder: Path) -> types.ModuleType:
    """Run ``code`` as a module in ``folder``, next to the titled ``files``; return the module."""
    write_files(files, folder)
    path = folder / f"docs_example_{next(_MODULES)}.py"
    path.write_text(code, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
