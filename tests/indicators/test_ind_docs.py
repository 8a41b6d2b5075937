"""The indicators page: its examples run, and every finding the package raises is documented."""

from __future__ import annotations

import re

import pytest
import yaml
from ind_reference import ROOT

from aspcore import plan_from_mapping
from aspcore.indicators import BUILTIN_MEASURES, IndicatorParams, parse_compute

PAGE = ROOT / "docs" / "indicators.md"
SOURCES = ROOT / "src" / "aspcore" / "indicators"


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", PAGE.read_text(encoding="utf-8"), flags=re.S)


def test_the_python_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {}
    exec(compile(blocks("python")[0], str(PAGE), "exec"), namespace)
    evaluation = namespace["evaluation"]
    assert any(s.subject == "K2" for s in evaluation.statuses)  # type: ignore[attr-defined]


def test_the_yaml_examples_are_valid_compute_blocks() -> None:
    items = [item for text in blocks("yaml") for item in _indicators(text)]
    assert len(items) == 3
    plan = plan_from_mapping({"partnership": "P", "indicators": items})
    for indicator in plan.indicators:
        spec, problems = parse_compute(indicator, BUILTIN_MEASURES, IndicatorParams())
        assert problems == [] and spec is not None, indicator.id


def _indicators(text: str) -> list[dict[str, object]]:
    data = yaml.safe_load(text if text.startswith("indicators:") else f"indicators:\n{text}")
    return list(data["indicators"])


def test_every_rule_id_raised_is_documented() -> None:
    raised = {
        rule
        for path in SOURCES.glob("*.py")
        for rule in re.findall(r"\"(IND-\d{3})\"", path.read_text(encoding="utf-8"))
    }
    table = {row.split("|")[1].strip() for row in PAGE.read_text().splitlines() if "| IND-" in row}
    assert raised and raised <= table


def test_every_parameter_is_documented() -> None:
    text = PAGE.read_text(encoding="utf-8")
    for name in IndicatorParams.__attrs_attrs__:
        assert f"`{name.name}`" in text, name.name
