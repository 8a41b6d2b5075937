"""Every hook has a test: some test module implements it, as datasette's own suite checks.

A hook counts as tested when a file under ``tests/`` or ``plugins/*/tests/`` defines a function
with the hook's name (``def aspcore_register_rules(``) or binds a hookimpl to it
(``aspcore_register_renderers=hookimpl(...)``), i.e. when some test runs aspcore with a plugin
that implements the hook.  A new hookspec without such a test fails here, naming it.
"""

from __future__ import annotations

import re
from pathlib import Path

from aspcore import hookspecs

ROOT = Path(__file__).resolve().parents[1]
TEST_FOLDERS = (ROOT / "tests", *sorted((ROOT / "plugins").glob("*/tests")))
_IMPLEMENTS = re.compile(
    r"\bdef\s+(aspcore_\w+)\s*\(|\b(aspcore_\w+)\s*=\s*(?:aspcore\.)?hookimpl\b"
)


def hook_names() -> set[str]:
    """Every hook aspcore declares."""
    return {name for name in dir(hookspecs) if name.startswith("aspcore_")}


def implemented_in(text: str) -> set[str]:
    """The ``aspcore_*`` names a test file implements (defines or binds to a hookimpl)."""
    return {a or b for a, b in _IMPLEMENTS.findall(text)}


def implemented_by_tests() -> set[str]:
    """The ``aspcore_*`` names some test file implements."""
    return {
        name
        for folder in TEST_FOLDERS
        for path in folder.rglob("*.py")
        for name in implemented_in(path.read_text(encoding="utf-8"))
    }


def test_the_scan_finds_both_ways_of_implementing_a_hook() -> None:
    text = (
        "@aspcore.hookimpl\ndef aspcore_register_rules() -> list[Rule]:\n"
        "plugin = SimpleNamespace(aspcore_register_renderers=hookimpl(lambda: []))\n"
        "x = aspcore_register_schemas()  # a call is not an implementation\n"
    )
    assert implemented_in(text) == {"aspcore_register_rules", "aspcore_register_renderers"}


def test_every_hook_has_a_test_that_implements_it() -> None:
    hooks = hook_names()
    assert len(hooks) >= 9  # the scan below is not vacuous
    untested = sorted(hooks - implemented_by_tests())
    assert not untested, (
        f"hook(s) without a test: {', '.join(untested)}. Add a test under tests/ (or a plugin's "
        "tests/) that runs aspcore with a plugin implementing each one, e.g. "
        "`def aspcore_register_rules()` in a SimpleNamespace plugin passed to "
        "get_plugins(fresh=True, entry_points=False, extra=[plugin])"
    )
