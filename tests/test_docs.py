"""The documentation's examples run (the hooks reference's: ``test_hooks_docs.py``)."""

from __future__ import annotations

import datetime as dt
import types
from pathlib import Path

import aspcore
from aspcore.plugins import get_plugins
from aspcore.rules.lint import lint_ruleset
from hooks_support import blocks, page


def code(name: str, language: str) -> list[str]:
    """The text of each ``language`` block of the page ``name``."""
    return [block.code for block in blocks(page(name), language)]


def test_writing_rules_toml_example_lints_clean_and_runs(tmp_path: Path) -> None:
    toml = code("writing-rules.md", "toml")[0]
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
    exec(compile(code("writing-rules.md", "python")[0], "writing-rules.md", "exec"), namespace)
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


def test_decisions_page_lists_the_tables_as_they_are() -> None:
    """docs/decisions.md shows the action table and Belfast's banding row for row: a change to
    a built-in decision must change its page too."""
    from aspcore.rag import ActionThresholds, scheme_from_params

    text = page("decisions.md")
    rows = list(ActionThresholds().table.rows)
    rows += list(scheme_from_params({"scheme": "belfast"}).decisions[False].table.rows)
    for row in rows:
        assert f"| `{row.code}` | `{row.when}` |" in text, row.when
        assert f"| {row.reason.text} |" in text, row.reason.text
    namespace: dict[str, object] = {}
    exec(compile(code("decisions.md", "python")[0], "decisions.md", "exec"), namespace)
