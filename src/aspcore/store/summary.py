"""What a store holds: rows per schema table, quarantined rows, and every ingest."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from aspcore.schemas.problems import plural
from aspcore.store.layout import fetch_one
from aspcore.store.store import Store

__all__ = ["IngestRecord", "StoreSummary", "TableSummary", "summarise"]


@attrs.frozen
class TableSummary:
    """One schema table: rows held, files they came from, quarantined rows of that schema."""

    schema: str
    table: str
    rows: int
    files: int
    quarantined: int

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return attrs.asdict(self)


@attrs.frozen
class IngestRecord:
    """One row of ``ingests``."""

    ingest_id: int
    schema: str
    file: str
    sha256: str
    sheet: str | None
    agency: str | None
    ingested_at: dt.datetime
    status: str
    rows: int
    rows_valid: int
    rows_quarantined: int

    def to_dict(self) -> dict[str, Any]:
        """JSON form (time as ISO text)."""
        return attrs.asdict(self) | {"ingested_at": self.ingested_at.isoformat()}


@attrs.frozen
class StoreSummary:
    """Everything :func:`summarise` found in a store."""

    path: str
    tables: tuple[TableSummary, ...]
    ingests: tuple[IngestRecord, ...]

    @property
    def rows(self) -> int:
        """Rows held in schema tables."""
        return sum(t.rows for t in self.tables)

    @property
    def quarantined(self) -> int:
        """Rows held in quarantine."""
        return sum(t.quarantined for t in self.tables)

    def to_dict(self) -> dict[str, Any]:
        """JSON form: store path, totals, tables and ingests."""
        return {
            "store": self.path,
            "rows": self.rows,
            "quarantined": self.quarantined,
            "tables": [t.to_dict() for t in self.tables],
            "ingests": [i.to_dict() for i in self.ingests],
        }

    def to_text(self) -> str:
        """A table per schema and one line per ingest."""
        lines = [
            f"{self.path}: {plural(self.rows, 'row')} in {plural(len(self.tables), 'table')}, "
            f"{self.quarantined} quarantined, {plural(len(self.ingests), 'ingest')}"
        ]
        for t in self.tables:
            lines.append(
                f"  {t.table:<22} {plural(t.rows, 'row'):>12} from {plural(t.files, 'file')}, "
                f"{t.quarantined} quarantined"
            )
        if self.ingests:
            lines.append("Ingests:")
        for i in self.ingests:
            sheet = f" [{i.sheet}]" if i.sheet else ""
            agency = f" from {i.agency}" if i.agency else ""
            lines.append(
                f"  #{i.ingest_id} {i.ingested_at:%Y-%m-%d %H:%M} {i.schema}: {i.file}{sheet}"
                f"{agency}: {plural(i.rows, 'row')}, {i.rows_valid} stored, "
                f"{i.rows_quarantined} quarantined ({i.status}) sha256 {i.sha256[:12]}"
            )
        return "\n".join(lines)


def summarise(store: Store) -> StoreSummary:
    """Summarise ``store``: per schema table and per ingest."""
    con = store.con
    ingests = tuple(
        IngestRecord(*row)
        for row in con.execute(
            "SELECT ingest_id, schema_name, source_file, source_sha256, source_sheet, "
            "source_agency, ingested_at, status, rows, rows_valid, rows_quarantined "
            "FROM ingests ORDER BY ingest_id"
        ).fetchall()
    )
    tables = []
    for schema, table in con.execute(
        "SELECT DISTINCT schema_name, table_name FROM ingests ORDER BY schema_name"
    ).fetchall():
        rows, files = fetch_one(
            con, f'SELECT count(*), count(DISTINCT source_sha256) FROM "{table}"'
        )
        (quarantined,) = fetch_one(
            con, "SELECT count(*) FROM quarantine WHERE schema_name = ?", [schema]
        )
        tables.append(TableSummary(schema, table, rows, files, quarantined))
    return StoreSummary(store.path, tuple(tables), ingests)
