"""What an adapter is and what it hands back.

An :class:`Adapter` reads one kind of file or export from a case system (a multi-agency case
export, a council's return workbook, the published NRM tables) into aspcore's shapes: a
:class:`~aspcore.model.Plan` for ``aspcore check``, and named frames for ``aspcore indicators``
and ``aspcore ingest``.  It is plain data: a name, a description, the options it takes and two
reader functions, so a plugin builds one without subclassing anything.

An adapter never drops a row silently: a row it cannot map becomes a :class:`Finding` made with
:func:`row_finding`, naming the file, sheet, row and column and saying why, without the raw
value when the column is personal.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs
import narwhals.stable.v2 as nw

from aspcore.errors import InputFileError
from aspcore.model import Finding, Plan, Severity

__all__ = [
    "PROVENANCE_COLUMNS",
    "Adapter",
    "AdapterData",
    "DataReader",
    "PlanReader",
    "row_finding",
]

#: Optional columns of an adapter's frames that say where each row came from: the file (a name
#: relative to the adapter's source), the sheet, and the row as the user sees it.  ``aspcore
#: ingest --from`` stores them as the rows' provenance; everything else ignores them.
PROVENANCE_COLUMNS = ("source_file", "source_sheet", "source_row")

_NAME = re.compile(r"^[a-z][a-z0-9-]+$")

#: ``read(path, **options) -> AdapterData``
DataReader = Callable[..., "AdapterData"]
#: ``read(path, **options) -> Plan``
PlanReader = Callable[..., Plan]


def _frames(value: Mapping[str, Any]) -> dict[str, Any]:
    return dict(value)


def _findings(value: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(value)


def _names(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class AdapterData:
    """What an adapter read: named frames, the schema each one follows, and findings.

    ``frames`` maps a dataset name (``events``, ``actions``, ``observations``,
    ``nrm-referrals``) to a native data frame that narwhals accepts (polars, pandas, ...).
    ``schemas`` names the validation schema of the frames that have one, which ``aspcore ingest
    --from`` uses.  ``findings`` holds every row the adapter could not map and why.
    """

    adapter: str
    source: str
    frames: Mapping[str, Any] = attrs.field(factory=dict, converter=_frames)
    schemas: Mapping[str, str] = attrs.field(factory=dict, converter=_frames)
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=_findings)

    @property
    def names(self) -> tuple[str, ...]:
        """The dataset names, sorted."""
        return tuple(sorted(self.frames))

    def frame(self, name: str) -> nw.DataFrame[Any]:
        """The frame called ``name`` as a narwhals frame; an unknown name says what there is."""
        if name not in self.frames:
            raise InputFileError(
                f"{self.source}: the {self.adapter} adapter read no dataset '{name}'; "
                f"it read: {', '.join(self.names) or 'nothing'}"
            )
        return nw.from_native(self.frames[name], eager_only=True)


@attrs.frozen
class Adapter:
    """A reader for one kind of case-system export, registered by a plugin.

    ``data_reader(path, **options)`` returns :class:`AdapterData`; ``plan_reader(path,
    **options)`` (optional) returns a :class:`~aspcore.model.Plan` whose ``issues`` hold the
    reader's findings.  ``options`` documents each option the readers accept (name → help);
    ``datasets`` lists the dataset names ``data_reader`` returns.  ``plugin`` is filled in by the
    registry with the name of the plugin that registered the adapter.
    """

    name: str = attrs.field()
    description: str
    data_reader: DataReader
    plan_reader: PlanReader | None = None
    options: Mapping[str, str] = attrs.field(factory=dict, converter=_frames)
    datasets: tuple[str, ...] = attrs.field(default=(), converter=_names)
    plugin: str = ""

    @name.validator
    def _check_name(self, _attribute: object, value: str) -> None:
        if not isinstance(value, str) or not _NAME.match(value):
            raise ValueError(
                f"adapter name {value!r}: expected lower-case letters, digits and hyphens, "
                "at least two characters, starting with a letter (e.g. 'ecins')"
            )

    def read_data(self, path: str | Path, **options: str) -> AdapterData:
        """Read ``path`` into named frames and findings."""
        return self.data_reader(Path(path), **options)

    def read_plan(self, path: str | Path, **options: str) -> Plan | None:
        """Read ``path`` into a plan, or ``None`` when this adapter reads data only."""
        if self.plan_reader is None:
            return None
        return self.plan_reader(Path(path), **options)


def row_finding(
    rule: str,
    message: str,
    *,
    file: str,
    row: int | None = None,
    sheet: str | None = None,
    column: str | None = None,
    severity: Severity = Severity.ERROR,
    suggestion: str = "",
    plugin: str = "",
    evidence: Mapping[str, object] | None = None,
) -> Finding:
    """A finding about one row (or one file) an adapter read, with where it is.

    The subject is ``file[:sheet]:row`` so that findings sort and group by place; ``evidence``
    adds to the place (file, sheet, row, column).  Put only non-personal values in it: findings
    are printed and stored.
    """
    place = ":".join(str(p) for p in (file, sheet, row) if p is not None)
    where = {"file": file, "sheet": sheet, "row": row, "column": column}
    return Finding(
        rule=rule,
        subject=place,
        subject_kind="row" if row is not None else "file",
        severity=severity,
        message=message,
        evidence={k: v for k, v in where.items() if v is not None} | dict(evidence or {}),
        suggestion=suggestion,
        plugin=plugin,
        line=row,
    )
