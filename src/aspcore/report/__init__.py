"""Reports a partnership board reads: HTML with charts, XLSX action plans, Markdown and JSON.

>>> import aspcore, datetime
>>> from aspcore.report import render
>>> plan = aspcore.load_plan("examples/northshire-plan.yaml")                # doctest: +SKIP
>>> evaluation = aspcore.evaluate(plan, as_of=datetime.date(2018, 11, 30))  # doctest: +SKIP
>>> html = render(evaluation, plan, "html", kind="board")                    # doctest: +SKIP

Kinds: ``board`` (Progress, Problems, Priorities, Points for action, then the action plan,
indicators, coverage, SMART, risks and findings), ``annual`` (Salford's template), ``logframe``
(the guide's Table 6) and ``exceptions``.  Published values (small counts suppressed) by default.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from aspcore.errors import AspcoreError
from aspcore.isolation import ESCAPES, summary
from aspcore.model import Plan
from aspcore.report.compose import KINDS, compose
from aspcore.report.facts import ReportOptions
from aspcore.report.model import ReportModel
from aspcore.report.registry import (
    BUILTIN_RENDERERS,
    HOOK,
    Renderer,
    ReportError,
    html_renderer,
    renderers,
)
from aspcore.rules.evaluation import Evaluation

if TYPE_CHECKING:
    from aspcore.plugins import Plugins

__all__ = [
    "BUILTIN_RENDERERS",
    "HOOK",
    "KINDS",
    "Renderer",
    "ReportError",
    "ReportModel",
    "ReportOptions",
    "compose",
    "format_for",
    "html_renderer",
    "render",
    "renderers",
    "write_report",
]


def _renderer(format: str, kind: str, plugins: Plugins | None) -> Renderer:
    known = renderers(plugins)
    if format not in known:
        raise ReportError(
            f"unknown report format {format!r}; expected one of {', '.join(sorted(known))}"
        )
    renderer = known[format]
    if kind not in renderer.kinds:
        raise ReportError(
            f"the {format} renderer has no {kind!r} report; expected one of "
            f"{', '.join(renderer.kinds)}"
        )
    return renderer


def render(
    evaluation: Evaluation,
    plan: Plan,
    format: str,
    kind: str = "board",
    *,
    published: bool = True,
    options: ReportOptions | None = None,
    plugins: Plugins | None = None,
) -> bytes | str:
    """Render one kind of report in one format: ``str`` for text formats, ``bytes`` for XLSX.

    ``published`` (the default) applies disclosure control; pass ``False`` only for internal
    copies, which then say on every page that they are unpublished.  ``plugins`` adds the
    renderers plugins register.  Unknown formats or kinds raise :class:`ReportError`, and so
    does a renderer that raises (``sys.exit()`` included), naming the exception's type only:
    its text may quote the plan.
    """
    renderer = _renderer(format, kind, plugins)
    try:
        return renderer.render(evaluation, plan, kind, published, options or ReportOptions())
    except AspcoreError:
        raise
    except ESCAPES as exc:
        raise ReportError(f"the {format} renderer failed: {summary(exc)}") from exc


def format_for(path: Path, plugins: Plugins | None = None) -> str:
    """The format an output file's suffix asks for (``board.xlsx`` → ``xlsx``)."""
    suffix = path.suffix.lower()
    for renderer in renderers(plugins).values():
        if suffix in renderer.suffixes:
            return renderer.format
    known = sorted({s for r in renderers(plugins).values() for s in r.suffixes})
    raise ReportError(
        f"cannot tell the report format of {path.name!r} from its suffix; expected one of "
        f"{', '.join(known)} (or pass the format explicitly)"
    )


def write_report(
    evaluation: Evaluation,
    plan: Plan,
    out: Path,
    kind: str = "board",
    *,
    format: str | None = None,
    published: bool = True,
    options: ReportOptions | None = None,
    plugins: Plugins | None = None,
) -> Path:
    """Render a report into ``out`` (format from its suffix unless given) and return the path.

    Creates the parent folder.  This is what ``aspcore report PLAN -o OUT`` calls.
    """
    chosen = format or format_for(out, plugins)
    content = render(
        evaluation, plan, chosen, kind, published=published, options=options, plugins=plugins
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        out.write_bytes(content)
    else:
        # errors="replace": a lone surrogate in a plugin's or a finding's text cannot be
        # written as UTF-8; it is shown as "?" rather than losing the whole report
        out.write_text(content, encoding="utf-8", errors="replace", newline="\n")
    return out
