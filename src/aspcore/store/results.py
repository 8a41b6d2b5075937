"""What an ingest did: rows stored, rows quarantined, or that the file was already held."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from aspcore.schemas.problems import DEFAULT_TEXT_LIMIT, ValidationReport, plural

__all__ = ["IngestResult", "PreviousIngest"]


@attrs.frozen
class PreviousIngest:
    """The earlier ingest of the same file (same SHA-256, schema and sheet)."""

    ingest_id: int
    ingested_at: dt.datetime
    rows_valid: int
    rows_quarantined: int

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "ingest_id": self.ingest_id,
            "ingested_at": self.ingested_at.isoformat(),
            "rows_valid": self.rows_valid,
            "rows_quarantined": self.rows_quarantined,
        }


@attrs.frozen
class IngestResult:
    """The outcome of ingesting one file into a store.

    Exactly one of three things happened: the file could not be read (``report.unusable``;
    nothing stored), it had been ingested before (``previous``; nothing stored), or it was
    stored as ingest ``ingest_id`` with ``rows_valid + rows_quarantined == report.rows``.
    ``report`` is ``None`` only for a file ingested before (it is not validated again).
    """

    store: str
    file: str
    schema: str
    sha256: str | None
    sheet: str | None
    agency: str | None
    report: ValidationReport | None
    ingest_id: int | None = None
    table: str | None = None
    rows_valid: int = 0
    rows_quarantined: int = 0
    previous: PreviousIngest | None = None

    @property
    def added(self) -> bool:
        """True when this call stored the file."""
        return self.ingest_id is not None

    @property
    def exit_code(self) -> int:
        """``0`` stored valid (or already held), ``1`` stored with rows quarantined or with
        problems of the whole file (a header and no rows, a missing column), ``2`` unusable."""
        if self.report is not None and self.report.unusable is not None:
            return 2
        invalid = self.report is not None and self.report.errors > 0
        return 1 if self.rows_quarantined or invalid else 0

    def to_dict(self) -> dict[str, Any]:
        """JSON form: what was stored where, the counts, and the validation report."""
        return {
            "store": self.store,
            "file": self.file,
            "schema": self.schema,
            "sha256": self.sha256,
            "sheet": self.sheet,
            "agency": self.agency,
            "added": self.added,
            "ingest_id": self.ingest_id,
            "table": self.table,
            "rows": None if self.report is None else self.report.rows,
            "rows_valid": self.rows_valid,
            "rows_quarantined": self.rows_quarantined,
            "previous": None if self.previous is None else self.previous.to_dict(),
            "report": None if self.report is None else self.report.to_dict(),
        }

    def to_text(self, *, limit: int = DEFAULT_TEXT_LIMIT) -> str:
        """What happened in a sentence, then the validation report."""
        if self.previous is not None:
            p = self.previous
            return (
                f"{self.file}: already ingested as ingest {p.ingest_id} on "
                f"{p.ingested_at:%Y-%m-%d %H:%M} ({plural(p.rows_valid, 'row')} stored, "
                f"{p.rows_quarantined} quarantined); nothing added."
            )
        assert self.report is not None
        if not self.added:
            return f"{self.report.to_text(limit=limit)}\nNothing stored."
        return (
            f"{self.report.to_text(limit=limit)}\n"
            f"Ingest {self.ingest_id}: {plural(self.report.rows, 'row')} read, {self.rows_valid} "
            f"stored in {self.table}, {self.rows_quarantined} quarantined ({self.store})."
        )
