"""An independent computation of the example indicators in plain Python over the CSV.

Nothing here uses narwhals, the expression language or the indicator package: rows are read with
the csv module, filtered with Python predicates restating each compute block, grouped in dicts,
and periods come from :mod:`aspcore.periods` (the canonical labels).  Results have the shape
``{(period label, breakdown tuple): (value, numerator, denominator)}``.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import statistics
from collections.abc import Callable, Iterable
from pathlib import Path

import attrs

from aspcore.periods import Period, period_of

ROOT = Path(__file__).resolve().parents[2]
EVENTS = ROOT / "examples" / "case-events.csv"
PLAN = ROOT / "examples" / "northshire-indicators.yaml"
AS_OF = dt.date(2019, 3, 31)
ALL = "all"
#: The stages of care (guide, Table 3).
CARE_STAGES = ("respite", "recovery", "sustainable-freedom")

Row = dict[str, str]
Cells = dict[tuple[str, tuple[str, ...]], tuple[float | None, float | None, float | None]]


def read_events(path: Path = EVENTS) -> list[Row]:
    """The CSV's rows as dicts of text."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def day(text: str) -> dt.date:
    """A YYYY-MM-DD date."""
    return dt.date.fromisoformat(text)


@attrs.frozen
class Side:
    """A numerator or denominator: which rows, and what of them is measured."""

    keep: Callable[[Row], bool]
    distinct: bool = True


@attrs.frozen
class Spec:
    """An indicator restated: sides, breakdown, frequency, factor."""

    numerator: Side
    denominator: Side | None = None
    by: tuple[str, ...] = ()
    frequency: str = "quarterly"
    factor: float = 1.0


def event(name: str) -> Side:
    """People with an event called ``name``."""
    return Side(lambda row: row["event"] == name)


#: The example plan's denominator ``in_care_in_quarter``: any event in a stage of care.
IN_CARE_IN_QUARTER = Side(lambda row: row["stage"] in CARE_STAGES)

#: The example plan's event indicators, restated from its compute blocks.
EVENT_SPECS: dict[str, Spec] = {
    "K1": Spec(event("identified"), by=("sex", "age_group")),
    "K2": Spec(event("support_started"), by=("sex", "age_group")),
    "K3": Spec(event("participated_in_decisions"), by=("sex",)),
    "K4": Spec(event("participated_in_decisions"), IN_CARE_IN_QUARTER, factor=100),
    "K5": Spec(event("voluntary_care_linked_to_needs"), by=("exploitation_type",)),
    "K6": Spec(event("voluntary_care_linked_to_needs"), IN_CARE_IN_QUARTER, factor=100),
    "K7": Spec(event("legal_advice"), by=("sex", "age_group")),
    "K8": Spec(event("legal_advice"), IN_CARE_IN_QUARTER, factor=100),
    "K10": Spec(event("employment_assistance_offered")),
    "K11": Spec(event("employment_assistance"), by=("sex",)),
    "K13": Spec(event("employment_assistance_offered"), IN_CARE_IN_QUARTER, factor=100),
}
#: Events that move a person into accommodation, and those into long-term accommodation.
HOUSING = ("safe_house", "temporary_accommodation", "long_term_accommodation")
LONG_TERM = ("long_term_accommodation",)
STAGE_ORDER = ("prevention", "discovery", "respite", "recovery", "sustainable-freedom")


def _subsets(by: tuple[str, ...]) -> list[tuple[str, ...]]:
    return [c for n in range(len(by), -1, -1) for c in itertools.combinations(by, n)]


def _key(row: Row, by: tuple[str, ...], subset: tuple[str, ...]) -> tuple[str, ...]:
    return tuple((row[c] or "not recorded") if c in subset else ALL for c in by)


def event_cells(rows: list[Row], spec: Spec, as_of: dt.date = AS_OF) -> Cells:
    """One events indicator: every period with any row, every breakdown value found."""
    dated = [r for r in rows if r["date"] and day(r["date"]) <= as_of]

    def period(row: Row) -> Period:
        return period_of(day(row["date"]), spec.frequency)

    periods = {period(r) for r in dated}
    sides: dict[str, dict[tuple[str, tuple[str, ...]], set[str]]] = {}
    for name, side in (("numerator", spec.numerator), ("denominator", spec.denominator)):
        if side is None:
            continue
        groups: dict[tuple[str, tuple[str, ...]], set[str]] = {}
        for row in dated:
            if side.keep(row):
                for subset in _subsets(spec.by):
                    key = (period(row).label, _key(row, spec.by, subset))
                    groups.setdefault(key, set()).add(row["person_id"])
        sides[name] = groups
    combos = {combo for groups in sides.values() for _p, combo in groups}
    combos.add(tuple(ALL for _c in spec.by))
    cells: Cells = {}
    for p in periods:
        for combo in combos:
            numerator = len(sides["numerator"].get((p.label, combo), ()))
            if spec.denominator is None:
                cells[(p.label, combo)] = (round(numerator * spec.factor, 6), numerator, None)
                continue
            denominator = len(sides["denominator"].get((p.label, combo), ()))
            value = round(numerator * spec.factor / denominator, 6) if denominator else None
            cells[(p.label, combo)] = (value, numerator, denominator)
    return cells


@attrs.frozen
class Person:
    """One person's journey, from their events."""

    first: dt.date
    last: dt.date
    exit: dt.date | None
    referral: dt.date | None
    reasonable_grounds: dt.date | None
    conclusive_grounds: dt.date | None
    entered: dict[str, dt.date]
    events: tuple[dt.date, ...]
    sex: str
    housing: tuple[tuple[dt.date, str], ...]
    firsts: dict[str, dt.date]


def people(rows: Iterable[Row], as_of: dt.date = AS_OF) -> dict[str, Person]:
    """Every person's journey (events after ``as_of`` left out)."""
    grouped: dict[str, list[Row]] = {}
    for row in rows:
        if row["date"] and day(row["date"]) <= as_of:
            grouped.setdefault(row["person_id"], []).append(row)

    def first(events: list[Row], name: str) -> dt.date | None:
        dates = [day(r["date"]) for r in events if r["event"] == name]
        return min(dates) if dates else None

    found = {}
    for person, events in grouped.items():
        dates = sorted(day(r["date"]) for r in events)
        entered: dict[str, dt.date] = {}
        firsts: dict[str, dt.date] = {}
        for r in events:
            if r["stage"]:
                entered[r["stage"]] = min(entered.get(r["stage"], day(r["date"])), day(r["date"]))
            firsts[r["event"]] = min(firsts.get(r["event"], day(r["date"])), day(r["date"]))
        found[person] = Person(
            first=dates[0],
            last=dates[-1],
            exit=first(events, "moved_on"),
            referral=first(events, "referral"),
            reasonable_grounds=first(events, "reasonable_grounds"),
            conclusive_grounds=first(events, "conclusive_grounds"),
            entered=entered,
            events=tuple(dates),
            sex=min((r["sex"] for r in events if r["sex"]), default="not recorded"),
            housing=tuple(
                sorted((day(r["date"]), r["event"]) for r in events if r["event"] in HOUSING)
            ),
            firsts=firsts,
        )
    return found


def journey_status(
    person: Person, period: Period, as_of: dt.date = AS_OF, lost_after: int = 90
) -> str | None:
    """``moved_on``, ``lost_to_follow_up`` or ``open`` in ``period`` (``None`` if not open)."""
    end = min(period.end, as_of)
    if person.first > end or (person.exit is not None and person.exit < period.start):
        return None
    if person.exit is not None and person.exit <= end:
        return "moved_on"
    last = max(d for d in person.events if d <= end)
    return "lost_to_follow_up" if (end - last).days > lost_after else "open"


def newly_lost(person: Person, period: Period, lost_after: int = 90) -> bool:
    """Lost to follow-up at the period's end, having gone ``lost_after`` days without an event
    during the period (on the day after the last event plus ``lost_after``)."""
    if journey_status(person, period, lost_after=lost_after) != "lost_to_follow_up":
        return False
    end = min(period.end, AS_OF)
    last = max(d for d in person.events if d <= end)
    return last + dt.timedelta(days=lost_after + 1) >= period.start


def stage_at(person: Person, end: dt.date) -> str | None:
    """The stage entered last by ``end`` (the later stage on a tie)."""
    entered = [(d, STAGE_ORDER.index(s), s) for s, d in person.entered.items() if d <= end]
    return max(entered)[2] if entered else None


def in_care_at_end(person: Person, period: Period) -> bool:
    """Open at the period's end, in respite, recovery or sustainable freedom."""
    end = min(period.end, AS_OF)
    return journey_status(person, period) == "open" and stage_at(person, end) in CARE_STAGES


def housed_long_term(person: Person, end: dt.date) -> bool:
    """Whether the person's latest move into accommodation by ``end`` was a long-term one."""
    moves = [(d, event in LONG_TERM) for d, event in person.housing if d <= end]
    latest = max((d for d, _lt in moves), default=None)
    return latest is not None and any(lt for d, lt in moves if d == latest)


def accommodation_cells(rows: list[Row]) -> Cells:
    """Per quarter: of the people in care at its end, the percentage in long-term housing."""
    journeys = people(rows)
    periods = {period_of(day(r["date"]), "quarterly") for r in rows if day(r["date"]) <= AS_OF}
    cells: Cells = {}
    for p in periods:
        in_care = [person for person in journeys.values() if in_care_at_end(person, p)]
        housed = [person for person in in_care if housed_long_term(person, min(p.end, AS_OF))]
        value = round(100 * len(housed) / len(in_care), 6) if in_care else None
        cells[(p.label, ())] = (value, len(housed), len(in_care))
    return cells


def offer_cells(rows: list[Row]) -> Cells:
    """Per financial year of the first offer of employment assistance: the people offered, and
    the percentage of them who received it on or after that offer (by ``AS_OF``)."""
    offered: dict[str, list[Person]] = {}
    for person in people(rows).values():
        first_offer = person.firsts.get("employment_assistance_offered")
        if first_offer is not None:
            offered.setdefault(period_of(first_offer, "annual").label, []).append(person)
    cells: Cells = {}
    for label, cohort in offered.items():
        received = [
            p
            for p in cohort
            if p.firsts.get("employment_assistance", dt.date.min)
            >= p.firsts["employment_assistance_offered"]
        ]
        value = round(100 * len(received) / len(cohort), 6)
        cells[(label, ())] = (value, len(received), len(cohort))
    return cells


def journey_cells(
    rows: list[Row], status: str, *, by_sex: bool = False, lost_after: int = 90
) -> Cells:
    """People per financial quarter with a journey ``status`` (or ``newly_lost``), in total
    (and by sex)."""
    journeys = people(rows)
    periods = {period_of(day(r["date"]), "quarterly") for r in rows if day(r["date"]) <= AS_OF}
    counts: dict[tuple[str, tuple[str, ...]], int] = {}
    combos: set[tuple[str, ...]] = {(ALL,)} if by_sex else {()}
    for p in periods:
        for person in journeys.values():
            if status == "newly_lost":
                if not newly_lost(person, p, lost_after):
                    continue
            elif journey_status(person, p, lost_after=lost_after) != status:
                continue
            keys = [(ALL,), (person.sex,)] if by_sex else [()]
            for key in keys:
                combos.add(key)
                counts[(p.label, key)] = counts.get((p.label, key), 0) + 1
    return {
        (p.label, combo): (
            float(counts.get((p.label, combo), 0)),
            counts.get((p.label, combo), 0),
            None,
        )
        for p in periods
        for combo in combos
    }


def decision_cells(rows: list[Row], decision: str) -> Cells:
    """Median days from referral to ``decision`` per quarter of the decision (a decision before
    the referral, or a conclusive one before the reasonable-grounds one, left out)."""
    by_period: dict[str, list[int]] = {}
    for person in people(rows).values():
        decided = getattr(person, decision)
        if decided is None:
            continue
        days = by_period.setdefault(period_of(decided, "quarterly").label, [])
        earlier = person.reasonable_grounds if decision == "conclusive_grounds" else None
        in_order = earlier is None or decided >= earlier
        if person.referral is not None and decided >= person.referral and in_order:
            days.append((decided - person.referral).days)
    cells: Cells = {}
    for label, days in by_period.items():
        median = float(statistics.median(days)) if days else None
        cells[(label, ())] = (median, median, None)
    return cells


def reference(rows: list[Row]) -> dict[str, Cells]:
    """Every indicator of the example plan, computed independently."""
    out = {iid: event_cells(rows, spec) for iid, spec in EVENT_SPECS.items()}
    out["J1"] = journey_cells(rows, "moved_on")
    out["J2"] = journey_cells(rows, "open")
    out["K9"] = accommodation_cells(rows)
    out["K12"] = offer_cells(rows)
    out["J3"] = journey_cells(rows, "lost_to_follow_up", by_sex=True)
    out["J4"] = decision_cells(rows, "reasonable_grounds")
    out["J5"] = decision_cells(rows, "conclusive_grounds")
    out["J6"] = journey_cells(rows, "newly_lost")
    return out
