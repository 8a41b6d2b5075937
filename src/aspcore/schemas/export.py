"""Export schemas to JSON or YAML, and load them back with every check intact.

The exported document is the spec itself (``format: aspcore-schema/1``): columns with their
type, whether they are required and nullable, header aliases, and every check with its kind,
parameters, severity, reason code and message.  Checks are data, so a document loaded back
(:func:`schema_from_dict`, :func:`load_schema`) validates exactly as the original, and other
tools can read the same rules.  Plan-specialised schemas export with the plan's ids in their
parameters and run without the plan.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from aspcore.errors import SchemaError
from aspcore.schemas.kinds import KINDS, describe
from aspcore.schemas.spec import CheckSpec, ColumnSpec, SchemaSpec

__all__ = [
    "FORMAT",
    "load_schema",
    "schema_from_dict",
    "schema_to_dict",
    "schema_to_json",
    "schema_to_yaml",
]

#: The ``format`` value of an exported schema document.
FORMAT = "aspcore-schema/1"


def _check(check: CheckSpec) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": check.kind,
        "code": check.code,
        "severity": check.severity.value,
        "title": describe(check),
        "message": check.message,
    }
    if check.params:
        out["params"] = json.loads(json.dumps(dict(check.params)))
    if check.column is not None:
        out["column"] = check.column
    return out


def _column(column: ColumnSpec) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": column.name,
        "type": column.dtype,
        "title": column.label,
        "required": column.required,
        "nullable": column.nullable,
    }
    if column.personal:
        out["personal"] = True
    if column.aliases:
        out["aliases"] = list(column.aliases)
    if column.description:
        out["description"] = column.description
    if column.checks:
        out["checks"] = [_check(c) for c in column.checks]
    return out


def schema_to_dict(spec: SchemaSpec) -> dict[str, Any]:
    """The schema as plain JSON-able data."""
    return {
        "format": FORMAT,
        "name": spec.name,
        "title": spec.title,
        "version": spec.version,
        "description": spec.description,
        "strict": spec.strict,
        "columns": [_column(c) for c in spec.columns],
        "checks": [_check(c) for c in spec.checks],
    }


def schema_to_json(spec: SchemaSpec) -> str:
    """The schema as indented JSON (stable key order)."""
    return json.dumps(schema_to_dict(spec), indent=2, ensure_ascii=False)


def schema_to_yaml(spec: SchemaSpec) -> str:
    """The schema as YAML."""
    return yaml.safe_dump(schema_to_dict(spec), sort_keys=False, allow_unicode=True, width=100)


def _check_from(data: Mapping[str, Any], where: str) -> CheckSpec:
    if data.get("kind") not in KINDS:
        raise SchemaError(
            f"{where}: unknown check kind {data.get('kind')!r}; known kinds: {', '.join(KINDS)}"
        )
    return CheckSpec(
        kind=data["kind"],
        code=data["code"],
        message=data["message"],
        params=data.get("params") or {},
        severity=data.get("severity", "error"),
        column=data.get("column"),
        title=data.get("title", ""),
    )


def schema_from_dict(data: Mapping[str, Any]) -> SchemaSpec:
    """Rebuild a schema from :func:`schema_to_dict`'s form; bad documents raise SchemaError."""
    if data.get("format") != FORMAT:
        raise SchemaError(f"expected a schema document with format: {FORMAT}")
    name = str(data.get("name", "?"))
    try:
        columns = tuple(
            ColumnSpec(
                name=c["name"],
                dtype=c["type"],
                title=c.get("title", ""),
                required=c.get("required", True),
                nullable=c.get("nullable", False),
                personal=c.get("personal", False),
                aliases=tuple(c.get("aliases", ())),
                description=c.get("description", ""),
                checks=tuple(
                    _check_from(k, f"schema {name}, column {c['name']}")
                    for k in c.get("checks", ())
                ),
            )
            for c in data["columns"]
        )
        return SchemaSpec(
            name=name,
            title=data.get("title", name),
            columns=columns,
            checks=tuple(_check_from(k, f"schema {name}") for k in data.get("checks", ())),
            description=data.get("description", ""),
            version=int(data.get("version", 1)),
            strict=bool(data.get("strict", False)),
        )
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, SchemaError):
            raise
        raise SchemaError(f"schema {name}: the document is not a valid schema ({exc})") from None


def load_schema(path: str | Path) -> SchemaSpec:
    """Read a schema exported as JSON (``.json``) or YAML (any other suffix)."""
    from aspcore.io.yaml_io import load_yaml_file

    file = Path(path)
    if file.suffix.lower() == ".json":
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise SchemaError(f"{file}: expected a JSON schema document ({exc})") from None
    else:
        data = load_yaml_file(file)
    if not isinstance(data, Mapping):
        raise SchemaError(f"{file}: expected a schema document (a mapping)")
    return schema_from_dict(data)
