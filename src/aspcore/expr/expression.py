"""A compiled expression: one source, two backends (one record, or a whole frame)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import narwhals as nw

from aspcore.errors import ExpressionError, require_date
from aspcore.expr import ir
from aspcore.expr.functions import FUNCTIONS
from aspcore.expr.narwhals_backend import compile_narwhals
from aspcore.expr.parser import parse
from aspcore.expr.python_backend import AS_OF, Fn, compile_node
from aspcore.expr.types import FIELD_TYPES, FieldType, Type, kind_of, normalise

__all__ = ["Expression", "compile_expression", "is_valid"]

Reader = Callable[[object], object]
_SOME_DAY = dt.date(2000, 1, 1)


@attrs.frozen
class Expression:
    """A compiled expression.  Build it with :func:`compile_expression`.

    ``fields`` are the names of the record fields it reads and ``type`` its inferred result type
    (``any`` when it depends on fields of undeclared type).
    """

    source: str
    fields: frozenset[str]
    type: FieldType
    _field_types: tuple[tuple[str, FieldType], ...] = attrs.field(alias="field_types", repr=False)
    _ir: ir.Node = attrs.field(alias="ir", eq=False, repr=False)
    _fn: Fn = attrs.field(alias="fn", eq=False, repr=False)
    _readers: tuple[tuple[str, Reader], ...] = attrs.field(alias="readers", eq=False, repr=False)
    _needs_as_of: bool = attrs.field(alias="needs_as_of", eq=False, repr=False)

    def evaluate(
        self, record: Mapping[str, object] | object, *, as_of: dt.date | None = None
    ) -> object:
        """The value of the expression for one record (a mapping, or an attrs instance).

        Raises :class:`~aspcore.errors.ExpressionError` if the record lacks a field the
        expression reads, a field holds a value of the wrong type, or the expression needs
        ``as_of`` (it uses ``days_until``/``days_since``) and none is given.
        """
        env = self._read(record)
        if self._needs_as_of:
            env[AS_OF] = self._check_as_of(as_of)
        return self._fn(env)

    def truthy(
        self, record: Mapping[str, object] | object, *, as_of: dt.date | None = None
    ) -> bool:
        """Whether the expression is true for ``record``: null counts as false, as in ``when``."""
        return self.evaluate(record, as_of=as_of) is True

    def to_narwhals(self, *, as_of: dt.date | None = None, truthy: bool = False) -> nw.Expr:
        """The expression over a frame's columns, as one narwhals expression.

        With ``truthy=True`` the result is a boolean without nulls (null counts as false), ready
        for ``frame.filter``.  Use ``.alias(name)`` to name the result.
        """
        if self._needs_as_of:
            self._check_as_of(as_of)
        if truthy and self.type not in ("boolean", "any"):
            raise ExpressionError(f"`{self.source}` is {self.type}, not boolean")
        return compile_narwhals(self._ir, as_of, truthy=truthy)

    def _check_as_of(self, as_of: dt.date | None) -> dt.date:
        if as_of is None:
            raise ExpressionError(
                f"`{self.source}` needs an as_of date (it uses days_until or days_since)"
            )
        return require_date(as_of, ExpressionError)

    def _read(self, record: object) -> dict[str, Any]:
        env: dict[str, Any] = {}
        if isinstance(record, Mapping):
            for name, reader in self._readers:
                try:
                    value = record[name]
                except KeyError:
                    raise self._missing(name) from None
                env[name] = reader(value)
            return env
        cls = type(record)
        if not attrs.has(cls):
            raise ExpressionError(
                f"a record must be a mapping or an attrs instance, not {cls.__name__}"
            )
        names = _attrs_fields(cls)
        for name, reader in self._readers:
            if name not in names:
                raise self._missing(name)
            env[name] = reader(getattr(record, name))
        return env

    def _missing(self, name: str) -> ExpressionError:
        return ExpressionError(f"record has no field '{name}' (read by `{self.source}`)")


@functools.cache
def _attrs_fields(cls: type) -> frozenset[str]:
    return frozenset(field.name for field in attrs.fields(cls))


def _reader(name: str, type_: FieldType, source: str) -> Reader:
    def read(value: object) -> object:
        if value is None:
            return None
        try:
            value = normalise(value)
        except TypeError as exc:
            raise ExpressionError(
                f"field '{name}' holds {exc}, which expressions cannot read (`{source}`)"
            ) from None
        if value is None or type_ == "any" or kind_of(value) == type_:
            return value
        raise ExpressionError(
            f"field '{name}' should be {type_} but holds {kind_of(value)} {value!r} (`{source}`)"
        )

    return read


def _check_fields(fields: Mapping[str, FieldType]) -> dict[str, FieldType]:
    checked: dict[str, FieldType] = {}
    for name, type_ in fields.items():
        if not isinstance(name, str) or not name.isidentifier() or name.startswith("__"):
            raise ExpressionError(f"field name {name!r} is not a plain identifier")
        if type_ not in FIELD_TYPES:
            raise ExpressionError(
                f"field '{name}' has unknown type {type_!r}; "
                f"types are: {', '.join(sorted(FIELD_TYPES))}"
            )
        checked[name] = type_
    return checked


def _result_type(type_: Type) -> FieldType:
    return "any" if type_ == "null" else type_


def compile_expression(text: str, *, fields: Mapping[str, FieldType] | None = None) -> Expression:
    """Compile an expression, checking it against ``fields`` (name -> type) when given.

    Without ``fields`` any name is a field of type ``any``, checked when the expression runs.
    Raises :class:`~aspcore.errors.ExpressionError` for anything refused: syntax, a construct
    outside the language, an unknown name or function, a type mismatch, or a limit exceeded.
    """
    declared = None if fields is None else _check_fields(fields)
    node = parse(text, declared)
    compile_narwhals(node, _SOME_DAY)  # refuses expressions too big to vectorise
    names = sorted({n.name for n in ir.walk(node) if isinstance(n, ir.Field)})
    types: dict[str, FieldType] = {
        name: declared[name] if declared is not None else "any" for name in names
    }
    return Expression(
        source=text,
        fields=frozenset(names),
        type=_result_type(node.type),
        field_types=tuple(types.items()),
        ir=node,
        fn=compile_node(node, text),
        readers=tuple((name, _reader(name, types[name], text)) for name in names),
        needs_as_of=any(
            isinstance(n, ir.Call) and FUNCTIONS[n.name].needs_as_of for n in ir.walk(node)
        ),
    )


def is_valid(text: str, *, fields: Mapping[str, FieldType] | None = None) -> bool:
    """Whether ``text`` compiles (for authoring tools; :func:`compile_expression` says why not)."""
    try:
        compile_expression(text, fields=fields)
    except ExpressionError:
        return False
    return True
