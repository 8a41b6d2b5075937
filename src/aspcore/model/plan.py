"""The partnership plan: vision, objectives, actions, results chain, indicators, risks.

These are frozen attrs classes: cheap to build, hashable, safe to share between threads and
changed only with :func:`attrs.evolve`.  They hold clean, typed values; turning a plan file's
loose text into them (and reporting what could not be turned) is the job of :mod:`aspcore.io`.
Every item remembers the ``line`` of the file it came from so findings can point at it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import Any

import attrs
from attrs import validators as v

from aspcore.model.findings import Finding
from aspcore.model.vocab import (
    PILLAR_SETS,
    ActionStatus,
    Aggregation,
    ChainLevel,
    EvidenceKind,
    Frequency,
    IndicatorLevel,
    PathwayStage,
    Pillar,
    Polarity,
    Rag,
    Unit,
)
from aspcore.periods import Period
from aspcore.timescale import Timescale

__all__ = [
    "COMPARISONS",
    "SHORTFALL_MEASURES",
    "Action",
    "Assumption",
    "Baseline",
    "ChainNode",
    "Evidence",
    "Indicator",
    "Objective",
    "Observation",
    "Plan",
    "ReturnSource",
    "Risk",
    "Standard",
    "Target",
]

COMPARISONS = (">=", "<=", ">", "<", "==")
#: How a shortfall against target is measured: ``relative`` (in percent of the target) or
#: ``points`` (the difference itself, in percentage points: percent indicators only).
SHORTFALL_MEASURES = ("relative", "points")

_opt_str = v.optional(v.instance_of(str))
_opt_date = v.optional(v.instance_of(dt.date))
_opt_num = v.optional(v.instance_of((int, float)))
_str_tuple = v.deep_iterable(v.instance_of(str), v.instance_of(tuple))


def _tuple(value: object) -> tuple[Any, ...]:
    if value is None:
        return ()
    if isinstance(value, tuple):
        return value
    if isinstance(value, list | frozenset | set):
        return tuple(value)
    return (value,)


_line = attrs.field(default=None, eq=False, kw_only=True)


@attrs.frozen
class Objective:
    """A strategic objective, tagged by pillar and victim-care pathway stage."""

    id: str = attrs.field(validator=v.instance_of(str))
    statement: str = attrs.field(default="", validator=v.instance_of(str))
    pillar: Pillar | None = attrs.field(default=None, validator=v.optional(v.instance_of(Pillar)))
    stage: PathwayStage | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(PathwayStage))
    )
    owner: str | None = attrs.field(default=None, validator=_opt_str)
    timescale: str | None = attrs.field(default=None, validator=_opt_str)
    parsed_timescale: Timescale | None = attrs.field(default=None, eq=False)
    indicators: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_str_tuple)
    line: int | None = _line


@attrs.frozen
class Action:
    """An action in the action plan: owner, timescale, dates, delivery status and reported RAG.

    ``due_from_timescale`` is true when ``due`` (and ``start``) were read from the timescale text
    because the plan gave no explicit dates, so rules can say where a date came from.
    """

    id: str = attrs.field(validator=v.instance_of(str))
    statement: str = attrs.field(default="", validator=v.instance_of(str))
    objective: str | None = attrs.field(default=None, validator=_opt_str)
    owner: str | None = attrs.field(default=None, validator=_opt_str)
    timescale: str | None = attrs.field(default=None, validator=_opt_str)
    start: dt.date | None = attrs.field(default=None, validator=_opt_date)
    due: dt.date | None = attrs.field(default=None, validator=_opt_date)
    status: ActionStatus | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(ActionStatus))
    )
    progress: float | None = attrs.field(default=None, validator=_opt_num)
    rag: Rag | None = attrs.field(default=None, validator=v.optional(v.instance_of(Rag)))
    corrective_action: str | None = attrs.field(default=None, validator=_opt_str)
    due_from_timescale: bool = False
    line: int | None = _line


@attrs.frozen
class ChainNode:
    """A node of the results chain (input, activity, output, outcome or impact).

    ``sources`` holds the ids this node follows from (``from`` in plan files): actions or other
    chain nodes.
    """

    id: str = attrs.field(validator=v.instance_of(str))
    level: ChainLevel = attrs.field(validator=v.instance_of(ChainLevel))
    statement: str = attrs.field(default="", validator=v.instance_of(str))
    sources: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_str_tuple)
    indicators: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_str_tuple)
    pillar: Pillar | None = attrs.field(default=None, validator=v.optional(v.instance_of(Pillar)))
    line: int | None = _line


@attrs.frozen
class Baseline:
    """The value an indicator starts from, and the period it was measured in."""

    value: float = attrs.field(validator=v.instance_of((int, float)))
    period: Period | None = None


@attrs.frozen
class Standard:
    """A fixed level an indicator's values are compared with (the Scottish progress table's
    "standard"), and who set it; unlike a target it has no period and gives no colour."""

    value: float = attrs.field(validator=v.instance_of((int, float)))
    source: str | None = attrs.field(default=None, validator=_opt_str)


@attrs.frozen
class Target:
    """The value an indicator should reach by ``period``; ``op`` says how to compare."""

    value: float = attrs.field(validator=v.instance_of((int, float)))
    period: Period | None = None
    op: str = attrs.field(default=">=", validator=v.in_(COMPARISONS))


@attrs.frozen
class ReturnSource:
    """Where an indicator's values are read from in a stored return other than
    ``indicator-return``: a schema and one of its numeric columns (``pre-nrm-monitoring``,
    ``new_service_users``)."""

    schema: str = attrs.field(validator=v.instance_of(str))
    column: str = attrs.field(validator=v.instance_of(str))


@attrs.frozen
class Indicator:
    """A performance indicator: level, unit, polarity, baseline, target and who collects it.

    ``source`` is the means of verification (where the data comes from) and ``owner`` the person
    or agency who collects it.  ``compute`` keeps a computed indicator's definition as written.
    ``aggregation`` says how period values meet the target (:class:`Aggregation`); ``due_days``
    is how many days after a period ends its return is due (``None``: the ruleset's default)
    and ``agencies`` who must report it; ``from_return`` reads it from a stored return's column.
    ``definition`` and ``scope`` say what is counted and over what (the Scottish progress
    table's columns), ``standard`` is a level to compare with, and ``shortfall`` how a percent
    indicator's shortfall is measured (``None``: as the scheme says; see
    :data:`SHORTFALL_MEASURES`).
    """

    id: str = attrs.field(validator=v.instance_of(str))
    name: str = attrs.field(default="", validator=v.instance_of(str))
    level: IndicatorLevel | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(IndicatorLevel))
    )
    unit: Unit = attrs.field(default=Unit.NUMBER, validator=v.instance_of(Unit))
    polarity: Polarity = attrs.field(default=Polarity.HIGHER, validator=v.instance_of(Polarity))
    baseline: Baseline | None = None
    target: Target | None = None
    frequency: Frequency | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(Frequency))
    )
    calendar: bool = False
    source: str | None = attrs.field(default=None, validator=_opt_str)
    owner: str | None = attrs.field(default=None, validator=_opt_str)
    pillar: Pillar | None = attrs.field(default=None, validator=v.optional(v.instance_of(Pillar)))
    compute: Mapping[str, Any] | None = attrs.field(default=None, eq=False)
    aggregation: Aggregation = attrs.field(
        default=Aggregation.LATEST, validator=v.instance_of(Aggregation)
    )
    due_days: int | None = attrs.field(default=None, validator=v.optional(v.instance_of(int)))
    agencies: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_str_tuple)
    from_return: ReturnSource | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(ReturnSource))
    )
    definition: str | None = attrs.field(default=None, validator=_opt_str)
    scope: str | None = attrs.field(default=None, validator=_opt_str)
    standard: Standard | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(Standard))
    )
    shortfall: str | None = attrs.field(
        default=None, validator=v.optional(v.in_(SHORTFALL_MEASURES))
    )
    line: int | None = _line

    @shortfall.validator
    def _points_are_percent(self, _attribute: object, value: str | None) -> None:
        if value == "points" and self.unit is not Unit.PERCENT:
            raise ValueError(
                f"indicator {self.id}: shortfall 'points' (percentage points) needs unit percent"
            )


@attrs.frozen
class Observation:
    """One reported value of an indicator for one period (and optionally one agency).

    ``withheld`` marks a value that disclosure control hides wherever it is published (a value
    computed from case data whose published table suppresses it); it is rated all the same.
    ``text`` is the value of a qualitative (``unit: text``) indicator and ``rag`` a colour the
    reporter gave, the only rating a text value has.  ``provenance`` says where a value read
    from the store came from (agency, ingest, file, row); it is empty for a plan's own values.
    """

    indicator: str = attrs.field(validator=v.instance_of(str))
    period: Period = attrs.field(validator=v.instance_of(Period))
    value: float | None = attrs.field(default=None, validator=_opt_num)
    agency: str | None = attrs.field(default=None, validator=_opt_str)
    comment: str | None = attrs.field(default=None, validator=_opt_str)
    withheld: bool = attrs.field(default=False, validator=v.instance_of(bool), kw_only=True)
    text: str | None = attrs.field(default=None, validator=_opt_str, kw_only=True)
    rag: Rag | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(Rag)), kw_only=True
    )
    provenance: Mapping[str, object] = attrs.field(factory=dict, eq=False, kw_only=True)
    line: int | None = _line

    @property
    def id(self) -> str:
        """A readable identifier: ``I1@2018-19 Q2`` (with ``/agency`` when given)."""
        base = f"{self.indicator}@{self.period.label}"
        return f"{base}/{self.agency}" if self.agency else base


@attrs.frozen
class Risk:
    """A risk to the plan, scored under a named risk scheme (e.g. ``fife-4x4``).

    ``objectives`` and ``actions`` name what the risk threatens (and so what responds to it),
    which lets rules check that the plan's priorities follow its risks; ``review_by`` is the
    date by which the risk register entry should next be reviewed.
    """

    id: str = attrs.field(validator=v.instance_of(str))
    statement: str = attrs.field(default="", validator=v.instance_of(str))
    level: str | None = attrs.field(default=None, validator=_opt_str)
    scheme: str | None = attrs.field(default=None, validator=_opt_str)
    scores: Mapping[str, object] = attrs.field(factory=dict, eq=False)
    confidence: str | None = attrs.field(default=None, validator=_opt_str)
    owner: str | None = attrs.field(default=None, validator=_opt_str)
    mitigation: str | None = attrs.field(default=None, validator=_opt_str)
    objectives: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_str_tuple)
    actions: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_str_tuple)
    review_by: dt.date | None = attrs.field(default=None, validator=_opt_date)
    line: int | None = _line


@attrs.frozen
class Assumption:
    """An assumption linking levels of the chain, tested by an indicator."""

    id: str = attrs.field(validator=v.instance_of(str))
    statement: str = attrs.field(default="", validator=v.instance_of(str))
    links: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_str_tuple)
    indicator: str | None = attrs.field(default=None, validator=_opt_str)
    line: int | None = _line


@attrs.frozen
class Evidence:
    """A piece of qualitative evidence: survivors' feedback, a consultation, a case study.

    ``links`` names the objectives, actions or indicators it speaks to.  Reports quote its
    ``summary`` only when ``consent`` is true (the person it came from agreed to be quoted);
    otherwise they count it.
    """

    id: str = attrs.field(validator=v.instance_of(str))
    kind: EvidenceKind = attrs.field(
        default=EvidenceKind.OTHER, validator=v.instance_of(EvidenceKind)
    )
    date: dt.date | None = attrs.field(default=None, validator=_opt_date)
    summary: str = attrs.field(default="", validator=v.instance_of(str))
    source: str | None = attrs.field(default=None, validator=_opt_str)
    consent: bool = attrs.field(default=False, validator=v.instance_of(bool))
    links: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_str_tuple)
    line: int | None = _line


def _in_pillar_sets(_inst: object, _attr: object, value: str) -> None:
    if value not in PILLAR_SETS:
        raise ValueError(f"pillar set must be one of {sorted(PILLAR_SETS)}, not {value!r}")


@attrs.frozen
class Plan:
    """A partnership's plan for one year, and the findings raised while reading it.

    ``issues`` holds load-level findings (duplicate ids, unknown references, unreadable dates or
    timescales, out-of-range values) so that an evaluation reports them beside the rules'.
    """

    partnership: str = attrs.field(validator=v.instance_of(str))
    vision: str = ""
    year: Period | None = None
    pillar_set: str = attrs.field(default="4ps", validator=_in_pillar_sets)
    objectives: tuple[Objective, ...] = attrs.field(default=(), converter=_tuple)
    actions: tuple[Action, ...] = attrs.field(default=(), converter=_tuple)
    chain: tuple[ChainNode, ...] = attrs.field(default=(), converter=_tuple)
    indicators: tuple[Indicator, ...] = attrs.field(default=(), converter=_tuple)
    observations: tuple[Observation, ...] = attrs.field(default=(), converter=_tuple)
    risks: tuple[Risk, ...] = attrs.field(default=(), converter=_tuple)
    assumptions: tuple[Assumption, ...] = attrs.field(default=(), converter=_tuple)
    evidence: tuple[Evidence, ...] = attrs.field(default=(), converter=_tuple)
    source: str | None = attrs.field(default=None, eq=False)
    issues: tuple[Finding, ...] = attrs.field(default=(), converter=_tuple, eq=False)

    @property
    def pillars(self) -> tuple[Pillar, ...]:
        """The pillars of this plan's pillar set, in their usual order."""
        return PILLAR_SETS[self.pillar_set]

    # Lookups by id are indexed once per plan (rules look up an item per subject, and a plan
    # may hold 100,000 actions).  ``cached_property`` works on this slotted class (attrs keeps
    # the value in a slot); the indexes are not fields, so equality, hashing, ``attrs.evolve``
    # and ``attrs.asdict`` ignore them, and an evolved plan indexes itself afresh.  A duplicated
    # id (reported as PLAN-001 when the plan is read) finds its last item.

    def indicator(self, indicator_id: str) -> Indicator | None:
        """The indicator with this id, or ``None``."""
        return self._indicators_by_id.get(indicator_id)

    def objective(self, objective_id: str) -> Objective | None:
        """The objective with this id, or ``None``."""
        return self._objectives_by_id.get(objective_id)

    def action(self, action_id: str) -> Action | None:
        """The action with this id, or ``None``."""
        return self._actions_by_id.get(action_id)

    def actions_of(self, objective_id: str) -> tuple[Action, ...]:
        """The actions that deliver an objective, in plan order."""
        return self._actions_by_objective.get(objective_id, ())

    @functools.cached_property
    def _indicators_by_id(self) -> dict[str, Indicator]:
        return {item.id: item for item in self.indicators}

    @functools.cached_property
    def _objectives_by_id(self) -> dict[str, Objective]:
        return {item.id: item for item in self.objectives}

    @functools.cached_property
    def _actions_by_id(self) -> dict[str, Action]:
        return {item.id: item for item in self.actions}

    @functools.cached_property
    def _actions_by_objective(self) -> dict[str, tuple[Action, ...]]:
        found: dict[str, list[Action]] = {}
        for action in self.actions:
            if action.objective is not None:
                found.setdefault(action.objective, []).append(action)
        return {objective: tuple(actions) for objective, actions in found.items()}
