"""Validate a pandas or polars frame against a schema and get one report of every problem.

This is the frame-level half of validating a return: :func:`validate_frame` runs the schema's
pandera checks lazily (so every failure is collected, not just the first) and turns the failures
into :class:`~aspcore.schemas.problems.Problem` values with severities.  Reading files, matching
headers and parsing cells is :mod:`aspcore.returns`' job.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import narwhals as nw

from aspcore.errors import SchemaError
from aspcore.schemas.build import Backend, build, quiet_pandera
from aspcore.schemas.problems import Problem, ValidationReport
from aspcore.schemas.registry import get_schema
from aspcore.schemas.report import Where, problems_from_failures
from aspcore.schemas.spec import SchemaSpec

if TYPE_CHECKING:
    from aspcore.plugins import Plugins

__all__ = ["resolve_schema", "validate_frame"]


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
