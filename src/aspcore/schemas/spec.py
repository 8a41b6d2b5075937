"""The specification of a return schema, kept apart from what runs it.

A :class:`SchemaSpec` says what a return holds: its columns (name, type, whether the column and
its cells are required, the header spellings partnerships use) and its checks.  Every check is a
:class:`CheckSpec`: a *kind* (``ge``, ``in_vocabulary``, ``row_sum``, ...), its parameters, a
severity, a machine-readable reason ``code`` and a plain-English ``message``.  Specs are plain
data, so they export to JSON or YAML and load back with every check intact
(:mod:`aspcore.schemas.export`); :mod:`aspcore.schemas.build` turns one into a pandera schema for
pandas or polars.

Message templates may use ``{value}``, ``{column}``, ``{row}``, any parameter of the check and,
for checks that compute one, ``{expected}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
from attrs import validators as v

from aspcore.model import Severity

__all__ = ["DTYPES", "CheckSpec", "ColumnSpec", "SchemaSpec"]

#: Column types a spec may use, and what each holds.
DTYPES: dict[str, str] = {
    "text": "text",
    "integer": "a whole number",
    "number": "a number",
    "date": "a date",
    "period": "a period label (2018-19, 2018-19 Q2, 2018 Q3, 2018-07)",
    "boolean": "yes or no",
}


def _mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return dict(value or {})


def _tuple(value: object) -> tuple[Any, ...]:
    return tuple(value) if isinstance(value, list | tuple) else (value,)


@attrs.frozen
class CheckSpec:
    """One check: what it tests (``kind`` and ``params``) and how a failure is reported.

    ``column`` names the column a frame-level check blames (the cell a user must fix); column
    checks leave it ``None`` and blame their own column.
    """

    kind: str = attrs.field(validator=v.instance_of(str))
    code: str = attrs.field(validator=v.matches_re(r"^[a-z][a-z0-9-]*$"))
    message: str = attrs.field(validator=v.instance_of(str))
    params: Mapping[str, Any] = attrs.field(factory=dict, converter=_mapping)
    severity: Severity = attrs.field(default=Severity.ERROR, converter=Severity)
    column: str | None = attrs.field(default=None, validator=v.optional(v.instance_of(str)))
    title: str = attrs.field(default="", validator=v.instance_of(str))


@attrs.frozen
class ColumnSpec:
    """One column: its type, whether it (and each cell) must be present, and its checks.

    ``name`` is the canonical, snake_case name used in frames and the store; ``title`` is how
    messages name it; ``aliases`` are further header spellings matched case- and
    space-insensitively.  ``required`` means the column must be in the return, ``nullable`` that
    its cells may be blank.  Values of a ``personal`` column are never shown in reports.
    """

    name: str = attrs.field(validator=v.matches_re(r"^[a-z][a-z0-9_]*$"))
    dtype: str = attrs.field(validator=v.in_(tuple(DTYPES)))
    title: str = attrs.field(default="", validator=v.instance_of(str))
    required: bool = True
    nullable: bool = False
    personal: bool = False
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    description: str = ""
    checks: tuple[CheckSpec, ...] = attrs.field(default=(), converter=_tuple)

    @property
    def label(self) -> str:
        """How messages name the column."""
        return self.title or self.name.replace("_", " ")


@attrs.frozen
class SchemaSpec:
    """A named return schema: columns, frame-level checks and whether extra columns are errors."""

    name: str = attrs.field(validator=v.matches_re(r"^[a-z][a-z0-9-]*$"))
    title: str
    columns: tuple[ColumnSpec, ...] = attrs.field(converter=_tuple)
    checks: tuple[CheckSpec, ...] = attrs.field(default=(), converter=_tuple)
    description: str = ""
    version: int = 1
    strict: bool = False

    @columns.validator
    def _distinct(self, _attribute: object, columns: tuple[ColumnSpec, ...]) -> None:
        names = [c.name for c in columns]
        if len(set(names)) != len(names):
            raise ValueError(f"schema {self.name}: column names repeat: {names}")

    def column(self, name: str) -> ColumnSpec:
        """The column called ``name`` (``KeyError`` if there is none)."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    @property
    def column_names(self) -> tuple[str, ...]:
        """Column names in order."""
        return tuple(c.name for c in self.columns)
