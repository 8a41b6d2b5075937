"""Case data on the command line: ``--data NAME=SOURCE`` and ``--from ADAPTER:PATH``.

``indicators``, ``check`` and ``report`` compute a plan's indicators from named datasets.  A
dataset is a CSV or Parquet file, a table of the store (``NAME=store:TABLE``), or every dataset
an adapter reads from a case-system export (``--from ecins:export/``).  A CSV file is read into
memory once (the indicators and the data checks then query it many times), Parquet files are
scanned lazily and store tables stay in DuckDB, so the computation runs where the data is.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import attrs
import typer

from aspcore.errors import InputFileError
from aspcore.model import Finding
from aspcore.paths import DEFAULT_STORE
from aspcore.plugins import Plugins

__all__ = [
    "DEFAULT_STORE_PATH",
    "DataOption",
    "DataStoreOption",
    "Datasets",
    "StoreOption",
    "open_datasets",
]

DataOption = Annotated[
    list[str] | None,
    typer.Option(
        "--data",
        help="Case data for computed indicators: NAME=FILE (CSV or Parquet) or "
        "NAME=store:TABLE; repeatable.",
        metavar="TEXT",
    ),
]
StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        help="DuckDB store of ingested returns: the plan is rated from the returns it holds "
        "(and NAME=store:TABLE reads it).",
        metavar="PATH",
    ),
]
#: ``--store`` of commands that read only case data from it (``aspcore indicators``).
DataStoreOption = Annotated[
    Path, typer.Option("--store", help="DuckDB store for NAME=store:TABLE.", metavar="PATH")
]
#: The store ``NAME=store:TABLE`` reads unless ``--store`` names another.
DEFAULT_STORE_PATH = Path(DEFAULT_STORE)

_STORE_PREFIX = "store:"


@attrs.frozen
class Datasets:
    """Named native frames, and the findings of the adapter that read some of them."""

    frames: dict[str, Any]
    findings: tuple[Finding, ...] = ()


def _frame(text: str, store: Path, stack: contextlib.ExitStack) -> Any:
    """The frame of a CSV file, a Parquet file or a table of the store (``store:TABLE``)."""
    import polars as pl

    from aspcore.store import Store  # imported here: --help and check need no DuckDB

    if text.startswith(_STORE_PREFIX):
        opened = stack.enter_context(Store(store, read_only=True))
        table = text.removeprefix(_STORE_PREFIX)
        tables = {row[0] for row in opened.con.execute("SHOW TABLES").fetchall()}
        if table not in tables:
            raise InputFileError(
                f"{store}: no table {table!r} (tables: {', '.join(sorted(tables)) or 'none'})"
            )
        return opened.con.table(table)
    path = Path(text)
    if not path.is_file():
        raise InputFileError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path)
    if suffix == ".parquet":
        return pl.scan_parquet(path)
    raise InputFileError(f"{path}: expected a .csv or .parquet file, or store:TABLE")


def _read_csv(path: Path) -> Any:
    """A CSV file read by polars, once; a file it refuses is read again, as text, to say which
    line is wrong, or else to read what polars could not.

    The text is decoded as returns are (:func:`~aspcore.io.tables.decode_text`: UTF-8, UTF-16
    or Windows-1252), the line that makes it no table is named by
    :func:`~aspcore.io.csv_shape.malformed_csv`, and otherwise it is read again from its text,
    without the extra values of lines whose extra values are all blank (spreadsheets write
    trailing commas) and with each column's type found from every row, not only the first ones.
    """
    import polars as pl

    from aspcore.io.csv_shape import malformed_csv
    from aspcore.io.tables import decode_text

    with path.open("rb") as handle:
        # Polars would read NUL bytes (UTF-16 text, binary data) as characters, not refuse them.
        plain = b"\x00" not in handle.read(4096)
    if plain:
        try:
            return pl.read_csv(path, try_parse_dates=True)
        except pl.exceptions.PolarsError:
            pass  # its message may quote a line of the file
    text, _encoding = decode_text(path, path.read_bytes())
    if problem := malformed_csv(text):
        raise InputFileError(f"{path}: {problem}")
    try:
        return pl.read_csv(
            text.encode("utf-8"),
            try_parse_dates=True,
            truncate_ragged_lines=True,
            infer_schema_length=None,
        )
    except pl.exceptions.PolarsError as exc:
        raise InputFileError(f"{path}: it cannot be read as CSV ({type(exc).__name__})") from None


@contextlib.contextmanager
def open_datasets(
    specs: list[str] | None,
    store: Path | None,
    *,
    source: str | None = None,
    options: list[str] | None = None,
    plugins: Plugins | None = None,
) -> Iterator[Datasets]:
    """``--data`` and ``--from`` as named frames, kept open while they are used.

    An adapter's datasets come first; ``--data`` names the same dataset only to replace it, so a
    name given twice by ``--data`` is an error rather than a silent choice.
    """
    with contextlib.ExitStack() as stack:
        frames: dict[str, Any] = {}
        findings: tuple[Finding, ...] = ()
        if source is not None:
            from aspcore.adapters import data_from

            read = data_from(source, plugins=plugins, options=options or ())
            frames.update(read.frames)
            findings = read.findings
        given: set[str] = set()
        for spec in specs or []:
            name, sep, where = (part.strip() for part in spec.partition("="))
            if not sep or not name or not where:
                raise InputFileError(f"--data {spec!r}: expected NAME=FILE or NAME=store:TABLE")
            if name in given:
                raise InputFileError(f"--data names the dataset {name!r} twice")
            given.add(name)
            frames[name] = _frame(where, store or DEFAULT_STORE_PATH, stack)
        yield Datasets(frames, findings)
