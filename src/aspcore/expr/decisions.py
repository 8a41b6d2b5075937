"""Decision tables: a built-in rule's decision written once, as data, and run by both engines.

A decision table is an ordered list of rows, each a condition (``when``, in the expression
language), an outcome (a colour or band), a stable reason code and a reason
(:class:`~aspcore.expr.templates.Template`).  The first row whose condition is true decides, as
a rule's ``if``/``elif`` chain does; the last row's condition must be ``True``, so every record
is decided.  The table is compiled once: the conditions, with the rule's thresholds bound as
literals (:func:`~aspcore.expr.folding.bind`), become one nested ``if``/``else`` expression
giving the row's number, which the Python backend runs on one record
(:meth:`DecisionTable.choose`) and the narwhals backend on a whole frame
(:meth:`DecisionTable.index`).  The per-plan engine and the batch API therefore decide from the
same definition, and agree by construction wherever they feed it the same values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import narwhals as nw

from aspcore.errors import ExpressionError
from aspcore.expr import ir
from aspcore.expr.folding import bind
from aspcore.expr.narwhals_backend import compile_narwhals
from aspcore.expr.parser import parse
from aspcore.expr.python_backend import Env, compile_node
from aspcore.expr.templates import Template
from aspcore.expr.types import FieldType, kind_of

__all__ = ["MEMO_SIZE", "Decision", "DecisionTable"]

#: How many distinct inputs :meth:`DecisionTable.lookup` remembers per table.
MEMO_SIZE = 4096

Constant = int | float | str | bool


def _template(text: str | Template) -> Template:
    return text if isinstance(text, Template) else Template.parse(text)


@attrs.frozen
class Decision:
    """One row of a decision table: ``when`` holds, so the record gets ``outcome`` (``None``
    for none), ``code`` and ``reason``."""

    code: str
    when: str
    outcome: str | None
    reason: Template = attrs.field(converter=_template)


class DecisionTable:
    """Ordered decisions over typed fields, with named constants bound when compiled."""

    def __init__(
        self,
        rows: Sequence[Decision],
        *,
        fields: Mapping[str, FieldType],
        constants: Mapping[str, Constant] | None = None,
    ) -> None:
        """Compile ``rows``; raises :class:`~aspcore.errors.ExpressionError` for a condition
        that does not compile or is not boolean, or a last row that is not always true."""
        values = dict(constants or {})
        declared: dict[str, FieldType] = {**fields}
        for name, value in values.items():
            declared[name] = kind_of(value)  # type: ignore[assignment]
        self.rows = tuple(rows)
        if not self.rows:
            raise ExpressionError("a decision table needs at least one row")
        conditions = []
        for row in self.rows:
            node = bind(parse(row.when, declared), values, row.when)
            if node.type not in ("boolean", "null"):
                raise ExpressionError(f"`{row.when}` ({row.code}) is {node.type}, not boolean")
            conditions.append(node)
        last = conditions[-1]
        if not (isinstance(last, ir.Const) and last.value is True):
            raise ExpressionError(f"the last row's condition must be True, not `{last.text}`")
        self._names = tuple(fields)
        self._memo: dict[tuple[object, ...], int] = {}
        self._chain = _chain(conditions)
        self._source = " / ".join(row.when for row in self.rows)
        self._choose = compile_node(self._chain, self._source)

    def choose(self, env: Env) -> Decision:
        """The row deciding one record, from its fields' values (already of their types)."""
        return self.rows[self.position(env)]

    def position(self, env: Env) -> int:
        """The number of the row deciding one record (see :meth:`choose`)."""
        number: int = self._choose(env)
        return number

    def lookup(self, *values: object) -> int:
        """:meth:`position` for the fields' values in the order they were declared, remembered
        for the first :data:`MEMO_SIZE` distinct inputs: a table over a few words and signs
        (the agreement of two colours, a scheme's bands) is evaluated once per combination."""
        found = self._memo.get(values)
        if found is None:
            found = self.position(dict(zip(self._names, values, strict=True)))
            if len(self._memo) < MEMO_SIZE:
                self._memo[values] = found
        return found

    def index(self, columns: Mapping[str, nw.Expr]) -> nw.Expr:
        """The number of the row deciding each row of a frame, as a float column, reading each
        field from ``columns`` (or the column of its name)."""
        return compile_narwhals(self._chain, None, columns=columns)

    def outcomes(self, index: nw.Expr) -> nw.Expr:
        """Each row's outcome, from the column of :meth:`index`."""
        return self.pick(index, [row.outcome for row in self.rows])

    def codes(self, index: nw.Expr) -> nw.Expr:
        """Each row's reason code, from the column of :meth:`index`."""
        return self.pick(index, [row.code for row in self.rows])

    def reasons(self, index: nw.Expr, texts: Mapping[str, nw.Expr]) -> nw.Expr:
        """Each row's reason, its template filled from ``texts`` (placeholder -> text column)."""
        sentences = [
            row.reason.to_narwhals(texts) if row.reason.names else row.reason.text
            for row in self.rows
        ]
        return self.pick(index, sentences)

    def pick(self, index: nw.Expr, values: Sequence[Any], dtype: Any = nw.String) -> nw.Expr:
        """A column holding ``values[i]`` where ``index`` is ``i``: one value per row of the
        table, each a literal (or ``None``) or an expression; equal literals share a branch."""
        if len(values) != len(self.rows):
            raise ValueError(f"{len(values)} values for {len(self.rows)} rows")
        groups: dict[Any, list[float]] = {}
        exprs: list[tuple[float, nw.Expr]] = []
        for number, value in enumerate(values):
            if isinstance(value, nw.Expr):
                exprs.append((float(number), value))
            else:
                groups.setdefault(value, []).append(float(number))
        branches = [(index == nw.lit(n, nw.Float64), v) for n, v in exprs]
        branches += [
            (index.is_in(numbers), nw.lit(value, dtype))
            for value, numbers in groups.items()
            if value is not None
        ]
        if not branches:
            return nw.lit(None, dtype)
        (first, then), *rest = branches
        chain = nw.when(first).then(then)
        for condition, then in rest:
            chain = chain.when(condition).then(then)
        return chain


def _chain(conditions: list[ir.Node]) -> ir.Node:
    """``0 if c0 else 1 if c1 else ... n-1``: the first true condition's number."""
    node: ir.Node = _number(len(conditions) - 1, conditions[-1])
    for number in range(len(conditions) - 2, -1, -1):
        cond = conditions[number]
        if isinstance(cond, ir.Const) and cond.value is not True:
            continue  # never true: the row cannot decide
        node = ir.IfElse(
            cond=cond,
            then=_number(number, cond),
            orelse=node,
            type="number",
            pos=cond.pos,
            text=cond.text,
        )
    return node


def _number(value: int, at: ir.Node) -> ir.Const:
    return ir.Const(value=value, type="number", pos=at.pos, text=str(value))
