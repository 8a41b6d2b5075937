"""A ruleset's expression rules over a frame of subjects: the findings the per-plan engine gives.

A partnership's own rules (``[[rules]]`` with a ``when`` expression, see
``docs/writing-rules.md``) are compiled once, by the same :mod:`aspcore.expr` that runs them on
one plan, into narwhals expressions; :func:`findings` runs every such rule of a ruleset that
applies to actions, indicators or risks over a whole table, on any backend, and returns one row
per finding.  The rows are those :func:`aspcore.evaluate` gives for the same subjects read as a
plan: the same rules, subjects, severities and messages word for word.

Each column is read as the plan loader reads the field (:data:`READERS`): text stripped (blank
is missing; a missing statement or name is empty text), vocabulary in any spelling the loader
accepts (unknown words are missing, or the loader's default: an indicator's unit is a number
and its polarity higher), an action's progress outside 0-100 missing, numbers with NaN missing,
dates as dates.  A message placeholder is filled as the engine fills it: the field's text, or
the value as Python writes it for numbers and dates (computed once per distinct value, not per
row).
"""

from __future__ import annotations

import datetime as dt
import enum
import string
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import narwhals as nw

from aspcore.batch.frames import FrameError, Opened, check_as_of, open_frame
from aspcore.batch.steps import Frame
from aspcore.model import ActionStatus, Rag, Severity
from aspcore.model.codes import CODES
from aspcore.model.vocab import Frequency, IndicatorLevel, Pillar, Polarity, Unit
from aspcore.plugins import manager_or_default
from aspcore.rules.engine import ActiveRule, compile_ruleset, resolve_ruleset
from aspcore.rules.records import FIELD_TYPES
from aspcore.rules.ruleset import Ruleset

__all__ = ["findings"]


@attrs.frozen
class Reader:
    """How the plan loader reads one field: a vocabulary (the words it may name), the value a
    blank or unknown entry takes (``default``), and for numbers the range outside which the
    value is ignored."""

    vocabulary: tuple[str, ...] = ()
    default: str | None = None
    within: tuple[float, float] | None = None


def _words(enum_type: type[enum.StrEnum]) -> Reader:
    return Reader(vocabulary=tuple(member.value for member in enum_type))


#: Kind → field → how it is read, for the fields read otherwise than plain text, numbers and
#: dates; :data:`KINDS` are the kinds :func:`findings` reads from a frame's rows.
READERS: dict[str, dict[str, Reader]] = {
    "action": {
        "statement": Reader(default=""),
        "status": _words(ActionStatus),
        "rag": _words(Rag),
        "progress": Reader(within=(0, 100)),
    },
    "indicator": {
        "name": Reader(default=""),
        "level": _words(IndicatorLevel),
        "unit": attrs.evolve(_words(Unit), default=Unit.NUMBER.value),
        "polarity": attrs.evolve(_words(Polarity), default=Polarity.HIGHER.value),
        "frequency": _words(Frequency),
        "pillar": _words(Pillar),
    },
    "risk": {"statement": Reader(default="")},
}
KINDS = tuple(READERS)
_DTYPES: dict[str, Any] = {"text": nw.String, "number": nw.Float64, "date": nw.Date}
_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
COLUMNS = ("rule", "subject", "severity", "message", "suggestion")


def findings(
    frame: Any,
    *,
    kind: str,
    as_of: dt.date,
    ruleset: str | Path | Ruleset | None = None,
) -> Any:
    """Every finding of ``ruleset``'s expression rules that apply to ``kind`` over ``frame``.

    ``frame`` holds one subject per row, its columns named as the fields the rules read
    (``docs/writing-rules.md`` lists them) and always an ``id``; a row whose id is blank is
    left out with a ``PLAN-007`` error, as the plan loader leaves such an item out.  Returns a
    frame of the same kind with one row per finding, ordered as an evaluation orders them
    (severity, rule, subject, message): ``rule``, ``subject`` (the row's id), ``severity``,
    ``message``, ``suggestion``, then the fields the rules read, as they read them.  Rules
    written in Python (the built-in families) are not run here; their frame forms are
    :func:`~aspcore.batch.action_status` and its siblings.  Raises
    :class:`~aspcore.batch.FrameError` for a kind not in :data:`KINDS` or a frame without a
    column a rule reads, and :class:`~aspcore.errors.RulesetError` for a ruleset that cannot be
    used.
    """
    when = check_as_of(as_of)
    if kind not in KINDS:
        raise FrameError(
            f"findings: rows of kind '{kind}' cannot be read from a frame yet; "
            f"the kinds are: {', '.join(KINDS)}"
        )
    plugins = manager_or_default(None)
    active = [
        rule
        for rule in compile_ruleset(resolve_ruleset(ruleset, plugins), plugins)
        if rule.expression is not None and rule.rule.applies_to == kind
    ]
    opened = open_frame(frame, "findings")
    types = FIELD_TYPES[kind]
    read = sorted({"id"} | {f for r in active for f in _fields_of(r) if f in types})
    readers = READERS[kind]
    fields = {name: _field(opened, name, types[name], readers.get(name, _PLAIN)) for name in read}
    every = opened.frame.with_columns(**fields).select(read)
    rows = every.filter(~nw.col("id").is_null())
    parts: list[Any] = [_left_out(every, kind, read)]
    parts += [_rule_findings(rows, rule, when, read, types) for rule in active]
    out = nw.concat(parts, how="vertical")
    ranked = out.with_columns(
        _rank=nw.col("severity").replace_strict(
            _severity_ranks(), default=None, return_dtype=nw.Int64
        )
    )
    ordered = ranked.sort("_rank", "rule", "subject", "message").drop("_rank")
    return opened.close(ordered)


def _left_out(every: Frame, kind: str, read: list[str]) -> Frame:
    """A ``PLAN-007`` finding for each row without an id: the plan loader leaves such an item
    out, and says so, so no rule runs on it and no row goes unaccounted for."""
    code = CODES["PLAN-007"]
    return every.filter(nw.col("id").is_null()).select(
        nw.lit(code.code, nw.String).alias("rule"),
        nw.lit("", nw.String).alias("subject"),
        nw.lit(code.severity.value, nw.String).alias("severity"),
        nw.lit(f"a row of {kind}s has no id; it is left out", nw.String).alias("message"),
        nw.lit("Give every item a short unique id such as O1 or A3", nw.String).alias("suggestion"),
        *read,
    )


def _severity_ranks() -> dict[str, int]:
    return {severity.value: rank for severity, rank in _RANK.items()}


def _fields_of(rule: ActiveRule) -> set[str]:
    """The fields a rule reads: its expression's, and its message's placeholders, less its
    parameters (which it reads instead of a field of the same name)."""
    assert rule.expression is not None
    return (set(rule.expression.fields) | _placeholders(rule.rule.message)) - set(rule.params)


def _placeholders(template: str) -> set[str]:
    return {field for _text, field, _spec, _conv in string.Formatter().parse(template) if field}


_PLAIN = Reader()


def _field(opened: Opened, name: str, type_: str, reader: Reader) -> nw.Expr:
    """Column ``name`` (a field of type ``type_``) read as the plan loader reads it."""
    if reader.vocabulary:
        read = opened.vocabulary(name, reader.vocabulary)
    elif type_ == "number":
        read = opened.number(name, finite=False)
        if reader.within is not None:
            read = nw.when(read.is_between(*reader.within)).then(read)
    elif type_ == "date":
        read = opened.date(name)
    else:
        text = opened.text(name).str.strip_chars()
        read = nw.when(text != nw.lit("")).then(text)  # blank text, like a null, is missing
    return read if reader.default is None else read.fill_null(nw.lit(reader.default))


def _rule_findings(
    rows: Frame, rule: ActiveRule, as_of: dt.date, read: list[str], types: Mapping[str, str]
) -> Frame:
    """The rows ``rule`` fires on, as findings."""
    assert rule.expression is not None
    # A rule's parameters are read by name, as fields are, and win over a field of that name.
    params = {name: _parameter(rule, name, types) for name in rule.params}
    with_params = rows.with_columns(**params) if params else rows
    fired = with_params.filter(rule.expression.to_narwhals(as_of=as_of, truthy=True))
    message = _message(fired, rule, types)
    suggestion = rule.rule.suggestion
    return fired.select(
        nw.lit(rule.rule.id, nw.String).alias("rule"),
        nw.col("id").fill_null(nw.lit("")).alias("subject"),
        nw.lit(rule.severity.value, nw.String).alias("severity"),
        message.alias("message"),
        nw.lit(suggestion, nw.String).alias("suggestion"),
        *read,
    )


def _parameter(rule: ActiveRule, name: str, types: Mapping[str, str]) -> nw.Expr:
    """Parameter ``name`` of ``rule`` as a column; one named like a field takes the field's
    type, so that the findings of every rule stack into one frame."""
    value = rule.params[name]
    kind = "number" if isinstance(value, int | float) else "text"  # as the ruleset types it
    if name not in types:
        return nw.lit(value)
    if types[name] != kind:
        raise FrameError(
            f"findings: rule {rule.rule.id}'s parameter '{name}' is {kind} but hides the "
            f"{types[name]} field of that name; rename the parameter"
        )
    return nw.lit(value, _DTYPES[kind])


def _message(fired: Frame, rule: ActiveRule, types: Mapping[str, str]) -> nw.Expr:
    """The rule's message template filled from each row, as ``str.format_map`` fills it."""
    pieces: list[nw.Expr] = []
    for text, field, _spec, _conversion in string.Formatter().parse(rule.rule.message):
        if text:
            pieces.append(nw.lit(text, nw.String))
        if not field:
            continue
        if field in rule.params:
            value = rule.params[field]
            pieces.append(nw.lit("" if value is None else str(value), nw.String))
        elif types[field] == "text":
            pieces.append(nw.col(field).fill_null(nw.lit("")))
        else:
            pieces.append(_as_python_writes(fired, field))
    if not pieces:
        return nw.lit("", nw.String)
    return nw.concat_str(pieces) if len(pieces) > 1 else pieces[0]


def _as_python_writes(fired: Frame, field: str) -> nw.Expr:
    """A number or date column as ``str()`` writes each value (``""`` when missing): the
    distinct values are written once in Python and mapped back."""
    distinct = fired.select(field).unique().drop_nulls()
    values = (distinct.collect() if isinstance(distinct, nw.LazyFrame) else distinct)[field]
    mapping = {value: str(value) for value in values.to_list()}
    if not mapping:
        return nw.lit("", nw.String)
    return nw.col(field).replace_strict(mapping, default="", return_dtype=nw.String)
