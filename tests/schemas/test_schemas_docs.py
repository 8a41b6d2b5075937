"""The data teams' walkthrough and the schema reference say what the library does.

Each ``$ aspcore ...`` command in ``docs/data-teams.md`` is replayed through the library calls
the command line makes (the text of a report is its ``to_text()``) and its output compared with
the page, so the walkthrough cannot drift from the code.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shlex
import shutil
from pathlib import Path
from typing import Any

import pytest

from aspcore.io import plan_from_mapping
from aspcore.returns import ingest_file, validate_file, validate_files
from aspcore.schemas import indicator_return_for_plan, schema_registry
from aspcore.store import Store, summarise

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
NOW = dt.datetime(2018, 10, 5, 9, 30, tzinfo=dt.UTC)


def blocks(page: str, language: str) -> list[str]:
    text = (DOCS / page).read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="aspcore", exit_on_error=False)
    commands = parser.add_subparsers(dest="command")
    validate = commands.add_parser("validate")
    validate.add_argument("files", nargs="+")
    validate.add_argument("--schema", required=True)
    validate.add_argument("--plan")
    validate.add_argument("--format", default="text")
    ingest = commands.add_parser("ingest")
    ingest.add_argument("file")
    ingest.add_argument("--schema", required=True)
    ingest.add_argument("--store", default="aspcore.duckdb")
    ingest.add_argument("--agency")
    store = commands.add_parser("store")
    store.add_argument("action", choices=["summary"])
    store.add_argument("--store", default="aspcore.duckdb")
    return parser


def replay(command: str) -> str:
    args = _parser().parse_args(shlex.split(command)[1:])
    if args.command == "validate":
        if args.format == "json":
            return json.dumps(validate_file(args.files[0], args.schema, plan=args.plan).to_dict())
        if len(args.files) > 1:
            return validate_files(args.files, args.schema, plan=args.plan).to_text()
        return validate_file(args.files[0], args.schema, plan=args.plan).to_text()
    if args.command == "ingest":
        result = ingest_file(args.file, args.schema, args.store, agency=args.agency, now=NOW)
        return result.to_text()
    with Store(args.store, read_only=True) as store:
        return summarise(store).to_text()


def test_every_command_in_the_walkthrough_prints_what_the_page_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    replayed = 0
    for block in blocks("data-teams.md", "console"):
        command, *shown = block.rstrip("\n").split("\n")
        assert command.startswith("$ aspcore ")
        output = replay(command[2:])
        if shown:
            assert output == "\n".join(shown), command
        else:
            assert json.loads(output)["problems"], command
        replayed += 1
    assert replayed == 11


def test_the_walkthroughs_python_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    code, frame_code = blocks("data-teams.md", "python")
    exec(compile(code, "data-teams.md", "exec"), {})
    with Store("returns.duckdb") as store:
        assert summarise(store).quarantined == 4
    namespace: dict[str, Any] = {}
    exec(compile(frame_code, "data-teams.md", "exec"), namespace)
    expected = validate_file("examples/returns/indicator-return-bad.csv", "indicator-return")
    found = [(p.row, p.code, p.message) for p in namespace["report"].problems]
    assert found == [(p.row, p.code, p.message) for p in expected.problems]


def test_the_reference_python_runs() -> None:
    (code, plugin) = blocks("reference/schemas.md", "python")
    exec(compile(code, "schemas.md", "exec"), {})
    namespace: dict[str, object] = {}
    exec(compile(plugin, "schemas.md", "exec"), namespace)
    assert callable(namespace["aspcore_register_schemas"])


def test_the_reference_names_every_schema_column_and_code() -> None:
    page = (DOCS / "reference" / "schemas.md").read_text(encoding="utf-8")
    plan = plan_from_mapping({"partnership": "P", "year": "2018-19", "indicators": [{"id": "I"}]})
    specs = [*schema_registry().values(), indicator_return_for_plan(plan)]
    for spec in specs:
        assert f"## `{spec.name}`" in page
        section = page.split(f"## `{spec.name}`", 1)[1]
        for column in spec.columns:
            assert f"| `{column.name}` |" in section, (spec.name, column.name)
            for check in column.checks:
                assert f"`{check.code}`" in page, (spec.name, check.code)
        for check in spec.checks:
            assert f"`{check.code}`" in page, (spec.name, check.code)
    for code in (
        "missing-column",
        "unexpected-column",
        "duplicate-column",
        "no-rows",
        "missing-value",
        "not-a-number",
        "not-a-whole-number",
        "not-a-date",
        "not-yes-or-no",
        "formula-without-value",
        "wrong-type",
        "check-crashed",
    ):
        assert f"| `{code}` |" in page
