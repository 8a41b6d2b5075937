"""The store's tables: one per schema, plus ``ingests`` and ``quarantine`` (and ``evaluations``,
kept by :mod:`aspcore.store.history`).

Each schema's table holds its columns (typed as the schema says) after provenance columns that
say where every row came from, and two JSON columns: ``extras`` (values of columns the schema
does not know, so nothing in a file is lost) and ``warnings`` (the row's warnings).  Tables are
created on first use and gain columns when a schema gains them; columns are never dropped.
"""

from __future__ import annotations

import contextlib
from typing import Any

from aspcore.errors import SchemaError
from aspcore.schemas.spec import SchemaSpec

__all__ = [
    "PROVENANCE",
    "RESERVED",
    "SQL_TYPES",
    "ensure_base",
    "ensure_table",
    "fetch_one",
    "table_name",
]

#: Table names the store uses itself; no schema may take them.
RESERVED = frozenset({"evaluations", "ingests", "quarantine"})

#: SQL type of each schema column type.
SQL_TYPES = {
    "text": "VARCHAR",
    "period": "VARCHAR",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "date": "DATE",
    "boolean": "BOOLEAN",
}

#: Where each stored row came from, first in every schema table (and in ``quarantine``).
PROVENANCE = (
    ("ingest_id", "BIGINT NOT NULL"),
    ("source_file", "VARCHAR NOT NULL"),
    ("source_sha256", "VARCHAR NOT NULL"),
    ("source_sheet", "VARCHAR"),
    ("source_row", "INTEGER"),
    ("source_agency", "VARCHAR"),
    ("ingested_at", "TIMESTAMP NOT NULL"),
)
_TRAILER = (("extras", "VARCHAR"), ("warnings", "VARCHAR"))

_INGESTS = """
CREATE TABLE IF NOT EXISTS ingests (
    ingest_id BIGINT PRIMARY KEY,
    schema_name VARCHAR NOT NULL,
    schema_version INTEGER NOT NULL,
    table_name VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    source_sha256 VARCHAR NOT NULL,
    source_sheet VARCHAR,
    source_agency VARCHAR,
    ingested_at TIMESTAMP NOT NULL,
    status VARCHAR NOT NULL,
    rows INTEGER NOT NULL,
    rows_valid INTEGER NOT NULL,
    rows_quarantined INTEGER NOT NULL,
    errors INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    codes VARCHAR NOT NULL,
    file_problems VARCHAR NOT NULL
)"""

#: One ingest per file (same bytes, schema and sheet), so concurrent ingests cannot store a file
#: twice.  An index, not a table constraint, so that stores made before it can gain it; a file
#: without sheets (CSV) has a NULL sheet, which a plain unique index would let repeat.
_INGESTS_SOURCE = (
    "CREATE UNIQUE INDEX IF NOT EXISTS ingests_source "
    "ON ingests (source_sha256, schema_name, COALESCE(source_sheet, ''))"
)

_QUARANTINE = f"""
CREATE TABLE IF NOT EXISTS quarantine (
    {", ".join(f"{name} {kind}" for name, kind in PROVENANCE)},
    schema_name VARCHAR NOT NULL,
    raw VARCHAR NOT NULL,
    reasons VARCHAR NOT NULL
)"""


def fetch_one(con: Any, sql: str, params: list[Any] | None = None) -> tuple[Any, ...]:
    """The single row a query returns (aggregates and ``nextval`` always return one)."""
    row = con.execute(sql, params or []).fetchone()
    if row is None:
        raise LookupError(f"expected one row from: {sql}")
    return tuple(row)


def table_name(spec: SchemaSpec) -> str:
    """The store table of ``spec``: its name with underscores (``indicator_return``)."""
    name = spec.name.replace("-", "_")
    if name in RESERVED:
        raise SchemaError(f"schema {spec.name}: '{name}' is a table the store keeps for itself")
    return name


def ensure_base(con: Any) -> None:
    """Create ``ingests``, ``quarantine``, the ingest id sequence and the one-ingest-per-file
    index if missing (a store made before the index gains it here)."""
    import duckdb

    con.execute("CREATE SEQUENCE IF NOT EXISTS ingest_ids START 1")
    con.execute(_INGESTS)
    con.execute(_QUARANTINE)
    # An old store already holding a file twice cannot gain the index; ingests still check.
    with contextlib.suppress(duckdb.ConstraintException):
        con.execute(_INGESTS_SOURCE)


def ensure_table(con: Any, spec: SchemaSpec) -> str:
    """Create ``spec``'s table, or add the columns it lacks; return the table's name."""
    name = table_name(spec)
    columns = [
        *PROVENANCE,
        *((c.name, SQL_TYPES[c.dtype]) for c in spec.columns),
        *_TRAILER,
    ]
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {name} ("
        + ", ".join(f'"{column}" {kind}' for column, kind in columns)
        + ")"
    )
    have = {
        row[0]
        for row in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [name]
        ).fetchall()
    }
    for column, kind in columns:
        if column not in have:
            bare = kind.replace(" NOT NULL", "")
            con.execute(f'ALTER TABLE {name} ADD COLUMN "{column}" {bare}')
    return name
