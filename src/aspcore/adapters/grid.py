"""A sheet's cells as an adapter reads them, with where they came from and what was wrong.

Adapters of spreadsheets that are not plain tables (a published table with facts above it, a
return with a header block) read each CSV file or workbook sheet as a :class:`Grid`: the cells
row by row, the file and sheet, and the findings about its rows.  ``grid.report(...)`` makes
each finding with :func:`~aspcore.adapters.model.row_finding`, so every finding of one sheet
names the same place and plugin, and ``grid.provenance(row)`` gives a mapped row its
``source_file``, ``source_sheet`` and ``source_row``.  :func:`header_keys` finds a table's header
row and its columns by a schema's spellings of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from aspcore.adapters.model import row_finding
from aspcore.io.tables import normalise_header
from aspcore.model import Finding, Severity

if TYPE_CHECKING:
    from aspcore.schemas.spec import SchemaSpec

__all__ = ["Grid", "header_keys"]


def header_keys(spec: SchemaSpec) -> dict[str, str]:
    """Every spelling of ``spec``'s column headers, normalised, → the column's name.

    A column is spelt by its name, its title and its aliases, compared as
    :func:`~aspcore.io.tables.normalise_header` compares headers (case and spacing ignored);
    a spelling two columns share belongs to the first.  ``keys.get(normalise_header(cell))``
    then names the column a header cell is.
    """
    keys: dict[str, str] = {}
    for column in spec.columns:
        for key in (column.name, column.title, *column.aliases):
            keys.setdefault(normalise_header(key), column.name)
    return keys


@attrs.define
class Grid:
    """The cells of one CSV file or workbook sheet (``sheet`` is ``None`` for a CSV file).

    ``cells`` holds the rows as the user sees them: ``cells[0]`` is row 1.  ``plugin`` names
    the plugin in every finding; ``findings`` collects what :meth:`report` adds.
    """

    file: str
    sheet: str | None
    cells: list[list[Any]]
    plugin: str
    findings: list[Finding] = attrs.field(factory=list, init=False)

    def report(
        self,
        rule: str,
        message: str,
        severity: Severity,
        row: int | None = None,
        column: str | None = None,
        suggestion: str = "",
        evidence: Mapping[str, object] | None = None,
    ) -> None:
        """Add a finding about this grid, or one ``row`` (and ``column``) of it."""
        self.findings.append(
            row_finding(
                rule,
                message,
                file=self.file,
                sheet=self.sheet,
                row=row,
                column=column,
                severity=severity,
                suggestion=suggestion,
                plugin=self.plugin,
                evidence=evidence,
            )
        )

    def provenance(self, row: int) -> dict[str, Any]:
        """The provenance columns of a row read from ``row`` (numbered as the user sees it)."""
        return {"source_file": self.file, "source_sheet": self.sheet, "source_row": row}
