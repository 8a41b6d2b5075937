"""What the command line calls for ``--from ADAPTER:PATH``: a plan, datasets, or an ingest.

* :func:`load_plan_from` for ``aspcore check --from``: the adapter's plan, whose ``issues`` carry
  every row the adapter could not map;
* :func:`data_from` for ``aspcore indicators --from``: the adapter's named datasets;
* :func:`ingest_from` for ``aspcore ingest --from``: each dataset that has a schema is validated
  and stored exactly as a return file is, with the source file, sheet and row of every row.

An adapter is plugin code: an exception from it that is not an
:class:`~aspcore.errors.AspcoreError` is turned into a :class:`~aspcore.errors.PluginError`
naming the adapter and its plugin, so the user sees one paragraph, not a traceback.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from aspcore.adapters.model import PROVENANCE_COLUMNS, AdapterData
from aspcore.adapters.registry import AdapterRef, parse_from
from aspcore.errors import AspcoreError, InputFileError, PluginError
from aspcore.io.tables import Table
from aspcore.isolation import ESCAPES, summary
from aspcore.model import Finding, Plan

if TYPE_CHECKING:
    from aspcore.plugins import Plugins
    from aspcore.store import IngestResult, Store

__all__ = ["AdapterIngest", "data_from", "ingest_from", "load_plan_from"]

T = TypeVar("T")
Ref = str | AdapterRef


def _resolve(
    ref: Ref, plugins: Plugins | None, options: Iterable[str] | Mapping[str, str]
) -> AdapterRef:
    return ref if isinstance(ref, AdapterRef) else parse_from(ref, plugins, options=options)


def _guard(ref: AdapterRef, read: Callable[[], T]) -> T:
    try:
        return read()
    except AspcoreError:
        raise
    except ESCAPES as exc:  # named by its type: its text may quote the rows it was reading
        adapter = ref.adapter
        raise PluginError(
            f"adapter {adapter.name} (plugin {adapter.plugin or 'unknown'}) failed reading "
            f"{ref.path}: {summary(exc)}"
        ) from exc


def load_plan_from(
    ref: Ref,
    *,
    plugins: Plugins | None = None,
    options: Iterable[str] | Mapping[str, str] = (),
) -> Plan:
    """The plan an adapter reads from ``ADAPTER:PATH`` (for ``aspcore check --from``)."""
    resolved = _resolve(ref, plugins, options)
    plan = _guard(resolved, lambda: resolved.adapter.read_plan(resolved.path, **resolved.options))
    if plan is None:
        datasets = ", ".join(resolved.adapter.datasets) or "datasets"
        raise InputFileError(
            f"--from {resolved.label}: the {resolved.adapter.name} adapter reads {datasets}, not "
            "plans; use it with aspcore indicators or aspcore ingest"
        )
    return plan


def data_from(
    ref: Ref,
    *,
    plugins: Plugins | None = None,
    options: Iterable[str] | Mapping[str, str] = (),
) -> AdapterData:
    """The datasets an adapter reads from ``ADAPTER:PATH`` (for ``aspcore indicators --from``)."""
    resolved = _resolve(ref, plugins, options)
    return _guard(resolved, lambda: resolved.adapter.read_data(resolved.path, **resolved.options))


@attrs.frozen
class AdapterIngest:
    """The ingests of an adapter's datasets, and the rows the adapter could not map."""

    results: tuple[IngestResult, ...]
    findings: tuple[Finding, ...]

    @property
    def exit_code(self) -> int:
        """The worst of the ingests' exit codes; 1 when the adapter left rows unmapped."""
        worst = max((r.exit_code for r in self.results), default=0)
        unmapped = any(f.severity.value == "error" for f in self.findings)
        return max(worst, 1 if unmapped else 0)


def _sha256(path: Path) -> str:
    """A file's SHA-256, or for a folder one over its files' names and contents."""
    from aspcore.returns import file_sha256

    if not path.is_dir():
        return file_sha256(path)
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        digest.update(file.relative_to(path).as_posix().encode() + b"\0")
        digest.update(file.read_bytes())
    return digest.hexdigest()


def _tables(data: AdapterData, name: str) -> list[Table]:
    """One table per source file and sheet of dataset ``name``, with the source's row numbers."""
    rows: list[dict[str, Any]] = data.frame(name).rows(named=True)
    root = Path(data.source)
    groups: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault((row.get("source_file"), row.get("source_sheet")), []).append(row)
    tables = []
    for (file, sheet), members in groups.items():
        path = root / file if file is not None and root.is_dir() else root
        # a column blank in every row of one source was not in it (frames share columns)
        headers = tuple(
            k
            for k in members[0]
            if k not in PROVENANCE_COLUMNS and any(r[k] is not None for r in members)
        )
        given = [r.get("source_row") for r in members]
        numbers = (
            [int(n) for n in given if n is not None]
            if all(n is not None for n in given)
            else list(range(2, len(members) + 2))
        )
        tables.append(
            Table(
                path=str(path),
                sheet=sheet,
                headers=headers,
                rows=tuple({h: r[h] for h in headers} for r in members),
                row_numbers=tuple(numbers),
            )
        )
    return tables


def ingest_from(
    ref: Ref,
    store: Store | str | Path,
    *,
    plugins: Plugins | None = None,
    options: Iterable[str] | Mapping[str, str] = (),
    plan: Plan | None = None,
    agency: str | None = None,
    now: dt.datetime | None = None,
) -> AdapterIngest:
    """Validate and store every dataset of ``ADAPTER:PATH`` that has a schema.

    Each source file and sheet is one ingest, so provenance names the file, sheet and row the
    user can open; ingesting the same export again adds nothing.  Rows the adapter could not map
    are not stored: they come back in ``findings``.
    """
    from aspcore.store import Store

    data = data_from(ref, plugins=plugins, options=options)
    if isinstance(store, Store):
        return AdapterIngest(_ingest(data, store, plugins, plan, agency, now), data.findings)
    with Store(store) as opened:
        return AdapterIngest(_ingest(data, opened, plugins, plan, agency, now), data.findings)


def _ingest(
    data: AdapterData,
    store: Store,
    plugins: Plugins | None,
    plan: Plan | None,
    agency: str | None,
    now: dt.datetime | None,
) -> tuple[IngestResult, ...]:
    from aspcore.returns import check_table, ingest_time, store_checked
    from aspcore.schemas import for_plan, get_schema

    moment = ingest_time(now)
    results = []
    for name, schema in sorted(data.schemas.items()):
        if name not in data.frames:
            raise InputFileError(
                f"{data.source}: the adapter named a schema for '{name}' but read no such dataset"
            )
        spec = get_schema(schema, plugins=plugins)
        spec = for_plan(spec, plan) if plan is not None else spec
        for table in _tables(data, name):
            report, prepared = check_table(table, spec)
            results.append(
                store_checked(
                    spec,
                    report,
                    prepared,
                    store,
                    sha256=_sha256(Path(table.path)),
                    agency=agency,
                    ingested_at=moment,
                )
            )
    return tuple(results)
