"""Schemas export to JSON and YAML and load back with every check intact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aspcore.errors import SchemaError
from aspcore.model import Plan
from aspcore.returns import validate_file
from aspcore.schemas import (
    indicator_return_for_plan,
    load_schema,
    schema_from_dict,
    schema_names,
    schema_registry,
    schema_to_dict,
    schema_to_json,
    schema_to_yaml,
)


@pytest.mark.parametrize("name", schema_names())
def test_every_schema_survives_a_json_and_a_yaml_round_trip(name: str, tmp_path: Path) -> None:
    spec = schema_registry()[name]
    assert schema_from_dict(json.loads(schema_to_json(spec))) == spec
    path = tmp_path / f"{name}.yaml"
    path.write_text(schema_to_yaml(spec), encoding="utf-8")
    assert load_schema(path) == spec


def test_the_export_names_every_check_with_its_code_severity_and_message() -> None:
    data = schema_to_dict(schema_registry()["nrm-breakdown"])
    assert data["format"] == "aspcore-schema/1"
    row_sum = next(c for c in data["checks"] if c["code"] == "row-total-mismatch")
    assert row_sum == {
        "kind": "row_sum",
        "code": "row-total-mismatch",
        "severity": "error",
        "title": "each row's parts add up to its Total",
        "message": "This row's Total is {value}, but its parts add up to {expected}.",
        "params": {
            "parts": [
                "male_adult",
                "female_adult",
                "male_minor",
                "female_minor",
                "male_age_not_recorded",
                "female_age_not_recorded",
            ],
            "total": "total",
        },
        "column": "total",
    }
    male_adult = next(c for c in data["columns"] if c["name"] == "male_adult")
    assert male_adult["type"] == "integer" and male_adult["aliases"] == [
        "adult male",
        "male adults",
    ]


def test_a_plan_specialised_schema_runs_from_its_export_without_the_plan(
    plan: Plan, returns_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "northshire-indicator-return.json"
    path.write_text(schema_to_json(indicator_return_for_plan(plan)), encoding="utf-8")
    loaded = load_schema(path)
    bad = returns_dir / "indicator-return-bad.csv"
    direct = validate_file(bad, "indicator-return", plan=plan)
    exported = validate_file(bad, loaded)
    assert [p.to_dict() for p in exported.problems] == [p.to_dict() for p in direct.problems]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"name": "x"}, "format: aspcore-schema/1"),
        ({"format": "aspcore-schema/1", "name": "x"}, "not a valid schema"),
        (
            {
                "format": "aspcore-schema/1",
                "name": "x",
                "columns": [{"name": "a", "type": "integer"}],
                "checks": [{"kind": "magic", "code": "c", "message": "m"}],
            },
            "unknown check kind 'magic'",
        ),
        (
            {"format": "aspcore-schema/1", "name": "x", "columns": [{"name": "a", "type": "blob"}]},
            "not a valid schema",
        ),
    ],
)
def test_bad_schema_documents_raise_schema_error(document: dict[str, object], message: str) -> None:
    with pytest.raises(SchemaError, match=message):
        schema_from_dict(document)


def test_unreadable_schema_files_raise_schema_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(SchemaError, match="expected a JSON schema document"):
        load_schema(broken)
    listed = tmp_path / "list.yaml"
    listed.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(SchemaError, match="a mapping"):
        load_schema(listed)
