"""``--format junit`` and ``--format github`` for CI: well-formed, red exactly where the exit
code is 1, and safe with whatever a hostile file holds."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from aspcore.cli import app
from aspcore.cli.ci_output import Outcome, github_annotations, junit_xml

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "examples" / "northshire-plan.yaml"
GOOD = ROOT / "examples" / "returns" / "indicator-return-good.csv"
BAD = ROOT / "examples" / "returns" / "indicator-return-bad.csv"
runner = CliRunner()


def cases(xml: str) -> list[ElementTree.Element]:
    return ElementTree.fromstring(xml).findall("testsuite/testcase")


def test_check_junit_fails_the_findings_at_or_above_fail_on() -> None:
    args = ["check", str(PLAN), "--as-of", "2018-11-30", "--format", "junit"]
    default = runner.invoke(app, args)
    assert default.exit_code == 0  # warnings only: nothing at the default --fail-on error
    found = cases(default.stdout)
    assert len(found) == 27 and not [c for c in found if c.find("failure") is not None]
    strict = runner.invoke(app, [*args, "--fail-on", "warning"])
    assert strict.exit_code == 1
    failed = [c for c in cases(strict.stdout) if c.find("failure") is not None]
    assert len(failed) == 23  # the warnings; the 4 info findings pass
    first = failed[0]
    assert first.get("name") == "CHAIN-001 O4"
    assert first.findtext("failure", "").startswith(f"{PLAN}:33: objective O4 has no actions")


def test_check_github_annotates_the_plan_file_and_line() -> None:
    args = ["check", str(PLAN), "--as-of", "2018-11-30", "--format", "github"]
    lines = runner.invoke(app, args).stdout.splitlines()
    assert lines[0] == f"::warning title=CHAIN-001,file={PLAN},line=33::objective O4 has no actions"
    assert sum(line.startswith("::notice ") for line in lines) == 4


def test_validate_junit_has_a_suite_per_file_and_an_error_for_an_unusable_one(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "missing.csv"
    args = ["validate", str(GOOD), str(BAD), str(missing), "--schema", "indicator-return"]
    result = runner.invoke(app, [*args, "--format", "junit"])
    assert result.exit_code == 2
    suites = ElementTree.fromstring(result.stdout).findall("testsuite")
    counts = [(s.get("tests"), s.get("failures"), s.get("errors")) for s in suites]
    assert counts == [("1", "0", "0"), ("5", "5", "0"), ("1", "0", "1")]
    (broken,) = suites[2].iter("error")
    assert broken.text == f"{missing}: no such file"


def test_ingest_github_annotates_the_quarantined_rows(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    args = ["ingest", str(BAD), "--schema", "indicator-return", "--store", str(store)]
    result = runner.invoke(app, [*args, "--format", "github"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 5 and all(line.startswith("::error title=") for line in lines)
    assert f"file={BAD},line=8::Value: 'seven' is not a number." in lines[1]


@given(
    st.lists(
        st.builds(
            Outcome,
            suite=st.text(),
            name=st.text(),
            message=st.text(),
            level=st.sampled_from(["error", "warning", "info"]),
            fails=st.booleans(),
            file=st.none() | st.text(min_size=1),
            line=st.none() | st.integers(1, 10**6),
            code=st.text(),
            broken=st.booleans(),
        ),
        max_size=6,
    )
)
def test_any_text_gives_well_formed_junit_and_one_annotation_line_each(
    outcomes: list[Outcome],
) -> None:
    root = ElementTree.fromstring(junit_xml(outcomes))
    found = root.findall("testsuite/testcase")
    assert len(found) == len(outcomes)
    red = sum(1 for c in found if c.find("failure") is not None or c.find("error") is not None)
    assert red == sum(1 for o in outcomes if o.fails or o.broken)
    annotations = github_annotations(outcomes)
    assert annotations.count("\n") == len(outcomes)
    assert all(line.startswith("::") for line in annotations.split("\n")[:-1])
