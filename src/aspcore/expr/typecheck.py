"""The type rules: what each operator and function accepts, checked before anything runs.

Every check takes typed IR nodes and raises :class:`~aspcore.errors.ExpressionError` naming the
offending text and its line and column.  A node of type ``any`` (a field of undeclared type)
passes every check here and is checked when the expression runs instead.
"""

from __future__ import annotations

from aspcore.errors import ExpressionError
from aspcore.expr import ir
from aspcore.expr.functions import FUNCTIONS
from aspcore.expr.types import Type

__all__ = ["call_type", "check_comparison", "error_at", "expect_boolean", "expect_number"]


def error_at(pos: ir.Pos, message: str, hint: str | None = None) -> ExpressionError:
    """The error for ``message`` at ``pos``, with an optional hint after a semicolon."""
    suffix = f"; {hint}" if hint else ""
    return ExpressionError(f"{message} at {pos}{suffix}")


def _a(type_: str) -> str:
    """``type_`` with its article: "a number", "text", "a date"."""
    return type_ if type_ in ("text", "any") else f"a {type_}"


def expect_number(node: ir.Node, where: str) -> None:
    """Refuse ``node`` as an operand of arithmetic unless it is a number."""
    if node.type in ("number", "any"):
        return
    if node.type == "null":
        raise error_at(node.pos, f"None in {where} always gives null", "use coalesce(x, default)")
    hint = {
        "text": "text cannot be joined or repeated",
        "date": "use days_between(a, b) or days_until(d)",
    }.get(node.type)
    raise error_at(node.pos, f"{where} needs numbers; `{node.text}` is {_a(node.type)}", hint)


def expect_boolean(node: ir.Node, where: str) -> None:
    """Refuse ``node`` as an operand of ``and``/``or``/``not``/``if`` unless it is a boolean."""
    if node.type in ("boolean", "any"):
        return
    if node.type == "null":
        raise error_at(node.pos, f"None in {where} always gives null", "use is_null(x)")
    raise error_at(
        node.pos,
        f"{where} needs booleans; `{node.text}` is {_a(node.type)}",
        "compare it, e.g. x > 0 or x != ''",
    )


def check_comparison(op: str, left: ir.Node, right: ir.Node, pos: ir.Pos) -> None:
    """Refuse comparing different types, ordering booleans, and comparing with None."""
    if "null" in (left.type, right.type):
        raise error_at(pos, "comparing with None always gives null", "use is_null(x)")
    known = {left.type, right.type} - {"any"}
    if len(known) > 1:
        raise error_at(
            pos, f"cannot compare {left.type} `{left.text}` with {right.type} `{right.text}`"
        )
    if op not in ("==", "!=") and "boolean" in known:
        raise error_at(pos, f"booleans cannot be ordered with '{op}'", "use == or !=")


def call_type(name: str, args: tuple[ir.Node, ...], pos: ir.Pos) -> Type:
    """The result type of ``name(*args)``, or raise saying which argument is wrong."""
    spec = FUNCTIONS[name]
    shared: Type | None = None
    saw_any = False
    for index, arg in enumerate(args):
        position = f"argument {index + 1} of {name}()"
        if index in spec.literal and not isinstance(arg, ir.Const):
            raise error_at(arg.pos, f"{position} must be a literal")
        param = spec.param(index)
        if arg.type == "null":
            if spec.null_propagating:
                raise error_at(arg.pos, f"None as {position} always gives null")
            continue
        if arg.type == "any":
            saw_any = True
        elif param == "T":
            if arg.type not in spec.generic:
                allowed = ", ".join(sorted(spec.generic))
                message = f"{position} is {arg.type} `{arg.text}`; expected one of: {allowed}"
                raise error_at(arg.pos, message)
            if shared is not None and arg.type != shared:
                message = f"{position} is {arg.type} `{arg.text}` but an earlier one is {shared}"
                raise error_at(arg.pos, message)
            shared = arg.type
        elif param not in ("any", arg.type):
            message = f"{position} must be {_a(param)}; `{arg.text}` is {_a(arg.type)}"
            raise error_at(arg.pos, message)
    if spec.validate is not None:
        literals = tuple(arg.value if isinstance(arg, ir.Const) else None for arg in args)
        problem = spec.validate(literals)
        if problem:
            raise error_at(pos, problem)
    if spec.returns != "T":
        return spec.returns
    if saw_any:
        return "any"
    return shared if shared is not None else "null"
