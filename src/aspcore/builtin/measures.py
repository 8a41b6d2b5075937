"""Built-in plugin: the measures compute blocks can name (:mod:`aspcore.indicators.measures`).

Registered with ``trylast=True``, so a plugin's measure with a built-in's name replaces it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aspcore.hookspecs import hookimpl

if TYPE_CHECKING:
    from aspcore.indicators.measures import Measure

__all__ = ["aspcore_register_measures"]


@hookimpl(trylast=True)
def aspcore_register_measures() -> list[Measure]:
    """The built-in measures, imported now that indicators are computed or checked."""
    from aspcore.indicators.measures import BUILTIN_MEASURES

    return list(BUILTIN_MEASURES.values())
