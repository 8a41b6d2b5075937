"""Constant folding: compute at compile time what depends on literals only.

Folding runs the Python backend on the literal sub-expression, so it is bounded by the same
rules (exponents, exact integers, null for division by zero) and gives the value both backends
would.  It also drops what literals make unreachable, so no backend is asked to combine
literals alone (which some narwhals backends cannot broadcast).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from aspcore.expr import ir
from aspcore.expr.functions import FUNCTIONS
from aspcore.expr.python_backend import compile_node

__all__ = ["bind", "fold"]


def fold(node: ir.Node, source: str) -> ir.Node:
    """``node`` simplified: computed if it depends on literals only.

    Also: a strict operation (anything but ``and``, ``or``, ``if``, ``is_null`` and ``coalesce``)
    with a None operand is None; ``x if c else y`` with a literal ``c`` is the chosen branch;
    ``coalesce`` loses its None arguments and those after a literal.
    """
    if isinstance(node, ir.Const | ir.Field):
        return node
    if isinstance(node, ir.IfElse) and isinstance(node.cond, ir.Const):
        chosen = node.then if node.cond.value is True else node.orelse
        return fold(_standing_in(chosen, node), source)
    if isinstance(node, ir.IfElse) and _is_null(node.then) and _is_null(node.orelse):
        return _null(node)
    if isinstance(node, ir.Call) and node.name == "coalesce":
        simpler = _simplify_coalesce(node)
        if not isinstance(simpler, ir.Call):
            return fold(simpler, source)
        node = simpler
    if isinstance(node, ir.Call) and FUNCTIONS[node.name].needs_as_of:
        return node
    children = ir.children(node)
    if _strict(node) and any(isinstance(c, ir.Const) and c.value is None for c in children):
        return _null(node)
    if not all(isinstance(child, ir.Const) for child in children):
        return node
    value = compile_node(node, source)({})
    return ir.Const(value=value, type=node.type, pos=node.pos, text=node.text)


def _strict(node: ir.Node) -> bool:
    """Whether ``node`` is null when any operand is null."""
    if isinstance(node, ir.Call):
        return FUNCTIONS[node.name].null_propagating
    return not isinstance(node, ir.Logic | ir.IfElse)


def _is_null(node: ir.Node) -> bool:
    return isinstance(node, ir.Const) and node.value is None


def _null(node: ir.Node) -> ir.Const:
    return ir.Const(value=None, type=node.type, pos=node.pos, text=node.text)


def _standing_in(chosen: ir.Node, replaced: ir.Node) -> ir.Node:
    """``chosen`` in place of ``replaced`` (a None literal takes the replaced node's type)."""
    if isinstance(chosen, ir.Const) and chosen.value is None:
        return _null(replaced)
    return chosen


def _simplify_coalesce(node: ir.Call) -> ir.Node:
    args: list[ir.Node] = []
    for arg in node.args:
        if isinstance(arg, ir.Const) and arg.value is None:
            continue
        args.append(arg)
        if isinstance(arg, ir.Const):
            break
    if not args:
        return _null(node)
    if len(args) == 1:
        return _standing_in(args[0], node)
    return ir.Call(name=node.name, args=tuple(args), type=node.type, pos=node.pos, text=node.text)


def bind(node: ir.Node, values: Mapping[str, ir.ConstValue], source: str) -> ir.Node:
    """``node`` with the fields named in ``values`` replaced by those literals, folded again.

    How a built-in decision's thresholds enter its conditions: written as names, so the
    condition reads as the rule, and compiled as literals, so no backend reads them per row.
    """
    if isinstance(node, ir.Field):
        if node.name not in values:
            return node
        return ir.Const(value=values[node.name], type=node.type, pos=node.pos, text=node.text)
    changes: dict[str, Any] = {}
    for name in ("operand", "left", "right", "cond", "then", "orelse"):
        child = getattr(node, name, None)
        if child is not None:
            changes[name] = bind(child, values, source)
    if isinstance(node, ir.Logic):
        changes["operands"] = tuple(bind(c, values, source) for c in node.operands)
    if isinstance(node, ir.Call):
        changes["args"] = tuple(bind(c, values, source) for c in node.args)
    return fold(attrs.evolve(node, **changes), source) if changes else node
