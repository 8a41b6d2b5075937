"""IR to one narwhals expression: evaluate a whole frame in a single vectorised pass.

The expression is built from :func:`narwhals.col` and :func:`narwhals.lit` only, so it runs on
any frame narwhals reads (polars eager and lazy, pandas with numpy or pyarrow dtypes, pyarrow,
DuckDB).  It gives the same answers as the Python backend, including nulls: see
:mod:`aspcore.expr.narwhals_helpers` for how backend differences are neutralised.

Columns of declared type ``number`` are read as float64 (NaN and infinities become null) and
``date`` columns are cast to a date type; columns of type ``any`` are read as they are, so the
frame's own dtypes decide what happens.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import narwhals as nw

from aspcore.expr import ir
from aspcore.expr import narwhals_helpers as h
from aspcore.expr.functions import FUNCTIONS
from aspcore.expr.limits import MAX_EXPONENT

__all__ = ["compile_narwhals"]

_DTYPES: dict[str, Any] = {
    "number": nw.Float64,
    "text": nw.String,
    "date": nw.Date,
    "boolean": nw.Boolean,
}
_COMPARE: dict[str, Callable[[nw.Expr, nw.Expr], nw.Expr]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def compile_narwhals(node: ir.Node, as_of: dt.date | None) -> nw.Expr:
    """The narwhals expression computing ``node`` (``as_of`` is the reference date, if used)."""
    return _Builder(as_of).build(node)


def _is_null_literal(node: ir.Node) -> bool:
    return isinstance(node, ir.Const) and node.value is None


def _variable(pairs: list[tuple[ir.Node, nw.Expr]]) -> list[nw.Expr]:
    """The expressions of the non-literal nodes: those that can be null."""
    return [expr for node, expr in pairs if not isinstance(node, ir.Const)]


class _Builder:
    def __init__(self, as_of: dt.date | None) -> None:
        self.as_of = as_of

    def build(self, node: ir.Node) -> nw.Expr:
        method: Callable[[ir.Node], nw.Expr] = getattr(self, f"build_{type(node).__name__.lower()}")
        return method(node)

    def number(self, node: ir.Node) -> nw.Expr:
        expr = self.build(node)
        return expr.cast(nw.Float64) if node.type == "any" else expr

    def build_const(self, node: ir.Const) -> nw.Expr:
        if node.value is None:
            return nw.lit(None)
        if node.type == "number":
            return h.number(node.value)  # type: ignore[arg-type]
        return nw.lit(node.value, _DTYPES[node.type])

    def build_field(self, node: ir.Field) -> nw.Expr:
        column = nw.col(node.name)
        if node.type == "number":
            return h.finite(column)
        if node.type == "date":
            return column.cast(nw.Date)
        return column

    def build_negate(self, node: ir.Negate) -> nw.Expr:
        return -self.number(node.operand)

    def build_arith(self, node: ir.Arith) -> nw.Expr:
        a, b = self.number(node.left), self.number(node.right)
        if node.op == "+":
            result = a + b
        elif node.op == "-":
            result = a - b
        elif node.op == "*":
            result = a * b
        elif node.op == "/":
            result = a / b
        elif node.op == "//":
            result = (a / b).floor()
        elif node.op == "%":
            result = a - b * (a / b).floor()
        elif isinstance(node.right, ir.Const):  # a constant exponent was bounded when parsed
            result = a**b
        else:
            result = nw.when(b.abs() <= h.number(MAX_EXPONENT)).then(a**b)
        return h.finite(result)

    def build_compare(self, node: ir.Compare) -> nw.Expr:
        a, b = self.build(node.left), self.build(node.right)
        result = _COMPARE[node.op](a, b)
        return h.guard(result, _variable([(node.left, a), (node.right, b)]))

    def build_in(self, node: ir.In) -> nw.Expr:
        operand = self.build(node.operand)
        values = [float(v) if node.operand.type == "number" else v for v in node.values]  # type: ignore[arg-type]
        found = operand.is_in(values)
        return h.guard(~found if node.negated else found, _variable([(node.operand, operand)]))

    def build_logic(self, node: ir.Logic) -> nw.Expr:
        operands = [self.build(operand) for operand in node.operands]
        trues = [h.is_true(operand) for operand in operands]
        falses = [h.is_false(operand) for operand in operands]
        if node.op == "and":
            decided, value, complete = _any(falses), False, _all(trues)
        else:
            decided, value, complete = _any(trues), True, _all(falses)
        rest = nw.when(complete).then(nw.lit(not value))
        return nw.when(decided).then(nw.lit(value)).otherwise(rest)

    def build_not(self, node: ir.Not) -> nw.Expr:
        operand = self.build(node.operand)
        rest = nw.when(h.is_false(operand)).then(nw.lit(True))
        return nw.when(h.is_true(operand)).then(nw.lit(False)).otherwise(rest)

    def build_ifelse(self, node: ir.IfElse) -> nw.Expr:
        cond = h.is_true(self.build(node.cond))
        then_null, orelse_null = _is_null_literal(node.then), _is_null_literal(node.orelse)
        if then_null and orelse_null:
            return nw.lit(None)
        if orelse_null:
            return nw.when(cond).then(self.build(node.then))
        if then_null:
            return nw.when(~cond).then(self.build(node.orelse))
        return nw.when(cond).then(self.build(node.then)).otherwise(self.build(node.orelse))

    def build_call(self, node: ir.Call) -> nw.Expr:
        spec = FUNCTIONS[node.name]
        args: list[object] = []
        variable: list[nw.Expr] = []
        for index, arg in enumerate(node.args):
            if isinstance(arg, ir.Const) and (arg.value is None or index in spec.literal):
                args.append(arg.value)
                continue
            param = spec.param(index)
            expr = self.number(arg) if param == "number" else self.build(arg)
            args.append(expr)
            if not isinstance(arg, ir.Const):
                variable.append(expr)
        result = spec.narwhals(self.as_of, *args) if spec.needs_as_of else spec.narwhals(*args)
        if spec.returns == "number":
            result = h.finite(result)
        return h.guard(result, variable) if spec.null_propagating else result


def _any(exprs: list[nw.Expr]) -> nw.Expr:
    result = exprs[0]
    for expr in exprs[1:]:
        result = result | expr
    return result


def _all(exprs: list[nw.Expr]) -> nw.Expr:
    result = exprs[0]
    for expr in exprs[1:]:
        result = result & expr
    return result
