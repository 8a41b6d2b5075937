"""Turn a :class:`~aspcore.schemas.spec.SchemaSpec` into a pandera schema for pandas or polars.

:func:`to_pandas` and :func:`to_polars` give ordinary pandera ``DataFrameSchema`` objects for
users' own pipelines.  pandera has no severities, so ``warnings`` says what to do with a spec's
warning-level checks: ``"warn"`` (default) makes them pandera warnings (``raise_warning=True``),
``"error"`` makes them ordinary failures, ``"skip"`` leaves them out.  aspcore's own validation
(:func:`aspcore.schemas.validate_frame`) uses ``"error"`` and sorts failures back into errors and
warnings through the :class:`Built` lookup tables.
"""

from __future__ import annotations

import contextlib
import importlib
import warnings as warnings_module
from collections.abc import Callable, Iterator
from typing import Any, Literal

import attrs
import narwhals as nw

from aspcore.errors import SchemaError
from aspcore.model import Severity
from aspcore.schemas.kinds import Kind, kind
from aspcore.schemas.spec import CheckSpec, ColumnSpec, SchemaSpec

__all__ = [
    "Backend",
    "Built",
    "WarningMode",
    "build",
    "quiet_pandera",
    "to_pandas",
    "to_polars",
]

Backend = Literal["pandas", "polars"]
WarningMode = Literal["warn", "error", "skip"]


@attrs.frozen
class Built:
    """A pandera schema and, for reading its failures back, the spec behind each check.

    ``column_checks[(column, n)]`` is the spec of check number ``n`` on ``column``;
    ``frame_checks[n]`` is the spec of frame-level check number ``n`` and the column it blames.
    """

    spec: SchemaSpec
    backend: Backend
    schema: Any
    column_checks: dict[tuple[str, int], CheckSpec]
    frame_checks: tuple[tuple[CheckSpec, str | None], ...]


_PANDAS_DTYPES = {
    "text": "str",
    "period": "str",
    "integer": "Int64",
    "number": "float64",
    "date": "datetime64[ns]",
    "boolean": "boolean",
}


def _polars_dtype(dtype: str) -> Any:
    import polars as pl

    return {
        "text": pl.String,
        "period": pl.String,
        "integer": pl.Int64,
        "number": pl.Float64,
        "date": pl.Date,
        "boolean": pl.Boolean,
    }[dtype]


def _pandas_test(found: Kind, check: CheckSpec, column: str | None) -> Callable[[Any], Any]:
    assert found.test is not None
    test = found.test

    def run(native: Any) -> Any:
        frame = nw.from_native(native, eager_only=True)
        if column is not None and column not in frame.columns:
            return True  # an optional column that is absent; a required one is reported missing
        result = test(frame, check.params, column)
        return result if isinstance(result, bool) else result.to_native()

    return run


def _polars_test(found: Kind, check: CheckSpec, column: str | None) -> Callable[[Any], Any]:
    assert found.test is not None
    test = found.test

    def run(data: Any) -> Any:
        frame = nw.from_native(data.lazyframe.collect(), eager_only=True)
        if column is not None and column not in frame.columns:
            return True  # an optional column that is absent; a required one is reported missing
        result = test(frame, check.params, column)
        return result if isinstance(result, bool) else result.to_frame().to_native().lazy()

    return run


@contextlib.contextmanager
def quiet_pandera() -> Iterator[None]:
    """Run pandera without PySpark's pandas-3 warning.

    pandera imports ``pyspark.pandas`` (when it is installed) on import and when it first
    registers its backends, and PySpark warns that it does not support pandas 3.  The warning
    is about PySpark, not about anything aspcore runs, so aspcore's own calls silence it.
    """
    with warnings_module.catch_warnings():
        warnings_module.filterwarnings("ignore", "PySpark does not yet", FutureWarning)
        yield


def _pandera(backend: Backend) -> Any:
    """pandera's module for ``backend``."""
    with quiet_pandera():
        return importlib.import_module(f"pandera.{backend}")


def build(spec: SchemaSpec, backend: Backend, *, warnings: WarningMode = "warn") -> Built:
    """Build the pandera schema of ``spec`` for ``backend`` (``"pandas"`` or ``"polars"``)."""
    module = _pandera(backend)
    test_of = _pandas_test if backend == "pandas" else _polars_test

    def wanted(check: CheckSpec) -> bool:
        return check.severity != Severity.WARNING or warnings != "skip"

    def make(found: Kind, check: CheckSpec, column: str | None) -> Any:
        options = {
            "name": check.code,
            "error": check.message,
            "raise_warning": check.severity == Severity.WARNING and warnings == "warn",
        }
        if found.builtin is not None:
            return found.builtin(module.Check, check.params, options)
        return module.Check(test_of(found, check, column), **options)

    placed: dict[str, list[CheckSpec]] = {c.name: list(c.checks) for c in spec.columns}
    frame_specs: list[tuple[CheckSpec, str | None]] = []
    schema_level: list[tuple[CheckSpec, str | None]] = []
    for check in spec.checks:
        found = _kind(spec, check)
        if check.column is None and found.needs_column:
            raise SchemaError(
                f"schema {spec.name}: the {check.kind} check '{check.code}' tests one column; "
                "name it (column=...)"
            )
        if found.builtin is not None and check.column not in placed:
            raise SchemaError(
                f"schema {spec.name}: the check '{check.code}' names the column "
                f"{check.column!r}, which the schema does not have"
            )
        if found.builtin is not None and check.column is not None:
            placed[check.column].append(check)
        else:
            schema_level.append((check, check.column))
    columns: dict[str, Any] = {}
    column_checks: dict[tuple[str, int], CheckSpec] = {}
    for column in spec.columns:
        own: list[Any] = []
        for check in filter(wanted, placed[column.name]):
            found = _kind(spec, check)
            if found.builtin is not None:
                column_checks[(column.name, len(own))] = check
                own.append(make(found, check, column.name))
            else:
                frame_specs.append((check, column.name))
        columns[column.name] = _column(module, backend, column, own)
    frame_specs.extend(item for item in schema_level if wanted(item[0]))
    schema = module.DataFrameSchema(
        columns,
        checks=[make(_kind(spec, check), check, blame) for check, blame in frame_specs],
        name=spec.name,
        strict=spec.strict,
        coerce=True,
    )
    return Built(spec, backend, schema, column_checks, tuple(frame_specs))


def _kind(spec: SchemaSpec, check: CheckSpec) -> Kind:
    try:
        return kind(check.kind)
    except KeyError as exc:
        raise SchemaError(f"schema {spec.name}: {exc.args[0]}") from None


def _column(module: Any, backend: Backend, column: ColumnSpec, checks: list[Any]) -> Any:
    dtype = _PANDAS_DTYPES[column.dtype] if backend == "pandas" else _polars_dtype(column.dtype)
    return module.Column(
        dtype,
        checks=checks,
        nullable=column.nullable,
        required=column.required,
        coerce=True,
        description=column.description or None,
        title=column.title or None,
    )


def to_pandas(spec: SchemaSpec, *, warnings: WarningMode = "warn") -> Any:
    """A ``pandera.pandas.DataFrameSchema`` for ``spec``."""
    return build(spec, "pandas", warnings=warnings).schema


def to_polars(spec: SchemaSpec, *, warnings: WarningMode = "warn") -> Any:
    """A ``pandera.polars.DataFrameSchema`` for ``spec``."""
    return build(spec, "polars", warnings=warnings).schema
