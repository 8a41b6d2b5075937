"""What every report kind reads from an evaluation and its plan, gathered once.

The evaluation holds ratings (statuses), findings and sections written by the rule families; the
plan holds statements, owners, targets and observed values.  :class:`Facts` joins them into one
row per action, indicator and risk, applying disclosure control to observed values, so that the
composers only arrange.  Sections a ruleset did not write are simply empty here; the composers
say so in the report instead of failing.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from aspcore.model import Aggregation, Finding, Indicator, Plan, Rag, Status, Unit
from aspcore.model.vocab import parse_vocab
from aspcore.report.colours import rag_word
from aspcore.report.disclosure import (
    MIN_PUBLISHED_COUNT,
    SUPPRESSED,
    combined_values,
    suppressed_periods,
)
from aspcore.report.model import HeatCell
from aspcore.rules.changes import Rated
from aspcore.rules.evaluation import Evaluation

__all__ = [
    "ActionFact",
    "Facts",
    "IndicatorFact",
    "Point",
    "ReportOptions",
    "RiskFact",
    "TextValue",
    "number",
]


@attrs.frozen
class ReportOptions:
    """Presentation parameters, each with a documented default.

    ``min_count``: published reports suppress counts from 1 to ``min_count - 1`` (5: DOMAIN,
    "Survivor data").  ``top_risks``: how many risks the board's Priorities name (3).
    ``trend_bands``: shortfalls against target, in percent, at which a trend chart's amber and
    red bands start when the rating's evidence names no bands (Belfast's 1 and 5, the default
    indicator scheme).
    ``since``: an earlier evaluation (one recorded in a store, or any
    :class:`~aspcore.rules.changes.Rated`); when given, the report opens with "Changes since" its
    as-of date (:mod:`aspcore.report.since`).  Default none: no such section.
    """

    min_count: int = attrs.field(default=MIN_PUBLISHED_COUNT, validator=attrs.validators.ge(1))
    top_risks: int = attrs.field(default=3, validator=attrs.validators.ge(0))
    trend_bands: tuple[float, float] = (1.0, 5.0)
    since: Rated | None = attrs.field(default=None, eq=False)


def number(value: float | None, unit: Unit | None = None) -> str:
    """A value as people write it: ``120``, ``78%``, ``12.5``; missing values read as a dash."""
    if value is None:
        return "—"
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")
    return f"{text}%" if unit == Unit.PERCENT else text


@attrs.frozen
class ActionFact:
    """An action with its rating and the pillar of its objective."""

    id: str
    statement: str
    objective: str
    pillar: str
    owner: str
    timescale: str
    status: str
    rag: Rag | None
    rated: bool
    reason: str
    corrective_action: str


@attrs.frozen
class Point:
    """One period's combined value of an indicator, its rating, and whether it is suppressed."""

    period: str
    value: float | None
    suppressed: bool = False
    rag: Rag | None = None


@attrs.frozen
class TextValue:
    """One reported value of a qualitative (``unit: text``) indicator: its words, period,
    agency and the colour the reporter gave it, shown wherever a number would be."""

    period: str
    text: str
    agency: str = ""
    rag: Rag | None = None

    def show(self, *, period: bool = True) -> str:
        """The text with where it came from: ``"Clear and useful" (2018-19 Q2, Council,
        reported Green)``; without the period where a column already names it."""
        details = [*([self.period] if period else []), *([self.agency] if self.agency else [])]
        if self.rag is not None:
            details.append(f"reported {rag_word(self.rag)}")
        quoted = f"“{self.text}”"
        return f"{quoted} ({', '.join(details)})" if details else quoted


@attrs.frozen
class IndicatorFact:
    """An indicator with its observed values (disclosure-controlled), latest rating and trend.

    ``bands`` are the rating scheme's bands over the shortfall against target, in percent, as
    ``(rag, lower, upper)`` (``None`` for an open end), read from the status evidence.
    ``texts`` are a qualitative indicator's reported texts in period order (none for numbers).
    """

    indicator: Indicator
    pillar: str
    points: tuple[Point, ...]
    rag: Rag | None
    rated: bool
    reason: str
    period: str | None
    vs_previous: str
    vs_last_year: str
    bands: tuple[tuple[Rag, float | None, float | None], ...] = ()
    texts: tuple[TextValue, ...] = ()
    so_far: str | None = None

    @property
    def latest(self) -> str:
        """The latest value with its period (``95 (2018-19 Q2)``), or a dash; for a qualitative
        indicator, its latest text (:meth:`TextValue.show`); for a year-to-date total or mean,
        that figure (``7 so far in 2018-19 (to 2018-09)``), which is what was rated."""
        if self.texts:
            return self.texts[-1].show()
        if self.so_far is not None:
            return self.so_far
        if not self.points:
            return "—"
        point = self.points[-1]
        shown = SUPPRESSED if point.suppressed else number(point.value, self.indicator.unit)
        return f"{shown} ({point.period})"

    def said_in(self, period: str) -> str:
        """A qualitative indicator's texts for one period (agencies' in turn), or ``""``."""
        return "; ".join(t.show(period=False) for t in self.texts if t.period == period)


@attrs.frozen
class RiskFact:
    """A risk as the risk family scored it, with the plan's owner, mitigation and factors."""

    id: str
    statement: str
    scheme: str
    score: str
    band: str
    priority: str
    rank: int | None
    confidence: str
    owner: str
    mitigation: str
    likelihood: int | None
    impact: int | None


def _so_far(
    indicator: Indicator,
    status: Status | None,
    withheld: Mapping[tuple[str, str], object],
    min_count: int | None,
) -> str | None:
    """The year-to-date figure an ``aggregation: sum`` or ``mean`` indicator was rated on, in
    words, or ``None``.  It is withheld ([c]) when it is itself a small count, or when exactly
    one of the periods it adds up is suppressed (it would give that period away by subtraction).
    ``min_count`` is ``None`` when the report is not published.
    """
    if status is None or indicator.aggregation is Aggregation.LATEST:
        return None
    total = status.evidence.get("year_to_date")
    year = status.evidence.get("year")
    combined = status.evidence.get("periods_combined")
    if not isinstance(total, int | float) or not isinstance(combined, list):
        return None
    hidden = sum(1 for label in combined if (indicator.id, label) in withheld)
    small = min_count is not None and indicator.unit is Unit.COUNT and 0 < total < min_count
    shown = SUPPRESSED if hidden == 1 or small else number(float(total), indicator.unit)
    what = "so far" if indicator.aggregation is Aggregation.SUM else "on average so far"
    return f"{shown} {what} in {year} (to {status.period})"


def _bands(raw: object) -> tuple[tuple[Rag, float | None, float | None], ...]:
    """A scheme's bands from status evidence (``[{rag, min|above, max|below}]``), if readable."""
    if not isinstance(raw, list | tuple):
        return ()
    bands = []
    for band in raw:
        if not isinstance(band, Mapping) or band.get("rag") not in set(Rag):
            return ()
        low = band.get("min", band.get("above"))
        high = band.get("max", band.get("below"))
        if not all(v is None or isinstance(v, int | float) for v in (low, high)):
            return ()
        bands.append((Rag(band["rag"]), low, high))
    return tuple(bands)


def _texts(plan: Plan) -> dict[str, tuple[TextValue, ...]]:
    """Each qualitative indicator's reported texts, in period order (file order within one)."""
    observed = sorted(
        (o for o in plan.observations if o.text is not None),
        key=lambda o: (o.period.end, o.period.start),
    )
    found: dict[str, list[TextValue]] = {}
    for obs in observed:
        value = TextValue(obs.period.label, obs.text or "", obs.agency or "", obs.rag)
        found.setdefault(obs.indicator, []).append(value)
    return {indicator: tuple(values) for indicator, values in found.items()}


def _int(value: object) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _rag(value: object) -> Rag | None:
    """A colour as an evaluation holds it (a ``Rag``, or its word once stored)."""
    return parse_vocab(Rag, value)


class Facts:
    """Joined, report-ready facts about one evaluation of one plan."""

    def __init__(
        self, evaluation: Evaluation, plan: Plan, *, published: bool, options: ReportOptions
    ) -> None:
        self.evaluation = evaluation
        self.plan = plan
        self.published = published
        self.options = options

    def section(self, name: str) -> Sequence[Mapping[str, Any]]:
        """Rows of an evaluation section, or none when the ruleset did not write it."""
        return self.evaluation.sections.get(name, ())

    def statuses(self, kind: str) -> dict[str, list[Status]]:
        """Statuses of one kind by subject, in the evaluation's order."""
        found: dict[str, list[Status]] = {}
        for status in self.evaluation.statuses_of(kind):
            found.setdefault(status.subject, []).append(status)
        return found

    def pillar_of_objective(self, objective_id: str | None) -> str:
        """The pillar an objective serves, or an empty string."""
        objective = self.plan.objective(objective_id or "")
        return objective.pillar.value if objective and objective.pillar else ""

    @functools.cached_property
    def actions(self) -> list[ActionFact]:
        """Every action in plan order, with its computed rating (or none if unrated)."""
        rated = self.statuses("action")
        facts = []
        for action in self.plan.actions:
            status = rated.get(action.id, [None])[-1]
            facts.append(
                ActionFact(
                    id=action.id,
                    statement=action.statement or action.id,
                    objective=action.objective or "",
                    pillar=self.pillar_of_objective(action.objective),
                    owner=action.owner or "",
                    timescale=action.timescale or (action.due.isoformat() if action.due else ""),
                    status=action.status.value if action.status else "",
                    rag=status.rag if status else None,
                    rated=status is not None,
                    reason=status.reason if status else "not rated by this ruleset",
                    corrective_action=action.corrective_action or "",
                )
            )
        return facts

    def _indicator_pillar(self, indicator: Indicator) -> str:
        if indicator.pillar:
            return indicator.pillar.value
        for objective in self.plan.objectives:
            if indicator.id in objective.indicators and objective.pillar:
                return objective.pillar.value
        return ""

    @functools.cached_property
    def indicators(self) -> list[IndicatorFact]:
        """Every indicator in plan order with its values, latest rating and direction."""
        rated = self.statuses("indicator")
        per_period = {
            (s.subject, s.period): s.rag for s in self.evaluation.statuses_of("indicator-period")
        }
        trends: dict[tuple[str, str], Mapping[str, Any]] = {
            (_text(r.get("indicator")), _text(r.get("period"))): r for r in self.section("trends")
        }
        values = combined_values(self.plan)
        texts = _texts(self.plan)
        withheld = (
            suppressed_periods(self.plan, min_count=self.options.min_count)
            if self.published
            else {}
        )
        facts = []
        for indicator in self.plan.indicators:
            points = tuple(
                Point(
                    label,
                    value,
                    (indicator.id, label) in withheld,
                    per_period.get((indicator.id, label)),
                )
                for label, value in values.get(indicator.id, {}).items()
            )
            statuses = rated.get(indicator.id, [])
            status = statuses[-1] if statuses else None
            period = status.period if status and status.period else None
            if period is None and points:
                period = points[-1].period
            trend = trends.get((indicator.id, _text(period)), {})
            hidden = any(p.suppressed for p in points if p.period == period)
            reason = status.reason if status else "not rated by this ruleset"
            so_far = _so_far(
                indicator, status, withheld, self.options.min_count if self.published else None
            )
            facts.append(
                IndicatorFact(
                    indicator=indicator,
                    pillar=self._indicator_pillar(indicator),
                    points=points,
                    rag=status.rag if status else None,
                    rated=status is not None,
                    reason="value suppressed for publication" if hidden else reason,
                    period=period,
                    vs_previous=_text(trend.get("vs_previous")),
                    vs_last_year=_text(trend.get("vs_last_year")),
                    bands=_bands(status.evidence.get("bands") if status else None),
                    texts=texts.get(indicator.id, ()),
                    so_far=so_far,
                )
            )
        return facts

    @functools.cached_property
    def risks(self) -> list[RiskFact]:
        """Risks ranked by priority when the risk family scored them, else in plan order."""
        scored = {_text(r.get("id")): r for r in self.section("risks")}
        facts = []
        for risk in self.plan.risks:
            row = scored.get(risk.id, {})
            given = row.get("factors")
            factors = {**risk.scores, **(given if isinstance(given, Mapping) else {})}
            facts.append(
                RiskFact(
                    id=risk.id,
                    statement=risk.statement or risk.id,
                    scheme=_text(row.get("scheme", risk.scheme)),
                    score=_text(row.get("score")),
                    band=_text(row.get("band")),
                    priority=_text(row.get("priority")),
                    rank=_int(row.get("rank")),
                    confidence=_text(row.get("confidence", risk.confidence)),
                    owner=risk.owner or "",
                    mitigation=risk.mitigation or "",
                    likelihood=_int(factors.get("likelihood")),
                    impact=_int(factors.get("impact", factors.get("harm"))),
                )
            )
        big = len(facts) + 1
        return sorted(facts, key=lambda r: (r.rank if r.rank is not None else big, r.id))

    @functools.cached_property
    def risk_grids(self) -> dict[str, list[HeatCell]]:
        """Scheme name → the cells of its likelihood by impact grid, as the risk family scored
        and banded them (the evaluation's ``risk-grids`` section)."""
        grids: dict[str, list[HeatCell]] = {}
        for row in self.section("risk-grids"):
            cells = row.get("cells")
            found = grids.setdefault(_text(row.get("scheme")), [])
            for cell in cells if isinstance(cells, list) else []:
                if not isinstance(cell, Mapping):  # not a cell aspcore wrote
                    continue
                likelihood, impact = _int(cell.get("likelihood")), _int(cell.get("impact"))
                if likelihood is None or impact is None:
                    continue
                score = cell.get("score")
                found.append(
                    HeatCell(
                        likelihood=likelihood,
                        impact=impact,
                        score=score if isinstance(score, int | float) else None,
                        label=_text(cell.get("label")) or None,
                        rag=_rag(cell.get("rag")),
                    )
                )
        return grids

    @property
    def risks_scored(self) -> bool:
        """Whether the risk family wrote a ranked register."""
        return bool(self.section("risks"))

    def owner_of(self, finding: Finding) -> str:
        """Who should act on a finding: the owner of its subject, if the plan names one."""
        subject = finding.subject
        for group in (
            self.plan.actions,
            self.plan.objectives,
            self.plan.indicators,
            self.plan.risks,
        ):
            for item in group:
                if item.id == subject and getattr(item, "owner", None):
                    return str(item.owner)
        indicator = subject.split("@", 1)[0]
        found = self.plan.indicator(indicator)
        return found.owner if found and found.owner else ""
