"""The Evidence section: a plan's qualitative evidence, quoted only with consent.

The guide asks for "a mix of quantitative and qualitative measures" and says survivor
perspectives are essential ("Service user feedback").  Boards should see that evidence beside the
numbers, but a summary of what a survivor said may be quoted only if they agreed: an entry with
``consent: true`` is listed with its summary; every other entry is counted ("2 more entries held
without consent to quote") and nothing of it is shown, not even its source or links, which can
say who spoke.  This module is the one place reports read ``Evidence.summary``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from aspcore.model import Evidence, EvidenceKind
from aspcore.report.facts import Facts
from aspcore.report.model import Cell, Section, Table

__all__ = ["evidence_section", "evidence_table", "kind_word", "withheld_note"]

_KIND_ORDER = {kind: index for index, kind in enumerate(EvidenceKind)}


def kind_word(kind: EvidenceKind) -> str:
    """A kind as a report names it: ``case-study`` → ``Case study``."""
    return kind.value.replace("-", " ").capitalize()


def _order(entry: Evidence) -> tuple[int, dt.date, str]:
    """By kind (in the vocabulary's order), then date (undated last), then id."""
    return (_KIND_ORDER[entry.kind], entry.date or dt.date.max, entry.id)


def withheld_note(entries: tuple[Evidence, ...]) -> str:
    """How many entries may not be quoted, by kind; ``""`` when every entry may be."""
    held = [e for e in entries if not e.consent]
    if not held:
        return ""
    counts = Counter(e.kind for e in held)
    kinds = ", ".join(f"{counts[k]} {kind_word(k).lower()}" for k in EvidenceKind if counts[k])
    noun = "entry" if len(held) == 1 else "entries"
    more = " more" if len(held) < len(entries) else ""
    return f"{len(held)}{more} {noun} held without consent to quote ({kinds})."


def evidence_table(facts: Facts) -> Table:
    """The entries that may be quoted, by kind and date: summary, source and what they speak to.

    Entries without consent are left out of the rows and counted in the table's note.
    """
    entries = facts.plan.evidence
    quotable = sorted((e for e in entries if e.consent), key=_order)
    rows = [
        (
            Cell(e.id),
            Cell(kind_word(e.kind)),
            Cell(e.date.isoformat() if e.date else "—"),
            Cell(e.summary or "—"),
            Cell(e.source or "—"),
            Cell(", ".join(e.links) or "—"),
        )
        for e in quotable
    ]
    empty = (
        "No entry has consent to be quoted."
        if entries
        else "The plan records no qualitative evidence (feedback, consultations, case studies)."
    )
    return Table(
        "Qualitative evidence",
        ("ID", "Kind", "Date", "Summary", "Source", "Links"),
        rows,
        empty=empty,
        name="evidence",
        note=withheld_note(entries),
    )


def evidence_section(facts: Facts) -> Section:
    """The Evidence section of the board and annual reports."""
    return Section(
        "evidence",
        "Evidence",
        [evidence_table(facts)],
        intro="Survivors' feedback, consultations, case studies and other qualitative evidence "
        "the plan records. A summary is quoted only when the person it came from agreed to be "
        "quoted; other entries are counted, never quoted.",
    )
