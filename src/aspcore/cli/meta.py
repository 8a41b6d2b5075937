"""``aspcore plugins``, ``aspcore schema`` and ``aspcore rulesets``: what is installed and how
files are shaped.

``plugins`` lists the plugins that failed to load; the other commands, which call plugins' hooks,
print a plugin's failure on standard error, or stop (exit 2) with ``--strict``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import attrs
import typer
import yaml
from rich.table import Table
from rich.text import Text

from aspcore.cli.app import (
    StrictOption,
    app,
    err,
    friendly,
    out,
    print_plugin_failures,
    print_table,
    write_json,
)
from aspcore.cli.check import OutputFormat
from aspcore.errors import SchemaError
from aspcore.io.plan_schema import plan_json_schema
from aspcore.plugins import get_plugins
from aspcore.registries import Registries
from aspcore.rules import registry
from aspcore.rules.engine import compile_ruleset, resolve_ruleset
from aspcore.rules.lint import lint_ruleset
from aspcore.rules.ruleset_schema import ruleset_json_schema

_Format = Annotated[OutputFormat, typer.Option("--format", help="text or json.")]

rulesets_app = typer.Typer(
    help="List, show and lint rulesets.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(rulesets_app, name="rulesets")


@app.command()
@friendly
def plugins(
    output: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.TEXT,
    registered: Annotated[
        bool,
        typer.Option(
            "--registered",
            help="List what the plugins registered (rulesets, schemes, schemas, measures, ...).",
        ),
    ] = False,
) -> None:
    """List every plugin: name, version, hooks, and whether it is blocked or failed."""
    manager = get_plugins()
    if registered:
        _print_registered(Registries.of(manager), output)
        return
    infos = manager.infos()
    if output == OutputFormat.JSON:
        write_json(json.dumps([i.to_dict() for i in infos], indent=2))
        return
    table = Table(title="aspcore plugins")
    for column in ("Plugin", "Version", "Kind", "Hooks", "State"):
        table.add_column(column, overflow="fold")
    for info in infos:
        state = "blocked" if info.blocked else ("failed: " + info.error if info.error else "ok")
        kind = "built-in" if info.builtin else "installed"
        table.add_row(info.name, info.version, kind, ", ".join(info.hooks), state)
    print_table(table)


def _print_registered(registries: Registries, output: OutputFormat) -> None:
    names = registries.names()
    if output == OutputFormat.JSON:
        write_json(json.dumps(names, indent=2))
        return
    table = Table(title="Registered by aspcore's plugins")
    for column in ("Kind", "Count", "Names"):
        table.add_column(column, overflow="fold")
    for kind, items in names.items():
        table.add_row(kind.replace("_", " "), str(len(items)), ", ".join(items))
    print_table(table)


@app.command()
@friendly
def schema(
    name: Annotated[
        str, typer.Argument(help="plan, ruleset, or a return schema name.", metavar="NAME")
    ],
    output: Annotated[str, typer.Option("--format", help="json or yaml.", metavar="TEXT")] = "json",
    strict: StrictOption = False,
) -> None:
    """Print the schema of plan files, ruleset files or a monitoring-return schema."""
    if output not in {"json", "yaml"}:
        raise SchemaError(f"--format must be json or yaml, not {output!r}")
    files = {"plan": plan_json_schema, "ruleset": ruleset_json_schema}
    if name in files:
        document = files[name]()
        text = (
            json.dumps(document, indent=2)
            if output == "json"
            else yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
        )
    else:
        from aspcore.schemas import get_schema, schema_to_json, schema_to_yaml  # brings pandas

        plugins = get_plugins(strict=strict)
        spec = get_schema(name, plugins=plugins)
        text = schema_to_json(spec) if output == "json" else schema_to_yaml(spec)
        print_plugin_failures(plugins)
    write_json(text.rstrip("\n"))


@rulesets_app.command("list")
@friendly
def rulesets_list(strict: StrictOption = False, output: _Format = OutputFormat.TEXT) -> None:
    """List the rulesets installed (shipped and from plugins)."""
    manager = get_plugins(strict=strict)
    shipped = registry.ruleset_plugins(manager)
    found = []
    for name, path in sorted(registry.rulesets(manager).items()):
        ruleset = resolve_ruleset(name, manager)
        found.append((ruleset, path, shipped[name]))
    if output == OutputFormat.JSON:
        rows = [
            {**ruleset.to_dict(), "file": path.name, "plugin": plugin}
            for ruleset, path, plugin in found
        ]
        write_json(json.dumps({"rulesets": rows}, indent=2, ensure_ascii=False))
    else:
        table = Table(title="rulesets")
        for column in ("Name", "Version", "Extends", "File"):
            table.add_column(column, overflow="fold")
        for ruleset, path, _plugin in found:
            extends = " > ".join(ruleset.chain[:-1])
            table.add_row(ruleset.name, ruleset.version, extends, path.name)
        print_table(table)
    print_plugin_failures(manager)


@rulesets_app.command("show")
@friendly
def rulesets_show(
    name: Annotated[str, typer.Argument(help="Ruleset name or TOML path.", metavar="NAME")],
    strict: StrictOption = False,
    output: _Format = OutputFormat.TEXT,
) -> None:
    """Show a resolved ruleset: its chain, parameters and the rules that run under it."""
    manager = get_plugins(strict=strict)
    ruleset = resolve_ruleset(name, manager)
    active = compile_ruleset(ruleset, manager)
    if output == OutputFormat.JSON:
        rules = [
            {
                "id": item.rule.id,
                "family": item.rule.family,
                "applies_to": item.rule.applies_to,
                "severity": item.severity.value,
                "title": item.rule.title,
                "plugin": item.rule.plugin,
            }
            for item in active
        ]
        data = {**ruleset.to_dict(), "params": ruleset.params, "rules": rules}
        write_json(json.dumps(data, indent=2, ensure_ascii=False, default=str))
        print_plugin_failures(manager)
        return
    out.print(Text.assemble((ruleset.label, "bold"), f"  chain: {' > '.join(ruleset.chain)}"))
    for family in sorted(ruleset.params):
        out.print(f"[params.{family}]")
        for key, value in sorted(ruleset.params[family].items()):
            out.print(f"  {key} = {json.dumps(value)}")
    table = Table(title="rules")
    for column in ("Id", "Family", "Applies to", "Severity", "Title"):
        table.add_column(column, overflow="fold")
    for item in active:
        rule = item.rule
        table.add_row(rule.id, rule.family, rule.applies_to, item.severity.value, rule.title)
    print_table(table)
    print_plugin_failures(manager)


@rulesets_app.command("lint")
@friendly
def rulesets_lint(
    path: Annotated[Path, typer.Argument(help="Ruleset TOML file.", metavar="PATH")],
    strict: StrictOption = False,
    output: _Format = OutputFormat.TEXT,
) -> None:
    """Report every problem in a ruleset file with its line, including everything ``check``
    would refuse (gaps between bands, unknown schemes); exit 1 when there are any, 2 when the
    file cannot be read."""
    manager = get_plugins(strict=strict)
    problems = lint_ruleset(path, manager)
    if output == OutputFormat.JSON:
        found = [attrs.asdict(problem) for problem in problems]
        write_json(json.dumps({"file": str(path), "problems": found}, indent=2))
        print_plugin_failures(manager)
        raise typer.Exit(1 if problems else 0)
    for problem in problems:
        err.print(str(problem))
    print_plugin_failures(manager)
    if problems:
        raise typer.Exit(1)
    out.print(f"{path}: no problems")
