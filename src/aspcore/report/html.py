"""Render a report as one self-contained HTML file (jinja2, autoescaping on).

Everything is inline: the CSS, the SVG charts, no scripts, no fonts, no links out, so the file can
be emailed, opened offline, shown on a projector or printed to A4.  A partnership can supply its
own templates: :func:`html_renderer` puts its folders in front of the built-in ones, so a
``report.html.j2`` (or the ``_blocks.html.j2`` macros) there replaces ours.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import jinja2
from markupsafe import Markup

from aspcore.report import charts
from aspcore.report.colours import INK, LEGEND, NO_RATING, PAPER, RAG_COLOURS, rag_word
from aspcore.report.model import (
    Block,
    Bullets,
    HeatMap,
    Paragraph,
    RagDistribution,
    ReportModel,
    Table,
    Trend,
)

__all__ = ["TEMPLATES", "environment", "render_html", "stylesheet"]

#: The folder of built-in templates.
TEMPLATES = Path(__file__).with_name("templates")


def stylesheet() -> str:
    """The RAG badge classes, generated from the one table of colours the contrast test checks."""
    rules = [
        f".rag-{rag.value}{{background:{pair.background};color:{pair.text}}}"
        for rag, pair in RAG_COLOURS.items()
    ]
    rules.append(
        f".rag-none{{background:{NO_RATING.background};color:{NO_RATING.text};"
        f"border:1px solid {INK}}}"
    )
    return "\n".join(rules)


def block_type(block: Block) -> str:
    """The macro name that draws a block."""
    names: dict[type, str] = {
        Table: "table",
        Bullets: "bullets",
        Paragraph: "paragraph",
        RagDistribution: "chart",
        Trend: "chart",
        HeatMap: "chart",
    }
    return names[type(block)]


def grouped(blocks: Sequence[Block]) -> list[tuple[str, list[tuple[int, Block]]]]:
    """Blocks with their position, consecutive charts grouped to sit side by side."""
    groups: list[tuple[str, list[tuple[int, Block]]]] = []
    for index, block in enumerate(blocks, start=1):
        kind = "charts" if block_type(block) == "chart" else "block"
        if groups and kind == "charts" and groups[-1][0] == "charts":
            groups[-1][1].append((index, block))
        else:
            groups.append((kind, [(index, block)]))
    return groups


def chart(block: Block, chart_id: str) -> Markup:
    """The SVG of a chart block."""
    if isinstance(block, RagDistribution):
        return charts.rag_bars(block, chart_id)
    if isinstance(block, Trend):
        return charts.trend_chart(block, chart_id)
    if isinstance(block, HeatMap):
        return charts.heat_map(block, chart_id)
    raise TypeError(f"not a chart: {type(block).__name__}")


def long_date(day: dt.date) -> str:
    """A date as people write it in the UK: ``30 November 2018``."""
    return f"{day.day} {day:%B %Y}"


def environment(template_dirs: Sequence[Path] = ()) -> jinja2.Environment:
    """A jinja2 environment with autoescaping on, looking in ``template_dirs`` first."""
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader([str(d) for d in template_dirs])]
    loaders.append(jinja2.FileSystemLoader(str(TEMPLATES)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        block_type=block_type,
        chart=chart,
        grouped=grouped,
        long_date=long_date,
        rag_word=rag_word,
        stylesheet=stylesheet,
        INK=INK,
        PAPER=PAPER,
        legend=LEGEND,
    )
    return env


def render_html(report: ReportModel, template_dirs: Sequence[Path] = ()) -> str:
    """The report as HTML text; the same report always gives the same text."""
    return environment(template_dirs).get_template("report.html.j2").render(report=report)
