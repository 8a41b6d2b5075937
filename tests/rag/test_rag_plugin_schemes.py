"""Plugins register indicator RAG schemes; rulesets win over them, and a bad one is isolated."""

from __future__ import annotations

import datetime as dt
import json
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml
from typer.testing import CliRunner

import aspcore
from aspcore.batch import indicators as batch_indicators
from aspcore.cli import app
from aspcore.cli import check as cli_check
from aspcore.errors import PluginError, RulesetError
from aspcore.model import Rag
from aspcore.plugins import Plugins, get_plugins
from aspcore.rag.scheme_files import read_scheme_file
from aspcore.rag.scheme_files import registered_schemes as rag_registered
from aspcore.rules import Evaluation, Ruleset

AS_OF = dt.date(2018, 11, 30)
# 90 against a target of 100 is 10% short: red under belfast (5% or more), amber under the
# plugin's scheme below (more than 5% and under 20%).
PLAN = aspcore.plan_from_mapping(
    {
        "partnership": "P",
        "indicators": [{"id": "I1", "name": "Victims supported", "unit": "count", "target": 100}],
        "observations": [{"indicator": "I1", "period": "2018-19 Q2", "value": 90}],
    }
)
NORTHSHIRE = """\
name = "northshire"
source = "Northshire partnership board"
bands = [
  { rag = "green", max = 5 },
  { rag = "amber", above = 5, below = 20 },
  { rag = "red", min = 20 },
]
"""
LENIENT = 'bands = [{ rag = "green", max = 50 }, { rag = "red", above = 50 }]\n'
GAP = 'name = "gappy"\nbands = [{ rag = "green", max = 1 }, { rag = "red", min = 2 }]\n'


def scheme_plugin(name: str, hook: Callable[[], Any]) -> object:
    """A plugin module whose ``aspcore_register_rag_schemes`` is ``hook``."""
    return types.SimpleNamespace(__name__=name, aspcore_register_rag_schemes=aspcore.hookimpl(hook))


def files_plugin(name: str, *paths: Path) -> object:
    return scheme_plugin(name, lambda: list(paths))


@pytest.fixture
def northshire(tmp_path: Path) -> Path:
    path = tmp_path / "northshire-rag.toml"
    path.write_text(NORTHSHIRE, encoding="utf-8")
    return path


def manager(*plugins: object) -> Plugins:
    return get_plugins(fresh=True, entry_points=False, extra=plugins)


def rag_of(result: Evaluation) -> tuple[Rag | None, object]:
    (status,) = result.statuses_of("indicator")
    return status.rag, status.evidence["scheme"]


def rate(plugins: Plugins, strict: bool = False, **rag: Any) -> Evaluation:
    ruleset = Ruleset(name="t", version="1", params={"rag": rag})
    return aspcore.evaluate(PLAN, as_of=AS_OF, ruleset=ruleset, plugins=plugins, strict=strict)


def test_a_plugin_scheme_rates_an_indicator(northshire: Path) -> None:
    plugins = manager(files_plugin("northshire_rag", northshire))
    assert rag_of(rate(plugins, scheme="northshire")) == (Rag.AMBER, "northshire")
    assert rag_of(rate(plugins)) == (Rag.RED, "belfast")  # built-ins still there
    assert not plugins.failures


def test_the_default_ruleset_names_a_plugin_scheme_through_its_own_ruleset(
    northshire: Path, tmp_path: Path
) -> None:
    ruleset = tmp_path / "local.toml"
    ruleset.write_text(
        'name = "local"\nextends = "iasc-default"\n[params.rag]\nscheme = "northshire"\n',
        encoding="utf-8",
    )
    plugins = manager(files_plugin("northshire_rag", northshire))
    result = aspcore.evaluate(PLAN, as_of=AS_OF, ruleset=ruleset, plugins=plugins)
    assert rag_of(result) == (Rag.AMBER, "northshire")


def test_the_ruleset_wins_over_a_plugin_and_a_plugin_over_a_builtin(
    northshire: Path, tmp_path: Path
) -> None:
    belfast = tmp_path / "belfast.toml"  # named by its file: a lenient "belfast"
    belfast.write_text(LENIENT, encoding="utf-8")
    plugins = manager(files_plugin("northshire_rag", northshire, belfast))
    # the default ruleset restates the built-in belfast unchanged: the plugin's replaces it
    assert rag_of(aspcore.evaluate(PLAN, as_of=AS_OF, plugins=plugins))[0] is Rag.GREEN
    strict_own = {"bands": [{"rag": "green", "max": 0}, {"rag": "red", "above": 0}]}
    own = rate(plugins, scheme="northshire", schemes={"northshire": strict_own})
    assert rag_of(own) == (Rag.RED, "northshire")


def test_a_later_plugin_wins_a_name(northshire: Path, tmp_path: Path) -> None:
    other = tmp_path / "other" / "northshire.toml"
    other.parent.mkdir()
    other.write_text(LENIENT, encoding="utf-8")
    plugins = manager(files_plugin("first", northshire), files_plugin("second", other.parent))
    assert rag_of(rate(plugins, scheme="northshire"))[0] is Rag.GREEN


@pytest.mark.parametrize(
    ("hook", "error"),
    [
        (lambda: 1 / 0, "ZeroDivisionError"),
        (lambda: "northshire.toml", "expected a list of paths"),
        (lambda: [42], "expected the path of a RAG scheme file, found int"),
        (lambda: [Path("no-such-scheme.toml")], "no such RAG scheme file"),
    ],
)
def test_a_failing_plugin_is_a_finding_and_the_others_still_rate(
    northshire: Path, hook: Callable[[], Any], error: str
) -> None:
    plugins = manager(scheme_plugin("broken_rag", hook), files_plugin("northshire_rag", northshire))
    result = rate(plugins, scheme="northshire")
    assert rag_of(result) == (Rag.AMBER, "northshire")
    (failure,) = [f for f in result.findings if f.rule == "PLUGIN-001"]
    assert failure.subject == "broken_rag" and failure.severity is aspcore.Severity.ERROR
    assert "aspcore_register_rag_schemes" in failure.message and error in failure.message


def test_an_invalid_scheme_file_names_the_plugin_the_file_and_the_problem(
    northshire: Path, tmp_path: Path
) -> None:
    gap = tmp_path / "gap.toml"
    gap.write_text(GAP, encoding="utf-8")
    plugins = manager(files_plugin("gappy_rag", gap, northshire))
    result = rate(plugins, scheme="northshire")
    assert rag_of(result)[0] is Rag.AMBER  # the plugin's valid file is still read
    (failure,) = [f for f in result.findings if f.rule == "PLUGIN-001"]
    assert failure.subject == "gappy_rag"
    assert "gap.toml: scheme 'gappy'" in failure.message and "leave a gap" in failure.message
    with pytest.raises(RulesetError, match="no RAG scheme named 'gappy'"):
        aspcore.rag.scheme_from_params({"scheme": "gappy"}, rag_registered(plugins))


def test_strict_makes_a_failing_plugin_fatal(northshire: Path) -> None:
    plugins = manager(scheme_plugin("broken_rag", lambda: 1 / 0))
    with pytest.raises(PluginError, match="broken_rag failed in aspcore_register_rag_schemes"):
        rate(plugins, strict=True)


def test_a_scheme_file_needs_valid_toml_and_a_text_name(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("bands = [", encoding="utf-8")
    with pytest.raises(RulesetError, match=r"bad.toml: expected TOML"):
        read_scheme_file(bad)
    bad.write_text(f"name = 3\n{LENIENT}", encoding="utf-8")
    with pytest.raises(RulesetError, match="a RAG scheme's name must be text, found 3"):
        read_scheme_file(bad)
    bad.write_text(f'name = "x"\ncolour = 1\n{LENIENT}', encoding="utf-8")
    with pytest.raises(RulesetError, match=r"bad.toml: scheme 'x': unknown key\(s\) colour"):
        read_scheme_file(bad)


# -- the command line and the batch API -------------------------------------------------------


def test_aspcore_check_rates_with_a_plugin_scheme(
    northshire: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        yaml.safe_dump(
            {
                "partnership": "P",
                "indicators": [{"id": "I1", "name": "Supported", "unit": "count", "target": 100}],
                "observations": [{"indicator": "I1", "period": "2018-19 Q2", "value": 90}],
            }
        ),
        encoding="utf-8",
    )
    ruleset = tmp_path / "local.toml"
    ruleset.write_text('name = "local"\n[params.rag]\nscheme = "northshire"\n', encoding="utf-8")
    plugins = manager(files_plugin("northshire_rag", northshire))
    monkeypatch.setattr(cli_check, "get_plugins", lambda **_: plugins)
    args = ["check", str(plan), "--ruleset", str(ruleset), "--as-of", "2018-11-30"]
    result = CliRunner().invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    (status,) = [s for s in json.loads(result.stdout)["statuses"] if s["kind"] == "indicator"]
    assert (status["rag"], status["evidence"]["scheme"]) == ("amber", "northshire")

    broken = manager(scheme_plugin("broken_rag", lambda: 1 / 0))
    monkeypatch.setattr(cli_check, "get_plugins", lambda **_: broken)
    result = CliRunner().invoke(app, [*args, "--strict"])
    assert result.exit_code == 2
    assert "broken_rag failed in aspcore_register_rag_schemes" in result.stderr
    assert "Traceback" not in result.stderr


def test_batch_indicator_status_sees_plugin_schemes(
    northshire: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plugins = manager(files_plugin("northshire_rag", northshire))
    monkeypatch.setattr(batch_indicators, "get_plugins", lambda: plugins)
    frame = pl.DataFrame({"actual": [90.0, 99.0, 70.0], "target": [100.0, 100.0, 100.0]})
    rated = batch_indicators.indicator_status(frame, scheme="northshire")
    assert rated["rag"].to_list() == ["amber", "green", "red"]
