"""Intermediate columns computed in layers, so that no sub-expression is computed twice.

Narwhals cannot name a sub-expression: an expression used twice is built, and on pandas
computed, twice, and a rule that reuses its intermediate values (days to due, expected progress,
the digits of a number) grows exponentially as a single tree.  :class:`Steps` keeps each
intermediate value as a temporary column instead.  Expressions are added to the current layer and
may read only columns of earlier layers; :meth:`Steps.apply` adds the layers with one
``with_columns`` each and :meth:`Steps.finish` drops the temporary columns.  Lazy backends
(polars, DuckDB, PySpark) fuse the layers into one plan; eager ones compute each column once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeAlias

import narwhals as nw

__all__ = ["Frame", "Steps"]

#: A narwhals frame, eager or lazy.
Frame: TypeAlias = nw.DataFrame[Any] | nw.LazyFrame[Any]


class Steps:
    """Layers of temporary columns over a frame whose columns are ``taken``."""

    def __init__(self, taken: Iterable[str]) -> None:
        names = set(taken)
        prefix = "_aspcore_"
        while any(name.startswith(prefix) for name in names):
            prefix = f"_{prefix}"
        self._prefix = prefix
        self._layers: list[dict[str, nw.Expr]] = [{}]
        self._count = 0

    def __call__(self, expr: nw.Expr) -> nw.Expr:
        """Compute ``expr`` in the current layer; returns a reference to its column."""
        name = f"{self._prefix}{self._count}"
        self._count += 1
        self._layers[-1][name] = expr
        return nw.col(name)

    def then(self) -> None:
        """Start a new layer: what follows may read every column added so far."""
        if self._layers[-1]:
            self._layers.append({})

    def apply(self, frame: Frame) -> Frame:
        """``frame`` with every layer's columns added, in order."""
        for layer in self._layers:
            if layer:
                frame = frame.with_columns(**layer)
        return frame

    def finish(self, frame: Frame) -> Frame:
        """``frame`` without the temporary columns."""
        temporary = [name for layer in self._layers for name in layer]
        return frame.drop(temporary) if temporary else frame
