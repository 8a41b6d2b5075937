"""The plugin manager: built-ins as plugins, blocking, tracing, and isolation of bad plugins."""

from __future__ import annotations

import datetime as dt
import types
from pathlib import Path

import pytest

import aspcore
from aspcore.plugins import DEFAULT_PLUGINS, get_plugins

PLAN = aspcore.plan_from_mapping(
    {"partnership": "P", "objectives": [{"id": "O1", "statement": "Improve"}]}
)


def test_builtins_are_registered_as_plugins_with_their_hooks() -> None:
    infos = {i.name: i for i in get_plugins(fresh=True, entry_points=False).infos()}
    for name in DEFAULT_PLUGINS:
        assert infos[name].builtin and not infos[name].blocked
    assert "aspcore_register_rules" in infos["aspcore.checks.smart"].hooks
    assert infos["aspcore.checks.smart"].version == aspcore.__version__


def test_disable_plugins_blocks_a_builtin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASPCORE_DISABLE_PLUGINS", "aspcore.checks.smart, other")
    plugins = get_plugins(fresh=True, entry_points=False)
    infos = {i.name: i for i in plugins.infos()}
    assert infos["aspcore.checks.smart"].blocked
    result = aspcore.evaluate(PLAN, as_of=dt.date(2018, 11, 30), plugins=plugins)
    assert not any(f.rule.startswith("SMART") for f in result.findings)
    assert any(f.rule.startswith("CHAIN") for f in result.findings)


def test_trace_prints_hook_calls(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ASPCORE_TRACE_PLUGINS", "1")
    plugins = get_plugins(fresh=True, entry_points=False)
    aspcore.evaluate(PLAN, as_of=dt.date(2018, 11, 30), plugins=plugins)
    err = capsys.readouterr().err
    assert "calling aspcore_register_rules of aspcore.checks.chain" in err


def test_plugin_with_a_misspelt_hook_is_isolated() -> None:
    @aspcore.hookimpl
    def aspcore_register_rulez() -> list[aspcore.Rule]:
        return []

    bad = types.SimpleNamespace(
        __name__="typo_plugin", aspcore_register_rulez=aspcore_register_rulez
    )
    plugins = get_plugins(fresh=True, entry_points=False, extra=[bad])
    (failure,) = plugins.failures
    assert failure.subject == "typo_plugin" and "aspcore_register_rulez" in failure.message
    with pytest.raises(aspcore.PluginError):
        aspcore.evaluate(PLAN, as_of=dt.date(2018, 11, 30), plugins=plugins, strict=True)


def test_default_manager_is_built_lazily_and_shared() -> None:
    assert get_plugins() is get_plugins()
    assert get_plugins(fresh=True) is not get_plugins()


def test_a_plugin_ships_a_ruleset_by_name(tmp_path: Path) -> None:
    ruleset = tmp_path / "northshire.toml"
    ruleset.write_text(
        'name = "northshire"\nextends = "iasc-default"\ndisable = ["smart"]\n', encoding="utf-8"
    )

    @aspcore.hookimpl
    def aspcore_register_rulesets() -> list[Path]:
        return [tmp_path]  # a folder: every ruleset in it, by its name

    plugin = types.SimpleNamespace(
        __name__="northshire_rulesets", aspcore_register_rulesets=aspcore_register_rulesets
    )
    plugins = get_plugins(fresh=True, entry_points=False, extra=[plugin])
    assert plugins.rulesets["northshire"] == ruleset
    result = aspcore.evaluate(
        PLAN, as_of=dt.date(2018, 11, 30), ruleset="northshire", plugins=plugins
    )
    assert result.ruleset["chain"] == ["iasc-default", "northshire"]
    assert not any(f.rule.startswith("SMART") for f in result.findings)
    assert any(f.rule.startswith("CHAIN") for f in result.findings)


def test_a_plugin_failing_to_ship_rulesets_is_a_finding_and_the_default_still_runs() -> None:
    @aspcore.hookimpl
    def aspcore_register_rulesets() -> list[Path]:
        raise OSError("the ruleset share is offline")

    plugin = types.SimpleNamespace(
        __name__="offline_rulesets", aspcore_register_rulesets=aspcore_register_rulesets
    )
    plugins = get_plugins(fresh=True, entry_points=False, extra=[plugin])
    result = aspcore.evaluate(PLAN, as_of=dt.date(2018, 11, 30), plugins=plugins)
    (failure,) = [f for f in result.findings if f.rule == "PLUGIN-001"]
    assert failure.subject == "offline_rulesets"
    assert "aspcore_register_rulesets: OSError: the ruleset share is offline" in failure.message
    assert result.ruleset["name"] == "iasc-default"
