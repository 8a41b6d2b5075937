"""The documentation's examples run, and every hook is documented."""

from __future__ import annotations

import datetime as dt
import re
import types
from pathlib import Path

import aspcore
from aspcore import hookspecs
from aspcore.plugins import get_plugins
from aspcore.rules.lint import lint_ruleset

DOCS = Path(__file__).resolve().parents[1] / "docs"


def blocks(page: str, language: str) -> list[str]:
    text = (DOCS / page).read_text(encoding="utf-8")
    return re.findall(rf"```{language}[^\n]*\n(.*?)```", text, flags=re.S)


def test_writing_rules_toml_example_lints_clean_and_runs(tmp_path: Path) -> None:
    toml = blocks("writing-rules.md", "toml")[0]
    path = tmp_path / "northshire.toml"
    path.write_text(toml, encoding="utf-8")
    assert lint_ruleset(path, get_plugins()) == []
    plan = aspcore.plan_from_mapping(
        {
            "partnership": "P",
            "actions": [{"id": "A1", "status": "not-started", "due": "2018-12-01"}],
        }
    )
    result = aspcore.evaluate(plan, as_of=dt.date(2018, 11, 20), ruleset=path)
    assert [f.subject for f in result.findings if f.rule == "LOCAL-001"] == ["A1"]


def test_writing_rules_python_example_runs() -> None:
    namespace: dict[str, object] = {}
    exec(compile(blocks("writing-rules.md", "python")[0], "writing-rules.md", "exec"), namespace)
    plugin = types.SimpleNamespace(
        __name__="docs_example", aspcore_register_rules=namespace["aspcore_register_rules"]
    )
    plugins = get_plugins(fresh=True, entry_points=False, extra=[plugin])
    plan = aspcore.plan_from_mapping(
        {"partnership": "P", "actions": [{"id": "A1", "statement": "word " * 41}]}
    )
    result = aspcore.evaluate(plan, as_of=dt.date(2018, 11, 20), plugins=plugins)
    (finding,) = [f for f in result.findings if f.rule == "LOCAL-010"]
    assert finding.evidence == {"words": 41, "limit": 40}


def test_every_hook_is_documented_with_signature_and_example() -> None:
    page = (DOCS / "plugins" / "hooks.md").read_text(encoding="utf-8")
    hooks = [name for name in dir(hookspecs) if name.startswith("aspcore_")]
    assert hooks
    for name in hooks:
        section = page.split(f"## {name}\n", 1)
        assert len(section) == 2, f"{name} has no section in docs/plugins/hooks.md"
        body = section[1].split("\n## ", 1)[0]
        assert f"`{name}(" in body and "```python" in body, f"{name}: signature or example missing"
        assert getattr(hookspecs, name).__doc__, f"{name} has no docstring"
