"""Every hook is documented, and every example on the plugin pages runs (as datasette checks).

A hook is documented when its docstring and its ``## hook`` section of ``docs/plugins/hooks.md``
each give the signature, when it is called, what it returns, and the same example: a complete
plugin module implementing the hook.  The example is run here, with the files shown beside it,
and what it registers must reach aspcore's registry without a plugin failure.  The Python blocks
of "Shipping a ruleset" run here too (the adapters reference's, in
``tests/adapters/test_adapters_docs.py``).
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

import aspcore
from aspcore import hookspecs
from aspcore.plugins import Plugins, get_plugins
from aspcore.rules import registry as rule_registry
from hooks_support import (
    REGISTRIES,
    blocks,
    hook_names,
    implemented_hooks,
    load_example,
    page,
    sections,
    write_files,
)

HOOKS_PAGE = "plugins/hooks.md"
PLAN = aspcore.plan_from_mapping({"partnership": "P", "actions": [{"id": "A1"}]})


def evaluate(plugins: Plugins) -> aspcore.Evaluation:
    return aspcore.evaluate(PLAN, as_of=dt.date(2018, 11, 30), plugins=plugins)


#: How a test uses each hook, so that the hook's example runs.
USES: dict[str, Callable[[Plugins], object]] = {
    **REGISTRIES,
    "aspcore_evaluation_finished": evaluate,
}


def docstring_example(hook: str) -> str | None:
    """The example of the hook's docstring (the text after ``Example...::``), dedented."""
    doc = inspect.getdoc(getattr(hookspecs, hook)) or ""
    _text, sep, example = doc.partition("::\n\n")
    return textwrap.dedent(example).strip("\n") + "\n" if sep else None


def doc_problems(hook: str) -> list[str]:
    """What the hook's docstring and its section of the hooks reference lack."""
    problems = []
    doc = inspect.getdoc(getattr(hookspecs, hook)) or ""
    for needed in (f"``{hook}(", "Called", "Returns", "Example"):
        if needed not in doc:
            problems.append(f"{hook}: its docstring does not give {needed!r}")
    section = sections(page(HOOKS_PAGE)).get(hook)
    if section is None:
        return [*problems, f"{hook}: no '## {hook}' section in docs/{HOOKS_PAGE}"]
    for needed in (f"`{hook}(", "**When it is called:**", "**Returns:**"):
        if needed not in section:
            problems.append(f"{hook}: its section does not give {needed!r}")
    examples = [b.code for b in blocks(section, "python") if hook in implemented_hooks(b.code)]
    if len(examples) != 1:
        problems.append(f"{hook}: its section needs one Python example with @aspcore.hookimpl")
    elif docstring_example(hook) != examples[0]:
        problems.append(f"{hook}: its docstring's example is not the one in its section")
    if hook not in USES:
        problems.append(f"{hook}: tests/test_hooks_docs.py does not know how to run its example")
    return problems


def example_plugin(hook: str, folder: Path) -> object:
    """The hook's example from the reference, loaded as a module beside the files it names."""
    section = sections(page(HOOKS_PAGE))[hook]
    (code,) = [b.code for b in blocks(section, "python") if hook in implemented_hooks(b.code)]
    return load_example(code, blocks(section), folder)


@pytest.mark.parametrize("hook", hook_names())
def test_each_hook_is_documented_and_its_example_runs(
    hook: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert doc_problems(hook) == []
    plugins = get_plugins(fresh=True, entry_points=False, extra=[example_plugin(hook, tmp_path)])
    used = USES[hook](plugins)
    assert plugins.failures == []
    if hook in REGISTRIES:
        built_in = REGISTRIES[hook](get_plugins(fresh=True, entry_points=False))
        assert set(used) - set(built_in), f"{hook}: the example registered nothing new"
    else:
        assert capsys.readouterr().err.startswith("P: ")


def test_every_python_block_of_the_hooks_reference_is_a_hooks_example() -> None:
    examples = blocks(page(HOOKS_PAGE), "python")
    assert [sorted(implemented_hooks(b.code)) for b in examples] == [
        [hook] for hook in sections(page(HOOKS_PAGE)) if hook in hook_names()
    ]


def test_a_new_hook_without_documentation_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    @hookspecs.hookspec
    def aspcore_register_widgets() -> list[object]:
        """Return widgets."""
        return []

    monkeypatch.setattr(hookspecs, "aspcore_register_widgets", aspcore_register_widgets, False)
    assert "aspcore_register_widgets" in hook_names()
    assert doc_problems("aspcore_register_widgets") == [
        "aspcore_register_widgets: its docstring does not give '``aspcore_register_widgets('",
        "aspcore_register_widgets: its docstring does not give 'Called'",
        "aspcore_register_widgets: its docstring does not give 'Returns'",
        "aspcore_register_widgets: its docstring does not give 'Example'",
        f"aspcore_register_widgets: no '## aspcore_register_widgets' section in docs/{HOOKS_PAGE}",
    ]


def test_the_shipping_a_ruleset_pages_plugin_and_test_run(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    aspcore_evaluate: Callable[..., aspcore.Evaluation],
) -> None:
    every = blocks(page("plugins/shipping-a-ruleset.md"))
    python = [b for b in every if b.language == "python"]
    package = "src/aspcore_northshire"
    assert [b.title for b in python] == [f"{package}/__init__.py", "tests/test_northshire.py"]
    write_files(every, tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path / "src"))
    monkeypatch.delitem(sys.modules, "aspcore_northshire", raising=False)
    plugin = importlib.import_module("aspcore_northshire")  # the package the page writes
    plugins = get_plugins(fresh=True, entry_points=False, extra=[plugin])
    assert rule_registry.rulesets(plugins)["northshire"] == tmp_path / package / "northshire.toml"
    tests = load_example(python[1].code, [], tmp_path / "tests")
    tests.test_ruleset_extends_the_default(aspcore_evaluate)
    assert plugins.failures == []
    monkeypatch.delitem(sys.modules, "aspcore_northshire")
