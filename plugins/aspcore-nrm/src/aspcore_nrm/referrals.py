"""Record-level NRM referrals: one row per referral, with the edition of the publication.

The file's headers are matched to the ``nrm-referrals`` schema by name, title and alias, and its
cells parsed as aspcore parses returns (dates in ISO or UK form, Excel dates, yes/no).  Text
from the NRM's vocabularies is written in its canonical form (``Labour exploitation`` →
``labour``, ``Adult`` → ``adult``, ``SCA`` → ``sca``); text outside them is kept as written, for
the schema to report at ingest.  The schema's ``Referral date``, which the published data do not
have but case systems do, is how days from referral to decision are measured.

Findings (``plugin="nrm"``): ``NRM-006`` a cell that cannot be read (error; the cell is left
blank, the row is kept).  A file with no edition column and no ``edition`` option cannot be
placed in a publication and raises :class:`aspcore.InputFileError`.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from aspcore import InputFileError
from aspcore.adapters import row_finding
from aspcore.io.tables import Table, normalise_header
from aspcore.model import Finding, Severity
from aspcore.schemas import Prepared, SchemaSpec, get_schema, prepare, to_polars
from aspcore.schemas.vocabularies import VOCABULARIES

__all__ = ["REFERRAL_HEADERS", "is_referrals", "read_referrals"]

#: Headers (normalised) that only record-level referral data have.
REFERRAL_HEADERS = {"referral id", "gender", "age at exploitation", "reasonable grounds decision"}
_VOCABULARY = {
    "competent_authority": "competent-authority",
    "referral_type": "referral-type",
    "age_at_exploitation": "age-group",
    "gender": "sex",
    "location": "location",
    "reasonable_grounds": "decision",
    "conclusive_grounds": "decision",
}


def is_referrals(table: Table) -> bool:
    """True when the table's headers look like record-level referrals."""
    return len(REFERRAL_HEADERS & {normalise_header(h) for h in table.headers}) >= 2


def _canonical(column: pl.Series, vocabulary: str, separator: str | None = None) -> pl.Series:
    vocab = VOCABULARIES[vocabulary]

    def one(text: str | None) -> str | None:
        if text is None:
            return None
        parts = [p.strip() for p in text.split(separator)] if separator else [text]
        named = [vocab.canonical(p) or p for p in parts]
        return (separator or "").join(named)

    mapping = {v: one(v) for v in column.unique().to_list()}  # once per distinct value
    return column.replace_strict(mapping, return_dtype=pl.String)


def read_referrals(table: Table, edition: str | None) -> tuple[pl.DataFrame, list[Finding]]:
    """The table as an ``nrm-referrals`` frame (plus provenance) and the cells it could not read."""
    spec = get_schema("nrm-referrals")
    prepared = prepare(table, spec)
    file = Path(table.path).name
    findings = [
        row_finding(
            "NRM-006",
            p.message,
            file=file,
            sheet=table.sheet,
            row=p.row,
            column=p.column,
            severity=Severity.ERROR,
            plugin="nrm",
            evidence={"code": p.code},
        )
        for p in prepared.problems
        if p.row is not None
    ]
    frame = _polars(prepared, spec)
    if "edition" not in frame.columns:
        if not edition:
            raise InputFileError(
                f"{table.path}: record-level referrals need their edition; add an Edition "
                "column or pass --adapter-option edition='2017 annual (first published)'"
            )
        frame = frame.with_columns(edition=pl.lit(edition))
    for column, vocabulary in _VOCABULARY.items():
        if column in frame.columns:
            frame = frame.with_columns(_canonical(frame[column], vocabulary).alias(column))
    if "exploitation_type" in frame.columns:
        frame = frame.with_columns(_canonical(frame["exploitation_type"], "exploitation-type", ";"))
    return frame.with_columns(
        source_file=pl.lit(file),
        source_sheet=pl.lit(table.sheet, dtype=pl.String),
        source_row=pl.Series(prepared.row_numbers, dtype=pl.Int64),
    ), findings


def _polars(prepared: Prepared, spec: SchemaSpec) -> pl.DataFrame:
    """The prepared (pandas) frame in polars, in the schema's types (dates as dates)."""
    types = to_polars(spec).dtypes
    frame = pl.from_pandas(prepared.frame)
    return frame.cast({name: types[name].type for name in frame.columns if name in types})
