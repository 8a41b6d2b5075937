"""Formulas: arithmetic written once in the expression language, exact on one record.

A built-in calculation (a risk scheme's combination of its factors) is written as an expression
and compiled once.  On one record the Python backend computes it with the numbers it is given:
:class:`~fractions.Fraction` values stay fractions, so the per-plan engine's arithmetic is
exact; on a frame the narwhals backend computes the same expression in float64.
"""

from __future__ import annotations

from collections.abc import Mapping

import narwhals as nw

from aspcore.expr.narwhals_backend import compile_narwhals
from aspcore.expr.parser import parse
from aspcore.expr.python_backend import Env, compile_node
from aspcore.expr.types import FieldType

__all__ = ["Formula"]


class Formula:
    """A number-valued expression over typed fields."""

    def __init__(self, source: str, fields: Mapping[str, FieldType]) -> None:
        """Compile ``source``; raises :class:`~aspcore.errors.ExpressionError` when it does not
        compile."""
        self.source = source
        self._node = parse(source, dict(fields))
        self._fn = compile_node(self._node, source)

    def evaluate(self, env: Env) -> object:
        """The value for one record, from its fields' values (numbers, fractions included)."""
        return self._fn(env)

    def to_narwhals(self, columns: Mapping[str, nw.Expr]) -> nw.Expr:
        """The value for every row of a frame, reading each field from ``columns``."""
        return compile_narwhals(self._node, None, columns=columns)
