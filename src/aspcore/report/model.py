"""The content of a report, independent of its format: a typed ReportModel.

Composers (:mod:`aspcore.report.compose`) turn an evaluation and its plan into a
:class:`ReportModel`; each renderer (HTML, Markdown, XLSX) draws the same model, so every format
says the same thing.  A report is a header (who, when, under which ruleset, published or not) and
a list of :class:`Section` values, each holding blocks: :class:`Table`, :class:`Bullets`,
:class:`Paragraph` and the three charts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from aspcore.model import Rag

__all__ = [
    "Block",
    "BulletGroup",
    "Bullets",
    "Cell",
    "Headline",
    "HeatCell",
    "HeatMap",
    "HeatRisk",
    "Item",
    "Paragraph",
    "RagDistribution",
    "ReportModel",
    "Section",
    "Table",
    "Trend",
    "TrendPoint",
]


# attrs converters, one per field type, so that lists given by composers become tuples and
# type checkers see the element types.
def _strs(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


def _rows(rows: Iterable[Iterable[Cell]]) -> tuple[tuple[Cell, ...], ...]:
    return tuple(tuple(row) for row in rows)


def _items(items: Iterable[Item]) -> tuple[Item, ...]:
    return tuple(items)


def _groups(groups: Iterable[BulletGroup]) -> tuple[BulletGroup, ...]:
    return tuple(groups)


def _counts(
    rows: Iterable[tuple[str, tuple[tuple[Rag, int], ...]]],
) -> tuple[tuple[str, tuple[tuple[Rag, int], ...]], ...]:
    return tuple(rows)


def _points(points: Iterable[TrendPoint]) -> tuple[TrendPoint, ...]:
    return tuple(points)


def _bands(
    bands: Iterable[tuple[Rag, float | None, float | None]],
) -> tuple[tuple[Rag, float | None, float | None], ...]:
    return tuple(bands)


def _risks(risks: Iterable[HeatRisk]) -> tuple[HeatRisk, ...]:
    return tuple(risks)


def _cells(cells: Iterable[HeatCell]) -> tuple[HeatCell, ...]:
    return tuple(cells)


def _blocks(blocks: Iterable[Block]) -> tuple[Block, ...]:
    return tuple(blocks)


def _pairs(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(pairs)


def _sections(sections: Iterable[Section]) -> tuple[Section, ...]:
    return tuple(sections)


@attrs.frozen
class Cell:
    """One table cell: its text, an optional RAG rating (shown as colour and word) and number.

    ``value`` keeps the number behind the text so spreadsheets can hold a real number.
    """

    text: str = ""
    rag: Rag | None = None
    rated: bool = False
    value: float | None = None


@attrs.frozen
class Table:
    """A table with column headers; the first column heads each row (``<th scope="row">``).

    ``empty`` is what to say when there are no rows ("No risks scored"); ``note`` is a sentence
    every format shows after the table, about what it leaves out ("2 more entries held without
    consent to quote").
    """

    title: str
    columns: tuple[str, ...] = attrs.field(converter=_strs)
    rows: tuple[tuple[Cell, ...], ...] = attrs.field(converter=_rows)
    empty: str = "Nothing to show."
    name: str = ""
    note: str = ""


@attrs.frozen
class Item:
    """One line of a bulleted list, optionally rated."""

    text: str
    rag: Rag | None = None
    rated: bool = False


@attrs.frozen
class BulletGroup:
    """Items under a heading (an owner, an agency); an empty heading means no sub-heading."""

    heading: str
    items: tuple[Item, ...] = attrs.field(converter=_items)


@attrs.frozen
class Bullets:
    """A titled list of items in groups; ``empty`` is said when there are none."""

    title: str
    groups: tuple[BulletGroup, ...] = attrs.field(converter=_groups)
    empty: str = "Nothing to report."

    @property
    def count(self) -> int:
        """How many items the list holds."""
        return sum(len(g.items) for g in self.groups)


@attrs.frozen
class Paragraph:
    """A paragraph of plain text."""

    text: str


@attrs.frozen
class RagDistribution:
    """Counts per RAG colour for each row (a pillar): drawn as stacked bars."""

    title: str
    rows: tuple[tuple[str, tuple[tuple[Rag, int], ...]], ...] = attrs.field(converter=_counts)
    description: str = ""


@attrs.frozen
class TrendPoint:
    """One period's value; ``value`` is ``None`` when missing or suppressed."""

    period: str
    value: float | None
    rag: Rag | None = None
    suppressed: bool = False


@attrs.frozen
class Trend:
    """An indicator's values over periods against its target, with RAG bands.

    ``bands`` are the rating scheme's bands over the shortfall against target, in percent:
    ``(rag, lower, upper)`` with ``None`` for an open end (Belfast: green up to 1, amber 1 to 5,
    red from 5).  ``higher`` is the polarity.
    """

    indicator: str
    title: str
    points: tuple[TrendPoint, ...] = attrs.field(converter=_points)
    target: float | None
    bands: tuple[tuple[Rag, float | None, float | None], ...] = attrs.field(converter=_bands)
    unit: str = ""
    higher: bool = True
    description: str = ""


@attrs.frozen
class HeatRisk:
    """A risk placed on the heat map by its likelihood (x) and impact (y)."""

    id: str
    likelihood: int
    impact: int


@attrs.frozen
class HeatCell:
    """A cell of the grid as the risks' scheme scores and bands it (``rag`` and ``label`` are
    the band's, as the risk register shows them)."""

    likelihood: int
    impact: int
    score: int | float | None
    label: str | None
    rag: Rag | None


@attrs.frozen
class HeatMap:
    """A likelihood by impact grid with the risks placed on it.

    ``cells`` colour the grid by the scheme's own bands; there are none when the risks on the
    map do not share one scheme that scores likelihood by impact, and the cells stay blank.
    """

    title: str
    size: int
    risks: tuple[HeatRisk, ...] = attrs.field(converter=_risks)
    cells: tuple[HeatCell, ...] = attrs.field(default=(), converter=_cells)
    description: str = ""


Block = Table | Bullets | Paragraph | RagDistribution | Trend | HeatMap


@attrs.frozen
class Section:
    """A titled part of a report; ``id`` anchors it in HTML."""

    id: str
    title: str
    blocks: tuple[Block, ...] = attrs.field(converter=_blocks)
    intro: str = ""


@attrs.frozen
class Headline:
    """Where the partnership stands: the overall rating, why, and the key figures."""

    overall: Rag | None
    rated: bool
    reason: str
    figures: tuple[tuple[str, str], ...] = attrs.field(converter=_pairs)


@attrs.frozen
class ReportModel:
    """A composed report: its header facts, the headline and its sections.

    The headline answers "where does the partnership stand?" and is shown first, so a reader
    needs nothing else to start.
    """

    kind: str
    title: str
    partnership: str
    year: str | None
    as_of: dt.date
    ruleset_name: str
    ruleset_version: str
    aspcore_version: str
    published: bool
    min_count: int
    headline: Headline
    sections: tuple[Section, ...] = attrs.field(converter=_sections)
    #: The plugins (``name version``) whose rules the evaluation used, besides aspcore's own.
    plugins: tuple[str, ...] = ()

    @property
    def disclosure(self) -> str:
        """The sentence every report carries about disclosure control."""
        if self.published:
            return (
                f"Published values: counts from 1 to {self.min_count - 1} are suppressed "
                "and shown as [c]."
            )
        return "UNPUBLISHED values: small counts are shown. Not for publication."

    @property
    def provenance(self) -> str:
        """As-of date, ruleset, plugins used and aspcore version, in one sentence."""
        used = f"; plugins {', '.join(self.plugins)}" if self.plugins else ""
        return (
            f"As of {self.as_of.isoformat()}; ruleset {self.ruleset_name} "
            f"version {self.ruleset_version}{used}; aspcore {self.aspcore_version}."
        )
