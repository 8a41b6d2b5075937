"""Loading plans from YAML and action-plan spreadsheets, and every bad input of the issue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

import aspcore
from aspcore.model import ActionStatus, ChainLevel, Pillar, Rag


def rules_of(plan: aspcore.Plan) -> list[str]:
    return [f.rule for f in plan.issues]


def test_example_plan_loads_into_typed_objects(example_path: Path) -> None:
    plan = aspcore.load_plan(example_path)
    assert plan.partnership == "Northshire Modern Slavery Partnership"
    assert plan.year is not None and plan.year.label == "2018-19"
    assert plan.year.start == dt.date(2018, 4, 1)
    assert [o.id for o in plan.objectives] == ["O1", "O2", "O3", "O4"]
    assert plan.objectives[1].pillar is Pillar.PURSUE
    a1 = plan.actions[0]
    assert a1.status is ActionStatus.COMPLETE and a1.rag is Rag.GREEN
    # Derbyshire's "June 2016" gives the action its due date, flagged as derived.
    assert a1.due == dt.date(2016, 6, 30) and a1.due_from_timescale
    assert plan.chain[0].level is ChainLevel.OUTPUT and plan.chain[0].sources == ("A3",)
    assert plan.indicator("I1") is not None and plan.indicator("I1").target.value == 50
    assert plan.observations[0].period.label == "2018-19 Q1"
    assert plan.issues == ()


def test_within_months_is_anchored_on_the_plan_year(example_path: Path) -> None:
    plan = aspcore.load_plan(example_path)
    a7 = next(a for a in plan.actions if a.id == "A7")
    assert a7.start == dt.date(2018, 4, 1)
    assert a7.due is not None and dt.date(2018, 9, 30) <= a7.due <= dt.date(2018, 10, 1)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(aspcore.InputFileError, match="no such file"):
        aspcore.load_plan(tmp_path / "absent.yaml")


def test_non_yaml_file_is_a_clear_error(write_plan: Callable[..., Path]) -> None:
    path = write_plan("partnership: [unclosed\nvision: x\n")
    with pytest.raises(aspcore.InputFileError, match=r"line \d+, column \d+"):
        aspcore.load_plan(path)


def test_binary_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe")
    with pytest.raises(aspcore.InputFileError, match="UTF-8"):
        aspcore.load_plan(path)


def test_python_tag_is_refused_and_not_executed(
    write_plan: Callable[..., Path], tmp_path: Path
) -> None:
    marker = tmp_path / "pwned"
    path = write_plan(f"partnership: !!python/object/apply:os.system ['touch {marker}']\n")
    with pytest.raises(aspcore.InputFileError, match="only plain YAML data"):
        aspcore.load_plan(path)
    assert not marker.exists()


def test_plan_that_is_not_a_mapping_is_a_plan_error(write_plan: Callable[..., Path]) -> None:
    with pytest.raises(aspcore.PlanError, match="expected a mapping"):
        aspcore.load_plan(write_plan("- just\n- a list\n"))


def test_section_that_is_not_a_list_is_a_plan_error(write_plan: Callable[..., Path]) -> None:
    with pytest.raises(aspcore.PlanError, match="'actions' must be a list"):
        aspcore.load_plan(write_plan({"partnership": "P", "actions": "A1"}))


def test_duplicate_ids_are_findings(write_plan: Callable[..., Path]) -> None:
    plan = aspcore.load_plan(
        write_plan(
            {
                "partnership": "P",
                "objectives": [{"id": "O1"}],
                "actions": [{"id": "O1", "statement": "x"}, {"id": "A2"}, {"id": "A2"}],
            }
        )
    )
    duplicates = [f for f in plan.issues if f.rule == "PLAN-001"]
    assert {f.subject for f in duplicates} == {"O1", "A2"}
    assert all(f.severity is aspcore.Severity.ERROR for f in duplicates)


def test_unknown_objective_reference_is_a_finding_with_did_you_mean(
    write_plan: Callable[..., Path],
) -> None:
    plan = aspcore.load_plan(
        write_plan(
            {
                "partnership": "P",
                "objectives": [{"id": "OBJ1"}],
                "actions": [{"id": "A1", "objective": "OBJ2"}],
            }
        )
    )
    (finding,) = [f for f in plan.issues if f.rule == "PLAN-002"]
    assert finding.subject == "A1" and "did you mean 'OBJ1'" in finding.message
    assert finding.line == 5


def test_progress_140_is_a_finding_and_not_kept(write_plan: Callable[..., Path]) -> None:
    plan = aspcore.load_plan(
        write_plan({"partnership": "P", "actions": [{"id": "A1", "progress": 140}]})
    )
    (finding,) = plan.issues
    assert finding.rule == "PLAN-004" and "140" in finding.message
    assert finding.evidence["value"] == 140
    assert plan.actions[0].progress is None


def test_impossible_date_is_a_finding(write_plan: Callable[..., Path]) -> None:
    plan = aspcore.load_plan(
        write_plan("partnership: P\nactions:\n  - {id: A1, due: 2018-02-30}\n")
    )
    (finding,) = plan.issues
    assert finding.rule == "PLAN-005" and "2018-02-30" in finding.message
    assert plan.actions[0].due is None


def test_unparseable_timescale_and_unknown_vocabulary(write_plan: Callable[..., Path]) -> None:
    plan = aspcore.load_plan(
        write_plan(
            {
                "partnership": "P",
                "objectives": [{"id": "O1", "pillar": "persue", "timescale": "whenever"}],
                "actions": [{"id": "A1", "status": "half done", "rag": "purple"}],
            }
        )
    )
    by_rule = {(f.rule, f.subject) for f in plan.issues}
    assert ("PLAN-003", "O1") in by_rule
    pillar = next(f for f in plan.issues if f.evidence.get("field") == "pillar")
    assert "did you mean 'pursue'" in pillar.message
    assert {f.evidence.get("field") for f in plan.issues if f.subject == "A1"} == {"status", "rag"}


def test_unknown_field_is_a_warning_with_did_you_mean(write_plan: Callable[..., Path]) -> None:
    plan = aspcore.load_plan(
        write_plan({"partnership": "P", "actions": [{"id": "A1", "ownr": "Lead"}]})
    )
    (finding,) = plan.issues
    assert finding.rule == "PLAN-008" and "did you mean 'owner'" in finding.message
    assert finding.severity is aspcore.Severity.WARNING


def test_missing_id_is_reported_not_silently_dropped(write_plan: Callable[..., Path]) -> None:
    plan = aspcore.load_plan(
        write_plan({"partnership": "P", "actions": [{"statement": "no id here"}]})
    )
    assert plan.actions == ()
    (finding,) = plan.issues
    assert finding.rule == "PLAN-007" and "no id here" in str(finding.evidence)


def test_derbyshire_csv_action_plan(tmp_path: Path) -> None:
    path = tmp_path / "derbyshire.csv"
    path.write_text(
        "\ufeffAction 2016-17,Owner,  timescale ,RAG status\n"
        '"Liaison with Derby University to deliver a Business supply chain conference.",'
        "Business lead,June 2016,Green\n"
        '"Develop and publish a county/city wide MSP Newsletter",Comms,Sept 2016,Green\n',
        encoding="utf-8",
    )
    plan = aspcore.load_plan(path)
    assert plan.year is not None and plan.year.label == "2016-17"
    assert [a.id for a in plan.actions] == ["A2", "A3"]
    assert plan.actions[1].due == dt.date(2016, 9, 30)
    assert plan.actions[0].rag is Rag.GREEN
    assert plan.issues == ()


def test_xlsx_action_plan_with_optional_columns(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Plan"
    sheet.append(["ID", "Action", "Owner", "Timescale", "Status", "Progress", "Due", "RAG Status"])
    sheet.append(
        [
            "X1",
            "Run a conference",
            "Lead",
            "June 2018",
            "In progress",
            "40%",
            dt.datetime(2018, 6, 30),
            "amber",
        ]
    )
    path = tmp_path / "plan.xlsx"
    book.save(path)
    plan = aspcore.load_plan(path)
    (action,) = plan.actions
    assert action.id == "X1" and action.progress == 40
    assert action.status is ActionStatus.IN_PROGRESS and action.due == dt.date(2018, 6, 30)
    assert not action.due_from_timescale


def test_table_without_action_column_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text("Owner,Timescale\nx,June 2016\n", encoding="utf-8")
    with pytest.raises(aspcore.InputFileError, match="'Action' column"):
        aspcore.load_plan(path)


def test_unknown_extension_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(aspcore.InputFileError, match=r"expected a plan as \.yaml"):
        aspcore.load_plan(path)
