"""Problems and validation reports: every problem in a return, said so a data team can fix it.

A :class:`Problem` names the file, sheet, spreadsheet row number, column (as the file spells
it), the offending value, the check, a plain-English message and a machine-readable reason
``code``.  A :class:`ValidationReport` holds every problem of one file; a :class:`ReportSet`
aggregates several files.  Severity decides validity: errors make a return invalid, warnings and
notes do not.

Exit codes (for the command line): ``0`` valid, ``1`` invalid, ``2`` unusable (the file could
not be read at all).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable
from typing import Any

import attrs

from aspcore.model import Severity

__all__ = [
    "DEFAULT_TEXT_LIMIT",
    "NOT_SHOWN",
    "WITHHELD",
    "Problem",
    "ReportSet",
    "ValidationReport",
    "display_value",
    "plural",
]

#: Shown instead of the value of a personal column.
WITHHELD = "[withheld]"
#: What a message says instead of a value that may be personal.
NOT_SHOWN = "a value (not shown: it may be personal)"
#: How many problems the text rendering lists before summarising the rest.
DEFAULT_TEXT_LIMIT = 200


def plural(count: int, noun: str) -> str:
    """``1 row``, ``2 rows``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def display_value(value: object) -> Any:
    """``value`` as plain JSON: blanks as ``None``, whole floats as ints, dates as ISO text."""
    if value is None or str(value) in {"NaT", "<NA>", "nan"}:
        return None
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()  # numpy and pandas scalars
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() else value
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool | int | str):
        return value
    return str(value)


@attrs.frozen
class Problem:
    """One problem in a return.

    ``row`` is the row number the spreadsheet shows (or the frame's row label when validating a
    frame); ``None`` for problems of the whole file or column.  ``column`` is the header as the
    file spells it, ``field`` the schema's column name.  ``position`` is the 0-based position of
    the row in the frame that was validated.
    """

    code: str
    severity: Severity
    message: str
    check: str
    schema: str
    row: int | None = None
    column: str | None = None
    field: str | None = None
    value: Any = None
    expected: Any = None
    position: int | None = None
    file: str | None = None
    sheet: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: where (file, sheet, row, column), what (value, check) and why."""
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "field": self.field,
            "value": self.value,
            "expected": self.expected,
            "check": self.check,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
        }

    @property
    def where(self) -> str:
        """``row 4, column 'Total'`` (whichever parts are known; the report names the sheet)."""
        parts = []
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts) or "whole file"

    def to_text(self) -> str:
        """One line: where, severity and code, the message and the check."""
        return f"{self.where}: {self.severity.value} [{self.code}] {self.message}"


def _count(problems: Iterable[Problem], severity: Severity) -> int:
    return sum(1 for p in problems if p.severity == severity)


@attrs.frozen
class ValidationReport:
    """Every problem found in one return (one file, or one sheet of a workbook).

    ``unusable`` holds the reason when the file could not be read at all; then ``rows`` is 0
    and there are no problems.
    """

    schema: str
    rows: int
    problems: tuple[Problem, ...] = ()
    file: str | None = None
    sheet: str | None = None
    unusable: str | None = None

    @property
    def errors(self) -> int:
        """How many problems are errors."""
        return _count(self.problems, Severity.ERROR)

    @property
    def warnings(self) -> int:
        """How many problems are warnings."""
        return _count(self.problems, Severity.WARNING)

    @property
    def valid(self) -> bool:
        """Readable and without errors (warnings do not make a return invalid)."""
        return self.unusable is None and self.errors == 0

    @property
    def exit_code(self) -> int:
        """``0`` valid, ``1`` invalid, ``2`` unusable."""
        if self.unusable is not None:
            return 2
        return 0 if self.valid else 1

    @property
    def invalid_positions(self) -> frozenset[int]:
        """0-based positions of rows with an error; every row when an error has no row."""
        errors = [p for p in self.problems if p.severity == Severity.ERROR]
        if any(p.position is None for p in errors):
            return frozenset(range(self.rows))
        return frozenset(p.position for p in errors if p.position is not None)

    @property
    def status(self) -> str:
        """``valid``, ``invalid`` or ``unusable``."""
        return ("valid", "invalid", "unusable")[self.exit_code]

    def codes(self) -> Counter[str]:
        """How often each reason code occurs."""
        return Counter(p.code for p in self.problems)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: file, schema, status, counts and every problem."""
        return {
            "file": self.file,
            "sheet": self.sheet,
            "schema": self.schema,
            "status": self.status,
            "valid": self.valid,
            "unusable": self.unusable,
            "rows": self.rows,
            "invalid_rows": len(self.invalid_positions),
            "errors": self.errors,
            "warnings": self.warnings,
            "problems": [p.to_dict() for p in self.problems],
        }

    def headline(self) -> str:
        """One line: file, status and counts."""
        name = self.file or "frame"
        if self.sheet:
            name += f" [{self.sheet}]"
        if self.unusable is not None:
            return f"{name}: UNUSABLE ({self.schema}): {self.unusable}"
        return (
            f"{name}: {self.status.upper()} ({self.schema}): {plural(self.rows, 'row')}, "
            f"{len(self.invalid_positions)} invalid, {plural(self.errors, 'error')}, "
            f"{plural(self.warnings, 'warning')}"
        )

    def to_text(self, *, limit: int = DEFAULT_TEXT_LIMIT) -> str:
        """The headline and up to ``limit`` problems, one per line (the rest are counted)."""
        lines = [self.headline()]
        lines.extend(f"  {p.to_text()}" for p in self.problems[:limit])
        if len(self.problems) > limit:
            rest = plural(len(self.problems) - limit, "more problem")
            lines.append(f"  ... and {rest} (use JSON output)")
        return "\n".join(lines)


@attrs.frozen
class ReportSet:
    """Reports for several returns checked against the same schema, with totals."""

    reports: tuple[ValidationReport, ...]

    @property
    def valid(self) -> bool:
        """Every return is valid."""
        return all(r.valid for r in self.reports)

    @property
    def exit_code(self) -> int:
        """The worst exit code of the returns (``0`` when there are none)."""
        return max((r.exit_code for r in self.reports), default=0)

    def totals(self) -> dict[str, int]:
        """Files, rows, invalid rows, errors and warnings over every return."""
        return {
            "files": len(self.reports),
            "valid_files": sum(r.valid for r in self.reports),
            "unusable_files": sum(r.unusable is not None for r in self.reports),
            "rows": sum(r.rows for r in self.reports),
            "invalid_rows": sum(len(r.invalid_positions) for r in self.reports),
            "errors": sum(r.errors for r in self.reports),
            "warnings": sum(r.warnings for r in self.reports),
        }

    def codes(self) -> Counter[str]:
        """How often each reason code occurs over every return."""
        total: Counter[str] = Counter()
        for report in self.reports:
            total.update(report.codes())
        return total

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``valid``, ``totals``, ``codes`` and each file's report."""
        return {
            "valid": self.valid,
            "totals": self.totals(),
            "codes": dict(sorted(self.codes().items())),
            "files": [r.to_dict() for r in self.reports],
        }

    def to_text(self, *, limit: int = DEFAULT_TEXT_LIMIT) -> str:
        """Each file's report, then a line of totals."""
        totals = self.totals()
        parts = [r.to_text(limit=limit) for r in self.reports]
        parts.append(
            f"{plural(totals['files'], 'file')} ({totals['valid_files']} valid, "
            f"{totals['unusable_files']} unusable), {plural(totals['rows'], 'row')}, "
            f"{totals['invalid_rows']} invalid, {plural(totals['errors'], 'error')}, "
            f"{plural(totals['warnings'], 'warning')}"
        )
        return "\n".join(parts)
