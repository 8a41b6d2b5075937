"""Ingest a return: validate it and keep every row in the store, valid or quarantined."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from aspcore.io.tables import DEFAULT_MAX_BYTES
from aspcore.model import Plan
from aspcore.returns.validate import check_file
from aspcore.schemas.prepare import Prepared
from aspcore.schemas.problems import ValidationReport
from aspcore.schemas.spec import SchemaSpec
from aspcore.schemas.validate import resolve_schema
from aspcore.store import IngestResult, Store

if TYPE_CHECKING:
    from aspcore.plugins import Plugins

__all__ = ["file_sha256", "ingest_file", "ingest_time", "store_checked"]

_CHUNK = 1 << 20


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file's bytes, as hex."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def ingest_file(
    path: str | Path,
    schema: SchemaSpec | str,
    store: Store | str | Path,
    *,
    plan: Plan | str | Path | None = None,
    agency: str | None = None,
    sheet: str | None = None,
    now: dt.datetime | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    plugins: Plugins | None = None,
) -> IngestResult:
    """Validate ``path`` against ``schema`` and write it into ``store`` in one transaction.

    Valid rows go to the schema's table with provenance (file name and SHA-256, sheet, row
    number, ``agency``, ingested-at ``now``, default the current UTC time); rows with errors go
    to ``quarantine`` with their raw values and every reason; one row goes to ``ingests``.  A file
    already ingested (same bytes, schema and sheet) adds nothing: the result's ``previous`` says
    when it was.  An unreadable file stores nothing (``result.exit_code == 2``).
    """
    spec = resolve_schema(schema, plugins)
    if isinstance(store, Store):
        return _ingest(path, spec, store, plan, agency, sheet, now, max_bytes)
    with Store(store) as opened:
        return _ingest(path, spec, opened, plan, agency, sheet, now, max_bytes)


def _ingest(
    path: str | Path,
    spec: SchemaSpec,
    store: Store,
    plan: Plan | str | Path | None,
    agency: str | None,
    sheet: str | None,
    now: dt.datetime | None,
    max_bytes: int | None,
) -> IngestResult:
    checked = check_file(path, spec, plan=plan, sheet=sheet, max_bytes=max_bytes)
    if checked.prepared is None:
        return IngestResult(store.path, str(path), spec.name, None, sheet, agency, checked.report)
    return store_checked(
        checked.spec,
        checked.report,
        checked.prepared,
        store,
        sha256=file_sha256(path),
        agency=agency,
        ingested_at=ingest_time(now),
    )


def ingest_time(now: dt.datetime | None = None) -> dt.datetime:
    """The ingested-at time kept with every row: ``now`` (default the clock) in naive UTC."""
    return (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(tzinfo=None)


def store_checked(
    spec: SchemaSpec,
    report: ValidationReport,
    prepared: Prepared,
    store: Store,
    *,
    sha256: str,
    agency: str | None,
    ingested_at: dt.datetime,
) -> IngestResult:
    """Write a validated table into ``store`` in one transaction: valid rows and quarantine.

    The same source bytes already ingested under the same schema and sheet add nothing: the
    result's ``previous`` says when they were (checked inside the write's transaction, so
    concurrent ingests store a file once).  Shared by return files and adapters' datasets.
    """
    return store.write(
        spec, report, prepared, sha256=sha256, agency=agency, ingested_at=ingested_at
    )
