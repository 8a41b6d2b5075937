"""The column mapping: which table and column of the export fills each aspcore field.

ECINS-like systems publish no export specification, and every partnership's export differs, so
the mapping is a TOML file the user edits (the default, ``default-mapping.toml``, fits the
documented example export).  A field is written in one of three ways::

    date = "Referral Date"                                   # a column
    event = { value = "referral" }                           # a constant
    status = { column = "Status", values = { Open = "not-started" } }   # a column, translated

and a column may also say ``lookup = "agencies"`` (the cell is an agency id, replaced by the
agency's name) and what a blank cell means: ``blank = "error"`` (the row cannot be mapped: the
default for required fields), ``"allow"`` (the field is left empty: the default for optional
ones) or ``"no-event"`` (on an event's date: the event has not happened, so the row gives no
event and no finding).

An ``[[events]]`` section may say ``optional = true``: the events it gives are extras that not
every export can supply (the decision outcomes, read from columns some exports lack).  When a
column such a section needs is missing from its table, the section is skipped with one
``info`` finding naming the events not produced and the missing column, instead of the error a
required section gives; when its columns are there it is read like any other.

A malformed mapping raises :class:`aspcore.InputFileError` naming the file, the section as TOML
writes it (``[actions]``, ``[[events]] #2`` for the second ``[[events]]``, ``the top level``) and
the key, with a did-you-mean for misspelt keys.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
from aspcore import InputFileError
from aspcore.io.tables import normalise_header

__all__ = ["DEFAULT_MAPPING", "ExportMapping", "Field", "Section", "load_mapping"]

#: The mapping for the documented example export, shipped with the package.
DEFAULT_MAPPING = Path(__file__).with_name("default-mapping.toml")

_BLANKS = ("error", "no-event", "allow")
#: Section → (required fields, optional fields).  ``table`` names an entry of ``[tables]``.
_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "agencies": (("table", "id", "name"), ()),
    "profiles": (("table", "id"), ("sex", "age_group", "nationality")),
    "events": (
        ("table", "person", "event", "date", "agency"),
        ("stage", "exploitation_type", "sex", "age_group", "nationality"),
    ),
    "actions": (
        ("table", "statement"),
        ("id", "owner", "start", "due", "status", "progress", "rag", "timescale"),
    ),
}
_TOP = ("plan", "pseudonymise", "tables", "agencies", "profiles", "events", "actions")
_TOP_LEVEL = ""


@attrs.frozen
class Field:
    """Where one aspcore field comes from: a column (optionally translated) or a constant."""

    column: str | None = None
    value: str | None = None
    values: Mapping[str, str] = attrs.field(factory=dict)
    lookup: str | None = None
    blank: str | None = None

    def translate(self, text: str) -> str | None:
        """The mapped value of ``text``, or ``None`` when the mapping has a table without it."""
        if not self.values:
            return text
        return self.values.get(normalise_header(text))


@attrs.frozen
class Section:
    """One section of the mapping: the table it reads and its fields by aspcore name.

    ``label`` names the section in messages as the TOML does (``[actions]``, ``[[events]] #2``);
    ``optional`` (only ever true for ``[[events]]``) lets the section be skipped when a column it
    needs is missing.
    """

    kind: str
    label: str
    table: str
    fields: Mapping[str, Field]
    optional: bool = False

    def blank(self, name: str) -> str:
        """What a blank cell in field ``name`` means: ``error`` for a required field unless the
        mapping says otherwise, else ``allow`` (the field is left empty)."""
        field = self.fields[name]
        if field.blank is not None:
            return field.blank
        return "error" if name in _FIELDS[self.kind][0] else "allow"

    def columns(self) -> dict[str, str]:
        """aspcore field → export column, for the fields read from a column."""
        return {name: f.column for name, f in self.fields.items() if f.column is not None}


@attrs.frozen
class ExportMapping:
    """A whole mapping file, checked."""

    path: str
    partnership: str
    year: str | None
    key_env: str
    tables: Mapping[str, str]
    agencies: Section | None
    profiles: Section | None
    events: tuple[Section, ...]
    actions: Section | None


def _label(name: str, index: int | None = None) -> str:
    """A section's name as the TOML writes it: ``[actions]``, or ``[[events]] #2``."""
    return f"[{name}]" if index is None else f"[[{name}]] #{index}"


def _fail(path: Path, where: str, message: str) -> InputFileError:
    place = "the top level" if where == _TOP_LEVEL else where
    return InputFileError(f"{path}: mapping, {place}: {message}")


def _check_keys(path: Path, where: str, got: Mapping[str, Any], known: tuple[str, ...]) -> None:
    for key in got:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise _fail(path, where, f"unknown key '{key}'{hint} (known: {', '.join(known)})")


def _field(path: Path, where: str, raw: object) -> Field:
    if isinstance(raw, str):
        return Field(column=raw)
    if not isinstance(raw, dict):
        raise _fail(path, where, f"expected a column name or a table, found {raw!r}")
    _check_keys(path, where, raw, ("column", "value", "values", "lookup", "blank"))
    if ("column" in raw) == ("value" in raw):
        raise _fail(path, where, "give exactly one of 'column' (a column) or 'value' (a constant)")
    values = raw.get("values", {})
    if not isinstance(values, dict) or not all(isinstance(v, str) for v in values.values()):
        raise _fail(path, where, "'values' must be a table of text = text")
    blank = raw.get("blank")
    if blank is not None and blank not in _BLANKS:
        raise _fail(path, where, f"'blank' must be one of {', '.join(_BLANKS)}, not {blank!r}")
    return Field(
        column=raw.get("column"),
        value=raw.get("value"),
        values={normalise_header(k): v for k, v in values.items()},
        lookup=raw.get("lookup"),
        blank=blank,
    )


def _section(
    path: Path, kind: str, raw: object, tables: Mapping[str, str], index: int | None = None
) -> Section:
    where = _label(kind, index)
    required, extra = _FIELDS[kind]
    if not isinstance(raw, dict):
        raise _fail(path, where, "expected a table of fields")
    if "optional" in raw and kind != "events":
        raise _fail(path, where, "only an [[events]] section can be optional")
    _check_keys(path, where, raw, required + extra + (("optional",) if kind == "events" else ()))
    skippable = raw.get("optional", False)
    if not isinstance(skippable, bool):
        raise _fail(path, where, f"'optional' must be true or false, not {skippable!r}")
    missing = [key for key in required if key not in raw]
    if missing:
        raise _fail(path, where, f"missing {', '.join(missing)}")
    table = raw["table"]
    if table not in tables:
        raise _fail(path, where, f"table '{table}' is not listed in [tables]")
    fields = {
        k: _field(path, f"{where}, key '{k}'", v)
        for k, v in raw.items()
        if k not in {"table", "optional"}
    }
    for name, field in fields.items():
        if field.lookup is not None and field.lookup != "agencies":
            raise _fail(path, f"{where}, key '{name}'", "lookup can only be 'agencies'")
    return Section(kind=kind, label=where, table=table, fields=fields, optional=skippable)


def load_mapping(path: Path = DEFAULT_MAPPING) -> ExportMapping:
    """Read and check a mapping file."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputFileError(f"{path}: no such mapping file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputFileError(f"{path}: the mapping is not valid TOML ({exc})") from None
    _check_keys(path, _TOP_LEVEL, raw, _TOP)
    tables = raw.get("tables")
    if not isinstance(tables, dict) or not tables:
        raise _fail(path, _label("tables"), 'list each table of the export: name = "file.csv"')
    plan = raw.get("plan", {})
    _check_keys(path, _label("plan"), plan, ("partnership", "year"))
    secret = raw.get("pseudonymise", {})
    _check_keys(path, _label("pseudonymise"), secret, ("key_env",))
    events = raw.get("events", [])
    if not isinstance(events, list):
        raise _fail(path, _label("events"), "write each event source as its own [[events]] table")

    def single(name: str) -> Section | None:
        return _section(path, name, raw[name], tables) if name in raw else None

    mapping = ExportMapping(
        path=str(path),
        partnership=str(plan.get("partnership", "ECINS export")),
        year=plan.get("year"),
        key_env=str(secret.get("key_env", "ASPCORE_PSEUDONYM_KEY")),
        tables={str(k): str(v) for k, v in tables.items()},
        agencies=single("agencies"),
        profiles=single("profiles"),
        events=tuple(
            _section(path, "events", e, tables, index) for index, e in enumerate(events, start=1)
        ),
        actions=single("actions"),
    )
    uses_lookup = any(
        f.lookup for s in (*mapping.events, mapping.actions) if s for f in s.fields.values()
    )
    if uses_lookup and mapping.agencies is None:
        raise _fail(path, _label("agencies"), 'a field uses lookup = "agencies"; add [agencies]')
    return mapping
