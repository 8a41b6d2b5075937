"""IR to nested closures: evaluate one record in microseconds.

The IR is compiled once; evaluating is calling the returned function with an environment (a dict
of field values, already normalised, plus the reference date under :data:`AS_OF`).  Nodes whose
static type is ``any`` check their values as they run and raise
:class:`~aspcore.errors.ExpressionError`, never a bare ``TypeError``.

Arithmetic follows float64 exactly, so the vectorised backend agrees: integers stay integers while
they are exact (up to 2**53), ``//`` is ``floor(a / b)``, ``%`` is ``a - b * floor(a / b)``, powers
go through ``math.pow``; overflow gives an infinity, NaN is null, and division by zero (or zero to
a negative power) is null.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from typing import Any, NoReturn, TypeAlias

from aspcore.errors import ExpressionError
from aspcore.expr import ir
from aspcore.expr.functions import FUNCTIONS
from aspcore.expr.limits import MAX_EXPONENT
from aspcore.expr.types import MAX_EXACT_INT, Type, kind_of

__all__ = ["AS_OF", "Env", "Fn", "compile_node"]

Env: TypeAlias = dict[str, Any]
Fn: TypeAlias = Callable[[Env], Any]

AS_OF = " as_of"
"""The environment key of the reference date (not an identifier, so no field can clash)."""

Number: TypeAlias = int | float


def _fix(value: Number) -> Number | None:
    """An arithmetic result as float64 would give it: NaN is null, big integers become floats."""
    if type(value) is int:
        if -MAX_EXACT_INT <= value <= MAX_EXACT_INT:
            return value
        try:
            return float(value)
        except OverflowError:  # past float64's range, as float64 arithmetic gives
            return math.inf if value > 0 else -math.inf
    return None if value != value else value


def _floor(value: float) -> Number:
    return math.floor(value) if math.isfinite(value) else value


def _add(a: Number, b: Number) -> Number | None:
    return _fix(a + b)


def _sub(a: Number, b: Number) -> Number | None:
    return _fix(a - b)


def _mul(a: Number, b: Number) -> Number | None:
    return _fix(a * b)


def _div(a: Number, b: Number) -> Number | None:
    return None if b == 0 else _fix(a / b)


def _floordiv(a: Number, b: Number) -> Number | None:
    quotient = _div(a, b)
    return None if quotient is None else _fix(_floor(quotient))


def _mod(a: Number, b: Number) -> Number | None:
    quotient = _div(a, b)
    return None if quotient is None else _fix(a - b * _floor(quotient))


def _pow(a: Number, b: Number) -> Number | None:
    if abs(b) > MAX_EXPONENT or (a == 0 and b < 0):
        return None
    try:
        result = math.pow(a, b)
    except ValueError:  # a negative base with a fractional exponent
        return None
    except OverflowError:
        odd = float(b).is_integer() and int(b) % 2 == 1
        return -math.inf if a < 0 and odd else math.inf
    if type(a) is int and type(b) is int and b >= 0 and abs(result) <= MAX_EXACT_INT:
        return int(result)
    return _fix(result)


_ARITH: dict[str, Callable[[Number, Number], Number | None]] = {
    "+": _add,
    "-": _sub,
    "*": _mul,
    "/": _div,
    "//": _floordiv,
    "%": _mod,
    "**": _pow,
}
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _null(env: Env) -> None:
    return None


def compile_node(node: ir.Node, source: str) -> Fn:
    """A function of an environment that evaluates ``node`` (``source`` names it in errors)."""
    return _Compiler(source).compile(node)


class _Compiler:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, node: ir.Node, message: str) -> NoReturn:
        raise ExpressionError(
            f"{message} in `{node.text}` at {node.pos} (expression `{self.source}`)"
        )

    def expect(self, node: ir.Node, value: object, *types: Type) -> None:
        """Raise unless ``value`` (not None) has one of ``types``; for nodes of type any."""
        kind = kind_of(value)
        if kind not in types:
            wanted = " or ".join(types)
            self.fail(node, f"expected {wanted}, got {kind} {value!r}")

    def compile(self, node: ir.Node) -> Fn:
        method: Callable[[Any], Fn] = getattr(self, f"compile_{type(node).__name__.lower()}")
        return method(node)

    def compile_const(self, node: ir.Const) -> Fn:
        value = node.value
        return lambda env: value

    def compile_field(self, node: ir.Field) -> Fn:
        return operator.itemgetter(node.name)

    def compile_negate(self, node: ir.Negate) -> Fn:
        operand = self.compile(node.operand)
        check = node.operand.type == "any"

        def negate(env: Env) -> Any:
            value = operand(env)
            if value is None:
                return None
            if check:
                self.expect(node.operand, value, "number")
            return -value

        return negate

    def compile_arith(self, node: ir.Arith) -> Fn:
        impl = _ARITH[node.op]
        left, right = self.compile(node.left), self.compile(node.right)
        check_left, check_right = node.left.type == "any", node.right.type == "any"
        if isinstance(node.right, ir.Const) and not check_left:
            constant = node.right.value
            if constant is None:
                return _null

            def arith_const(env: Env) -> Any:
                a = left(env)
                return None if a is None else impl(a, constant)  # type: ignore[arg-type]

            return arith_const

        def arith(env: Env) -> Any:
            a = left(env)
            if a is None:
                return None
            b = right(env)
            if b is None:
                return None
            if check_left:
                self.expect(node.left, a, "number")
            if check_right:
                self.expect(node.right, b, "number")
            return impl(a, b)

        return arith

    def compile_compare(self, node: ir.Compare) -> Fn:
        op = _COMPARE[node.op]
        left, right = self.compile(node.left), self.compile(node.right)
        check = "any" in (node.left.type, node.right.type)
        ordering = node.op not in ("==", "!=")
        if isinstance(node.right, ir.Const) and not check:
            constant = node.right.value
            if constant is None:
                return _null

            def compare_const(env: Env) -> Any:
                a = left(env)
                return None if a is None else op(a, constant)

            return compare_const

        def compare(env: Env) -> Any:
            a = left(env)
            if a is None:
                return None
            b = right(env)
            if b is None:
                return None
            if check:
                self.check_comparable(node, a, b, ordering)
            return op(a, b)

        return compare

    def check_comparable(self, node: ir.Compare, a: object, b: object, ordering: bool) -> None:
        kind_a, kind_b = kind_of(a), kind_of(b)
        if kind_a != kind_b:
            self.fail(node, f"cannot compare {kind_a} {a!r} with {kind_b} {b!r}")
        if ordering and kind_a == "boolean":
            self.fail(node, f"booleans cannot be ordered with '{node.op}'")

    def compile_in(self, node: ir.In) -> Fn:
        operand = self.compile(node.operand)
        values = frozenset(node.values)
        negated = node.negated
        wanted: Type = kind_of(node.values[0])
        check = node.operand.type == "any"

        def member(env: Env) -> Any:
            value = operand(env)
            if value is None:
                return None
            if check:
                self.expect(node.operand, value, wanted)
            return (value in values) is not negated

        return member

    def compile_logic(self, node: ir.Logic) -> Fn:
        operands = tuple(zip(node.operands, map(self.compile, node.operands), strict=True))
        stop = node.op == "or"  # the value that decides: True for 'or', False for 'and'

        def logic(env: Env) -> Any:
            unknown = False
            for sub, fn in operands:
                value = fn(env)
                if value is stop:
                    return stop
                if value is None:
                    unknown = True
                elif value is not (not stop):
                    self.expect(sub, value, "boolean")
            return None if unknown else not stop

        return logic

    def compile_not(self, node: ir.Not) -> Fn:
        operand = self.compile(node.operand)

        def negation(env: Env) -> Any:
            value = operand(env)
            if value is None:
                return None
            if value is True:
                return False
            if value is False:
                return True
            self.expect(node.operand, value, "boolean")
            return None  # pragma: no cover - expect raised

        return negation

    def compile_ifelse(self, node: ir.IfElse) -> Fn:
        cond, then, orelse = map(self.compile, (node.cond, node.then, node.orelse))

        def choose(env: Env) -> Any:
            flag = cond(env)
            if flag is True:
                return then(env)
            if flag is not None and flag is not False:
                self.expect(node.cond, flag, "boolean")
            return orelse(env)

        return choose

    def compile_call(self, node: ir.Call) -> Fn:
        spec = FUNCTIONS[node.name]
        args = tuple(map(self.compile, node.args))
        impl = spec.python
        checked = [i for i, arg in enumerate(node.args) if arg.type == "any"]
        needs_as_of = spec.needs_as_of
        if spec.null_propagating and len(args) == 1 and not checked and not needs_as_of:
            (only,) = args

            def call_one(env: Env) -> Any:
                value = only(env)
                return None if value is None else impl(value)

            return call_one

        def call(env: Env) -> Any:
            values = [arg(env) for arg in args]
            if spec.null_propagating and any(value is None for value in values):
                return None
            if checked:
                self.check_args(node, values, checked)
            if needs_as_of:
                return impl(env[AS_OF], *values)
            return impl(*values)

        return call

    def check_args(self, node: ir.Call, values: list[Any], checked: list[int]) -> None:
        spec = FUNCTIONS[node.name]
        shared: Type | None = None
        for index, (arg, value) in enumerate(zip(node.args, values, strict=True)):
            param = spec.param(index)
            if value is None or param == "any":
                continue
            if param == "T":
                kind = kind_of(value)
                if kind not in spec.generic or (shared is not None and kind != shared):
                    expected = shared or " or ".join(sorted(spec.generic))
                    self.fail(arg, f"expected {expected}, got {kind} {value!r}")
                shared = kind
            elif index in checked:
                self.expect(arg, value, param)
