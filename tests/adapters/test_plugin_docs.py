"""The plugin pages' examples hold: the shipped-ruleset example lints clean and runs."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import aspcore
from aspcore.plugins import get_plugins
from aspcore.rules.lint import lint_ruleset
from hooks_support import blocks, page

PAGES = Path(__file__).resolve().parents[2] / "docs" / "plugins"


def test_the_shipped_ruleset_example_lints_clean_and_runs(tmp_path: Path) -> None:
    (toml,) = blocks(page("plugins/shipping-a-ruleset.md"), "toml")
    path = tmp_path / "northshire.toml"
    path.write_text(toml.code, encoding="utf-8")
    assert lint_ruleset(path, get_plugins(fresh=True, entry_points=False)) == []
    plan = aspcore.plan_from_mapping(
        {
            "partnership": "P",
            "actions": [{"id": "A1", "owner": "L", "status": "not-started", "due": "2018-12-10"}],
        }
    )
    result = aspcore.evaluate(
        plan,
        as_of=dt.date(2018, 11, 30),
        ruleset=path,
        plugins=get_plugins(fresh=True, entry_points=False),
    )
    assert result.ruleset["chain"] == ["iasc-default", "northshire"]
    assert [f.subject for f in result.findings if f.rule == "NORTHSHIRE-002"] == ["A1"]


def test_every_plugin_page_links_resolve() -> None:
    for path in PAGES.glob("*.md"):
        for target in re.findall(r"\]\(([^)#]+\.md)", path.read_text(encoding="utf-8")):
            assert (path.parent / target).resolve().exists(), f"{path.name} links to {target}"
