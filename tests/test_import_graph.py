"""The import graph has no cycle, and the plugin machinery imports none of aspcore's features.

Read from the source, not by importing: every ``import`` and ``from ... import`` of an aspcore
module, at module level and inside functions (an import put off to a function still ties the
two modules together), but not those under ``if TYPE_CHECKING:``.  Importing ``a.b.c`` runs
``a`` and ``a.b`` too, so each import also depends on the packages above its target (those
that do not contain the importing module).
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
MODULES = {
    ".".join(path.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__"): path
    for path in SRC.rglob("*.py")
}
#: What the plugin manager and the hook specifications may import: machinery, not features.
MACHINERY = {
    "aspcore.plugins": {
        "aspcore",
        "aspcore.errors",
        "aspcore.hookspecs",
        "aspcore.isolation",
        "aspcore.model",
        "aspcore.model.codes",
        "aspcore.version",
    },
    "aspcore.hookspecs": {"aspcore"},
}


def _module(name: str) -> str | None:
    """The aspcore module ``name`` is, or is in (``aspcore.rules.Rule`` → ``aspcore.rules``)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _imported(tree: ast.AST) -> set[str]:
    """The aspcore modules a module's code imports (outside ``if TYPE_CHECKING:``)."""
    found: set[str] = set()
    pending = [tree]
    while pending:
        for node in ast.iter_child_nodes(pending.pop()):
            if _type_checking(node):
                continue
            if isinstance(node, ast.Import):
                found.update(m for a in node.names if (m := _module(a.name)))
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    target = _module(f"{node.module}.{alias.name}") or _module(node.module)
                    if target:
                        found.add(target)
            pending.append(node)
    return found


def graph() -> dict[str, set[str]]:
    """Module → the modules importing it runs (targets and the packages above them)."""
    edges: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        targets: set[str] = set()
        for target in _imported(ast.parse(path.read_text(encoding="utf-8"))):
            parts = target.split(".")
            for depth in range(1, len(parts) + 1):
                runs = ".".join(parts[:depth])
                if runs in MODULES and not name.startswith(f"{runs}.") and runs != name:
                    targets.add(runs)
        edges[name] = targets
    return edges


def cycle(edges: dict[str, set[str]]) -> list[str]:
    """One cycle of the graph (as a path that returns to its start), or ``[]``."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for root in sorted(edges):
        if root in state:
            continue
        path, stack = [root], [iter(sorted(edges[root]))]
        state[root] = 1
        while stack:
            step = next(stack[-1], None)
            if step is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(step) == 1:
                return [*path[path.index(step) :], step]
            elif step not in state:
                state[step] = 1
                path.append(step)
                stack.append(iter(sorted(edges[step])))
    return []


def test_the_import_graph_has_no_cycle() -> None:
    assert cycle(graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycle(edges) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) == []


def test_the_plugin_machinery_imports_no_feature() -> None:
    edges = graph()
    for module, allowed in MACHINERY.items():
        assert edges[module] <= allowed, (module, sorted(edges[module] - allowed))
