"""Render a report as Markdown, for wikis and email: the same content as the HTML.

RAG ratings are words in bold with a marker (``🔴 **Red**``), so they read in plain text; tables
are GitHub-flavoured pipe tables; charts become the sentence that describes them.
"""

from __future__ import annotations

from aspcore.model import Rag
from aspcore.report.colours import LEGEND, rag_word
from aspcore.report.model import (
    Block,
    Bullets,
    Cell,
    HeatMap,
    Paragraph,
    RagDistribution,
    ReportModel,
    Table,
    Trend,
)

__all__ = ["render_markdown"]

_MARKERS = {
    Rag.RED: "🔴",
    Rag.AMBER: "🟠",
    Rag.GREEN: "🟢",
    Rag.BLUE: "🔵",
    Rag.GREY: "⚪",
}


def _rag(rag: Rag | None, rated: bool = True) -> str:
    if not rated:
        return "**Not rated**"
    marker = _MARKERS.get(rag, "▫️") if rag else "▫️"
    return f"{marker} **{rag_word(rag)}**"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _cell(cell: Cell) -> str:
    if cell.rated or cell.rag:
        return _rag(cell.rag)
    if cell.text == "not rated":
        return _rag(None, rated=False)
    return _escape(cell.text)


def _table(table: Table) -> list[str]:
    lines = [f"### {table.title}", ""]
    note = [table.note, ""] if table.note else []
    if not table.rows:
        return [*lines, f"_{table.empty}_", "", *note]
    lines.append("| " + " | ".join(_escape(c) or " " for c in table.columns) + " |")
    lines.append("|" + "---|" * len(table.columns))
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows]
    return [*lines, "", *note]


def _bullets(bullets: Bullets, section_title: str) -> list[str]:
    lines = [f"### {bullets.title}", ""] if bullets.title != section_title else []
    if not bullets.count:
        return [*lines, f"_{bullets.empty}_", ""]
    for group in bullets.groups:
        if group.heading:
            lines += [f"**{group.heading}**", ""]
        for item in group.items:
            mark = f"{_rag(item.rag)} " if item.rated or item.rag else ""
            lines.append(f"- {mark}{item.text}")
        lines.append("")
    return lines


def _block(block: Block, section_title: str) -> list[str]:
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Bullets):
        return _bullets(block, section_title)
    if isinstance(block, Paragraph):
        return [block.text, ""]
    if isinstance(block, RagDistribution | Trend | HeatMap):
        return [f"_Chart: {block.title}._ {block.description}", ""]
    raise TypeError(f"cannot render {type(block).__name__} as Markdown")


def render_markdown(report: ReportModel) -> str:
    """The report as Markdown text; the same report always gives the same text."""
    lines = [f"# {report.title}: {_escape(report.partnership)}", ""]
    if report.year:
        lines.append(f"Plan year {report.year}. {report.provenance}")
    else:
        lines.append(report.provenance)
    lines += ["", f"> **{report.disclosure}**", ""]
    head = report.headline
    lines += [f"## Where the partnership stands: {_rag(head.overall, head.rated)}", ""]
    lines += [
        f"Overall {rag_word(head.overall) if head.rated else 'not rated'}: {head.reason}.",
        "",
    ]
    lines += [f"- **{label}:** {_escape(value)}" for label, value in head.figures]
    legend = "; ".join(f"{_rag(rag)} {meaning}" for rag, meaning in LEGEND)
    lines += ["", f"How to read the colours: {legend}.", ""]
    for section in report.sections:
        lines += [f"## {section.title}", ""]
        if section.intro:
            lines += [section.intro, ""]
        for block in section.blocks:
            lines += _block(block, section.title)
    lines += ["---", "", f"{report.provenance} {report.disclosure}", ""]
    return "\n".join(lines)
