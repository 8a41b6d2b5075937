"""Case data on the command line: ``--data NAME=SOURCE`` and ``--from ADAPTER:PATH``.

``indicators``, ``check`` and ``report`` compute a plan's indicators from named datasets.  A
dataset is a CSV or Parquet file, a table of the store (``NAME=store:TABLE``), or every dataset
an adapter reads from a case-system export (``--from ecins:export/``).  Files are scanned lazily
and store tables stay in DuckDB, so the computation runs where the data is.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import attrs
import typer

from aspcore.errors import InputFileError
from aspcore.model import Finding, Plan
from aspcore.plugins import Plugins
from aspcore.store import DEFAULT_STORE, Store

__all__ = [
    "DEFAULT_STORE_PATH",
    "DataOption",
    "Datasets",
    "StoreOption",
    "computed_plan",
    "open_datasets",
]

DataOption = Annotated[
    list[str] | None,
    typer.Option(
        "--data",
        help="Case data for computed indicators: NAME=FILE (CSV or Parquet) or "
        "NAME=store:TABLE; repeatable.",
    ),
]
StoreOption = Annotated[Path, typer.Option("--store", help="DuckDB store for NAME=store:TABLE.")]
#: The store ``NAME=store:TABLE`` reads unless ``--store`` names another.
DEFAULT_STORE_PATH = Path(DEFAULT_STORE)

_STORE_PREFIX = "store:"


@attrs.frozen
class Datasets:
    """Named native frames, and the findings of the adapter that read some of them."""

    frames: dict[str, Any]
    findings: tuple[Finding, ...] = ()


def _frame(text: str, store: Path, stack: contextlib.ExitStack) -> Any:
    """A lazy frame for a CSV or Parquet file, or a table of the store (``store:TABLE``)."""
    import polars as pl

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
        return _scan_csv(path)
    if suffix == ".parquet":
        return pl.scan_parquet(path)
    raise InputFileError(f"{path}: expected a .csv or .parquet file, or store:TABLE")


def _scan_csv(path: Path) -> Any:
    """A CSV file scanned lazily, once it is known to be a table; else an error naming the line.

    A first fast pass reads every cell as text, so only the file's shape can fail it; the line
    and the problem are then found by :func:`~aspcore.io.csv_shape.malformed_csv`.  Lines whose
    extra values are all blank (spreadsheets write trailing commas) are read without them.
    """
    import polars as pl

    from aspcore.io.csv_shape import malformed_csv

    truncate = False
    failure = _shape_failure(path, truncate=truncate)
    if failure is not None:
        problem = malformed_csv(path)
        truncate = problem is None  # only blank extra values made the lines too long
        if truncate:
            failure = _shape_failure(path, truncate=truncate)
        if failure is not None:
            found = problem or f"it cannot be read as CSV ({failure})"
            raise InputFileError(f"{path}: {found}")
    return pl.scan_csv(path, try_parse_dates=True, truncate_ragged_lines=truncate)


def _shape_failure(path: Path, *, truncate: bool) -> str | None:
    """The kind of error polars meets reading every cell of ``path`` as text, if any."""
    import polars as pl

    try:
        scan = pl.scan_csv(path, infer_schema=False, truncate_ragged_lines=truncate)
        scan.select(pl.all().null_count()).collect()
    except pl.exceptions.PolarsError as exc:
        return type(exc).__name__  # its message may quote a line of the file
    return None


@contextlib.contextmanager
def open_datasets(
    specs: list[str] | None,
    store: Path,
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
            frames[name] = _frame(where, store, stack)
        yield Datasets(frames, findings)


def computed_plan(
    plan: Plan,
    datasets: Datasets,
    *,
    as_of: dt.date,
    ruleset: str | None,
    plugins: Plugins,
) -> Plan:
    """``plan`` with its computed indicators' values as observations (no data: ``plan``).

    The values are those computed, rated exactly as observations written in the plan; those
    disclosure control hides are marked ``withheld``, which a published report reads to hide
    them as it hides small typed counts.  The data's findings (from the adapter and from the
    computation) become plan issues, so the evaluation reports them beside the rules' findings.
    """
    if not datasets.frames:
        return plan
    from aspcore.indicators import compute_indicators

    result = compute_indicators(
        plan, datasets.frames, as_of=as_of, ruleset=ruleset, plugins=plugins
    )
    with_data = attrs.evolve(plan, issues=plan.issues + datasets.findings)
    return result.apply_to(with_data)
