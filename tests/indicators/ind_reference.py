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
IN_CARE = ("respite", "recovery", "sustainable-freedom")

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


IN_CARE_SIDE = Side(lambda row: row["stage"] in IN_CARE)

#: The example plan's event indicators, restated from its compute blocks.
EVENT_SPECS: dict[str, Spec] = {
    "K1": Spec(event("identified"), by=("sex", "age_group")),
    "K2": Spec(event("support_started"), by=("sex", "age_group")),
    "K3": Spec(event("participated_in_decisions"), by=("sex",)),
    "K4": Spec(event("participated_in_decisions"), IN_CARE_SIDE, factor=100),
    "K5": Spec(event("voluntary_care_linked_to_needs"), by=("exploitation_type",)),
    "K6": Spec(event("voluntary_care_linked_to_needs"), IN_CARE_SIDE, factor=100),
    "K7": Spec(event("legal_advice"), by=("sex", "age_group")),
    "K8": Spec(event("legal_advice"), IN_CARE_SIDE, factor=100),
    "K9": Spec(event("long_term_accommodation"), IN_CARE_SIDE, factor=100),
    "K10": Spec(event("employment_assistance_offered")),
    "K11": Spec(event("employment_assistance"), by=("sex",)),
    "K12": Spec(
        event("employment_assistance"),
        event("employment_assistance_offered"),
        frequency="annual",
        factor=100,
    ),
}


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
        for r in events:
            if r["stage"]:
                entered[r["stage"]] = min(entered.get(r["stage"], day(r["date"])), day(r["date"]))
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


def journey_cells(
    rows: list[Row], status: str, *, by_sex: bool = False, lost_after: int = 90
) -> Cells:
    """People per financial quarter with a journey ``status``, in total (and by sex)."""
    journeys = people(rows)
    periods = {period_of(day(r["date"]), "quarterly") for r in rows if day(r["date"]) <= AS_OF}
    counts: dict[tuple[str, tuple[str, ...]], int] = {}
    combos: set[tuple[str, ...]] = {(ALL,)} if by_sex else {()}
    for p in periods:
        for person in journeys.values():
            if journey_status(person, p, lost_after=lost_after) != status:
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
    out["J3"] = journey_cells(rows, "lost_to_follow_up", by_sex=True)
    out["J4"] = decision_cells(rows, "reasonable_grounds")
    out["J5"] = decision_cells(rows, "conclusive_grounds")
    return out
