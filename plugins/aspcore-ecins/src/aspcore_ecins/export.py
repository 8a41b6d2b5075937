"""Finding the export's tables: CSV files in a folder, or the sheets of one workbook.

A table the mapping needs but the export lacks is reported as a finding (``ECINS-008``) and
the sections that read it give nothing; a path that is neither a folder nor a workbook cannot be
read at all and raises :class:`aspcore.InputFileError`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from aspcore import InputFileError
from aspcore.adapters import row_finding
from aspcore.io.tables import Table, read_table
from aspcore.model import Finding

from aspcore_ecins.mapping import ExportMapping

__all__ = ["read_tables"]

_WORKBOOKS = {".xlsx", ".xlsm"}


def read_tables(
    path: Path, mapping: ExportMapping, names: Iterable[str]
) -> tuple[dict[str, Table], list[Finding]]:
    """The tables called ``names`` (entries of the mapping's ``[tables]``), and what is missing."""
    if not path.exists():
        raise InputFileError(f"{path}: no such export folder or workbook")
    workbook = path.is_file() and path.suffix.lower() in _WORKBOOKS
    if not path.is_dir() and not workbook:
        raise InputFileError(
            f"{path}: expected an export folder of CSV files or an .xlsx workbook with one "
            "sheet per table"
        )
    tables: dict[str, Table] = {}
    findings: list[Finding] = []
    for name in sorted(set(names)):
        file = mapping.tables[name]
        try:
            if workbook:
                tables[name] = read_table(path, sheet=Path(file).stem)
            else:
                tables[name] = read_table(path / file)
        except InputFileError as exc:
            where = path.name if workbook else file
            findings.append(
                row_finding(
                    "ECINS-008",
                    f"the {name} table cannot be read, so nothing is taken from it: {exc}",
                    file=where,
                    sheet=Path(file).stem if workbook else None,
                    suggestion="Export the table, or point the mapping's [tables] at it",
                    plugin="ecins",
                    evidence={"table": name},
                )
            )
    return tables, findings
