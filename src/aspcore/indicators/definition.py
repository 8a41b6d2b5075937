"""An indicator's ``compute`` block, read into a typed :class:`ComputeSpec`.

The block says how the indicator is computed from a named dataset, DHIS2-style::

    compute:
      from: events                      # a named dataset
      numerator: {where: "event == 'legal_advice'", measure: "count_distinct(person_id)"}
      denominator: {where: "event == 'identified'", measure: "count_distinct(person_id)"}
      factor: 100
      period: date                      # column that places a row in a period
      frequency: quarterly              # financial quarters unless calendar: true
      by: [sex, age_group]              # optional disaggregation

``view`` (``events``, ``journeys`` or ``journey_periods``) computes over whole-journey rows
derived from the events instead of the events themselves, and ``journey: NAME`` fills the block
in from a named whole-journey measure (see :data:`JOURNEY_MEASURES`).  Anything that cannot be
used becomes an ``IND-001`` error finding that names the indicator and the key, and the indicator
is left uncomputed; nothing is guessed.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

import attrs

from aspcore.errors import ExpressionError
from aspcore.expr import Expression, compile_expression
from aspcore.indicators.errors import ComputeError
from aspcore.indicators.measures import Measure, MeasureCall, parse_measure
from aspcore.indicators.params import IndicatorParams
from aspcore.indicators.period_keys import kind_of
from aspcore.model import Finding, Indicator, PathwayStage, Severity, Unit
from aspcore.periods import PeriodKind

__all__ = [
    "JOURNEY_MEASURES",
    "RESERVED",
    "TOTAL",
    "VIEWS",
    "ComputeSpec",
    "Side",
    "parse_compute",
]

#: What a computed indicator can be computed over (see :mod:`aspcore.indicators.journeys`).
VIEWS = ("events", "journeys", "journey_periods")
#: The disaggregation value of a total over every value of a ``by`` column.
TOTAL = "all"
#: Names a ``by`` column may not have: they are the result's own columns.
RESERVED = frozenset(
    {"indicator", "period", "value", "numerator", "denominator", "suppressed", "reason"}
)
_KEYS = (
    "from",
    "view",
    "journey",
    "where",
    "numerator",
    "denominator",
    "factor",
    "period",
    "frequency",
    "calendar",
    "by",
    "totals",
)
_FREQUENCIES = ("monthly", "quarterly", "annual")


def _side(where: str | None, measure: str) -> dict[str, Any]:
    return {"measure": measure, **({"where": where} if where else {})}


def _journey(
    where: str | None, measure: str, period: str, view: str, *, per: str | None = None
) -> dict[str, Any]:
    """A named measure's block: ``per`` is the ``where`` of a denominator of people."""
    block = {"view": view, "numerator": _side(where, measure), "period": period}
    if per is not None:
        block["denominator"] = _side(per, measure)
    return block


#: The pathway stages in which a person is in care (guide, Table 3).
CARE_STAGES = (PathwayStage.RESPITE, PathwayStage.RECOVERY, PathwayStage.SUSTAINABLE_FREEDOM)
#: People whose journey is open at a period's end in a stage of care.
IN_CARE = f"status == 'open' and current_stage in ({', '.join(repr(s.value) for s in CARE_STAGES)})"
_PEOPLE = "count_distinct({person})"

#: Whole-journey measures by name: the compute block each stands for ({person} is the person
#: column).  A block that names one may still set any other key.
JOURNEY_MEASURES: dict[str, dict[str, Any]] = {
    "moved_on": _journey("status == 'moved_on'", _PEOPLE, "period", "journey_periods"),
    "still_open": _journey("status == 'open'", _PEOPLE, "period", "journey_periods"),
    "in_care": _journey(IN_CARE, _PEOPLE, "period", "journey_periods"),
    "lost_to_follow_up": _journey(
        "status == 'lost_to_follow_up'", _PEOPLE, "period", "journey_periods"
    ),
    "newly_lost_to_follow_up": _journey("lost_in_period", _PEOPLE, "period", "journey_periods"),
    "in_long_term_accommodation": _journey(
        f"({IN_CARE}) and in_long_term_accommodation",
        _PEOPLE,
        "period",
        "journey_periods",
        per=IN_CARE,
    ),
    "days_to_reasonable_grounds": _journey(
        None, "median(days_to_reasonable_grounds)", "reasonable_grounds_date", "journeys"
    ),
    "days_to_conclusive_grounds": _journey(
        None, "median(days_to_conclusive_grounds)", "conclusive_grounds_date", "journeys"
    ),
}


@attrs.frozen
class Side:
    """A numerator or denominator: the rows it keeps (``where``) and the measure over them."""

    measure: MeasureCall
    where: Expression | None = None

    @property
    def columns(self) -> frozenset[str]:
        """Columns this side reads."""
        fields = self.where.fields if self.where is not None else frozenset()
        return fields | set(self.measure.columns)


@attrs.frozen
class ComputeSpec:
    """A computed indicator's definition, checked and typed."""

    indicator: str
    dataset: str
    numerator: Side
    period: str
    frequency: str
    view: str = "events"
    denominator: Side | None = None
    factor: float = 1.0
    calendar: bool = False
    by: tuple[str, ...] = ()
    totals: bool = True
    journey: str | None = None

    @property
    def kind(self) -> PeriodKind:
        """The kind of period rows are grouped by."""
        return kind_of(self.frequency, self.calendar)

    @property
    def sides(self) -> tuple[tuple[str, Side], ...]:
        """``("numerator", side)`` and, when there is one, ``("denominator", side)``."""
        sides = [("numerator", self.numerator)]
        if self.denominator is not None:
            sides.append(("denominator", self.denominator))
        return tuple(sides)

    @property
    def columns(self) -> frozenset[str]:
        """Every column of the dataset (or view) the computation reads."""
        read = set(self.by)
        if self.view != "journey_periods":
            read.add(self.period)
        for _name, side in self.sides:
            read |= side.columns
        return frozenset(read)


class _ProblemsError(Exception):
    def __init__(self, messages: list[str]) -> None:
        self.messages = messages


def parse_compute(
    indicator: Indicator, measures: Mapping[str, Measure], params: IndicatorParams
) -> tuple[ComputeSpec | None, list[Finding]]:
    """The indicator's compute block as a :class:`ComputeSpec`, or ``None`` and why not.

    Indicators without a compute block give ``(None, [])``.
    """
    if indicator.compute is None:
        return None, []
    try:
        return _Reader(indicator, measures, params).spec(), []
    except _ProblemsError as problems:
        return None, [_finding(indicator, message) for message in problems.messages]


def _finding(indicator: Indicator, message: str) -> Finding:
    return Finding(
        rule="IND-001",
        subject=indicator.id,
        subject_kind="indicator",
        severity=Severity.ERROR,
        message=f"indicator {indicator.id}: {message}; it is not computed",
        evidence={"compute": dict(indicator.compute or {})},
        suggestion="See docs/indicators.md for the compute block.",
        line=indicator.line,
    )


class _Reader:
    def __init__(
        self, indicator: Indicator, measures: Mapping[str, Measure], params: IndicatorParams
    ) -> None:
        self.indicator = indicator
        self.measures = measures
        self.params = params
        self.problems: list[str] = []

    def spec(self) -> ComputeSpec:
        block = self.block()
        unknown = [key for key in block if key not in _KEYS]
        for key in unknown:
            close = difflib.get_close_matches(str(key), _KEYS, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            self.problems.append(f"compute has an unknown key {key!r}{hint}")
        dataset = block.get("from")
        if not isinstance(dataset, str) or not dataset:
            self.problems.append("compute needs `from:` naming a dataset, e.g. from: events")
        view = block.get("view", "events")
        if view not in VIEWS:
            self.problems.append(f"view {view!r} is not one of {', '.join(VIEWS)}")
        shared = self.expression(block.get("where"), "where")
        numerator = self.side(block.get("numerator"), "numerator", shared, required=True)
        denominator = self.side(block.get("denominator"), "denominator", shared, required=False)
        by = self.by(block.get("by", []))
        frequency = self.frequency(block)
        period = self.period(block.get("period"), view)
        factor = self.factor(block.get("factor"), denominator is not None)
        calendar = self.flag(block, "calendar", self.indicator.calendar)
        totals = self.flag(block, "totals", True)
        if self.problems:
            raise _ProblemsError(self.problems)
        assert numerator is not None and isinstance(dataset, str) and frequency is not None
        return ComputeSpec(
            indicator=self.indicator.id,
            dataset=dataset,
            view=str(view),
            numerator=numerator,
            denominator=denominator,
            frequency=frequency,
            by=by,
            journey=None if block.get("journey") is None else str(block["journey"]),
            period=period,
            factor=factor,
            calendar=calendar,
            totals=totals,
        )

    def block(self) -> dict[str, Any]:
        block = dict(self.indicator.compute or {})
        name = block.get("journey")
        if name is None:
            return block
        preset = JOURNEY_MEASURES.get(str(name))
        if preset is None:
            close = difflib.get_close_matches(str(name), JOURNEY_MEASURES, n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise _ProblemsError(
                [
                    f"journey {name!r} is not a whole-journey measure{hint} "
                    f"(known: {', '.join(JOURNEY_MEASURES)})"
                ]
            )
        filled = {
            key: dict(value) if isinstance(value, Mapping) else value
            for key, value in preset.items()
        }
        for name in ("numerator", "denominator"):
            if name in filled:
                side = filled[name]
                side["measure"] = side["measure"].format(person=self.params.person)
        return {**filled, **block}

    def expression(self, text: object, where: str) -> Expression | None:
        if text is None:
            return None
        if not isinstance(text, str):
            self.problems.append(f"{where} must be an expression in quotes, not {text!r}")
            return None
        try:
            expression = compile_expression(text)
        except ExpressionError as exc:
            self.problems.append(f"{where}: {exc}")
            return None
        if expression.type not in ("boolean", "any"):
            self.problems.append(f"{where}: `{text}` is {expression.type}, not a condition")
            return None
        return expression

    def side(
        self, raw: object, name: str, shared: Expression | None, *, required: bool
    ) -> Side | None:
        if raw is None:
            if required:
                self.problems.append(f"compute needs `{name}:` with a measure")
            return None
        if isinstance(raw, str):
            raw = {"measure": raw}
        if not isinstance(raw, Mapping):
            self.problems.append(f"{name} must be a measure or {{where: ..., measure: ...}}")
            return None
        extra = sorted(set(raw) - {"where", "measure"})
        if extra:
            self.problems.append(f"{name} has unknown key(s) {', '.join(map(str, extra))}")
        try:
            measure = parse_measure(raw.get("measure"), self.measures)
        except ComputeError as exc:
            self.problems.append(f"{name}: {exc}")
            return None
        own = self.expression(raw.get("where"), f"{name}.where")
        parts = [e.source for e in (shared, own) if e is not None]
        if len(parts) == 2:
            own = self.expression(f"({parts[0]}) and ({parts[1]})", f"{name}.where")
        return Side(measure=measure, where=own or shared)

    def by(self, raw: object) -> tuple[str, ...]:
        names = [raw] if isinstance(raw, str) else raw
        if not isinstance(names, list | tuple) or not all(isinstance(n, str) for n in names):
            self.problems.append(f"by must be a list of column names, not {raw!r}")
            return ()
        identifiers = {self.params.person, *self.params.identifiers}
        for name in names:
            if name in RESERVED or name.startswith("_aspcore"):
                self.problems.append(f"by column {name!r} has a name the result uses itself")
            elif name in identifiers:
                self.problems.append(
                    f"by column {name!r} holds identifiers (the `person` and `identifiers` "
                    "parameters), and a breakdown by it would print every identifier; break "
                    "down by a characteristic such as sex or age_group instead"
                )
        if len(set(names)) != len(names):
            self.problems.append("by names a column twice")
        return tuple(names)

    def frequency(self, block: Mapping[str, Any]) -> str | None:
        own = self.indicator.frequency.value if self.indicator.frequency else "quarterly"
        frequency = block.get("frequency", own)
        if frequency not in _FREQUENCIES:
            self.problems.append(f"frequency {frequency!r} is not one of {', '.join(_FREQUENCIES)}")
            return None
        return str(frequency)

    def period(self, raw: object, view: object) -> str:
        if view == "journey_periods":
            if raw not in (None, "period"):
                self.problems.append(
                    "journey_periods rows are already placed in periods; leave out `period:`"
                )
            return "period"
        if not isinstance(raw, str) or not raw:
            self.problems.append("compute needs `period:` naming the date column, e.g. date")
            return ""
        return raw

    def factor(self, raw: object, has_denominator: bool) -> float:
        if raw is None:
            percent = self.indicator.unit == Unit.PERCENT and has_denominator
            return 100.0 if percent else 1.0
        if isinstance(raw, bool) or not isinstance(raw, int | float) or raw == 0:
            self.problems.append(f"factor must be a non-zero number, not {raw!r}")
            return 1.0
        return float(raw)

    def flag(self, block: Mapping[str, Any], key: str, default: bool) -> bool:
        value = block.get(key, default)
        if not isinstance(value, bool):
            self.problems.append(f"{key} must be true or false, not {value!r}")
            return default
        return value
