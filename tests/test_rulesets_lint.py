"""``aspcore rulesets lint`` runs every check ``aspcore check`` runs on a ruleset.

Exit codes follow the CLI's convention (docs/cli.md): 0 clean, 1 problems found, 2 unusable
input (a missing or unreadable file).  A ruleset that lint passes is one ``check`` accepts, and
a ruleset ``check`` refuses (a gap between RAG or risk bands, amber above red) is one lint
reports, with the same words, because both call the same functions.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aspcore import evaluate, plan_from_mapping
from aspcore.cli import app
from aspcore.errors import RulesetError
from aspcore.model.codes import PLAN_CODES
from aspcore.plugins import get_plugins
from aspcore.rules.lint import lint_ruleset

runner = CliRunner()

HEAD = 'name = "local"\nversion = "1"\nextends = "iasc-default"\n'
RAG_GAP = """
[params.rag]
scheme = "northshire"

[params.rag.schemes.northshire]
bands = [{ rag = "green", max = 1 }, { rag = "red", min = 5 }]
"""
RISK_GAP = """
[params.risk]
scheme = "local"

[params.risk.schemes.local]
[params.risk.schemes.local.sections.impact.factors.impact]
min = 1
max = 4
[params.risk.schemes.local.sections.likelihood.factors.likelihood]
min = 1
max = 4
[params.risk.schemes.local.risk]
combine = "product"
of = ["impact", "likelihood"]
[[params.risk.schemes.local.bands]]
name = "low"
min = 1
max = 3
rag = "green"
[[params.risk.schemes.local.bands]]
name = "high"
min = 5
max = 16
rag = "red"
"""
PLAN = {
    "partnership": "P",
    "indicators": [{"id": "I1", "name": "Referrals", "unit": "count", "target": 10}],
    "observations": [{"indicator": "I1", "period": "2018-19 Q2", "value": 7}],
    "risks": [{"id": "R1", "statement": "Exploitation", "scores": {"impact": 2, "likelihood": 2}}],
}


def lint(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["rulesets", "lint", *args])
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "local.toml"
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def check_errors(path: Path) -> list[str]:
    """What ``check`` says when it refuses ``path``: it refuses the ruleset whole, as lint
    does, before any rule runs (never rule by rule as RULE-ERRORs)."""
    with pytest.raises(RulesetError) as refused:
        evaluate(plan_from_mapping(PLAN), as_of=dt.date(2018, 11, 30), ruleset=path)
    return [str(refused.value)]


def test_lint_reports_a_gap_between_rag_bands_that_check_refuses(tmp_path: Path) -> None:
    path = write(tmp_path, RAG_GAP)
    code, out, err = lint(str(path))
    assert code == 1 and "no problems" not in out
    said = "scheme 'northshire': green band (1 or less) and next red band (5 or more) leave a gap"
    assert f"local.toml:8: params.rag: {said}" in err
    (refused,) = check_errors(path)
    assert said in refused


def test_lint_reports_a_gap_between_risk_bands_that_check_refuses(tmp_path: Path) -> None:
    path = write(tmp_path, RISK_GAP)
    code, _, err = lint(str(path))
    assert code == 1
    said = "gap between bands 'low' (1-3) and 'high' (5-16): no band covers scores 4-4"
    assert said in err and "local.toml:8: params.risk:" in err
    (refused,) = check_errors(path)
    assert said in refused


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (
            "[params.rag]\namber_shortfall = 50\n",
            "params.rag.amber_shortfall (50) must not exceed params.rag.red_shortfall (40)",
        ),
        ("[params.rag]\nscheme = 'belfst'\n", "did you mean 'belfast'?"),
        ("[params.rag]\nred_shortfall = 40.0000001\n", "has more than 6 decimal places"),
        ("[params.risk]\nscheme = 'fife'\n", "no risk scheme named 'fife'"),
        ("[params.rag]\nweighted_amber = 90\n", "must not exceed params.rag.weighted_green"),
    ],
)
def test_lint_reports_parameters_the_rules_could_not_use(
    tmp_path: Path, body: str, said: str
) -> None:
    code, _, err = lint(str(write(tmp_path, body)))
    assert code == 1 and said in err


def test_lint_checks_schemes_the_ruleset_defines_but_does_not_use(tmp_path: Path) -> None:
    body = RAG_GAP.replace('scheme = "northshire"', 'scheme = "belfast"')
    code, _, err = lint(str(write(tmp_path, body)))
    assert code == 1 and "scheme 'northshire'" in err


def test_a_rule_may_read_a_parameter_its_own_file_sets(tmp_path: Path) -> None:
    body = (
        "[params.local]\nmost = 5\n\n[[rules]]\nid = 'L-1'\nfamily = 'local'\n"
        "applies_to = 'action'\nwhen = 'progress < most'\nparams = { most = 3 }\n"
    )
    code, out, err = lint(str(write(tmp_path, body)))
    assert (code, err) == (0, "") and "no problems" in out


def test_a_clean_ruleset_lints_clean_and_checks_clean(tmp_path: Path) -> None:
    path = write(tmp_path, "[params.rag]\nscheme = 'camms'\n")
    code, out, _ = lint(str(path))
    assert code == 0 and "no problems" in out
    result = evaluate(plan_from_mapping(PLAN), as_of=dt.date(2018, 11, 30), ruleset=path)
    assert not [f for f in result.findings if f.rule == "RULE-ERROR"]
    assert lint_ruleset(path, get_plugins()) == []


def test_a_missing_file_is_unusable_input_exit_2(tmp_path: Path) -> None:
    code, _, err = lint(str(tmp_path / "nowhere.toml"))
    assert code == 2 and "no such ruleset file" in err


def test_an_unreadable_file_is_unusable_input_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(b'name = "caf\xe9"\n')
    code, _, err = lint(str(path))
    assert code == 2 and "cannot be read as UTF-8 text" in err


def test_a_ruleset_that_is_not_toml_is_a_problem_found_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('name = "x"\n[params\n', encoding="utf-8")
    code, _, err = lint(str(path))
    assert code == 1 and "broken.toml:2: not TOML" in err


def test_plan_codes_come_from_one_catalogue_in_check_and_lint(tmp_path: Path) -> None:
    """A ruleset may disable a plan-loading check the catalogue knows; a code that merely
    looks like one (``PLAN-999``) is a typo, refused by both check and lint."""
    known = write(tmp_path, 'disable = ["PLAN-008"]\n[severity]\n"PLAN-011" = "warning"\n')
    assert lint(str(known))[0] == 0
    evaluate(plan_from_mapping(PLAN), as_of=dt.date(2018, 11, 30), ruleset=known)
    typo = write(tmp_path, 'disable = ["PLAN-999"]\n')
    code, stdout, stderr = lint(str(typo))
    assert code == 1 and "unknown rule or family 'PLAN-999'" in stdout + stderr
    assert "names unknown rule(s) or famil(ies): PLAN-999" in check_errors(typo)[0]


def test_the_catalogue_is_documented() -> None:
    """Every plan-loading code is a row of docs/rules/plan.md with its severity."""
    page = (Path(__file__).resolve().parents[1] / "docs" / "rules" / "plan.md").read_text("utf-8")
    for code in PLAN_CODES.values():
        assert f"| {code.code} | {code.severity.value} |" in page, code.code
