"""Renderers: the built-in formats and those plugins register, looked up by format name.

A :class:`Renderer` turns an evaluation and its plan into the bytes or text of one format.  The
built-in ones (:data:`BUILTIN_RENDERERS`: ``html``, ``xlsx``, ``markdown``, ``json``) are
registered like any plugin's, by the built-in plugin :mod:`aspcore.builtin.renderers`
(``trylast``); a plugin's ``aspcore_register_renderers`` can add formats or replace a built-in one
by using its name (for instance an ``html`` renderer with the partnership's own templates, see
:func:`aspcore.report.html_renderer`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import attrs

from aspcore.errors import AspcoreError
from aspcore.model import Plan
from aspcore.plugins import manager_or_default
from aspcore.report.compose import KINDS, compose
from aspcore.report.disclosure import redact_evaluation
from aspcore.report.facts import ReportOptions
from aspcore.report.html import render_html
from aspcore.report.markdown import render_markdown
from aspcore.report.since import changes_json
from aspcore.report.xlsx import render_xlsx
from aspcore.rules.evaluation import Evaluation

if TYPE_CHECKING:
    from aspcore.plugins import Plugins

__all__ = [
    "BUILTIN_RENDERERS",
    "HOOK",
    "RenderFunction",
    "Renderer",
    "ReportError",
    "html_renderer",
    "renderers",
]

#: The hook plugins implement to register renderers.
HOOK = "aspcore_register_renderers"

#: ``(evaluation, plan, kind, published, options) -> bytes | str``
RenderFunction = Callable[[Evaluation, Plan, str, bool, ReportOptions], "bytes | str"]


class ReportError(AspcoreError, ValueError):
    """A report cannot be rendered: unknown format or kind, or a renderer that failed."""

    code: ClassVar[str] = "REPORT"


@attrs.frozen
class Renderer:
    """One output format: its name, file suffixes, the kinds it renders and the function.

    ``suffixes`` map output files to the format (``report.html`` → ``html``); ``binary`` says
    whether the function returns bytes.
    """

    format: str
    render: RenderFunction
    suffixes: tuple[str, ...] = ()
    kinds: tuple[str, ...] = tuple(KINDS)
    binary: bool = False
    description: str = ""


def _html(templates: Sequence[Path]) -> RenderFunction:
    def render(e: Evaluation, p: Plan, kind: str, published: bool, o: ReportOptions) -> str:
        return render_html(compose(e, p, kind, published=published, options=o), templates)

    return render


def html_renderer(template_dirs: Sequence[Path], *, format: str = "html") -> Renderer:
    """An HTML renderer that looks in ``template_dirs`` before the built-in templates.

    Return it from ``aspcore_register_renderers`` to give every report the partnership's own
    ``report.html.j2`` (or override only ``base.html.j2`` or ``_blocks.html.j2``).
    """
    return Renderer(
        format,
        _html(tuple(Path(d) for d in template_dirs)),
        (".html", ".htm"),
        description="HTML with the partnership's templates",
    )


def _markdown(e: Evaluation, p: Plan, kind: str, published: bool, o: ReportOptions) -> str:
    return render_markdown(compose(e, p, kind, published=published, options=o))


def _xlsx(e: Evaluation, p: Plan, kind: str, published: bool, o: ReportOptions) -> bytes:
    return render_xlsx(compose(e, p, kind, published=published, options=o))


def _json(e: Evaluation, p: Plan, _kind: str, published: bool, o: ReportOptions) -> str:
    data = e.to_dict()
    if published:
        data = redact_evaluation(data, p, min_count=o.min_count)
    else:
        data["disclosure"] = {"published": False, "min_count": o.min_count, "suppressed": []}
    if o.since is not None:
        data["changes_since"] = changes_json(
            e, o.since, p, published=published, min_count=o.min_count
        )
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


BUILTIN_RENDERERS: tuple[Renderer, ...] = (
    Renderer("html", _html(()), (".html", ".htm"), description="one self-contained HTML file"),
    Renderer("xlsx", _xlsx, (".xlsx",), binary=True, description="Excel workbook"),
    Renderer("markdown", _markdown, (".md", ".markdown"), description="Markdown"),
    Renderer("json", _json, (".json",), description="the evaluation JSON"),
)


def renderers(plugins: Plugins | None = None) -> dict[str, Renderer]:
    """Format name → renderer: the built-ins, then each plugin's (a plugin's wins on a clash).

    Without a plugin manager, the shared default's (built-ins and installed plugins).  A plugin
    whose hook fails or returns something other than :class:`Renderer` objects is reported as a
    plugin failure, not raised.
    """
    return manager_or_default(plugins).registry(
        HOOK, Renderer, "aspcore.report.Renderer", lambda r: r.format
    )
