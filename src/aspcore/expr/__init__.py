"""The safe expression language of rules' ``when`` conditions.

An expression is compiled once from Python-like source against a whitelist (it is never passed
to ``eval``) and then runs on one record (:meth:`Expression.evaluate`) or, as one narwhals
expression, on a whole frame (:meth:`Expression.to_narwhals`), with the same answers.  The
language is documented in ``docs/expressions.md``; the built-in rules' decision tables, formulas
and reason templates written in it (:class:`DecisionTable`, :class:`Formula`,
:class:`Template`) in ``docs/decisions.md``.
"""

from __future__ import annotations

from aspcore.expr.decisions import Decision, DecisionTable
from aspcore.expr.expression import Expression, compile_expression, is_valid
from aspcore.expr.formulas import Formula
from aspcore.expr.functions import FUNCTIONS, FunctionSpec
from aspcore.expr.templates import Template, escape
from aspcore.expr.types import FieldType

__all__ = [
    "FUNCTIONS",
    "Decision",
    "DecisionTable",
    "Expression",
    "FieldType",
    "Formula",
    "FunctionSpec",
    "Template",
    "compile_expression",
    "escape",
    "is_valid",
]
