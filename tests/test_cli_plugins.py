"""Plugins on the command line: a failing plugin is reported by every command that loads
plugins, ``--strict`` makes it fatal (exit 2, one paragraph), and text from plans, data and
plugins is printed as written, never read as rich markup."""

from __future__ import annotations

import json
import sys
import threading
import types
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path

import pytest
from typer.testing import CliRunner

import aspcore
import aspcore.report
from aspcore import plugins as plugins_module
from aspcore.cli import app
from aspcore.cli.app import out
from hooks_support import hook_names

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "examples" / "northshire-plan.yaml"
INDICATORS = ROOT / "examples" / "northshire-indicators.yaml"
EVENTS = ROOT / "examples" / "case-events.csv"
RETURN = ROOT / "examples" / "returns" / "indicator-return-good.csv"
MARKUP = "[/bold] [events.1] [actions] :warning:"

runner = CliRunner()
Install = Callable[[types.ModuleType], None]


@pytest.fixture
def install(monkeypatch: pytest.MonkeyPatch) -> Iterator[Install]:
    """Install plugin modules as the ``aspcore`` entry points a package would declare.

    Only these are installed while the test runs, and the command line's shared plugin managers
    are rebuilt, so each command loads them as it would after ``pip install``.
    """
    installed: list[metadata.EntryPoint] = []

    def add(module: types.ModuleType) -> None:
        monkeypatch.setitem(sys.modules, module.__name__, module)
        installed.append(metadata.EntryPoint(module.__name__, module.__name__, "aspcore"))

    entry_points = types.SimpleNamespace(entry_points=lambda group: list(installed))
    monkeypatch.setattr(plugins_module, "metadata", entry_points)  # for aspcore.plugins only
    monkeypatch.setattr(out, "width", 400)  # tables wide enough to keep each message on a line
    plugins_module._default.cache_clear()
    yield add
    plugins_module._default.cache_clear()


def plugin_module(name: str, **hooks: Callable[..., object]) -> types.ModuleType:
    """A plugin module whose hooks are ``hooks``."""
    module = types.ModuleType(name)
    for hook, function in hooks.items():
        setattr(module, hook, aspcore.hookimpl(function))
    return module


def raising(hook: str) -> Callable[..., object]:
    def fail(**_: object) -> object:
        raise RuntimeError(f"boom in {hook}")

    return fail


def broken_everywhere() -> types.ModuleType:
    """A plugin that raises in every hook aspcore declares."""
    module = types.ModuleType("broken")
    for name in hook_names():
        function = raising(name)
        if name == "aspcore_evaluation_finished":
            function = _finished
        setattr(module, name, aspcore.hookimpl(function))
    return module


def _finished(evaluation: object) -> None:
    raise RuntimeError("boom in aspcore_evaluation_finished")


def commands(tmp: Path) -> dict[str, tuple[list[str], str]]:
    """Each command that loads plugins, and the hook of the failure it must report."""
    return {
        "check": (["check", str(PLAN), "--as-of", "2018-11-30"], "aspcore_register_rules"),
        "indicators": (
            ["indicators", str(INDICATORS), "--data", f"events={EVENTS}", "--as-of", "2018-11-30"],
            "aspcore_register_measures",
        ),
        "report": (
            ["report", str(PLAN), "-o", str(tmp / "board.md"), "--as-of", "2018-11-30"],
            "aspcore_register_renderers",
        ),
        "schema": (["schema", "indicator-return"], "aspcore_register_schemas"),
        "validate": (
            ["validate", str(RETURN), "--schema", "indicator-return"],
            "aspcore_register_schemas",
        ),
        "ingest": (
            ["ingest", str(RETURN), "--schema", "indicator-return", "--store", str(tmp / "s.db")],
            "aspcore_register_schemas",
        ),
        "rulesets list": (["rulesets", "list"], "aspcore_register_rulesets"),
        "rulesets show": (["rulesets", "show", "iasc-default"], "aspcore_register_rules"),
    }


COMMANDS = list(commands(Path()))


@pytest.mark.parametrize("command", COMMANDS)
def test_a_failing_plugin_is_reported_and_the_command_still_runs(
    install: Install, tmp_path: Path, command: str
) -> None:
    install(broken_everywhere())
    args, hook = commands(tmp_path)[command]
    result = runner.invoke(app, args)
    assert result.exit_code in {0, 1}, result.output
    reported = result.stdout + result.stderr
    assert "PLUGIN-001" in reported
    assert f"plugin broken failed in {hook}: RuntimeError" in reported
    assert "boom" not in reported  # the exception's text, which may hold data, is not printed
    assert "Traceback" not in reported


@pytest.mark.parametrize("command", COMMANDS)
def test_strict_makes_a_failing_plugin_fatal_in_one_paragraph(
    install: Install, tmp_path: Path, command: str
) -> None:
    install(broken_everywhere())
    args, _hook = commands(tmp_path)[command]
    result = runner.invoke(app, [*args, "--strict"])
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: plugin broken failed in aspcore_register_")
    assert line.endswith(": RuntimeError")
    assert not (tmp_path / "board.md").exists()


def test_a_plugin_that_cannot_be_imported_is_fatal_with_strict(
    install: Install, monkeypatch: pytest.MonkeyPatch
) -> None:
    install(plugin_module("unimportable"))
    monkeypatch.delitem(sys.modules, "unimportable")  # the entry point's module is gone
    result = runner.invoke(app, ["schema", "indicator-return", "--strict"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: plugin unimportable failed in import:")


def test_sys_exit_in_a_plugin_is_reported_and_the_command_still_runs(install: Install) -> None:
    def leave() -> object:
        sys.exit(0)

    install(plugin_module("quitter", aspcore_register_rules=leave))
    result = runner.invoke(app, ["check", str(PLAN), "--as-of", "2018-11-30"])
    assert result.exit_code in {0, 1}, result.output
    assert "plugin quitter failed in aspcore_register_rules: SystemExit" in result.stdout
    assert "CHAIN-" in result.stdout  # the built-in rules ran


def test_a_hanging_plugin_is_reported_after_the_time_limit(
    install: Install, monkeypatch: pytest.MonkeyPatch
) -> None:
    released = threading.Event()

    def hang() -> object:
        released.wait(10)
        return []

    install(plugin_module("slow", aspcore_register_rules=hang))
    monkeypatch.setenv("ASPCORE_PLUGIN_TIMEOUT", "0.2")
    try:
        result = runner.invoke(app, ["check", str(PLAN), "--as-of", "2018-11-30"])
    finally:
        released.set()
    assert result.exit_code in {0, 1}, result.output
    assert "plugin slow failed in aspcore_register_rules: TimeLimitError: no answer" in (
        result.stdout
    )


def _exiting_renderer(*_: object) -> str:
    sys.exit("cannot render JANE SMITH")


def test_a_renderer_that_exits_is_one_paragraph_naming_its_type(
    install: Install, tmp_path: Path
) -> None:
    renderer = aspcore.report.Renderer("exits", _exiting_renderer, (".exits",))
    install(plugin_module("exits", aspcore_register_renderers=lambda: [renderer]))
    args = ["report", str(PLAN), "-o", str(tmp_path / "board.exits"), "--as-of", "2018-11-30"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert line == "error: the exits renderer failed: SystemExit"


def test_check_strict_is_fatal_when_a_measure_plugin_raises(install: Install) -> None:
    install(plugin_module("measures", aspcore_register_measures=raising("measures")))
    args = ["check", str(INDICATORS), "--data", f"events={EVENTS}", "--as-of", "2018-11-30"]
    assert runner.invoke(app, args).exit_code == 1
    result = runner.invoke(app, [*args, "--strict"])
    assert result.exit_code == 2
    assert "plugin measures failed in aspcore_register_measures" in result.stderr


@aspcore.rule("LOCAL-900", family="local", title="Quotes an export", applies_to="action")
def quotes_the_export(action: aspcore.Action, ctx: aspcore.RuleContext) -> aspcore.Finding:
    """Every action gets a finding whose message looks like rich markup."""
    return ctx.finding(action.id, f"status {MARKUP} copied from the export")


def test_markup_in_a_message_is_printed_as_written(
    install: Install, write_plan: Callable[..., Path]
) -> None:
    install(plugin_module("quoting", aspcore_register_rules=lambda: [quotes_the_export]))
    plan = write_plan(
        {"partnership": "P [bold]", "actions": [{"id": "A1", "statement": "Do [red]x"}]}
    )
    asks = plan.parent / "asks.toml"  # an installed plugin's rule runs where a ruleset asks
    asks.write_text('name = "asks"\nextends = "iasc-default"\nenable = ["LOCAL-900"]\n', "utf-8")
    args = ["check", str(plan), "--as-of", "2018-11-30", "--ruleset", str(asks)]
    result = runner.invoke(app, args)
    assert result.exit_code in {0, 1}, result.output
    assert f"status {MARKUP} copied from the export" in result.stdout
    assert "P [bold]" in result.stdout


def test_indicator_findings_name_their_subject(
    install: Install, write_plan: Callable[..., Path]
) -> None:
    install(plugin_module("nothing"))
    compute = {"from": "events", "numerator": "count([x])", "period": "date"}
    plan = write_plan({"partnership": "P", "indicators": [{"id": "I[1]", "compute": compute}]})
    result = runner.invoke(app, ["indicators", str(plan), "--data", f"events={EVENTS}"])
    assert result.exit_code == 1
    (line,) = [line for line in result.stdout.splitlines() if "IND-001" in line]
    assert line.startswith("error: IND-001 I[1]: ") and "count([x])" in line


def test_a_file_that_cannot_be_written_is_one_paragraph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASPCORE_PSEUDONYM_KEY", "a key shared by the partnership")
    source = tmp_path / "people.csv"
    source.write_text("person_id\np-1\n", encoding="utf-8")
    target = tmp_path / "no" / "such" / "folder" / "out.csv"
    args = ["pseudonymise", str(source), "--columns", "person_id", "-o", str(target)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ") and str(target) in line and "No such file" in line


# -- reproducible rulesets: an installed plugin's rules run only when a ruleset asks ----------


@aspcore.rule("ACME-001", family="acme", title="Every action is flagged", applies_to="action")
def _flag_every_action(action: aspcore.Action, ctx: aspcore.RuleContext) -> aspcore.Finding:
    return ctx.finding(action.id, f"action {action.id} is flagged by the acme plugin")


@aspcore.rule("RAG-001", family="rag", title="A replacement of a built-in", applies_to="action")
def _replaces_a_builtin(action: aspcore.Action, ctx: aspcore.RuleContext) -> aspcore.Finding:
    return ctx.finding(action.id, "replaced")


def acme_plugin(folder: Path) -> types.ModuleType:
    """An installed plugin with a rule of its own, a rule replacing a built-in, and a ruleset
    of its own that extends the default."""
    (folder / "acme.toml").write_text(
        'name = "acme-msp"\nversion = "1"\nextends = "iasc-default"\n', encoding="utf-8"
    )
    module = plugin_module(
        "acme",
        aspcore_register_rules=lambda: [_flag_every_action, _replaces_a_builtin],
        aspcore_register_rulesets=lambda: [folder / "acme.toml"],
    )
    module.__version__ = "2.3"  # type: ignore[attr-defined]
    return module


def check_json(*args: str) -> str:
    result = runner.invoke(
        app, ["check", str(PLAN), "--as-of", "2018-11-30", "--format", "json", *args]
    )
    assert result.exit_code in {0, 1}, result.output
    return result.stdout


def test_installing_a_plugin_leaves_the_default_rulesets_answers_byte_identical(
    install: Install, tmp_path: Path
) -> None:
    before = check_json()
    install(acme_plugin(tmp_path))
    plugins_module._default.cache_clear()
    assert check_json() == before
    assert "ACME-001" not in before


def test_a_ruleset_that_extends_the_plugins_own_runs_its_rules_and_names_it(
    install: Install, tmp_path: Path
) -> None:
    install(acme_plugin(tmp_path))
    evaluation = json.loads(check_json("--ruleset", "acme-msp"))
    rules = {finding["rule"] for finding in evaluation["findings"]}
    assert "ACME-001" in rules
    assert evaluation["ruleset"]["plugins"] == [{"name": "acme", "version": "2.3"}]
    replaced = [f for f in evaluation["findings"] if f["message"] == "replaced"]
    assert replaced  # asked for, the plugin's RAG-001 replaces the built-in


def test_a_ruleset_that_enables_a_plugin_rule_by_id_runs_that_rule(
    install: Install, tmp_path: Path
) -> None:
    install(acme_plugin(tmp_path))
    own = tmp_path / "ours.toml"
    own.write_text(
        'name = "ours"\nversion = "1"\nextends = "iasc-default"\nenable = ["ACME-001"]\n',
        encoding="utf-8",
    )
    evaluation = json.loads(check_json("--ruleset", str(own)))
    assert "ACME-001" in {finding["rule"] for finding in evaluation["findings"]}
    assert not [f for f in evaluation["findings"] if f["message"] == "replaced"]
    assert evaluation["ruleset"]["plugins"] == [{"name": "acme", "version": "2.3"}]


def test_the_report_names_the_plugins_whose_rules_it_used(install: Install, tmp_path: Path) -> None:
    install(acme_plugin(tmp_path))
    board = tmp_path / "board.md"
    args = ["report", str(PLAN), "-o", str(board), "--as-of", "2018-11-30"]
    assert runner.invoke(app, [*args, "--ruleset", "acme-msp"]).exit_code == 0
    assert "ruleset acme-msp version 1; plugins acme 2.3; aspcore" in board.read_text("utf-8")
    assert runner.invoke(app, args).exit_code == 0
    assert "plugins acme" not in board.read_text("utf-8")


def test_no_plugins_given_means_the_installed_plugins_everywhere(
    install: Install, tmp_path: Path
) -> None:
    """``plugins=None`` is the shared default manager in every function that takes it: an
    installed plugin's schema is seen by ``validate_file`` as its rules are by ``evaluate``."""
    from aspcore.returns import validate_file
    from aspcore.schemas import ColumnSpec, SchemaSpec

    visits = SchemaSpec("hub-visits", "Hub visits", (ColumnSpec("visits", "integer"),))
    install(plugin_module("hubs", aspcore_register_schemas=lambda: [visits]))
    data = tmp_path / "visits.csv"
    data.write_text("visits\n3\nmany\n", encoding="utf-8")
    report = validate_file(data, "hub-visits")
    assert (report.schema, report.rows, [p.row for p in report.problems]) == ("hub-visits", 2, [3])
