"""Every hook has a test: some test module implements it, as datasette's own suite checks.

A hook counts as tested when a test module or conftest under ``tests/`` or ``plugins/*/tests/``
(other than this one) implements it, read from the module's syntax tree: a function named after
the hook and decorated with a hookimpl marker (``@aspcore.hookimpl``, ``@hookimpl(...)``), or a
hookimpl bound to the hook's name (``SimpleNamespace(aspcore_register_renderers=hookimpl(f))``),
i.e. some test runs aspcore with a plugin that implements the hook.  Comments, strings, calls and
names built at run time do not count.  A new hookspec without such a test fails here, naming it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aspcore import hookspecs
from hooks_support import hook_names, implemented_hooks

ROOT = Path(__file__).resolve().parents[1]
TEST_FOLDERS = (ROOT / "tests", *sorted((ROOT / "plugins").glob("*/tests")))


def modules_to_scan() -> list[Path]:
    """The test modules and conftests that may implement hooks, without this one."""
    return [
        path
        for folder in TEST_FOLDERS
        for path in sorted(folder.rglob("*.py"))
        if (path.name.startswith("test_") or path.name == "conftest.py")
        and path.resolve() != Path(__file__).resolve()
    ]


def implemented_by_tests() -> set[str]:
    """The ``aspcore_*`` hooks some test module implements."""
    return {
        name for path in modules_to_scan() for name in implemented_hooks(path.read_text("utf-8"))
    }


def untested_hooks() -> list[str]:
    """The hooks no test module implements."""
    return sorted(set(hook_names()) - implemented_by_tests())


def test_the_scan_counts_implementations_only() -> None:
    text = (
        "@aspcore.hookimpl\ndef aspcore_register_rules() -> list[Rule]:\n    return []\n"
        "@hookimpl(trylast=True)\ndef aspcore_register_rulesets():\n    return []\n"
        "plugin = SimpleNamespace(aspcore_register_renderers=hookimpl(lambda: []))\n"
        "# def aspcore_register_widgets(\n"
        "'''@aspcore.hookimpl\ndef aspcore_register_gadgets(): ...'''\n"
        "x = aspcore_register_schemas()  # a call is not an implementation\n"
        "def aspcore_register_measures():  # not marked as a hookimpl\n    return []\n"
    )
    assert implemented_hooks(text) == {
        "aspcore_register_rules",
        "aspcore_register_rulesets",
        "aspcore_register_renderers",
    }


def test_this_module_does_not_count_itself() -> None:
    assert Path(__file__).resolve() not in [p.resolve() for p in modules_to_scan()]
    assert len(modules_to_scan()) > 20  # the scan is not vacuous


def test_every_hook_has_a_test_that_implements_it() -> None:
    assert len(hook_names()) >= 9
    untested = untested_hooks()
    assert not untested, (
        f"hook(s) without a test: {', '.join(untested)}. Add a test under tests/ (or a plugin's "
        "tests/) that runs aspcore with a plugin implementing each one, e.g. "
        "`@aspcore.hookimpl def aspcore_register_rules()` in a SimpleNamespace plugin passed to "
        "get_plugins(fresh=True, entry_points=False, extra=[plugin])"
    )


def test_a_new_hook_without_a_test_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    @hookspecs.hookspec
    def aspcore_register_widgets() -> list[object]:
        """Return widgets."""
        return []

    monkeypatch.setattr(hookspecs, "aspcore_register_widgets", aspcore_register_widgets, False)
    assert untested_hooks() == ["aspcore_register_widgets"]
