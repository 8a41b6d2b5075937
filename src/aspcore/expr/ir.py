"""The typed intermediate representation: what the parser builds and the backends compile.

Every node is a frozen attrs instance carrying its static type, its position in the source
(``pos``, 1-based line and column) and the source text it came from (``text``), so both backends
can name the part of an expression that went wrong.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Literal, TypeAlias

import attrs

from aspcore.expr.types import Type

__all__ = [
    "Arith",
    "ArithOp",
    "Call",
    "Compare",
    "CompareOp",
    "Const",
    "Field",
    "IfElse",
    "In",
    "Logic",
    "Negate",
    "Node",
    "Not",
    "Pos",
    "children",
    "walk",
]

ArithOp = Literal["+", "-", "*", "/", "//", "%", "**"]
CompareOp = Literal["==", "!=", "<", "<=", ">", ">="]
ConstValue: TypeAlias = int | float | str | bool | dt.date | None


@attrs.frozen
class Pos:
    """A 1-based line and column in the expression's source."""

    line: int
    column: int

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}"


@attrs.frozen(kw_only=True)
class Const:
    """A literal value (``None`` has type ``null``)."""

    value: ConstValue
    type: Type
    pos: Pos
    text: str


@attrs.frozen(kw_only=True)
class Field:
    """A reference to a field of the record (a column of the frame)."""

    name: str
    type: Type
    pos: Pos
    text: str


@attrs.frozen(kw_only=True)
class Negate:
    """Unary minus."""

    operand: Node
    type: Type
    pos: Pos
    text: str


@attrs.frozen(kw_only=True)
class Arith:
    """A binary arithmetic operation on numbers."""

    op: ArithOp
    left: Node
    right: Node
    type: Type
    pos: Pos
    text: str


@attrs.frozen(kw_only=True)
class Compare:
    """One comparison (chained comparisons become a ``Logic`` ``and`` of these)."""

    op: CompareOp
    left: Node
    right: Node
    type: Type
    pos: Pos
    text: str


@attrs.frozen(kw_only=True)
class In:
    """``operand in (v1, v2, ...)`` (or ``not in``) against literal values."""

    operand: Node
    values: tuple[ConstValue, ...]
    negated: bool
    type: Type
    pos: Pos
    text: str


@attrs.frozen(kw_only=True)
class Logic:
    """``and`` / ``or`` over two or more operands, with three-valued (Kleene) logic."""

    op: Literal["and", "or"]
    operands: tuple[Node, ...]
    type: Type
    pos: Pos
    text: str


@attrs.frozen(kw_only=True)
class Not:
    """Logical negation (``not null`` is null)."""

    operand: Node
    type: Type
    pos: Pos
    text: str


@attrs.frozen(kw_only=True)
class IfElse:
    """``then if cond else orelse``; a null condition takes the ``orelse`` branch."""

    cond: Node
    then: Node
    orelse: Node
    type: Type
    pos: Pos
    text: str


@attrs.frozen(kw_only=True)
class Call:
    """A call of a whitelisted function (see :data:`aspcore.expr.FUNCTIONS`)."""

    name: str
    args: tuple[Node, ...]
    type: Type
    pos: Pos
    text: str


Node: TypeAlias = Const | Field | Negate | Arith | Compare | In | Logic | Not | IfElse | Call


def children(node: Node) -> tuple[Node, ...]:
    """The direct sub-nodes of ``node``."""
    if isinstance(node, Negate | Not):
        return (node.operand,)
    if isinstance(node, Arith | Compare):
        return (node.left, node.right)
    if isinstance(node, In):
        return (node.operand,)
    if isinstance(node, Logic):
        return node.operands
    if isinstance(node, IfElse):
        return (node.cond, node.then, node.orelse)
    if isinstance(node, Call):
        return node.args
    return ()


def walk(node: Node) -> Iterator[Node]:
    """``node`` and every node below it, depth first."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(children(current)))
