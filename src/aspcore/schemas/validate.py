"""Validate a pandas or polars frame against a schema and get one report of every problem.

This is the frame-level half of validating a return: :func:`validate_frame` runs the schema's
pandera checks lazily (so every failure is collected, not just the first) and turns the failures
into :class:`~aspcore.schemas.problems.Problem` values with severities.

A frame as a file reads (the file's headers, ``Period`` or ``KPI``, or text in a column of
numbers or dates, as ``pd.read_csv(..., dtype=str)`` gives) is first read the way ``aspcore
validate`` reads a file's table (:func:`~aspcore.schemas.prepare.prepare`: headers matched,
cells parsed, rows with nothing in them skipped), so it gets exactly the problems the same data
gets from ``aspcore validate``: one definition of reading a return, whatever it arrives in.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import narwhals as nw

from aspcore.errors import SchemaError
from aspcore.io.tables import Table, normalise_header
from aspcore.schemas.build import Backend, build, quiet_pandera
from aspcore.schemas.prepare import Prepared, column_keys, prepare
from aspcore.schemas.problems import Problem, ValidationReport
from aspcore.schemas.registry import get_schema
from aspcore.schemas.report import Where, problems_from_failures
from aspcore.schemas.spec import SchemaSpec

if TYPE_CHECKING:
    from aspcore.plugins import Plugins

__all__ = ["resolve_schema", "validate_frame", "validate_table"]


def resolve_schema(schema: SchemaSpec | str, plugins: Plugins | None = None) -> SchemaSpec:
    """``schema`` itself, or the registered schema of that name; anything else (a path passed
    where the schema goes, say) raises ``TypeError`` saying what was given."""
    if isinstance(schema, SchemaSpec):
        return schema
    if not isinstance(schema, str):
        raise TypeError(
            f"schema must be a schema name or a SchemaSpec, not {type(schema).__name__}"
        )
    return get_schema(schema, plugins=plugins)


def _native(frame: Any) -> tuple[Any, Backend, Sequence[int] | None]:
    """The eager frame to validate (0-based rows), its backend and (pandas) its row labels."""
    module = type(frame).__module__.split(".", 1)[0]
    if module == "polars":
        if hasattr(frame, "collect"):
            frame = frame.collect()
        return frame, "polars", None
    if module == "pandas" and hasattr(frame, "columns"):
        index = frame.index
        labels = index if index.dtype.kind in "iu" else None
        if not index.equals(_positions(len(index))):
            frame = frame.reset_index(drop=True)
        return frame, "pandas", labels
    raise SchemaError(f"expected a pandas or polars DataFrame, found {type(frame).__name__}")


def _positions(length: int) -> Any:
    import pandas as pd

    return pd.RangeIndex(length)


def validate_frame(
    frame: Any,
    schema: SchemaSpec | str,
    *,
    row_numbers: Sequence[int] | None = None,
    headers: Mapping[str, str] | None = None,
    file: str | None = None,
    sheet: str | None = None,
    known: Sequence[Problem] = (),
    plugins: Plugins | None = None,
) -> ValidationReport:
    """Check ``frame`` (pandas or polars) against ``schema`` and report every problem.

    ``row_numbers[i]`` is the row number to show for the frame's ``i``-th row (default: the
    pandas index, or the position for polars).  ``headers`` maps schema columns to the headers
    the file used.  ``known`` problems (found while reading the file) are included, and a cell
    that already has one gets no second problem from the checks.
    """
    spec = resolve_schema(schema, plugins)
    native, backend, labels = _native(frame)
    if headers is None and not known and _as_read(native, spec):
        return _read_and_validate(native, spec, row_numbers or labels, file, sheet)
    where = Where(rows=row_numbers or labels, headers=headers, file=file, sheet=sheet)
    built = build(spec, backend, warnings="error")
    from pandera.errors import SchemaErrors  # pandera is loaded by build()

    found: list[Problem] = []
    try:
        with quiet_pandera():
            built.schema.validate(native, lazy=True)
    except SchemaErrors as exc:
        found = problems_from_failures(
            exc.failure_cases, built, nw.from_native(native, eager_only=True), where
        )
    taken = {(p.position, p.field) for p in known if p.position is not None}
    problems = [*known, *(p for p in found if (p.position, p.field) not in taken)]
    return ValidationReport(
        schema=spec.name,
        rows=len(native),
        problems=tuple(_sorted(problems, spec)),
        file=file,
        sheet=sheet,
    )


#: Schema types whose typed column holds no text: text there is to be read, as from a file.
_NOT_TEXT = frozenset({"integer", "number", "date", "boolean"})


def _as_read(native: Any, spec: SchemaSpec) -> bool:
    """Whether ``native`` is a table as a file reads: a header that is not the schema's own name
    for a column but matches one (its title or an alias), or text in a typed column."""
    names = set(spec.column_names)
    keys = {key for column in spec.columns for key in column_keys(column)}
    columns = [str(c) for c in native.columns]
    if any(c not in names and normalise_header(c) in keys for c in columns):
        return True
    schema = nw.from_native(native, eager_only=True).schema
    return any(
        column.dtype in _NOT_TEXT and column.name in schema and schema[column.name] == nw.String
        for column in spec.columns
    )


def _read_and_validate(
    native: Any,
    spec: SchemaSpec,
    row_numbers: Sequence[int] | None,
    file: str | None,
    sheet: str | None,
) -> ValidationReport:
    """``native`` read as ``aspcore validate`` reads a file's table, then validated."""
    frame = nw.from_native(native, eager_only=True)
    numbers = list(row_numbers) if row_numbers is not None else list(range(len(frame)))
    if len(numbers) != len(frame):
        raise SchemaError(
            f"row_numbers gives {len(numbers)} row number(s) for a frame of {len(frame)} row(s)"
        )
    rows, kept = [], []
    for number, row in zip(numbers, frame.iter_rows(named=True), strict=True):
        cells = {str(key): _plain(value) for key, value in row.items()}
        if any(value is not None and str(value).strip() for value in cells.values()):
            rows.append(cells)
            kept.append(number)
    table = Table(
        path=file or "",
        sheet=sheet,
        headers=tuple(str(c) for c in frame.columns),
        rows=tuple(rows),
        row_numbers=tuple(kept),
    )
    report, _prepared = validate_table(table, spec)
    return report


def validate_table(table: Table, spec: SchemaSpec) -> tuple[ValidationReport, Prepared]:
    """Validate a table as read from a file (or a frame as a file reads): headers matched and
    cells parsed (:func:`~aspcore.schemas.prepare.prepare`), then the schema's checks.

    The report names the table's file, sheet and row numbers, so a row is reported where the
    user can find it; the prepared table is what the store keeps.
    """
    prepared = prepare(table, spec)
    report = validate_frame(
        prepared.frame,
        spec,
        row_numbers=prepared.row_numbers,
        headers=prepared.headers,
        file=table.path or None,
        sheet=table.sheet,
        known=prepared.problems,
    )
    return report, prepared


def _plain(value: Any) -> Any:
    """A frame's cell as a file's reader gives it: ``None`` for a missing value, Python's own
    numbers and datetimes rather than numpy's or pandas'."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):  # pandas' missing
        return None
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _sorted(problems: list[Problem], spec: SchemaSpec) -> list[Problem]:
    order = {name: i for i, name in enumerate(spec.column_names)}
    return sorted(
        problems,
        key=lambda p: (
            p.position is not None,
            p.position or 0,
            order.get(p.field or "", len(order)),
            -p.severity.rank,
            p.code,
        ),
    )
