"""Turn pandera's failure cases into :class:`~aspcore.schemas.problems.Problem` values.

pandera reports each failure as a row of ``failure_cases``: the schema context, column, check
(by name and by number), the failing value and the row's index.  The check number leads back to
the :class:`~aspcore.schemas.spec.CheckSpec` it was built from (through
:class:`~aspcore.schemas.build.Built`), which gives the severity, reason code and message.
Failures of pandera's own structural checks (a missing column, a blank cell in a column that
needs one, a value of the wrong type) get aspcore codes and messages too.

No value of a ``personal`` column is shown.  In a return about people (a schema with a
personal column, such as ``case-events``) a name can slip into any column, so neither is a
value failing a vocabulary check unless it is a likely misspelling of a word of the vocabulary
(``'recovry' is not a pathway stage``): any other (a name in a stage column) may be personal
data, and the message says "a value (not shown: it may be personal)" instead, on its row.

The work grows with the number of failures, not the number of rows: a valid return costs
nothing here.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import narwhals as nw

from aspcore.schemas.build import Built
from aspcore.schemas.kinds import describe, kind
from aspcore.schemas.problems import NOT_SHOWN, WITHHELD, Problem, display_value
from aspcore.schemas.spec import DTYPES, CheckSpec, ColumnSpec
from aspcore.schemas.vocabularies import vocabulary

__all__ = ["NOT_SHOWN", "Where", "format_message", "problems_from_failures"]

_DTYPE_CHECK = re.compile(r"^(coerce_)?dtype\('?(.*?)'?\)$")
_CRASH = re.compile(r"^[A-Za-z_.]*(Error|Exception)\(")


class _Defaults(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def format_message(template: str, **values: Any) -> str:
    """Fill ``template``'s ``{name}`` fields; unknown fields are left as written."""
    try:
        return template.format_map(_Defaults(values))
    except (ValueError, IndexError, AttributeError):  # a malformed template: show it as written
        return template


class Where:
    """How to name rows and columns in problems: spreadsheet rows, file headers, file, sheet."""

    def __init__(
        self,
        *,
        rows: Sequence[int] | None = None,
        headers: Mapping[str, str] | None = None,
        file: str | None = None,
        sheet: str | None = None,
    ) -> None:
        self.rows = rows
        self.headers = dict(headers or {})
        self.file = file
        self.sheet = sheet

    def row(self, position: int | None) -> int | None:
        """The row number shown for the frame row at ``position``."""
        if position is None:
            return None
        return int(self.rows[position]) if self.rows is not None else position

    def column(self, field: str | None, spec: ColumnSpec | None) -> str | None:
        """The column as the file spells it, else the schema's title for it."""
        if field is None:
            return None
        if field in self.headers:
            return self.headers[field]
        return spec.label if spec is not None else field


def _may_be_personal(check: CheckSpec, value: Any) -> bool:
    """Whether ``value``, failing ``check``, must not be quoted: a value that names no word of
    a vocabulary and is no likely misspelling of one (it may be a name in the wrong column)."""
    if check.kind != "in_vocabulary" or display_value(value) is None:
        return False
    params = check.params
    known = vocabulary(str(params.get("vocabulary", "")), tuple(params.get("values", ())))
    return not known.quotable(value, params.get("separator"))


def _clean(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


_KEY = ["schema_context", "column", "check", "check_number", "index"]


def _records(failure_cases: Any) -> list[dict[str, Any]]:
    """Failure records, one per check and row (pandas repeats a frame-level failure once per
    column; the repeats are dropped before any Python-level work)."""
    if hasattr(failure_cases, "to_dicts"):
        rows: list[dict[str, Any]] = failure_cases.to_dicts()
        return rows
    frame_level = failure_cases["schema_context"] == "DataFrameSchema"
    structural = failure_cases["check_number"].isna()
    failure_cases = (
        failure_cases.assign(
            column=failure_cases["column"].astype(object).where(~frame_level, None),
            case=failure_cases["failure_case"].astype(str).where(structural, ""),
        )
        .drop_duplicates(subset=[*_KEY, "case"])
        .drop(columns="case")
    )
    records: list[dict[str, Any]] = failure_cases.astype(object).to_dict("records")
    return [{k: _clean(v) for k, v in record.items()} for record in records]


class _Collector:
    """Accumulates problems from failure records, one per (check, row)."""

    def __init__(self, built: Built, frame: nw.DataFrame[Any], where: Where) -> None:
        self.built = built
        self.frame = frame
        self.where = where
        self.columns = {c.name: c for c in built.spec.columns}
        self.about_people = any(c.personal for c in built.spec.columns)
        self.problems: list[Problem] = []
        self.column_failures: dict[tuple[str, int], list[int]] = defaultdict(list)
        self.frame_failures: dict[int, set[int | None]] = defaultdict(set)

    def add(
        self,
        check: CheckSpec,
        field: str | None,
        position: int | None,
        value: Any,
        expected: Any = None,
    ) -> None:
        column = self.columns.get(field) if field else None
        shown = WITHHELD if column is not None and column.personal else display_value(value)
        template, said = check.message, "blank" if shown is None else shown
        if self.about_people and shown != WITHHELD and _may_be_personal(check, value):
            shown, said = WITHHELD, NOT_SHOWN
            template = template.replace("'{value}'", "{value}").replace('"{value}"', "{value}")
        label = self.where.column(field, column)
        row = self.where.row(position)
        params = {k: v for k, v in check.params.items() if isinstance(v, str | int | float)}
        message = format_message(
            template,
            **params,
            value=said,
            column=label or "",
            row=row,
            expected=display_value(expected),
        )
        if said == NOT_SHOWN and message.startswith(NOT_SHOWN):
            message = message[:1].upper() + message[1:]
        self.problems.append(
            Problem(
                code=check.code,
                severity=check.severity,
                message=message,
                check=describe(check),
                schema=self.built.spec.name,
                row=row,
                column=label,
                field=field,
                value=shown,
                expected=display_value(expected),
                position=position,
                file=self.where.file,
                sheet=self.where.sheet,
            )
        )

    def record(self, rec: Mapping[str, Any]) -> None:
        number, context = rec.get("check_number"), rec.get("schema_context")
        position = None if rec.get("index") is None else int(rec["index"])
        field = rec.get("column")
        case = rec.get("failure_case")
        if number is not None and position is None and _CRASH.match(str(case)):
            self._crash(context, field, int(number), str(case))
            return
        key = (str(field), -1 if number is None else int(number))
        if context == "Column" and position is not None and key in self.built.column_checks:
            self.column_failures[key].append(position)
            return
        if (
            number is not None
            and context == "DataFrameSchema"
            and int(number) < len(self.built.frame_checks)
        ):
            self.frame_failures[int(number)].add(position)
            return
        self._structural(rec, field, position)

    def _crash(self, context: Any, field: Any, number: int, error: str) -> None:
        """A check that raised instead of answering: a fault in the schema, reported as such."""
        if context == "Column":
            spec = self.built.column_checks.get((str(field), number))
        else:
            spec, field = self.built.frame_checks[number]
        label = describe(spec) if spec is not None else f"check {number}"
        check = CheckSpec(
            "crash",
            "check-crashed",
            f"The check '{label}' could not run ({error}); this is a fault in the schema, "
            "not in the return.",
            title=label,
        )
        self.add(check, field if isinstance(field, str) else None, None, None)

    def _structural(self, rec: Mapping[str, Any], field: Any, position: int | None) -> None:
        name, case = str(rec.get("check")), rec.get("failure_case")
        match = _DTYPE_CHECK.match(name)
        if name == "column_in_dataframe":
            check = CheckSpec(
                "column_in_dataframe",
                "missing-column",
                "The return has no {column} column; add it (the header may be spelled "
                "differently: see the schema's accepted headers).",
                title="column present",
            )
            self.add(check, str(case), None, None)
        elif name == "column_in_schema":
            check = CheckSpec(
                "column_in_schema",
                "unexpected-column",
                "The column '{value}' is not part of this return.",
                title="no other columns",
            )
            self.add(check, None, None, case)
        elif name == "not_nullable":
            check = CheckSpec(
                "not_nullable",
                "missing-value",
                "{column} is blank; every row needs a value here.",
                title="not blank",
            )
            self.add(check, field, position, None)
        elif match is not None and field in self.columns:
            wanted = DTYPES[self.columns[field].dtype]
            check = CheckSpec(
                "dtype",
                "wrong-type",
                "'{value}' in {column} is not " + wanted + ".",
                title=f"is {wanted}",
            )
            self.add(check, field, position, case)
        else:
            check = CheckSpec(name, "failed-check", f"Failed the check {name}.", title=name)
            self.add(check, field if isinstance(field, str) else None, position, case)

    def _values(self, field: str | None, positions: list[int]) -> list[Any]:
        """The cells of ``field`` at ``positions`` (read from the frame, the same on both
        backends: polars failure cases hold text)."""
        if field is None or field not in self.frame.columns:
            return [None] * len(positions)
        values: list[Any] = self.frame[field][positions].to_list()
        return values

    def finish(self) -> None:
        """Turn the failures gathered by :meth:`record` into problems, reading values in bulk."""
        for (field, number), positions in self.column_failures.items():
            check = self.built.column_checks[(field, number)]
            for position, value in zip(positions, self._values(field, positions), strict=True):
                self.add(check, field, position, value)
        for number, found in sorted(self.frame_failures.items()):
            check, blame = self.built.frame_checks[number]
            rows = sorted(p for p in found if p is not None)
            if None in found:
                self.add(check, blame, None, None)
            if not rows:
                continue
            expected: list[Any] = [None] * len(rows)
            compute = kind(check.kind).expected
            if compute is not None:
                expected = compute(self.frame, check.params, blame, rows)
            values = self._values(blame, rows)
            for position, value, wanted in zip(rows, values, expected, strict=True):
                self.add(check, blame, position, value, wanted)


def problems_from_failures(
    failure_cases: Any, built: Built, frame: nw.DataFrame[Any], where: Where
) -> list[Problem]:
    """Problems for pandera ``failure_cases`` (pandas or polars) of ``frame`` under ``built``.

    One problem per failing check and row (pandera repeats a frame-level failure once per
    column; those are merged).
    """
    collector = _Collector(built, frame, where)
    for rec in _records(failure_cases):
        collector.record(rec)
    collector.finish()
    return collector.problems
