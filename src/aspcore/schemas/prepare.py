"""From a spreadsheet table to a typed frame: match headers, parse cells, report what fails.

Headers are matched to a schema's columns by name, title or alias, ignoring case, spacing and
underscores.  Cells are parsed the way partnerships write them: numbers with thousands
separators, a leading ``£`` or a trailing ``%``; dates as ISO (``2018-07-31``), UK
(``31/07/2018``), spreadsheet dates or Excel serial numbers; yes/no.  A cell that cannot be read
becomes a :class:`~aspcore.schemas.problems.Problem` (and a blank in the frame, so no check
reports it twice).  Columns of plain text and numbers are parsed with vectorised pandas
operations; dates, periods and yes/no are parsed once per distinct value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import numpy as np
import pandas as pd

from aspcore.io.tables import Formula, Table, normalise_header
from aspcore.io.values import (
    NUMBER_PATTERN,
    parse_boolean,
    parse_date,
    parse_number,
    text_or_none,
)
from aspcore.model import Severity
from aspcore.schemas.problems import NOT_SHOWN, WITHHELD, Problem, display_value
from aspcore.schemas.spec import DTYPES, ColumnSpec, SchemaSpec

__all__ = ["Prepared", "column_keys", "prepare"]


@attrs.frozen
class Prepared:
    """A table ready for validation: typed frame, where each row came from, and problems so far.

    ``frame`` has one column per schema column found in the file (named as in the schema) and a
    0-based index; ``row_numbers[i]`` is the spreadsheet row of frame row ``i``.  ``headers``
    maps schema columns to the headers the file used; ``extras`` lists headers the schema does
    not know, whose values are kept with each row.
    """

    table: Table
    frame: pd.DataFrame
    row_numbers: tuple[int, ...]
    headers: dict[str, str]
    extras: tuple[str, ...]
    problems: tuple[Problem, ...]


def column_keys(column: ColumnSpec) -> set[str]:
    """The normalised headers that name ``column``: its name, its title and its aliases."""
    return {normalise_header(k) for k in (column.name, column.title, *column.aliases) if k}


def _match(table: Table, spec: SchemaSpec) -> tuple[dict[str, str], list[str], list[Problem]]:
    """Schema column → file header, the unknown headers, and header problems."""
    lookup: dict[str, ColumnSpec] = {}
    for spec_column in spec.columns:
        for key in column_keys(spec_column):
            lookup.setdefault(key, spec_column)
    found: dict[str, str] = {}
    extras: list[str] = []
    problems: list[Problem] = []
    about_people = any(c.personal for c in spec.columns)
    for position, header in enumerate(table.headers, start=1):
        column = lookup.get(normalise_header(header))
        if column is None:  # not a column of this schema
            extras.append(header)
            # in a return about people a row of data can stand where the header should, and a
            # name may be any part of it: an unknown header is named by its position, never
            # quoted
            hidden = about_people
            shown = f"column {position} (its header is not shown: it may be personal)"
            problems.append(
                _file_problem(
                    spec,
                    table,
                    "unexpected-column",
                    f"The {shown if hidden else f'column {header!r}'} is not part of the "
                    f"{spec.name} return; its values are kept with each row but not checked.",
                    Severity.ERROR if spec.strict else Severity.WARNING,
                    column=f"column {position}" if hidden else header,
                )
            )
        elif column.name in found:
            problems.append(
                _file_problem(
                    spec,
                    table,
                    "duplicate-column",
                    f"The columns '{found[column.name]}' and '{header}' both hold "
                    f"{column.label}; keep one of them.",
                    Severity.ERROR,
                    column=header,
                    field=column.name,
                )
            )
        else:
            found[column.name] = header
    return found, extras, problems


def _file_problem(
    spec: SchemaSpec,
    table: Table,
    code: str,
    message: str,
    severity: Severity,
    *,
    column: str | None = None,
    field: str | None = None,
) -> Problem:
    return Problem(
        code=code,
        severity=severity,
        message=message,
        check="header" if column else "file",
        schema=spec.name,
        column=column,
        field=field,
        file=table.path or None,
        sheet=table.sheet,
    )


# -- cell parsers: each returns the parsed values and, by row position, (code, reason) ----------
Failures = dict[int, tuple[str, str]]
Parsed = tuple[pd.Series, Failures]


def _failures(mask: np.ndarray, code: str, reasons: list[str]) -> Failures:
    return dict(zip(np.flatnonzero(mask).tolist(), ((code, r) for r in reasons), strict=True))


def _per_value(raw: pd.Series, parse: Callable[[Any], Any], code: str) -> Parsed:
    """Parse each distinct value once; a failure's reason is its error message."""
    parsed: dict[Any, Any] = {}
    errors: dict[Any, str] = {}
    for value in pd.unique(raw.to_numpy(dtype=object)):
        try:
            parsed[value] = None if isinstance(value, Formula) else parse(value)
        except (ValueError, TypeError) as exc:
            errors[value] = str(exc)
            parsed[value] = None
    values = raw.map(parsed)
    if not errors:
        return values, {}
    failed = raw.isin(list(errors)).to_numpy()
    return values, _failures(failed, code, [errors[v] for v in raw[failed]])


def _text(raw: pd.Series) -> Parsed:
    if pd.api.types.infer_dtype(raw, skipna=True) in {"string", "empty"}:
        values = raw.astype("str").str.strip()
    else:
        values = raw.map(lambda v: None if isinstance(v, Formula) else text_or_none(v))
        values = values.astype("str")
    return values.mask(values == ""), {}


def _number_value(value: Any) -> float | None:
    number = parse_number(value)
    return None if number is None else float(number)


def _number(raw: pd.Series) -> Parsed:
    inferred = pd.api.types.infer_dtype(raw, skipna=True)
    if inferred in {"integer", "floating", "mixed-integer-float", "empty"}:
        return pd.to_numeric(raw, errors="coerce").astype("float64"), {}
    if inferred != "string":
        values, failures = _per_value(raw, _number_value, "not-a-number")
        return values.astype("float64"), failures
    text = raw.astype("str").str.strip()
    cleaned = text.str.removeprefix("\u00a3").str.removesuffix("%").str.strip()
    blank = (text.isna() | (text == "")).to_numpy()
    ok = cleaned.str.fullmatch(NUMBER_PATTERN).fillna(False).to_numpy(dtype=bool) & ~blank
    values = pd.to_numeric(cleaned.where(ok).str.replace(",", ""), errors="coerce")
    failed = ~ok & ~blank
    reasons = [f"'{v}' is not a number" for v in text[failed]]
    return values.astype("float64"), _failures(failed, "not-a-number", reasons)


def _integer(raw: pd.Series) -> Parsed:
    values, failures = _number(raw)
    fraction = (values.notna() & (values.round(0) != values)).to_numpy()
    reasons = [f"{display_value(v)} is not a whole number" for v in values[fraction]]
    failures |= _failures(fraction, "not-a-whole-number", reasons)
    return values.mask(fraction).astype("Int64"), failures


def _date(raw: pd.Series) -> Parsed:
    values, failures = _per_value(raw, parse_date, "not-a-date")
    return pd.to_datetime(values.astype(object), errors="coerce"), failures


def _period_label(value: Any) -> str | None:
    if hasattr(value, "strftime") and not isinstance(value, str):
        return str(value.strftime("%Y-%m"))  # a date in a period column names its month
    return text_or_none(value)


def _period(raw: pd.Series) -> Parsed:
    values, failures = _per_value(raw, _period_label, "unreadable-period")
    return values.astype("str").mask(values.isna()), failures


def _boolean(raw: pd.Series) -> Parsed:
    values, failures = _per_value(raw, parse_boolean, "not-yes-or-no")
    return values.astype("boolean"), failures


_PARSERS: dict[str, Callable[[pd.Series], Parsed]] = {
    "text": _text,
    "number": _number,
    "integer": _integer,
    "date": _date,
    "period": _period,
    "boolean": _boolean,
}


def _formula_failures(raw: pd.Series) -> Failures:
    """Cells holding a formula whose result was never saved (only workbooks have them)."""
    if pd.api.types.infer_dtype(raw, skipna=True) in {"string", "integer", "floating", "empty"}:
        return {}
    mask = raw.map(lambda v: isinstance(v, Formula)).to_numpy(dtype=bool)
    reasons = [
        f"the cell holds a formula ({v}) whose result was not saved in the workbook; open and "
        "save the file in Excel, or type the value"
        for v in raw[mask]
    ]
    return _failures(mask, "formula-without-value", reasons)


def _cell_problem(
    table: Table,
    spec: SchemaSpec,
    column: ColumnSpec,
    header: str,
    position: int,
    code: str,
    reason: str,
) -> Problem:
    cell = table.rows[position].get(header)
    shown = str(cell) if isinstance(cell, Formula) else display_value(cell)
    if column.personal:
        message = f"{header}: the value cannot be read."
    elif any(c.personal for c in spec.columns):
        # a return about people: a name can slip into any column, so it is never quoted
        message, shown = f"{header}: {NOT_SHOWN} is not {DTYPES[column.dtype]}.", WITHHELD
    else:
        message = f"{header}: {reason}."
    return Problem(
        code=code,
        severity=Severity.ERROR,
        message=message,
        check=f"is {DTYPES[column.dtype]}",
        schema=spec.name,
        row=table.row_numbers[position],
        column=header,
        field=column.name,
        value=WITHHELD if column.personal else shown,
        position=position,
        file=table.path or None,
        sheet=table.sheet,
    )


def _merged_problems(
    table: Table, spec: SchemaSpec, column: ColumnSpec, header: str, failures: Failures
) -> list[Problem]:
    """A problem for each cell of ``header`` a merged range filled with another cell's value.

    Excel shows a merged value across every row it covers, and aspcore reads it so; but the
    row may not mean it.  A number repeated this way would be counted once per row, so it is an
    error (the row is quarantined); other values are a warning to check.
    """
    counted = column.dtype in {"integer", "number"}
    hidden = column.personal or any(c.personal for c in spec.columns)
    problems: list[Problem] = []
    for position, number in enumerate(table.row_numbers):
        ref = table.merged.get((number, header))
        if ref is None or position in failures:
            continue
        consequence = (
            "a number repeated this way is counted once per row; type each row's own value"
            if counted
            else "check it belongs to this row too, or type it in each row"
        )
        problems.append(
            Problem(
                code="merged-cell",
                severity=Severity.ERROR if counted else Severity.WARNING,
                message=(
                    f"{header}: the cell is part of the merged cells {ref}, so it repeats the "
                    f"value of their first cell; {consequence}."
                ),
                check="not merged",
                schema=spec.name,
                row=number,
                column=header,
                field=column.name,
                value=WITHHELD if hidden else display_value(table.rows[position].get(header)),
                position=position,
                file=table.path or None,
                sheet=table.sheet,
            )
        )
    return problems


def prepare(table: Table, spec: SchemaSpec) -> Prepared:
    """Match ``table``'s headers to ``spec`` and parse its cells into a typed pandas frame."""
    headers, extras, problems = _match(table, spec)
    if not table.rows:
        problems.append(
            _file_problem(
                spec,
                table,
                "no-rows",
                "The file has a header row but no data rows; a return needs at least one row.",
                Severity.ERROR,
            )
        )
    columns: dict[str, pd.Series] = {}
    for column in spec.columns:
        header = headers.get(column.name)
        if header is None:
            continue
        raw = pd.Series([row.get(header) for row in table.rows], dtype=object)
        values, failures = _PARSERS[column.dtype](raw)
        failures |= _formula_failures(raw)
        columns[column.name] = values
        problems.extend(
            _cell_problem(table, spec, column, header, position, code, reason)
            for position, (code, reason) in sorted(failures.items())
        )
        if table.merged:
            problems.extend(_merged_problems(table, spec, column, header, failures))
    frame = pd.DataFrame(columns, index=pd.RangeIndex(len(table.rows)))
    return Prepared(
        table=table,
        frame=frame,
        row_numbers=table.row_numbers,
        headers=headers,
        extras=tuple(extras),
        problems=tuple(problems),
    )
