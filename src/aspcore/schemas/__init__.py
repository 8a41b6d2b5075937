"""Schemas for monitoring returns, usable on their own on pandas and polars frames.

>>> from aspcore.schemas import get_schema, to_pandas, to_polars, validate_frame
>>> spec = get_schema("nrm-breakdown")
>>> schema = to_pandas(spec)         # a pandera.pandas.DataFrameSchema
>>> report = validate_frame(frame, spec)                            # doctest: +SKIP
>>> report.valid, [p.code for p in report.problems]                 # doctest: +SKIP

Each schema is a :class:`SchemaSpec` (columns and checks as data) that builds pandera schemas
for either backend, exports to JSON or YAML, and reports failures as :class:`Problem` values with
reason codes and plain-English messages.
"""

from aspcore.schemas.build import Built, build, to_pandas, to_polars
from aspcore.schemas.export import (
    load_schema,
    schema_from_dict,
    schema_to_dict,
    schema_to_json,
    schema_to_yaml,
)
from aspcore.schemas.factory import for_plan, indicator_return_for_plan, with_known_values
from aspcore.schemas.prepare import Prepared, prepare
from aspcore.schemas.problems import Problem, ReportSet, ValidationReport
from aspcore.schemas.registry import (
    BUILTIN_SCHEMAS,
    HOOK,
    get_schema,
    schema_names,
    schema_registry,
)
from aspcore.schemas.spec import DTYPES, CheckSpec, ColumnSpec, SchemaSpec
from aspcore.schemas.validate import validate_frame

__all__ = [
    "BUILTIN_SCHEMAS",
    "DTYPES",
    "HOOK",
    "Built",
    "CheckSpec",
    "ColumnSpec",
    "Prepared",
    "Problem",
    "ReportSet",
    "SchemaSpec",
    "ValidationReport",
    "build",
    "for_plan",
    "get_schema",
    "indicator_return_for_plan",
    "load_schema",
    "prepare",
    "schema_from_dict",
    "schema_names",
    "schema_registry",
    "schema_to_dict",
    "schema_to_json",
    "schema_to_yaml",
    "to_pandas",
    "to_polars",
    "validate_frame",
    "with_known_values",
]
