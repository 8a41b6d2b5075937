"""Readers for plan files (YAML) and action-plan spreadsheets (CSV, XLSX)."""

from __future__ import annotations

from pathlib import Path

from aspcore.errors import InputFileError
from aspcore.io.action_table import load_action_table
from aspcore.io.plan_reader import plan_from_mapping
from aspcore.io.yaml_io import load_yaml_file
from aspcore.model import Plan

__all__ = ["load_plan", "plan_from_mapping"]


def load_plan(path: str | Path, *, sheet: str | None = None) -> Plan:
    """Load a plan from YAML, or an action plan from CSV or XLSX, by the file's extension.

    Unreadable files raise :class:`~aspcore.errors.InputFileError`; problems inside a readable
    plan are kept as findings in ``plan.issues``.
    """
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix in {".yaml", ".yml"}:
        return plan_from_mapping(load_yaml_file(file), source=str(file))
    if suffix in {".csv", ".xlsx", ".xlsm"}:
        return load_action_table(file, sheet=sheet)
    if not file.exists():
        raise InputFileError(f"{file}: no such file")
    raise InputFileError(
        f"{file}: expected a plan as .yaml/.yml, or an action plan as .csv/.xlsx; "
        f"found '{suffix or 'no'}' suffix"
    )
