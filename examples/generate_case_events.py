"""Write ``examples/case-events.csv``: synthetic, pseudonymised case events for Northshire.

Every person here is invented.  Journeys follow the guide's victim care pathway (Table 3):
prevention, discovery, respite, recovery and sustainable freedom, with the NRM's referral,
reasonable-grounds and conclusive-grounds decisions, and the support events the guide's KPIs
count: assessed needs and the voluntary care linked to them, legal advice, where the person
lives (a safe house, temporary accommodation, long-term accommodation, and now and then a
tenancy that breaks down), employment assistance offered and received, a key worker, and taking
part in decisions about services.
Some people stop being seen (lost to follow-up) and some move on.  Events run from April 2017 to
the end of March 2019, the end of the partnership year 2018-19.

The ids are pseudonyms made with ``aspcore.indicators.pseudonym`` under a demonstration key, as
``aspcore pseudonymise`` makes them.  The random seed is fixed, so the file is the same on every
run::

    python examples/generate_case_events.py            # writes examples/case-events.csv
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from pathlib import Path

from aspcore.indicators import pseudonym

SEED = 20180401
PEOPLE = 2200
FIRST_DAY = dt.date(2017, 4, 1)
LAST_DAY = dt.date(2019, 3, 31)
#: The key the synthetic ids were pseudonymised with; a real key is a secret, never written down.
DEMO_KEY = b"northshire-synthetic-demonstration-key"
COLUMNS = (
    "person_id",
    "event",
    "date",
    "agency",
    "stage",
    "sex",
    "age_group",
    "exploitation_type",
    "nationality",
)
_SEX = (("female", 45), ("male", 53), ("other", 2))
_AGE = (("adult", 76), ("child", 24))
_EXPLOITATION = (
    ("labour", 35),
    ("sexual", 28),
    ("criminal", 22),
    ("domestic-servitude", 10),
    ("unknown", 5),
)
_NATIONALITY = (
    ("British", 24),
    ("Albanian", 18),
    ("Vietnamese", 14),
    ("Romanian", 10),
    ("Polish", 8),
    ("Sudanese", 7),
    ("Eritrean", 7),
    ("Chinese", 6),
    ("Nigerian", 6),
)


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


class Journey:
    """One invented person's events, added in date order."""

    def __init__(self, number: int, rng: random.Random) -> None:
        self.rng = rng
        self.person = pseudonym(f"northshire-person-{number:05d}", DEMO_KEY)
        self.fixed = (
            _pick(rng, _SEX),
            _pick(rng, _AGE),
            _pick(rng, _EXPLOITATION),
            _pick(rng, _NATIONALITY),
        )
        self.rows: list[tuple[str, ...]] = []

    def add(self, event: str, day: dt.date, agency: str, stage: str) -> None:
        """Record an event (events after the data was extracted are not recorded)."""
        if day <= LAST_DAY:
            self.rows.append((self.person, event, day.isoformat(), agency, stage, *self.fixed))

    def days(self, low: int, high: int) -> dt.timedelta:
        """A random number of days between ``low`` and ``high``."""
        return dt.timedelta(days=self.rng.randint(low, high))

    def chance(self, probability: float) -> bool:
        """True with ``probability``."""
        return self.rng.random() < probability


def _contacts(journey: Journey, start: dt.date, end: dt.date, stage: str) -> None:
    """Key-worker contacts every few weeks between ``start`` and ``end``."""
    day = start + journey.days(14, 45)
    while day < end:
        journey.add("contact", day, "victim-care", stage)
        day += journey.days(30, 100)


def _housing(
    j: Journey, number: int, support: dt.date, recovery: dt.date, settled: dt.date | None
) -> None:
    """Where a supported person lives: a safe house when support starts, temporary
    accommodation in recovery, and, for some of those ``settled`` in long-term accommodation,
    a tenancy that breaks down (back to temporary accommodation).  Drawn from a random stream of
    the person's own, so the other events do not depend on these."""
    rng = random.Random(f"{SEED}-housing-{number}")

    def days(low: int, high: int) -> dt.timedelta:
        return dt.timedelta(days=rng.randint(low, high))

    if rng.random() < 0.7:
        j.add("safe_house", support, "safe-house", "respite")
    if rng.random() < 0.5:
        j.add("temporary_accommodation", recovery + days(0, 30), "housing", "recovery")
    if settled is not None and rng.random() < 0.15:
        j.add("temporary_accommodation", settled + days(20, 90), "housing", "sustainable-freedom")


def _journey(number: int, rng: random.Random) -> list[tuple[str, ...]]:
    j = Journey(number, rng)
    span = (LAST_DAY - FIRST_DAY).days
    start = FIRST_DAY + j.days(0, span)
    if j.chance(0.15):
        j.add("prevention_contact", start, "council", "prevention")
        if not j.chance(0.5):
            return j.rows
        start += j.days(20, 200)
    identified = start
    j.add("identified", identified, _pick(rng, (("police", 60), ("council", 40))), "discovery")
    if j.chance(0.7):
        referral = identified + j.days(0, 14)
        j.add("referral", referral, "police", "discovery")
        if j.chance(0.9):
            decision = referral + dt.timedelta(days=3 + int(rng.expovariate(1 / 18)))
            j.add("reasonable_grounds", decision, "sca", "respite")
            if j.chance(0.65):
                final = decision + dt.timedelta(days=60 + int(rng.expovariate(1 / 150)))
                j.add("conclusive_grounds", final, "sca", "recovery")
    if not j.chance(0.85):
        return j.rows
    support = identified + j.days(0, 7)
    j.add("support_started", support, "pre-nrm-support", "respite")
    if j.chance(0.8):
        j.add("key_worker_assigned", support + j.days(0, 10), "victim-care", "respite")
    if j.chance(0.75):
        assessed = support + j.days(5, 30)
        j.add("voluntary_care_needs_assessed", assessed, "victim-care", "respite")
        if j.chance(0.8):
            j.add(
                "voluntary_care_linked_to_needs",
                assessed + j.days(3, 40),
                "victim-care",
                "recovery",
            )
    recovery = support + j.days(30, 120)
    lost = j.chance(0.18)
    end = recovery + j.days(60, 200) if lost else recovery + j.days(150, 500)
    _contacts(j, support, recovery, "respite")
    _contacts(j, recovery, end, "recovery")
    if j.chance(0.55):
        j.add("participated_in_decisions", recovery + j.days(0, 60), "victim-care", "recovery")
    if j.chance(0.5):
        j.add("legal_advice", recovery + j.days(0, 90), "law-centre", "recovery")
    if lost:
        _housing(j, number, support, recovery, None)
        return j.rows
    freedom = end + j.days(0, 30)
    settled = None
    if j.chance(0.6):
        j.add("long_term_accommodation", freedom, "housing", "sustainable-freedom")
        settled = freedom
    _housing(j, number, support, recovery, settled)
    if j.chance(0.55):
        offered = freedom + j.days(0, 45)
        j.add("employment_assistance_offered", offered, "jobcentre", "sustainable-freedom")
        if j.chance(0.65):
            j.add(
                "employment_assistance", offered + j.days(7, 60), "jobcentre", "sustainable-freedom"
            )
    if j.chance(0.7):
        j.add("moved_on", freedom + j.days(30, 120), "victim-care", "sustainable-freedom")
    return j.rows


def generate(people: int = PEOPLE, seed: int = SEED) -> list[tuple[str, ...]]:
    """Every event of ``people`` invented journeys, sorted by date, person and event."""
    rng = random.Random(seed)
    rows = [row for number in range(1, people + 1) for row in _journey(number, rng)]
    return sorted(rows, key=lambda row: (row[2], row[0], row[1]))


def main() -> None:
    """Write the CSV (``--out`` to write it elsewhere)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("case-events.csv"))
    args = parser.parse_args()
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(generate())


if __name__ == "__main__":
    main()
