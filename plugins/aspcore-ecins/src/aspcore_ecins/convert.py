"""From the export's tables to case events and actions, reporting every row that cannot be mapped.

Findings (all ``plugin="ecins"``, each naming the file, row and column):

* ``ECINS-001`` (error) a required cell is blank: the row is not mapped;
* ``ECINS-002`` (error) a date or number cannot be read: the row is not mapped;
* ``ECINS-003`` (warning) an agency id is not in the agencies table: the id is kept as the name;
* ``ECINS-004`` (warning) an event's person has no profile: breakdown fields are left blank;
* ``ECINS-005`` a value is missing from the mapping's ``values`` table: error (row not mapped)
  for a required field, warning (field left blank) for an optional one;
* ``ECINS-006`` (warning) a person id was found in an action's text and replaced by its pseudonym;
* ``ECINS-007`` (warning) no pseudonymisation key: pseudonyms are valid for this export only;
* ``ECINS-008`` (error) a table the mapping needs cannot be read (see :mod:`aspcore_ecins.export`);
* ``ECINS-009`` (error) a column the mapping names is not in the table: the section's rows are
  not mapped (for an optional field: warning, the field is left blank);
* ``ECINS-010`` (warning) an action without an id: it is kept, with the id ``TABLE-ROW`` (the
  table's name and the row, e.g. ``actions-15``), so that it is still rated;
* ``ECINS-011`` (info) a column an ``optional = true`` section needs is not in the table: the
  section is skipped, and the finding names the events it would have given.

Raw person ids and the values of person columns never appear in a finding.  Messages name the
mapping's section as the TOML does: ``[actions]``, ``[[events]] #2`` (its second ``[[events]]``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aspcore.adapters import row_finding
from aspcore.io.tables import Table, normalise_header
from aspcore.io.values import is_blank, parse_date, parse_number, text_or_none
from aspcore.model import Finding, Severity

from aspcore_ecins.mapping import ExportMapping, Section
from aspcore_ecins.pseudonyms import Pseudonyms

__all__ = ["EVENT_COLUMNS", "Converter"]

#: The columns of the ``events`` dataset (the ``case-events`` schema's), before provenance.
EVENT_COLUMNS = (
    "person_id",
    "event",
    "date",
    "agency",
    "stage",
    "sex",
    "age_group",
    "exploitation_type",
    "nationality",
)
_BREAKDOWN = ("sex", "age_group", "nationality")
#: The order an event's fields are read in: the date first, since a blank date marked
#: ``blank = "no-event"`` means the row gives no event, whatever its other cells say.
_EVENT_FIELDS = ("date", "person", *(c for c in EVENT_COLUMNS if c not in {"person_id", "date"}))
_DATES = {"date", "start", "due"}
_NUMBERS = {"progress"}
_PERSON = {"person", "id"}  # fields holding a person id (``id`` only in [profiles])


class _UnmappedError(Exception):
    """The current row cannot be mapped."""

    def __init__(self, rule: str, message: str, column: str | None) -> None:
        super().__init__(message)
        self.rule, self.column = rule, column


class _NoEventError(Exception):
    """The current row gives no event (a blank date marked ``blank = "no-event"``)."""


class Converter:
    """Maps an export's tables with one mapping; collects findings as it goes."""

    def __init__(
        self, mapping: ExportMapping, tables: dict[str, Table], pseudonyms: Pseudonyms
    ) -> None:
        self.mapping = mapping
        self.tables = tables
        self.pseudonyms = pseudonyms
        self.findings: list[Finding] = []
        self.agencies = self._agencies()

    # -- places and findings ------------------------------------------------------------
    def _file(self, table: Table) -> str:
        return Path(table.path).name

    def _report(
        self,
        rule: str,
        message: str,
        table: Table,
        row: int | None,
        column: str | None,
        severity: Severity = Severity.ERROR,
        suggestion: str = "",
    ) -> None:
        self.findings.append(
            row_finding(
                rule,
                message,
                file=self._file(table),
                sheet=table.sheet,
                row=row,
                column=column,
                severity=severity,
                suggestion=suggestion,
                plugin="ecins",
            )
        )

    def _usable(self, section: Section) -> tuple[Table, dict[str, str]] | None:
        """The section's table and field → header, or ``None`` when its rows cannot be mapped."""
        table = self.tables.get(section.table)
        if table is None:
            return None  # already reported as ECINS-008
        headers = {normalise_header(h): h for h in table.headers}
        found: dict[str, str] = {}
        missing: dict[str, str] = {}
        for name, column in section.columns().items():
            header = headers.get(normalise_header(column))
            if header is None:
                missing[name] = column
            else:
                found[name] = header
        needed = {n: c for n, c in missing.items() if section.blank(n) != "allow"}
        present = f"columns there: {', '.join(table.headers)}"
        if needed and section.optional:
            self._skip(section, table, needed, present)
            return None
        for name, column in missing.items():
            required = name in needed
            self._report(
                "ECINS-009",
                f"{section.label} maps {name} to the column '{column}', which the {section.table} "
                + (
                    f"table does not have; its {len(table.rows)} row(s) are not mapped"
                    if required
                    else "table does not have; the field is left blank"
                ),
                table,
                None,
                column,
                Severity.ERROR if required else Severity.WARNING,
                f"Fix the mapping ({present})",
            )
            if required:
                return None
        return table, found

    def _skip(self, section: Section, table: Table, missing: dict[str, str], present: str) -> None:
        """Report an optional section skipped because its table lacks ``missing`` (field →
        column): one info finding naming the events not produced, so their absence is explained."""
        event = section.fields["event"]
        names = (
            [event.value] if event.value is not None else list(dict.fromkeys(event.values.values()))
        )
        what = f"{' and '.join(names)} events" if names else f"events read from '{event.column}'"
        lacking = ", ".join(f"'{c}'" for c in missing.values())
        self._report(
            "ECINS-011",
            f"{section.label} is optional and the {section.table} table has no column {lacking}, "
            f"so the {what} are not produced",
            table,
            None,
            next(iter(missing.values())),
            Severity.INFO,
            f"Export the column to get these events ({present})",
        )

    # -- cells ----------------------------------------------------------------------------
    def _value(
        self,
        section: Section,
        name: str,
        row: dict[str, Any],
        headers: dict[str, str],
        table: Table,
        number: int,
    ) -> Any:
        field = section.fields.get(name)
        if field is None:
            return None
        if field.value is not None:
            return field.value
        header = headers.get(name)
        raw = row.get(header) if header is not None else None
        if is_blank(raw):
            mode = section.blank(name)
            if mode == "no-event":
                raise _NoEventError
            if mode == "error" and header is not None:
                raise _UnmappedError("ECINS-001", f"{name} ('{header}') is blank", header)
            return None
        if name in _PERSON and section.kind in {"events", "profiles"}:
            return self.pseudonyms(str(text_or_none(raw)))
        if name in _DATES:
            try:
                return parse_date(raw)
            except ValueError as exc:
                raise _UnmappedError("ECINS-002", f"{name}: {exc}", header) from None
        if name in _NUMBERS:
            try:
                return parse_number(raw)
            except ValueError as exc:
                raise _UnmappedError("ECINS-002", f"{name}: {exc}", header) from None
        text = str(text_or_none(raw))
        if field.lookup == "agencies":
            if text in self.agencies:
                return self.agencies[text]
            self._report(
                "ECINS-003",
                f"agency id '{text}' is not in the agencies table; kept as it is",
                table,
                number,
                header,
                Severity.WARNING,
                "Add the agency to the export's agencies table",
            )
            return text
        translated = field.translate(text)
        if translated is None:
            message = f"{name} '{text}' is not in the mapping's values for '{header}'"
            if section.blank(name) == "error":
                raise _UnmappedError("ECINS-005", message, header)
            self._report(
                "ECINS-005",
                message + "; the field is left blank",
                table,
                number,
                header,
                Severity.WARNING,
                "Add the value to the mapping",
            )
        return translated

    def _rows(self, section: Section, fields: tuple[str, ...]) -> list[dict[str, Any]]:
        """Every mappable row of ``section`` as field → value, with provenance."""
        usable = self._usable(section)
        if usable is None:
            return []
        table, headers = usable
        out = []
        for row, number in zip(table.rows, table.row_numbers, strict=True):
            try:
                item = {f: self._value(section, f, row, headers, table, number) for f in fields}
            except _NoEventError:
                continue
            except _UnmappedError as exc:
                self._report(
                    exc.rule,
                    f"{section.label}: row {number} is not mapped: {exc}",
                    table,
                    number,
                    exc.column,
                    suggestion="Correct the export or the mapping",
                )
                continue
            item |= {
                "source_file": self._file(table),
                "source_sheet": table.sheet,
                "source_row": number,
            }
            out.append(item)
        return out

    # -- sections -------------------------------------------------------------------------
    def _agencies(self) -> dict[str, str]:
        section = self.mapping.agencies
        if section is None:
            return {}
        return {str(r["id"]): str(r["name"]) for r in self._rows(section, ("id", "name"))}

    def profiles(self) -> dict[str, dict[str, Any]]:
        """Pseudonym → breakdown fields (sex, age group, nationality) from the profiles table."""
        section = self.mapping.profiles
        if section is None:
            return {}
        rows = self._rows(section, ("id", *_BREAKDOWN))
        return {r["id"]: {k: r[k] for k in _BREAKDOWN} for r in rows}

    def events(self) -> list[dict[str, Any]]:
        """Case events from every ``[[events]]`` section, breakdowns filled from profiles."""
        if not self.pseudonyms.keyed:
            self.findings.append(
                row_finding(
                    "ECINS-007",
                    "no pseudonymisation key: person ids are numbered p-0001, p-0002, ... for "
                    "this export only and will not join with other sources",
                    file=Path(self.mapping.path).name,
                    severity=Severity.WARNING,
                    plugin="ecins",
                    suggestion=f"Set {self.mapping.key_env} to the partnership's shared key",
                )
            )
        profiles = self.profiles()
        events = []
        for section in self.mapping.events:
            for item in self._rows(section, _EVENT_FIELDS):
                person = item.pop("person")
                known = profiles.get(person)
                if known is None and self.mapping.profiles is not None:
                    table = self.tables[section.table]
                    self._report(
                        "ECINS-004",
                        f"{section.label}: row {item['source_row']}: the "
                        "person has no profile; sex, age group and nationality are "
                        "left blank",
                        table,
                        item["source_row"],
                        section.columns().get("person"),
                        Severity.WARNING,
                    )
                for key in _BREAKDOWN:
                    if item.get(key) is None and known is not None:
                        item[key] = known[key]
                events.append({"person_id": person, **item})
        return events

    def actions(self) -> list[dict[str, Any]]:
        """Actions with owners and deadlines; person ids in their text are replaced."""
        section = self.mapping.actions
        if section is None:
            return []
        names = (
            "id",
            "statement",
            "owner",
            "start",
            "due",
            "status",
            "progress",
            "rag",
            "timescale",
        )
        rows = self._rows(section, names)
        for item in rows:
            table = self.tables[section.table]
            if item["id"] is None:
                item["id"] = f"{section.table}-{item['source_row']}"
                self._report(
                    "ECINS-010",
                    f"row {item['source_row']}: the action has no id; it is kept as {item['id']}",
                    table,
                    item["source_row"],
                    section.columns().get("id"),
                    Severity.WARNING,
                    "Give every action its id in the case system"
                    if "id" in section.fields
                    else "Name the actions' id column in the mapping's [actions]",
                )
            text, count = self.pseudonyms.scrub(str(item["statement"]))
            if count:
                item["statement"] = text
                self._report(
                    "ECINS-006",
                    f"action {item['id']}: {count} person id(s) in its "
                    "text were replaced by pseudonyms",
                    table,
                    item["source_row"],
                    section.columns().get("statement"),
                    Severity.WARNING,
                    "Keep person ids out of action text in the case system",
                )
        return rows
