"""IR to one narwhals expression: evaluate a whole frame in a single vectorised pass.

The expression is built from :func:`narwhals.col` and :func:`narwhals.lit` only, so it runs on
any frame narwhals reads (polars eager and lazy, pandas with numpy or pyarrow dtypes, pyarrow,
DuckDB) and gives the Python backend's answers, nulls included.  Inside, booleans are encoded as
numbers (see :mod:`aspcore.expr.narwhals_helpers`) and decoded once at the end.

Columns of declared type ``number`` are read as float64 (NaN is null), ``date`` columns are cast
to a date type and ``boolean`` columns are encoded.  Columns of type ``any`` are read as they are
and converted where an operator needs a type, so the frame's own dtypes decide what happens.

A part that reads no column (``days_until(date('2019-01-01'))``, which folding leaves for want
of the date) is computed once by the Python backend when the reference date is known, and enters
as a literal: no backend is asked to run text or date functions over literals alone.

Narwhals cannot name a sub-expression, so one used twice is computed twice on backends without
common-subexpression elimination (pandas).  Every use is built separately and counted; an
expression whose vectorised form would exceed :data:`~aspcore.expr.limits.MAX_VECTOR_SIZE`
is refused.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Callable, Mapping
from typing import Any

import narwhals as nw

from aspcore.errors import ExpressionError
from aspcore.expr import ir
from aspcore.expr import narwhals_helpers as h
from aspcore.expr.functions import FUNCTIONS
from aspcore.expr.limits import MAX_EXPONENT, MAX_VECTOR_SIZE
from aspcore.expr.python_backend import AS_OF, compile_node
from aspcore.expr.types import Type

__all__ = ["compile_narwhals"]

_LITERAL_DTYPES: dict[str, Any] = {"text": nw.String, "date": nw.Date}
_NATIVE: dict[str, Callable[[nw.Expr, nw.Expr], nw.Expr]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def compile_narwhals(
    node: ir.Node,
    as_of: dt.date | None,
    *,
    truthy: bool = False,
    columns: Mapping[str, nw.Expr] | None = None,
) -> nw.Expr:
    """The narwhals expression computing ``node``, decoded for output.

    ``as_of`` is the reference date (if the expression uses one).  With ``truthy`` a boolean
    result is a null-free mask (null counts as false).  ``columns`` gives the expression a field
    is read from (a computed column), where it is not the column of the field's name.
    """
    builder = _Builder(node, as_of, columns or {})
    if node.type == "boolean":
        if truthy:
            return builder.mask(node)
        return h.decode(builder.build(node), builder.build(node))
    result = builder.build(node)
    if truthy:  # type any: a boolean column as it is
        return result.fill_null(False) == nw.lit(True)
    return result


class _Builder:
    def __init__(
        self, root: ir.Node, as_of: dt.date | None, columns: Mapping[str, nw.Expr]
    ) -> None:
        self.root = root
        self.as_of = as_of
        self.columns = columns
        self.size = 0
        self._reads: dict[int, bool] = {}

    def build(self, node: ir.Node) -> nw.Expr:
        """``node`` in the backend's representation (every call counts towards the size)."""
        self.size += 1
        if self.size > MAX_VECTOR_SIZE:
            raise ExpressionError(
                f"`{self.root.text}` is too complex to run on a frame: its vectorised form "
                f"repeats parts beyond the limit of {MAX_VECTOR_SIZE}; simplify or split it"
            )
        if not isinstance(node, ir.Const) and not self.reads_a_column(node):
            value = compile_node(node, self.root.text)({AS_OF: self.as_of})
            node = ir.Const(value=value, type=node.type, pos=node.pos, text=node.text)
        method: Callable[[ir.Node], nw.Expr] = getattr(self, f"build_{type(node).__name__.lower()}")
        return method(node)

    def mask(self, node: ir.Node) -> nw.Expr:
        """Whether boolean ``node`` is true, null counting as false.

        ``a and b`` is true exactly when both are, and ``a or b`` when either is, so the masks
        of a condition's ``and``/``or`` are their operands' masks combined with ``&``/``|``:
        the top of a rule's condition (a filter) needs no encoding of nulls.  A comparison of
        numbers, texts or dates is the backend's own, where both sides are known: null and
        false are alike in a mask, so the encoding that keeps them apart is not needed.
        """
        if isinstance(node, ir.Logic) and self.reads_a_column(node):
            combine = operator.and_ if node.op == "and" else operator.or_
            return functools.reduce(combine, (self.mask(operand) for operand in node.operands))
        if isinstance(node, ir.Compare) and self.reads_a_column(node):
            kinds = {node.left.type, node.right.type}
            if len(kinds) == 1 and kinds <= {"number", "text", "date"}:
                return self.native_comparison(node, kinds.pop())
        if isinstance(node, ir.Call) and node.name == "is_null" and self.reads_a_column(node):
            (arg,) = node.args
            if arg.type in ("number", "text", "date"):
                self.size += 1
                return self.typed(arg, arg.type).is_null()
        return self.typed(node, "boolean") > h.number(0)

    def native_comparison(self, node: ir.Compare, type_: Type) -> nw.Expr:
        """``left op right`` as the backend compares, false where either side is null.

        A null operand makes every comparison null or false on every backend, except ``!=``
        on numpy-backed pandas (NaN differs from everything): only that one is guarded, so no
        operand is built twice otherwise.
        """
        self.size += 1
        sides = (node.left, node.right)
        result = _NATIVE[node.op](*(self.typed(side, type_) for side in sides))
        if node.op == "!=":
            for side in sides:
                if not isinstance(side, ir.Const):
                    result = result & ~self.typed(side, type_).is_null()
        return result.fill_null(False)

    def reads_a_column(self, node: ir.Node) -> bool:
        """Whether ``node`` or a part of it is a field (known once per node)."""
        known = self._reads.get(id(node))
        if known is None:
            known = isinstance(node, ir.Field) or any(
                self.reads_a_column(child) for child in ir.children(node)
            )
            self._reads[id(node)] = known
        return known

    def typed(self, node: ir.Node, wanted: Type) -> nw.Expr:
        """``node`` as ``wanted`` (converting a column of type any; typed nulls for None)."""
        if isinstance(node, ir.Const) and node.value is None:
            return h.null_of(wanted)
        expr = self.build(node)
        if node.type != "any" or wanted == "any":
            return expr
        return _from_raw(expr, wanted)

    def raw(self, node: ir.Node) -> nw.Expr:
        """``node`` as a native column (booleans decoded), for places of type any."""
        if node.type == "boolean":
            return h.decode(self.build(node), self.build(node))
        return self.build(node)

    def build_const(self, node: ir.Const) -> nw.Expr:
        value = node.value
        if value is None:
            return h.null_of(node.type)
        if node.type == "boolean":
            return h.number(1 if value else -1)
        if node.type == "number":
            return h.number(value)  # type: ignore[arg-type]
        return nw.lit(value, _LITERAL_DTYPES[node.type])

    def build_field(self, node: ir.Field) -> nw.Expr:
        column = self.columns.get(node.name)
        if column is None:
            column = nw.col(node.name)
        return column if node.type == "any" else _from_raw(column, node.type)

    def build_negate(self, node: ir.Negate) -> nw.Expr:
        return -self.typed(node.operand, "number")

    def build_arith(self, node: ir.Arith) -> nw.Expr:
        left, right = node.left, node.right

        def a() -> nw.Expr:
            return self.typed(left, "number")

        def b() -> nw.Expr:
            return self.typed(right, "number")

        if node.op in ("+", "-", "*"):
            return h.clean(_NUMERIC[node.op](a(), b()))
        if node.op == "**":
            return h.clean(self.power(a, b, right))
        if isinstance(right, ir.Const):
            divisor = h.null_of("number") if right.value == 0 else b()
        else:
            divisor = nw.when(b() != h.number(0)).then(b())
        if node.op == "/":
            return h.clean(a() / divisor)
        quotient = (a() / divisor).floor()
        return h.clean(quotient if node.op == "//" else a() - b() * quotient)

    def power(
        self, a: Callable[[], nw.Expr], b: Callable[[], nw.Expr], exponent: ir.Node
    ) -> nw.Expr:
        """``a ** b``; null for a zero base with a negative exponent, or a too large exponent.

        Nulls are checked explicitly: where null is NaN (numpy-backed pandas), ``NaN ** 0`` and
        ``1 ** NaN`` are 1.
        """
        if isinstance(exponent, ir.Const):  # bounded when parsed
            value = exponent.value
            assert isinstance(value, int | float)
            if value == 0:
                return nw.when(~a().is_null()).then(h.number(1))
            if value > 0:
                return a() ** b()
            return nw.when(a() != h.number(0)).then(a()) ** b()
        known = ~a().is_null() & ~b().is_null()
        bounded = b().abs() <= h.number(MAX_EXPONENT)
        defined = (a() != h.number(0)) | (b() >= h.number(0))
        return nw.when(known & bounded & defined).then(a() ** b())

    def build_compare(self, node: ir.Compare) -> nw.Expr:
        op, left, right = node.op, node.left, node.right
        kinds = {left.type, right.type}
        if "number" in kinds:
            a, b = self.typed(left, "number"), self.typed(right, "number")
            return _number_comparison(op, a, b)
        if "boolean" in kinds:
            product = self.typed(left, "boolean") * self.typed(right, "boolean")
            return product if op == "==" else -product
        result = _NATIVE[op](self.build(left), self.build(right))
        guards = [self.build(side) for side in (left, right) if not isinstance(side, ir.Const)]
        return h.encode_guarded(result, guards)

    def build_in(self, node: ir.In) -> nw.Expr:
        values = node.values
        wanted: Type = "boolean" if isinstance(values[0], bool) else node.operand.type
        if wanted == "any":
            wanted = "number" if isinstance(values[0], int | float) else "any"
        if wanted == "boolean":
            operand = self.typed(node.operand, "boolean")
            if True in values and False in values:
                found = operand.abs()
            else:
                found = operand if True in values else -operand
        else:
            expr = self.typed(node.operand, wanted)
            listed: list[object] = list(values)
            if wanted == "number":  # + 0.0 makes -0.0 zero: pyarrow's is_in tells them apart
                expr = expr + h.number(0)
                listed = [float(v) + 0.0 for v in values]  # type: ignore[arg-type]
            found = h.encode_guarded(expr.is_in(listed), [self.typed(node.operand, wanted)])
        return -found if node.negated else found

    def build_logic(self, node: ir.Logic) -> nw.Expr:
        operands = [self.typed(operand, "boolean") for operand in node.operands]
        combine = nw.min_horizontal if node.op == "and" else nw.max_horizontal
        return combine(*operands)

    def build_not(self, node: ir.Not) -> nw.Expr:
        return -self.typed(node.operand, "boolean")

    def build_ifelse(self, node: ir.IfElse) -> nw.Expr:
        cond = self.mask(node.cond)
        type_ = node.type if node.type != "null" else "any"
        then_null = isinstance(node.then, ir.Const) and node.then.value is None
        orelse_null = isinstance(node.orelse, ir.Const) and node.orelse.value is None
        if type_ in ("number", "text", "date") and (then_null or orelse_null):
            if then_null and orelse_null:
                return h.null_of(type_)
            if orelse_null:
                return nw.when(cond).then(self.build(node.then))
            return nw.when(~cond).then(self.build(node.orelse))
        if type_ == "any":
            return nw.when(cond).then(self.raw(node.then)).otherwise(self.raw(node.orelse))
        return (
            nw.when(cond)
            .then(self.typed(node.then, type_))
            .otherwise(self.typed(node.orelse, type_))
        )

    def build_call(self, node: ir.Call) -> nw.Expr:
        return FUNCTIONS[node.name].narwhals(_CallArgs(self, node))


class _CallArgs:
    """A call's arguments for a function's narwhals implementation (see ``h.Args``)."""

    def __init__(self, builder: _Builder, node: ir.Call) -> None:
        self.builder = builder
        self.node = node
        self.spec = FUNCTIONS[node.name]
        self.as_of = builder.as_of

    def expr(self, index: int) -> nw.Expr:
        arg = self.node.args[index]
        param = self.spec.param(index)
        if param != "T":
            return self.builder.typed(arg, param)
        shared = self.shared()
        return self.builder.raw(arg) if shared == "any" else self.builder.typed(arg, shared)

    def shared(self) -> Type:
        known = {arg.type for arg in self.node.args} - {"null", "any"}
        return known.pop() if len(known) == 1 else "any"

    def literal(self, index: int) -> object:
        arg = self.node.args[index]
        assert isinstance(arg, ir.Const)
        return arg.value

    def is_literal(self, index: int) -> bool:
        return isinstance(self.node.args[index], ir.Const)

    def type(self, index: int) -> Type:
        param = self.spec.param(index)
        if param == "T" and self.node.args[index].type != "null":
            return self.shared()
        return self.node.args[index].type

    def count(self) -> int:
        return len(self.node.args)


_NUMERIC: dict[str, Callable[[nw.Expr, nw.Expr], nw.Expr]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
}


def _number_comparison(op: str, a: nw.Expr, b: nw.Expr) -> nw.Expr:
    if op == "==":
        return h.equal(a, b)
    if op == "!=":
        return -h.equal(a, b)
    if op == "<":
        return h.less(a, b)
    if op == ">":
        return h.less(b, a)
    if op == "<=":
        return -h.less(b, a)
    return -h.less(a, b)


def _from_raw(expr: nw.Expr, wanted: Type) -> nw.Expr:
    """A native column as the representation of ``wanted``."""
    if wanted == "number":
        return h.clean(expr.cast(nw.Float64))
    if wanted == "date":
        return expr.cast(nw.Date)
    if wanted == "boolean":
        return h.encode(expr)
    return expr
