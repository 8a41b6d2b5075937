"""Ingest a return: validate it and keep every row in the store, valid or quarantined."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from aspcore.io.tables import DEFAULT_MAX_BYTES
from aspcore.model import Plan
from aspcore.returns.validate import check_file
from aspcore.schemas.spec import SchemaSpec
from aspcore.schemas.validate import resolve_schema
from aspcore.store import IngestResult, Store

if TYPE_CHECKING:
    from aspcore.plugins import Plugins

__all__ = ["file_sha256", "ingest_file"]

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
    report, prepared = checked.report, checked.prepared
    if prepared is None:
        return IngestResult(store.path, str(path), spec.name, None, sheet, agency, report)
    sha256 = file_sha256(path)
    previous = store.previous(sha256, spec.name, prepared.table.sheet)
    if previous is not None:
        return IngestResult(
            store.path,
            str(path),
            spec.name,
            sha256,
            prepared.table.sheet,
            agency,
            None,
            previous=previous,
        )
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(tzinfo=None)
    return store.write(
        checked.spec, report, prepared, sha256=sha256, agency=agency, ingested_at=moment
    )
