"""Source text to typed IR: Python syntax, walked against a whitelist, never executed.

The text is parsed with ``ast.parse(mode="eval")`` and every node is either translated into an
:mod:`aspcore.expr.ir` node or refused with an :class:`~aspcore.errors.ExpressionError` giving the
line and column.  Types are inferred on the way up, so a mismatch is refused before anything runs.
"""

from __future__ import annotations

import ast
import difflib
import math
import re
from collections.abc import Callable, Mapping
from typing import Literal

from aspcore.errors import ExpressionError
from aspcore.expr import ir
from aspcore.expr.folding import fold
from aspcore.expr.functions import FUNCTIONS
from aspcore.expr.limits import MAX_DEPTH, MAX_EXPONENT, MAX_INT_LITERAL, MAX_LENGTH, MAX_NODES
from aspcore.expr.typecheck import call_type, check_comparison, expect_boolean, expect_number
from aspcore.expr.types import FieldType, Type

__all__ = ["parse"]

_ARITH: dict[type[ast.operator], ir.ArithOp] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.Pow: "**",
}
_BIT_OPERATORS: dict[type[ast.AST], str] = {
    ast.BitAnd: "'&' (use 'and')",
    ast.BitOr: "'|' (use 'or')",
    ast.BitXor: "'^'",
    ast.LShift: "'<<'",
    ast.RShift: "'>>'",
    ast.MatMult: "'@'",
    ast.Invert: "'~' (use 'not')",
}
_COMPARE: dict[type[ast.cmpop], ir.CompareOp] = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
}
_REFUSED: dict[type[ast.AST], str] = {
    ast.Attribute: "attribute access",
    ast.Subscript: "indexing and slicing",
    ast.Lambda: "lambda",
    ast.ListComp: "comprehensions",
    ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions",
    ast.GeneratorExp: "generator expressions",
    ast.Dict: "dict literals",
    ast.Set: "set literals",
    ast.JoinedStr: "f-strings",
    ast.FormattedValue: "f-strings",
    ast.NamedExpr: "assignment expressions (':=')",
    ast.Starred: "starred expressions ('*')",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
    ast.Slice: "indexing and slicing",
}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def parse(source: str, fields: Mapping[str, FieldType] | None) -> ir.Node:
    """The typed IR of ``source``; ``fields`` declares field types (None: any name, type any)."""
    if not isinstance(source, str):
        raise ExpressionError(f"an expression must be text, not {type(source).__name__}")
    if len(source) > MAX_LENGTH:
        raise ExpressionError(
            f"expression is {len(source)} characters long; the limit is {MAX_LENGTH}"
        )
    try:
        source.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate: half of a character, never text
        raise ExpressionError(
            f"expression holds a character that is not text at position {exc.start + 1}"
        ) from None
    body = source.lstrip(" \t")
    lead = len(source) - len(body)
    if not body.strip():
        raise ExpressionError("expression is empty")
    try:
        tree = ast.parse(body, mode="eval")
    except SyntaxError as exc:
        line = exc.lineno or 1
        column = (exc.offset or 1) + (lead if line == 1 else 0)
        hint = "; wrap an expression over several lines in parentheses" if "\n" in body else ""
        raise ExpressionError(
            f"syntax error at line {line}, column {column}: {exc.msg}{hint}"
        ) from None
    except (RecursionError, MemoryError):
        raise ExpressionError(f"expression is nested too deeply (limit {MAX_DEPTH})") from None
    builder = _Builder(body, lead, fields)
    builder.check_limits(tree.body)
    return builder.build(tree.body)


class _Builder:
    def __init__(self, source: str, lead: int, fields: Mapping[str, FieldType] | None) -> None:
        self.source = source
        self.lead = lead
        self.lines = _LINE_BREAK.split(source)
        self.fields = fields
        self.handlers: dict[type[ast.AST], Callable[[ast.expr], ir.Node]] = {
            ast.Constant: self.constant,  # type: ignore[dict-item]
            ast.Name: self.name,  # type: ignore[dict-item]
            ast.UnaryOp: self.unary,  # type: ignore[dict-item]
            ast.BinOp: self.binop,  # type: ignore[dict-item]
            ast.BoolOp: self.boolop,  # type: ignore[dict-item]
            ast.Compare: self.compare,  # type: ignore[dict-item]
            ast.IfExp: self.ifexp,  # type: ignore[dict-item]
            ast.Call: self.call,  # type: ignore[dict-item]
        }

    # -- positions and errors -------------------------------------------------------------------

    def pos(self, node: ast.AST) -> ir.Pos:
        line = getattr(node, "lineno", 1)
        offset = getattr(node, "col_offset", 0)
        text = self.lines[line - 1] if line <= len(self.lines) else ""
        column = len(text.encode("utf-8")[:offset].decode("utf-8", errors="replace")) + 1
        return ir.Pos(line, column + (self.lead if line == 1 else 0))

    def text(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.source, node) or ""

    def error(self, node: ast.AST, message: str, hint: str | None = None) -> ExpressionError:
        suffix = f"; {hint}" if hint else ""
        return ExpressionError(f"{message} at {self.pos(node)}{suffix}")

    def check_limits(self, root: ast.expr) -> None:
        count = 0
        stack: list[tuple[ast.AST, int]] = [(root, 1)]
        while stack:
            node, depth = stack.pop()
            count += 1
            if count > MAX_NODES:
                raise ExpressionError(f"expression has more than {MAX_NODES} parts")
            if depth > MAX_DEPTH:
                raise self.error(node, f"expression is nested more than {MAX_DEPTH} deep")
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.expr_context | ast.operator | ast.cmpop):
                    continue
                if isinstance(child, ast.boolop | ast.unaryop):
                    continue
                stack.append((child, depth + 1))

    # -- nodes ----------------------------------------------------------------------------------

    def build(self, node: ast.expr) -> ir.Node:
        handler = self.handlers.get(type(node))
        if handler is not None:
            return fold(handler(node), self.source)
        if isinstance(node, ast.List | ast.Tuple):
            raise self.error(node, "lists and tuples are only allowed on the right of 'in'")
        what = _REFUSED.get(type(node), type(node).__name__)
        raise self.error(node, f"{what} not allowed")

    def constant(self, node: ast.Constant) -> ir.Const:
        value = node.value
        pos, text = self.pos(node), self.text(node)
        if value is None:
            return ir.Const(value=None, type="null", pos=pos, text=text)
        if isinstance(value, bool):
            return ir.Const(value=value, type="boolean", pos=pos, text=text)
        if isinstance(value, int):
            if abs(value) >= MAX_INT_LITERAL:
                raise self.error(node, f"integer {value} is too large (limit: below 2**53)")
            return ir.Const(value=value, type="number", pos=pos, text=text)
        if isinstance(value, float):
            if not math.isfinite(value):
                raise self.error(node, f"number {self.text(node)} is too large")
            return ir.Const(value=value, type="number", pos=pos, text=text)
        if isinstance(value, str):
            return ir.Const(value=value, type="text", pos=pos, text=text)
        what = {bytes: "bytes literals", complex: "complex numbers"}.get(type(value), "'...'")
        raise self.error(node, f"{what} not allowed")

    def name(self, node: ast.Name) -> ir.Field:
        name = node.id
        if name.startswith("__"):
            raise self.error(node, f"name '{name}' not allowed (names may not start with '__')")
        pos, text = self.pos(node), self.text(node)
        if self.fields is None:
            return ir.Field(name=name, type="any", pos=pos, text=text)
        if name in self.fields:
            return ir.Field(name=name, type=self.fields[name], pos=pos, text=text)
        if name in FUNCTIONS:
            raise self.error(node, f"'{name}' is a function", f"call it as {name}(...)")
        candidates = [*self.fields, "True", "False", "None"]
        close = difflib.get_close_matches(name, candidates, n=1)
        known = sorted(self.fields)
        if close:
            hint = f"did you mean '{close[0]}'?"
        elif known:
            hint = "fields: " + ", ".join(known[:30]) + (", ..." if len(known) > 30 else "")
        else:
            hint = "no fields are declared"
        raise self.error(node, f"unknown name '{name}'", hint)

    def unary(self, node: ast.UnaryOp) -> ir.Node:
        pos, text = self.pos(node), self.text(node)
        if isinstance(node.op, ast.Invert):
            raise self.error(node, f"bit operator {_BIT_OPERATORS[ast.Invert]} not allowed")
        if isinstance(node.op, ast.Not):
            operand = self.build(node.operand)
            expect_boolean(operand, "'not'")
            return ir.Not(operand=operand, type="boolean", pos=pos, text=text)
        inner = node.operand
        if (
            isinstance(node.op, ast.USub)
            and isinstance(inner, ast.Constant)
            and type(inner.value) in (int, float)
        ):
            const = self.constant(inner)
            return ir.Const(value=-const.value, type="number", pos=pos, text=text)  # type: ignore[operator]
        operand = self.build(inner)
        expect_number(operand, f"'{'-' if isinstance(node.op, ast.USub) else '+'}'")
        if isinstance(node.op, ast.UAdd):
            return operand
        return ir.Negate(operand=operand, type="number", pos=pos, text=text)

    def binop(self, node: ast.BinOp) -> ir.Arith:
        op = _ARITH.get(type(node.op))
        if op is None:
            raise self.error(node, f"bit operator {_BIT_OPERATORS[type(node.op)]} not allowed")
        left, right = self.build(node.left), self.build(node.right)
        for side in (left, right):
            expect_number(side, f"'{op}'")
        if op == "**":
            self.check_exponent(node.right, right)
        return ir.Arith(
            op=op, left=left, right=right, type="number", pos=self.pos(node), text=self.text(node)
        )

    def boolop(self, node: ast.BoolOp) -> ir.Logic:
        op: Literal["and", "or"] = "and" if isinstance(node.op, ast.And) else "or"
        operands = tuple(self.build(value) for value in node.values)
        for operand in operands:
            expect_boolean(operand, f"'{op}'")
        return ir.Logic(
            op=op, operands=operands, type="boolean", pos=self.pos(node), text=self.text(node)
        )

    def compare(self, node: ast.Compare) -> ir.Node:
        for op in node.ops:
            if isinstance(op, ast.Is | ast.IsNot):
                word = "is" if isinstance(op, ast.Is) else "is not"
                hint = "use is_null(x), or == to compare values"
                raise self.error(node, f"'{word}' not allowed", hint)
        parts: list[ir.Node] = []
        left: ir.Node | None = self.build(node.left)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            if left is None:
                raise self.error(node, "a comparison cannot follow 'in [...]'; use 'and'")
            if isinstance(op, ast.In | ast.NotIn):
                parts.append(self.membership(node, left, right_node, isinstance(op, ast.NotIn)))
                left = None
                continue
            right = self.build(right_node)
            parts.append(self.comparison(node, _COMPARE[type(op)], left, right))
            left = right
        if len(parts) == 1:
            return parts[0]
        return ir.Logic(  # each comparison folded, as every node built alone is
            op="and",
            operands=tuple(fold(part, self.source) for part in parts),
            type="boolean",
            pos=self.pos(node),
            text=self.text(node),
        )

    def comparison(
        self, node: ast.Compare, op: ir.CompareOp, left: ir.Node, right: ir.Node
    ) -> ir.Compare:
        check_comparison(op, left, right, self.pos(node))
        return ir.Compare(
            op=op, left=left, right=right, type="boolean", pos=self.pos(node), text=self.text(node)
        )

    def membership(self, node: ast.Compare, left: ir.Node, right: ast.expr, negated: bool) -> ir.In:
        word = "not in" if negated else "in"
        if not isinstance(right, ast.List | ast.Tuple):
            raise self.error(right, f"the right of '{word}' must be a list or tuple of literals")
        if left.type == "null":
            raise self.error(node, f"None {word} [...] always gives null", "use is_null(x)")
        if not right.elts:
            raise self.error(right, f"the list after '{word}' is empty")
        values: list[ir.ConstValue] = []
        types = {left.type} - {"any"}
        for element in right.elts:
            built = self.build(element)
            if not isinstance(built, ir.Const):
                raise self.error(element, f"only literals may appear in the list after '{word}'")
            if built.type == "null":
                raise self.error(element, "None in an 'in' list never matches", "use is_null(x)")
            types.add(built.type)
            if len(types) > 1:
                raise self.error(
                    element, f"`{built.text}` is {built.type}; cannot mix types with '{word}'"
                )
            values.append(built.value)
        return ir.In(
            operand=left,
            values=tuple(values),
            negated=negated,
            type="boolean",
            pos=self.pos(node),
            text=self.text(node),
        )

    def ifexp(self, node: ast.IfExp) -> ir.IfElse:
        cond = self.build(node.test)
        expect_boolean(cond, "the condition of 'if'")
        then, orelse = self.build(node.body), self.build(node.orelse)
        types = {then.type, orelse.type} - {"null"}
        if "any" in types:
            type_: Type = "any"
        elif len(types) > 1:
            raise self.error(
                node,
                f"the branches of 'if' differ: `{then.text}` is {then.type}, "
                f"`{orelse.text}` is {orelse.type}",
            )
        else:
            type_ = types.pop() if types else "null"
        return ir.IfElse(
            cond=cond,
            then=then,
            orelse=orelse,
            type=type_,
            pos=self.pos(node),
            text=self.text(node),
        )

    def call(self, node: ast.Call) -> ir.Node:
        if not isinstance(node.func, ast.Name):
            what = _REFUSED.get(type(node.func), "calling an expression")
            raise self.error(node.func, f"{what} not allowed", "only functions called by name")
        name = node.func.id
        if name.startswith("__"):
            raise self.error(node, f"name '{name}' not allowed (names may not start with '__')")
        spec = FUNCTIONS.get(name)
        if spec is None:
            if self.fields is not None and name in self.fields:
                raise self.error(node, f"'{name}' is a field, not a function")
            close = difflib.get_close_matches(name, list(FUNCTIONS), n=1)
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else "functions: " + ", ".join(sorted(FUNCTIONS))
            )
            raise self.error(node.func, f"unknown function '{name}'", hint)
        if node.keywords:
            message = f"keyword arguments not allowed in {name}()"
            raise self.error(node, message, "pass arguments in order")
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise self.error(arg, f"starred arguments not allowed in {name}()")
        count = len(node.args)
        if count < spec.min_args or (spec.max_args is not None and count > spec.max_args):
            usage = spec.signature.split(" ->")[0]
            raise self.error(node, f"{usage} cannot take {count} argument(s)")
        args = tuple(self.build(arg) for arg in node.args)
        returns = call_type(spec.name, args, self.pos(node))
        pos, text = self.pos(node), self.text(node)
        if spec.fold:
            value = spec.python(*(arg.value for arg in args if isinstance(arg, ir.Const)))
            return ir.Const(value=value, type=returns, pos=pos, text=text)
        return ir.Call(name=name, args=args, type=returns, pos=pos, text=text)

    def check_exponent(self, source: ast.expr, exponent: ir.Node) -> None:
        """Refuse a constant exponent beyond the bound (variable ones give null when too big)."""
        value = exponent.value if isinstance(exponent, ir.Const) else None
        if isinstance(value, int | float) and abs(value) > MAX_EXPONENT:
            raise self.error(source, f"exponent {value:g} is too large (limit {MAX_EXPONENT})")
