"""``check --record``, ``history``, ``changes`` and ``report --since`` as a board's analyst runs
them: JSON shapes, exit codes, and one paragraph (no traceback) for every bad input."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from aspcore.cli import app
from aspcore.store import Store, history

runner = CliRunner()
JUNE, NOVEMBER = "2018-06-30", "2018-11-30"


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def check(plan: Path, as_of: str, store: Path, *more: str) -> tuple[int, str, str]:
    return run("check", plan, "--as-of", as_of, "--record", store, "--fail-on", "never", *more)


@pytest.fixture
def recorded(tmp_path: Path, example_path: Path) -> Path:
    """A store holding the example evaluated in June (id 1) and November (id 2) 2018."""
    store = tmp_path / "history.duckdb"
    for as_of in (JUNE, NOVEMBER):
        code, _, _ = check(example_path, as_of, store)
        assert code == 0
    return store


def test_check_record_keeps_the_whole_evaluation(tmp_path: Path, example_path: Path) -> None:
    store = tmp_path / "new.duckdb"
    code, out, err = check(example_path, NOVEMBER, store, "--format", "json")
    assert code == 0
    evaluation = json.loads(out)  # stdout stays the evaluation JSON alone
    assert f"recorded as evaluation 1 in {store}" in err
    with Store(store, read_only=True) as opened:
        (kept,) = history(opened)
    assert json.loads(kept.evaluation_json) == evaluation
    assert kept.plan_sha256 == hashlib.sha256(example_path.read_bytes()).hexdigest()
    assert "aspcore.checks.rag_actions" in kept.plugins


def test_history_lists_evaluations_in_recording_order(recorded: Path) -> None:
    code, out, _ = run("history", recorded, "--format", "json")
    assert code == 0
    entries = json.loads(out)["evaluations"]
    assert [(e["id"], e["as_of"]) for e in entries] == [(1, JUNE), (2, NOVEMBER)]
    assert all(list(e) == ["id", "plan", "as_of", "ruleset", "recorded_at"] for e in entries)
    assert entries[0]["plan"] == "Northshire Modern Slavery Partnership"
    assert entries[0]["ruleset"].startswith("iasc-default ")
    assert entries[0]["recorded_at"].endswith("+00:00")
    code, out, _ = run("history", recorded)
    assert code == 0 and "2018-06-30" in out and "Recorded at (UTC)" in out


def test_changes_default_to_the_last_two(recorded: Path) -> None:
    code, out, _ = run("changes", recorded, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["from", "to", "statuses", "new_findings", "resolved_findings"]
    assert (data["from"]["id"], data["to"]["id"]) == (1, 2)
    assert data["statuses"] and all(s["from"] != s["to"] for s in data["statuses"])
    assert all(list(s) == ["subject", "kind", "period", "from", "to"] for s in data["statuses"])
    assert {"subject": "A2", "kind": "action", "period": None, "from": "green", "to": "red"} in (
        data["statuses"]
    )
    by_date = json.loads(
        run("changes", recorded, "--from", JUNE, "--to", NOVEMBER, "--format", "json")[1]
    )
    assert by_date == data
    code, out, _ = run("changes", recorded)
    assert code == 0 and "RAG colours that moved" in out and "evaluation 1" in out


def test_changes_of_an_evaluation_with_itself_are_empty(recorded: Path) -> None:
    code, out, _ = run("changes", recorded, "--from", "2", "--to", "2", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["statuses"] == data["new_findings"] == data["resolved_findings"] == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--from", "2017-01-01"), "no evaluation as of 2017-01-01 is recorded"),
        (("--to", "9"), "no recorded evaluation has id 9"),
        (("--from", "soon"), "expected an evaluation id or a date"),
    ],
)
def test_references_that_match_nothing_exit_2(
    recorded: Path, args: tuple[str, ...], expected: str
) -> None:
    code, out, err = run("changes", recorded, *args)
    assert code == 2 and expected in err and "Traceback" not in err + out


def test_stores_that_cannot_answer_exit_2(tmp_path: Path, example_path: Path) -> None:
    missing = tmp_path / "missing.duckdb"
    for command in ("history", "changes"):
        code, out, err = run(command, missing)
        assert code == 2 and "no such store" in err and "--record" in err
        assert "Traceback" not in err + out
    returns_only = tmp_path / "returns.duckdb"
    Store(returns_only).close()  # a store of returns, never an evaluation
    code, _, err = run("changes", returns_only)
    assert code == 2 and "no evaluations recorded in this store" in err
    one = tmp_path / "one.duckdb"
    check(example_path, JUNE, one)
    code, _, err = run("changes", one)
    assert code == 2 and "no earlier recorded evaluation" in err
    not_duckdb = tmp_path / "notes.duckdb"
    not_duckdb.write_text("not a database", encoding="utf-8")
    code, out, err = run("history", not_duckdb)
    assert code == 2 and "cannot open the store" in err and "Traceback" not in err + out


def test_report_since_adds_the_changes_in_every_format(
    recorded: Path, tmp_path: Path, example_path: Path
) -> None:
    outputs = [tmp_path / f"board.{suffix}" for suffix in ("md", "html", "json", "xlsx")]
    code, _, err = run(
        "report", example_path, "--as-of", NOVEMBER, "--since", JUNE, "--store", recorded,
        *(a for o in outputs for a in ("-o", o)),
    )  # fmt: skip
    assert code == 0, err
    markdown = outputs[0].read_text(encoding="utf-8")
    assert "## Changes since 2018-06-30" in markdown and "**Newly red**" in markdown
    assert markdown.index("## Changes since") < markdown.index("## Progress")
    assert "A2 Develop and publish" in markdown.split("## Progress")[0]
    assert "Changes since 2018-06-30" in outputs[1].read_text(encoding="utf-8")
    data = json.loads(outputs[2].read_text(encoding="utf-8"))
    assert data["changes_since"]["as_of"] == JUNE
    assert list(data["changes_since"]) == ["as_of", "statuses", "new_findings", "resolved_findings"]
    workbook = load_workbook(outputs[3])
    assert "Changes" in workbook.sheetnames
    assert workbook["Changes"]["A1"].value == "Changes since 2018-06-30"


def test_report_without_since_has_no_changes(tmp_path: Path, example_path: Path) -> None:
    target = tmp_path / "board.md"
    code, _, _ = run("report", example_path, "--as-of", NOVEMBER, "-o", target)
    assert code == 0 and "Changes since" not in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        ("2017-01-01", "no evaluation of Northshire Modern Slavery Partnership as of 2017-01-01"),
        ("5", "no recorded evaluation has id 5"),
    ],
)
def test_report_since_what_was_never_recorded_exits_2(
    recorded: Path, tmp_path: Path, example_path: Path, since: str, expected: str
) -> None:
    target = tmp_path / "board.md"
    code, out, err = run(
        "report", example_path, "--as-of", NOVEMBER, "--since", since, "--store", recorded,
        "-o", target,
    )  # fmt: skip
    assert code == 2 and expected in err and "Traceback" not in err + out
    assert not target.exists()


def test_report_since_without_a_store_exits_2(tmp_path: Path, example_path: Path) -> None:
    missing = tmp_path / "none.duckdb"
    code, _, err = run(
        "report", example_path, "--since", JUNE, "--store", missing, "-o", tmp_path / "b.md"
    )
    assert code == 2 and "no such store" in err
