"""The command line as a new user runs it: exit codes, JSON shape, messages without tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aspcore.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_check_example_text(example_path: Path) -> None:
    code, out, _ = run("check", str(example_path), "--as-of", "2018-11-30", "--fail-on", "never")
    assert code == 0
    assert "Northshire Modern Slavery Partnership" in out and "SMART-S-001" in out


def test_check_json_contract(example_path: Path) -> None:
    code, out, _ = run("check", str(example_path), "--as-of", "2018-11-30", "--format", "json")
    data = json.loads(out)
    assert data["as_of"] == "2018-11-30" and data["ruleset"]["name"] == "iasc-default"
    assert code == (1 if data["summary"]["findings"]["error"] else 0)


def test_fail_on_warning_exits_1(example_path: Path) -> None:
    code, _, _ = run("check", str(example_path), "--as-of", "2018-11-30", "--fail-on", "warning")
    assert code == 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such file"),
        ("partnership: [oops\n", "expected a YAML document"),
        ("partnership: !!python/name:os.system\n", "only plain YAML data"),
    ],
)
def test_unusable_input_exits_2_without_traceback(
    tmp_path: Path, content: str | None, expected: str
) -> None:
    path = tmp_path / "plan.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, out, err = run("check", str(path))
    assert code == 2
    assert expected in err and "Traceback" not in err + out


def test_bad_as_of_exits_2(example_path: Path) -> None:
    code, _, err = run("check", str(example_path), "--as-of", "2018-02-30")
    assert code == 2 and "not a real date" in err


def test_bad_option_exits_2(example_path: Path) -> None:
    code, _, _ = run("check", str(example_path), "--format", "pdf")
    assert code == 2


def test_findings_in_content_are_reported_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(
        "partnership: P\nactions:\n  - {id: A1, progress: 140, due: 2018-02-30}\n"
        "  - {id: A1, objective: O9}\n",
        encoding="utf-8",
    )
    code, out, _ = run("check", str(path), "--as-of", "2018-11-30", "--format", "json")
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert {"PLAN-001", "PLAN-002", "PLAN-004", "PLAN-005"} <= rules
    assert code == 1


def test_schema_plan_prints_json_schema() -> None:
    code, out, _ = run("schema", "plan")
    data = json.loads(out)
    assert code == 0 and data["required"] == ["partnership"]
    assert "actions" in data["properties"]


def test_plugins_lists_builtins_json() -> None:
    code, out, _ = run("plugins", "--format", "json")
    names = {p["name"] for p in json.loads(out)}
    assert code == 0 and {"aspcore.checks.chain", "aspcore.checks.smart"} <= names


def test_rulesets_list_show_and_lint(tmp_path: Path) -> None:
    code, out, _ = run("rulesets", "list")
    assert code == 0 and "iasc-default" in out
    code, out, _ = run("rulesets", "show", "iasc-default")
    assert code == 0 and "CHAIN-001" in out
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'name = "bad"\nextends = "iasc-default"\ndisable = ["SMART-S-00"]\n'
        '[params.smart]\nmin_words = "six"\nmin_wrds = 3\n'
        '[[rules]]\nid = "L-1"\napplies_to = "action"\nwhen = "progres < 5"\n',
        encoding="utf-8",
    )
    code, _, err = run("rulesets", "lint", str(bad))
    assert code == 1
    assert "bad.toml:3: disable: unknown rule or family 'SMART-S-00'" in err
    assert "bad.toml:5: params.smart.min_words should be number" in err
    assert "bad.toml:6: params.smart: unknown parameter 'min_wrds'; did you mean 'min_words'" in err
    assert "did you mean 'progress'" in err


def test_check_needs_exactly_one_source(example_path: Path) -> None:
    code, _, err = run("check")
    assert code == 2 and "exactly one" in err
    code, _, err = run("check", str(example_path), "--from", "ecins:somewhere")
    assert code == 2 and "exactly one" in err


def test_check_from_unknown_adapter_suggests_one(tmp_path: Path) -> None:
    code, _, err = run("check", "--from", f"ecinz:{tmp_path}")
    assert code == 2 and "ecinz" in err


def test_version_and_shell_completion() -> None:
    import aspcore

    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.stdout) == (0, f"aspcore {aspcore.__version__}\n")
    help_text = runner.invoke(app, ["--help"]).stdout
    assert "--install-completion" in help_text and "--show-completion" in help_text


#: Run in a fresh interpreter: a command line, then which dataframe libraries were imported.
COMMAND_ONLY = """
import json, sys
from aspcore.cli import app
try:
    app(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
heavy = ("pandas", "polars", "pyarrow", "duckdb", "pandera", "openpyxl", "jinja2")
print(json.dumps(sorted(name for name in heavy if name in sys.modules)))
"""


@pytest.mark.parametrize(
    "args",
    [["--help"], ["check", "examples/northshire-plan.yaml", "--as-of", "2018-11-30"]],
    ids=["help", "check"],
)
def test_help_and_check_import_no_dataframe_library(args: list[str]) -> None:
    import os
    import subprocess
    import sys
    from importlib import metadata

    # installed plugins are blocked: what they import is theirs, not aspcore's
    installed = [ep.name for ep in metadata.entry_points(group="aspcore")]
    env = {**os.environ, "ASPCORE_DISABLE_PLUGINS": ",".join(installed)}
    root = Path(__file__).resolve().parents[1]
    run = subprocess.run(
        [sys.executable, "-c", COMMAND_ONLY, *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout.splitlines()[-1]) == []


def _commands(group: object, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    for name, command in getattr(group, "commands", {}).items():
        found.append((*prefix, name))
        found += _commands(command, (*prefix, name))
    return found


def test_help_shows_no_markup_and_no_python_type_names_for_options() -> None:
    import typer.main

    commands = _commands(typer.main.get_command(app))
    assert ("check",) in commands and ("rulesets", "lint") in commands
    for command in commands:
        text = runner.invoke(app, [*command, "--help"], terminal_width=100).stdout
        assert "``" not in text, command
        options = text.split("Options:", 1)[1]
        for name in ("<str>", "<bool>", "<path>", "<int>", "list["):
            assert name not in options, (command, name)


def test_rulesets_commands_print_json(tmp_path: Path) -> None:
    listed = json.loads(runner.invoke(app, ["rulesets", "list", "--format", "json"]).stdout)
    assert [r["name"] for r in listed["rulesets"]] == ["iasc-default"]
    shown = json.loads(
        runner.invoke(app, ["rulesets", "show", "iasc-default", "--format", "json"]).stdout
    )
    assert shown["chain"] == ["iasc-default"] and len(shown["rules"]) > 40
    assert {"id", "family", "applies_to", "severity", "title", "plugin"} == set(shown["rules"][0])
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\nextends = "iasc-default"\ndisable = ["NOPE-1"]\n', "utf-8")
    linted = runner.invoke(app, ["rulesets", "lint", str(bad), "--format", "json"])
    assert linted.exit_code == 1
    (problem,) = json.loads(linted.stdout)["problems"]
    assert (problem["line"], problem["message"]) == (3, "disable: unknown rule or family 'NOPE-1'")
