"""An embedded DuckDB store of validated returns that loses nothing.

Every row of an ingested file ends in exactly one place: the schema's table when it has no
errors (warnings travel with it), or ``quarantine`` with its raw cell values and every reason.
Each ingest is one transaction: the ``ingests`` row, the stored rows and the quarantined rows are
committed together or not at all, so a store killed mid-ingest holds all of that file or none of
it.  A file is identified by its SHA-256: ingesting the same bytes again (for the same schema and
sheet) adds nothing.  That check runs inside the ingest's transaction and a unique index on
``ingests`` backs it, so concurrent ingests of one file store it once; a writer that waits too
long for another gets :class:`~aspcore.errors.StoreBusyError` (see
:mod:`aspcore.store.connection`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from aspcore.errors import InputFileError
from aspcore.io.tables import Formula
from aspcore.model import Severity
from aspcore.paths import DEFAULT_STORE
from aspcore.schemas.prepare import Prepared
from aspcore.schemas.problems import Problem, ValidationReport, display_value
from aspcore.schemas.spec import SchemaSpec
from aspcore.schemas.vocabularies import vocabulary
from aspcore.store.connection import STORE_BUSY_SECONDS, connect, rollback, without_conflicts
from aspcore.store.layout import PROVENANCE, SQL_TYPES, ensure_base, ensure_table, fetch_one
from aspcore.store.results import IngestResult, PreviousIngest

__all__ = ["DEFAULT_STORE", "Store"]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _cell(value: Any) -> Any:
    return str(value) if isinstance(value, Formula) else display_value(value)


def _reason(problem: Problem) -> dict[str, Any]:
    return {
        "code": problem.code,
        "severity": problem.severity.value,
        "column": problem.column,
        "message": problem.message,
    }


def _canonical(spec: SchemaSpec, frame: pd.DataFrame) -> pd.DataFrame:
    """Vocabulary columns with each value in its canonical spelling (``G`` → ``green``)."""
    out = frame.copy()
    for column in spec.columns:
        for check in column.checks:
            if check.kind != "in_vocabulary" or column.name not in out:
                continue
            vocab = vocabulary(check.params["vocabulary"], tuple(check.params.get("values", ())))
            separator = check.params.get("separator")

            def canonical(text: Any, vocab: Any = vocab, separator: Any = separator) -> Any:
                if not isinstance(text, str):
                    return text
                parts = text.split(separator) if separator else [text]
                names = [vocab.canonical(part) or part.strip() for part in parts]
                return ";".join(names)

            values = out[column.name]
            mapping = {v: canonical(v) for v in values.dropna().unique()}
            out[column.name] = values.map(mapping).astype(values.dtype)
    return out


class Store:
    """A DuckDB file holding ingested returns; use as a context manager or call :meth:`close`.

    Opening waits up to ``busy_timeout`` seconds while another process writes the file, then
    raises :class:`~aspcore.errors.StoreBusyError`.
    """

    def __init__(
        self,
        path: str | Path = DEFAULT_STORE,
        *,
        read_only: bool = False,
        busy_timeout: float = STORE_BUSY_SECONDS,
    ) -> None:
        self.path = str(path)
        if read_only and not Path(path).exists():
            raise InputFileError(f"{path}: no such store; ingest a return to create it")
        self.con = connect(self.path, read_only=read_only, busy_timeout=busy_timeout)
        if not read_only:
            try:
                without_conflicts(self.path, lambda: ensure_base(self.con))
            except BaseException:
                self.con.close()
                raise

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection."""
        self.con.close()

    # -- reading -------------------------------------------------------------------------
    def previous(self, sha256: str, schema: str, sheet: str | None) -> PreviousIngest | None:
        """The earlier ingest of these bytes for ``schema`` and ``sheet``, if any."""
        row = self.con.execute(
            "SELECT ingest_id, ingested_at, rows_valid, rows_quarantined FROM ingests "
            "WHERE source_sha256 = ? AND schema_name = ? AND source_sheet IS NOT DISTINCT FROM ?",
            [sha256, schema, sheet],
        ).fetchone()
        return None if row is None else PreviousIngest(*row)

    def rows(self, table: str) -> pd.DataFrame:
        """Every stored row of a schema's table (``indicator_return``), in ingest order."""
        frame: pd.DataFrame = self.con.execute(
            f'SELECT * FROM "{table}" ORDER BY ingest_id, source_row'
        ).df()
        return frame

    def quarantined(self) -> pd.DataFrame:
        """Every quarantined row, in ingest order."""
        frame: pd.DataFrame = self.con.execute(
            "SELECT * FROM quarantine ORDER BY ingest_id, source_row"
        ).df()
        return frame

    # -- writing -------------------------------------------------------------------------
    def write(
        self,
        spec: SchemaSpec,
        report: ValidationReport,
        prepared: Prepared,
        *,
        sha256: str,
        agency: str | None,
        ingested_at: dt.datetime,
    ) -> IngestResult:
        """Store one validated file in a single transaction (see the module docstring).

        The same bytes already held for this schema and sheet add nothing: the result's
        ``previous`` says when they were stored.
        """
        return without_conflicts(
            self.path,
            lambda: self._write_once(
                spec, report, prepared, sha256=sha256, agency=agency, ingested_at=ingested_at
            ),
        )

    def _write_once(
        self,
        spec: SchemaSpec,
        report: ValidationReport,
        prepared: Prepared,
        *,
        sha256: str,
        agency: str | None,
        ingested_at: dt.datetime,
    ) -> IngestResult:
        """One attempt at :meth:`write`: check for the file and store it, in one transaction."""
        invalid = report.invalid_positions
        valid = [i for i in range(report.rows) if i not in invalid]
        sheet = prepared.table.sheet
        self.con.begin()
        try:
            previous = self.previous(sha256, spec.name, sheet)
            if previous is not None:
                self.con.rollback()
                return IngestResult(
                    self.path,
                    prepared.table.path,
                    spec.name,
                    sha256,
                    sheet,
                    agency,
                    None,
                    previous=previous,
                )
            table = ensure_table(self.con, spec)
            ingest_id = int(fetch_one(self.con, "SELECT nextval('ingest_ids')")[0])
            provenance = {
                "ingest_id": ingest_id,
                "source_file": Path(prepared.table.path).name,
                "source_sha256": sha256,
                "source_sheet": prepared.table.sheet,
                "source_agency": agency,
                "ingested_at": ingested_at,
            }
            self._insert_ingest(spec, report, table, provenance, len(valid), len(invalid))
            self._insert_valid(spec, report, prepared, table, provenance, valid)
            self._insert_quarantine(spec, report, prepared, provenance, sorted(invalid))
            self.con.commit()
        except BaseException:
            rollback(self.con)
            raise
        return IngestResult(
            store=self.path,
            file=prepared.table.path,
            schema=spec.name,
            sha256=sha256,
            sheet=prepared.table.sheet,
            agency=agency,
            report=report,
            ingest_id=ingest_id,
            table=table,
            rows_valid=len(valid),
            rows_quarantined=len(invalid),
        )

    def _insert_ingest(
        self,
        spec: SchemaSpec,
        report: ValidationReport,
        table: str,
        provenance: dict[str, Any],
        valid: int,
        invalid: int,
    ) -> None:
        file_problems = [p.to_dict() for p in report.problems if p.row is None]
        self.con.execute(
            "INSERT INTO ingests VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                provenance["ingest_id"],
                spec.name,
                spec.version,
                table,
                provenance["source_file"],
                provenance["source_sha256"],
                provenance["source_sheet"],
                provenance["source_agency"],
                provenance["ingested_at"],
                report.status,
                report.rows,
                valid,
                invalid,
                report.errors,
                report.warnings,
                _json(dict(sorted(report.codes().items()))),
                _json(file_problems),
            ],
        )

    def _insert_frame(self, table: str, frame: pd.DataFrame, types: dict[str, str]) -> None:
        columns = ", ".join(f'"{c}"' for c in frame.columns)
        select = ", ".join(f'CAST("{c}" AS {types[c]})' for c in frame.columns)
        self.con.register("incoming", frame)
        try:
            self.con.execute(f'INSERT INTO "{table}" ({columns}) SELECT {select} FROM incoming')
        finally:
            self.con.unregister("incoming")

    def _insert_valid(
        self,
        spec: SchemaSpec,
        report: ValidationReport,
        prepared: Prepared,
        table: str,
        provenance: dict[str, Any],
        positions: Sequence[int],
    ) -> None:
        if not positions:
            return
        frame = _canonical(spec, prepared.frame.iloc[list(positions)]).reset_index(drop=True)
        rows = prepared.row_numbers
        kept = pd.DataFrame({name: [value] * len(positions) for name, value in provenance.items()})
        kept["source_row"] = [rows[i] for i in positions]
        warnings: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for problem in report.problems:
            if problem.position is not None and problem.severity != Severity.ERROR:
                warnings[problem.position].append(_reason(problem))
        kept["warnings"] = [_json(warnings[i]) if i in warnings else None for i in positions]
        extras = prepared.extras
        kept["extras"] = [
            _json({h: _cell(prepared.table.rows[i].get(h)) for h in extras}) if extras else None
            for i in positions
        ]
        out = pd.concat([kept, frame], axis=1)
        types = dict(PROVENANCE) | {c.name: SQL_TYPES[c.dtype] for c in spec.columns}
        types |= {"warnings": "VARCHAR", "extras": "VARCHAR"}
        self._insert_frame(table, out, {k: v.replace(" NOT NULL", "") for k, v in types.items()})

    def _insert_quarantine(
        self,
        spec: SchemaSpec,
        report: ValidationReport,
        prepared: Prepared,
        provenance: dict[str, Any],
        positions: Sequence[int],
    ) -> None:
        if not positions:
            return
        by_row: dict[int | None, list[dict[str, Any]]] = defaultdict(list)
        for problem in report.problems:
            if problem.position is None and problem.severity != Severity.ERROR:
                continue
            by_row[problem.position].append(_reason(problem))
        table = prepared.table
        frame = pd.DataFrame({name: [value] * len(positions) for name, value in provenance.items()})
        frame["source_row"] = [table.row_numbers[i] for i in positions]
        frame["schema_name"] = spec.name
        frame["raw"] = [
            _json({h: _cell(table.rows[i].get(h)) for h in table.headers}) for i in positions
        ]
        frame["reasons"] = [_json(by_row[None] + by_row[i]) for i in positions]
        types = {k: v.replace(" NOT NULL", "") for k, v in PROVENANCE}
        types |= {"schema_name": "VARCHAR", "raw": "VARCHAR", "reasons": "VARCHAR"}
        self._insert_frame("quarantine", frame, types)
