"""Inline SVG charts drawn by our own small code: no scripts, no fonts, no network.

Three charts, where people would rather look than read: RAG ratings per pillar (stacked bars),
an indicator's values against its target with the RAG bands behind them, and the risk heat map.
Every chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` that says in words
what it shows, and every colour is labelled with its word, so nothing depends on colour alone.
Coordinates are rounded to one decimal so the same data always gives the same bytes.
"""

from __future__ import annotations

import textwrap

from markupsafe import Markup, escape

from aspcore.model import Rag
from aspcore.report.colours import INK, NO_RATING, PAPER, RAG_COLOURS, TINTS, rag_word
from aspcore.report.model import HeatMap, RagDistribution, Trend

__all__ = ["heat_map", "rag_bars", "svg", "trend_chart"]

_TARGET = "#1F4E9E"
#: The lines between heat-map cells, visible on blank cells as on tinted ones.
_GRID = "#8A8A8A"
_FONT = "font-family:system-ui,-apple-system,'Segoe UI',Arial,sans-serif"


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _text(
    x: float,
    y: float,
    text: str,
    *,
    anchor: str = "start",
    size: int = 12,
    fill: str = INK,
    weight: str = "normal",
) -> str:
    return (
        f'<text x="{_f(x)}" y="{_f(y)}" text-anchor="{anchor}" font-size="{size}" '
        f'font-weight="{weight}" fill="{fill}">{escape(text)}</text>'
    )


def _rect(x: float, y: float, w: float, h: float, fill: str, extra: str = "") -> str:
    return f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(w)}" height="{_f(h)}" fill="{fill}"{extra}/>'


def svg(
    width: int, height: int, chart_id: str, title: str, description: str, body: list[str]
) -> Markup:
    """An accessible SVG element of the given size around ``body`` (already-safe markup)."""
    ident = escape(chart_id)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{ident}-t {ident}-d" style="{_FONT}">'
        f'<title id="{ident}-t">{escape(title)}</title>'
        f'<desc id="{ident}-d">{escape(description)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")


def rag_bars(chart: RagDistribution, chart_id: str = "rag-bars") -> Markup:
    """Stacked horizontal bars, one per pillar, each segment labelled with count and word."""
    label_w, bar_w, row_h, top = 120, 760, 40, 8
    most = max((sum(n for _r, n in cells) for _l, cells in chart.rows), default=0) or 1
    body: list[str] = []
    for index, (label, cells) in enumerate(chart.rows):
        y = top + index * row_h
        body.append(_text(label_w - 10, y + 21, label, anchor="end", size=15, weight="bold"))
        x = float(label_w)
        if not cells:
            body.append(_text(x + 4, y + 21, "nothing rated", size=14))
        for rag, count in cells:
            w = bar_w * count / most
            pair = RAG_COLOURS[rag]
            body.append(_rect(x, y, w, 30, pair.background, ' stroke="#FFFFFF"'))
            word = rag_word(rag).split(" ")[0]
            label_text = f"{count} {word}" if w >= 10 * len(f"{count} {word}") else str(count)
            body.append(
                _text(
                    x + w / 2,
                    y + 21,
                    label_text,
                    anchor="middle",
                    size=14,
                    fill=pair.text,
                    weight="bold",
                )
            )
            x += w
    legend_y = top + len(chart.rows) * row_h + 16
    x = float(label_w)
    for rag in (Rag.RED, Rag.AMBER, Rag.GREY, Rag.GREEN, Rag.BLUE):
        pair = RAG_COLOURS[rag]
        body.append(_rect(x, legend_y - 12, 15, 15, pair.background, f' stroke="{INK}"'))
        body.append(_text(x + 20, legend_y, rag_word(rag), size=13))
        x += 34 + 7.5 * len(rag_word(rag))
    height = legend_y + 10
    return svg(label_w + bar_w + 10, height, chart_id, chart.title, chart.description, body)


def _bands(trend: Trend) -> list[tuple[Rag, float | None, float | None]]:
    """Each band's value range (``None`` for an open end): shortfall percentages turned into
    values of the indicator, mirrored when lower is better."""
    assert trend.target is not None
    target, scale = trend.target, abs(trend.target) / 100
    ranges = []
    for rag, short_low, short_high in trend.bands:
        if trend.higher:
            top = None if short_low is None else target - short_low * scale
            bottom = None if short_high is None else target - short_high * scale
        else:
            bottom = None if short_low is None else target + short_low * scale
            top = None if short_high is None else target + short_high * scale
        ranges.append((rag, bottom, top))
    return ranges


def _band_words(bands: list[tuple[Rag, float | None, float | None]], unit: str) -> str:
    parts = []
    for rag, bottom, top in bands:
        if bottom is None and top is None:
            span = "any value"
        elif top is None:
            span = f"{_f(bottom or 0)}{unit} or more"
        elif bottom is None:
            span = f"below {_f(top)}{unit}"
        else:
            span = f"{_f(bottom)}{unit} to {_f(top)}{unit}"
        parts.append(f"{rag_word(rag)} {span}")
    return " · ".join(parts)


def _wrap(text: str, width: int) -> list[str]:
    """At most two lines of ``text``, the second shortened with an ellipsis if need be."""
    first, *rest = textwrap.wrap(text, width) or [""]
    return [first, textwrap.shorten(" ".join(rest), width, placeholder="…")] if rest else [first]


def trend_chart(trend: Trend, chart_id: str) -> Markup:
    """An indicator's values per period against its target, over labelled RAG bands.

    Each point is a dot in its period's RAG colour with its value written above it; the bands
    are tinted and named in words beneath the chart, with the target and polarity.
    """
    if trend.target is None:
        raise ValueError(f"indicator {trend.indicator} has no target to chart against")
    width, height, left, right, top, bottom = 360, 268, 44, 60, 48, 70
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [p.value for p in trend.points if p.value is not None]
    high = max([trend.target * 1.15, *(v * 1.12 for v in values), 1.0])
    low = min([0.0, *values])

    def y_of(value: float) -> float:
        return top + plot_h * (1 - (value - low) / (high - low))

    body = [
        _text(0, 16 + 17 * n, line, size=14, weight="bold")
        for n, line in enumerate(_wrap(trend.title, 44))
    ]
    bands = _bands(trend)
    for rag, start, end in bands:
        start, end = (
            max(low if start is None else start, low),
            min(high if end is None else end, high),
        )
        if end <= start or rag not in TINTS:
            continue
        body.append(_rect(left, y_of(end), plot_w, y_of(start) - y_of(end), TINTS[rag].background))
        if y_of(start) - y_of(end) >= 16:
            body.append(
                _text(left + plot_w + 5, (y_of(end) + y_of(start)) / 2 + 5, rag_word(rag), size=12)
            )
    ty = y_of(trend.target)
    body.append(
        f'<line x1="{left}" y1="{_f(ty)}" x2="{left + plot_w}" y2="{_f(ty)}" '
        f'stroke="{_TARGET}" stroke-width="2" stroke-dasharray="7 4"/>'
    )
    body.append(
        _text(
            left - 5, ty + 4, _f(trend.target), anchor="end", size=12, fill=_TARGET, weight="bold"
        )
    )
    body.append(_text(left - 5, y_of(low) + 4, _f(low), anchor="end", size=12))
    body.append(
        f'<line x1="{left}" y1="{_f(y_of(low))}" x2="{left + plot_w}" '
        f'y2="{_f(y_of(low))}" stroke="{INK}"/>'
    )
    step = plot_w / max(len(trend.points), 1)
    coords, dots = [], []
    for index, point in enumerate(trend.points):
        x = left + step * (index + 0.5)
        body.append(_text(x, top + plot_h + 17, point.period, anchor="middle", size=12))
        if point.value is None:
            body.append(
                _text(
                    x,
                    top + plot_h - 8,
                    "[c]" if point.suppressed else "no data",
                    anchor="middle",
                    size=12,
                )
            )
            continue
        y = y_of(point.value)
        coords.append(f"{_f(x)},{_f(y)}")
        fill = RAG_COLOURS[point.rag].background if point.rag else PAPER
        dots.append(
            f'<circle cx="{_f(x)}" cy="{_f(y)}" r="6" fill="{fill}" stroke="{INK}" '
            'stroke-width="2"/>'
        )
        dots.append(
            _text(
                x, y - 11, f"{_f(point.value)}{trend.unit}", anchor="middle", size=13, weight="bold"
            )
        )
    if len(coords) > 1:
        body.append(
            f'<polyline points="{" ".join(coords)}" fill="none" stroke="{INK}" stroke-width="2"/>'
        )
    body += dots
    polarity = "higher is better" if trend.higher else "lower is better"
    body.append(
        _text(
            0,
            height - 26,
            f"- - target {_f(trend.target)}{trend.unit}; {polarity}",
            size=12,
            fill=_TARGET,
        )
    )
    body.append(_text(0, height - 8, _band_words(bands, trend.unit), size=12))
    return svg(width, height, chart_id, trend.title, trend.description, body)


def heat_map(chart: HeatMap, chart_id: str = "heat-map") -> Markup:
    """A likelihood by impact grid, risks as labelled dots.

    Each cell the risks' scheme scores is tinted with its band's colour and labelled with the
    score and the band's name, as the risk register shows them (the colour is never the only
    cue); a grid without the scheme's cells is drawn blank.
    """
    cell, left, top = 84, 70, 10
    size = chart.size
    scored = {(c.likelihood, c.impact): c for c in chart.cells}
    body: list[str] = []
    for impact in range(size, 0, -1):
        y = top + (size - impact) * cell
        body.append(_text(left - 8, y + cell / 2 + 4, str(impact), anchor="end"))
        for likelihood in range(1, size + 1):
            x = left + (likelihood - 1) * cell
            found = scored.get((likelihood, impact))
            tint = TINTS.get(found.rag, NO_RATING) if found and found.rag else NO_RATING
            body.append(_rect(x, y, cell, cell, tint.background, f' stroke="{_GRID}"'))
            if found is not None and found.score is not None:
                words = f"{_f(found.score)} {found.label or ''}".strip()
                body.append(_text(x + 5, y + 16, words, size=12))
    bottom = top + size * cell
    for likelihood in range(1, size + 1):
        body.append(
            _text(left + (likelihood - 0.5) * cell, bottom + 16, str(likelihood), anchor="middle")
        )
    body.append(
        _text(left + size * cell / 2, bottom + 34, "Likelihood →", anchor="middle", weight="bold")
    )
    body.append(
        f'<text x="16" y="{_f(top + size * cell / 2)}" text-anchor="middle" '
        f'font-size="12" font-weight="bold" fill="{INK}" transform="rotate(-90 16 '
        f'{_f(top + size * cell / 2)})">Impact →</text>'
    )
    placed: dict[tuple[int, int], int] = {}
    for risk in chart.risks:
        key = (risk.likelihood, risk.impact)
        offset = placed.get(key, 0)
        placed[key] = offset + 1
        cx = left + (risk.likelihood - 1) * cell + 20 + 24 * (offset % 2)
        cy = top + (size - risk.impact) * cell + 38 + 20 * (offset // 2) - 6
        body.append(f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="11" fill="{INK}"/>')
        body.append(
            _text(cx, cy + 4, risk.id, anchor="middle", size=10, fill="#FFFFFF", weight="bold")
        )
    return svg(left + size * cell + 10, bottom + 44, chart_id, chart.title, chart.description, body)
