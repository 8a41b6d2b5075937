"""Render a report as Markdown, for wikis and email: the same content as the HTML.

RAG ratings are words in bold with a marker (``🔴 **Red**``), so they read in plain text; tables
are GitHub-flavoured pipe tables; charts become the sentence that describes them.

Every text of the report (plan text, data, aspcore's own sentences) passes through
:func:`escape_markdown`, so a partnership name holding ``<img src=x onerror=alert(1)>`` or an
action reading ``[click](javascript:...)`` shows as written in a wiki instead of running; the
only markup is what this module adds around the texts.
"""

from __future__ import annotations

import re

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

__all__ = ["escape_markdown", "render_markdown"]

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


#: Line breaks with the spaces around them: a text is one line (a table cell, a list item).
_LINE_BREAK = re.compile(r"\s*[\r\n]+\s*")
#: Characters that are Markdown markup anywhere in a line: escapes, code, emphasis, links and
#: images, table cells.
_INLINE = re.compile(r"([\\`*_\[\]|])")
#: What starts a block when it begins a line: a heading, a list item or rule, a setext
#: underline, an ordered list item (``1. ``); its last character is escaped.
_BLOCK_START = re.compile(r"^(\s*)(#|[-+=]|\d{1,9}[.)](?=\s|$))")


def escape_markdown(text: str) -> str:
    """``text`` as Markdown that reads as the same text and holds no markup or HTML.

    HTML's ``&``, ``<`` and ``>`` become entities (no tag, comment or autolink can start); the
    inline markup characters (backslash, backtick, ``*``, ``_``, ``[``, ``]``, ``|``) are
    escaped with a backslash; a heading, list or underline marker at the start is escaped; line
    breaks become spaces, so a text never leaves its table cell or list item.
    """
    text = _LINE_BREAK.sub(" ", text)
    text = _INLINE.sub(r"\\\1", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BLOCK_START.sub(lambda m: f"{m[1]}{m[2][:-1]}\\{m[2][-1]}", text)


def _cell(cell: Cell) -> str:
    if cell.rated or cell.rag:
        return _rag(cell.rag)
    if cell.text == "not rated":
        return _rag(None, rated=False)
    return escape_markdown(cell.text)


def _table(table: Table) -> list[str]:
    lines = [f"### {escape_markdown(table.title)}", ""]
    note = [escape_markdown(table.note), ""] if table.note else []
    if not table.rows:
        return [*lines, f"_{escape_markdown(table.empty)}_", "", *note]
    lines.append("| " + " | ".join(escape_markdown(c) or " " for c in table.columns) + " |")
    lines.append("|" + "---|" * len(table.columns))
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows]
    return [*lines, "", *note]


def _bullets(bullets: Bullets, section_title: str) -> list[str]:
    title = escape_markdown(bullets.title)
    lines = [f"### {title}", ""] if bullets.title != section_title else []
    if not bullets.count:
        return [*lines, f"_{escape_markdown(bullets.empty)}_", ""]
    for group in bullets.groups:
        if group.heading:
            lines += [f"**{escape_markdown(group.heading)}**", ""]
        for item in group.items:
            mark = f"{_rag(item.rag)} " if item.rated or item.rag else ""
            lines.append(f"- {mark}{escape_markdown(item.text)}")
        lines.append("")
    return lines


def _block(block: Block, section_title: str) -> list[str]:
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Bullets):
        return _bullets(block, section_title)
    if isinstance(block, Paragraph):
        return [escape_markdown(block.text), ""]
    if isinstance(block, RagDistribution | Trend | HeatMap):
        title, description = escape_markdown(block.title), escape_markdown(block.description)
        return [f"_Chart: {title}._ {description}", ""]
    raise TypeError(f"cannot render {type(block).__name__} as Markdown")


def render_markdown(report: ReportModel) -> str:
    """The report as Markdown text; the same report always gives the same text."""
    esc = escape_markdown
    lines = [f"# {esc(report.title)}: {esc(report.partnership)}", ""]
    provenance, disclosure = esc(report.provenance), esc(report.disclosure)
    if report.year:
        lines.append(f"Plan year {esc(report.year)}. {provenance}")
    else:
        lines.append(provenance)
    lines += ["", f"> **{disclosure}**", ""]
    head = report.headline
    lines += [f"## Where the partnership stands: {_rag(head.overall, head.rated)}", ""]
    lines += [
        f"Overall {rag_word(head.overall) if head.rated else 'not rated'}: {esc(head.reason)}.",
        "",
    ]
    lines += [f"- **{esc(label)}:** {esc(value)}" for label, value in head.figures]
    legend = "; ".join(f"{_rag(rag)} {esc(meaning)}" for rag, meaning in LEGEND)
    lines += ["", f"How to read the colours: {legend}.", ""]
    for section in report.sections:
        lines += [f"## {esc(section.title)}", ""]
        if section.intro:
            lines += [esc(section.intro), ""]
        for block in section.blocks:
            lines += _block(block, section.title)
    lines += ["---", "", f"{provenance} {disclosure}", ""]
    return "\n".join(lines)
