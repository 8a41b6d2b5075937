"""Built-in plugin: the report formats shipped with aspcore (:mod:`aspcore.report`).

Registered with ``trylast=True``, so a plugin's renderer of a built-in format (its own ``html``
templates, say) replaces it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aspcore.hookspecs import hookimpl

if TYPE_CHECKING:
    from aspcore.report.registry import Renderer

__all__ = ["aspcore_register_renderers"]


@hookimpl(trylast=True)
def aspcore_register_renderers() -> list[Renderer]:
    """The built-in renderers, imported now that a report is rendered."""
    from aspcore.report.registry import BUILTIN_RENDERERS

    return list(BUILTIN_RENDERERS)
