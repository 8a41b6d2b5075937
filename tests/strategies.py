"""The suite's generated data, in one place: plans, rulesets, risk schemes and frames.

Each strategy draws what a partnership or a host system really holds, odd values included:

* **plans** — :func:`action_tables` (actions as a case platform keeps them: statuses and RAG
  colours in any spelling, missing and reversed dates, progress with many decimals, outside
  0-100 or NaN) and :data:`indicator_tables` (indicators with targets, polarity, units, a value
  and maybe last year's, on the published schemes' bounds); :func:`action_plan` and
  :func:`indicator_plan` write the same rows as the plan mapping a user would load;
  :data:`indicator_records` and :data:`risk_records` draw every field a plan gives indicators
  and risks, in odd spellings;
* **rulesets** — :data:`RAG_RULESETS` (the default thresholds, strict ones and odd decimals)
  and :func:`indicator_ruleset` (each published RAG scheme, and Belfast's bands in points);
* **risk schemes** — :func:`schemes` draws valid scheme tables with an independent oracle for
  their score range, :func:`risk_rows` the factor values a register holds;
* **frames** — :func:`frames` draws one of the backends in :mod:`frames` for a table.

Properties take these instead of drawing their own, so that a rule's per-plan and frame tests
agree on what "any input" means.  (The fuzz targets, in ``tests/fuzz``, draw hostile files and
text of their own.)
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import polars as pl
from hypothesis import strategies as st

from aspcore.rag import BUILTIN_SCHEMES
from aspcore.risk import RiskScheme
from aspcore.rules import Ruleset
from frames import Convert

#: The reference date the generated plans are read at.
AS_OF = dt.date(2018, 11, 30)

# -- plans: actions ---------------------------------------------------------------------------

#: Action statuses as host systems spell them, with blanks and an unknown word.
STATUSES = [
    None, "", "in-progress", "In progress", "in_progress", "  In  Progress ", "ongoing",
    "not-started", "Not started", "complete", "done", "Completed", "cancelled", "withdrawn",
    "bogus",
]  # fmt: skip
#: RAG colours as host systems spell them, with unknown words.
COLOURS = [None, "red", "Amber", "G", "green", "blue", "grey", "gray", "yellow", "purple"]
#: Statements and owners as typed, blanks and stray spaces included.
TEXTS = [None, "", "   ", "Train frontline staff", " Hold a partners' workshop ", "Police"]
#: Column types of an action table.
ACTION_SCHEMA = {
    "id": pl.String,
    "statement": pl.String,
    "owner": pl.String,
    "status": pl.String,
    "start": pl.Date,
    "due": pl.Date,
    "progress": pl.Float64,
    "rag": pl.String,
}

progress = st.one_of(
    st.none(),
    st.sampled_from([0.0, 5.0, 12.5, 33.3, 40.0, 75.0, 100.0, 99.99995, -1.0, 101.0, math.nan]),
    st.integers(0, 100).map(float),
    st.floats(1e-6, 100),
    # decimals as plans write them, which meet the thresholds exactly
    st.integers(0, 10_000).map(lambda n: n / 100),
)
days = st.integers(-900, 900)


@st.composite
def action_rows(draw: st.DrawFn, index: int) -> dict[str, Any]:
    """One action (id ``A<index>``) as a host system might hold it."""
    start = draw(st.none() | days.map(lambda n: AS_OF + dt.timedelta(days=n)))
    anchor = start or AS_OF
    due = draw(st.none() | st.integers(-60, 900).map(lambda n: anchor + dt.timedelta(days=n)))
    return {
        "id": f"A{index}",
        "statement": draw(st.sampled_from(TEXTS)),
        "owner": draw(st.sampled_from(TEXTS)),
        "status": draw(st.sampled_from(STATUSES)),
        "start": start,
        "due": due,
        "progress": draw(progress),
        "rag": draw(st.sampled_from(COLOURS)),
    }


@st.composite
def action_tables(draw: st.DrawFn, min_size: int = 1, max_size: int = 25) -> list[dict[str, Any]]:
    """A table of actions with distinct ids ``A0``, ``A1``, ..."""
    size = draw(st.integers(min_size, max_size))
    return [draw(action_rows(i)) for i in range(size)]


def action_plan(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The plan mapping a user would write for these actions."""
    return {"partnership": "Test", "actions": rows}


# -- plans: indicators and risks as records ---------------------------------------------------

#: Column types of a table of indicators as a plan describes them.
INDICATOR_RECORD_SCHEMA = {
    "id": pl.String,
    "name": pl.String,
    "level": pl.String,
    "unit": pl.String,
    "polarity": pl.String,
    "frequency": pl.String,
    "source": pl.String,
    "owner": pl.String,
    "baseline": pl.Float64,
    "target": pl.Float64,
    "pillar": pl.String,
}
plan_numbers = st.none() | st.sampled_from([0.0, 5.0, 100.0, 150.5, -1.0, math.nan, math.inf])


words = st.sampled_from


@st.composite
def records(
    draw: st.DrawFn, prefix: str, fields: dict[str, st.SearchStrategy[Any]], max_size: int = 20
) -> list[dict[str, Any]]:
    """Rows with ids ``<prefix>0``, ``<prefix>1``, ... and a value drawn for each field."""
    size = draw(st.integers(1, max_size))
    return [
        {"id": f"{prefix}{index}", **{name: draw(values) for name, values in fields.items()}}
        for index in range(size)
    ]


#: Indicators (ids ``K0``, ``K1``, ...) with every field a plan gives, in odd spellings.
indicator_records = records(
    "K",
    {
        "name": words(TEXTS),
        "level": words([None, "", "Outcome", " output ", "impact", "Input", "bogus"]),
        "unit": words([None, "", "percent", "Percent", "count", "days", "bogus"]),
        "polarity": words([None, "", "higher", "Lower", "bogus"]),
        "frequency": words([None, "Quarterly", "monthly", "annual", "bogus"]),
        "source": words(TEXTS),
        "owner": words(TEXTS),
        "baseline": plan_numbers,
        "target": plan_numbers,
        "pillar": words([None, "Pursue", "prevent", " Protect", "prepare", "bogus"]),
    },
)


#: Column types of a risk register.
RISK_SCHEMA = {
    "id": pl.String,
    "statement": pl.String,
    "level": pl.String,
    "scheme": pl.String,
    "confidence": pl.String,
    "owner": pl.String,
}


#: Risks (ids ``R0``, ``R1``, ...) as a register holds them.
risk_records = records(
    "R",
    {
        "statement": words(TEXTS),
        "level": words([None, "", "High", " high ", "Medium", "3"]),
        "scheme": words([None, "fife-4x4", " morile-style "]),
        "confidence": words([None, "Low", "low ", "High", ""]),
        "owner": words(TEXTS),
    },
)


# -- rulesets ---------------------------------------------------------------------------------

#: The default action thresholds, strict ones (no BRAG, any shortfall amber) and odd decimals.
RAG_RULESETS: list[Ruleset | None] = [
    None,
    Ruleset(
        name="strict",
        version="1",
        params={
            "rag": {
                "brag": False,
                "amber_shortfall": 0,
                "red_shortfall": 0.5,
                "due_soon_days": 0,
                "due_soon_progress": 100,
            }
        },
    ),
    Ruleset(
        name="odd",
        version="1",
        params={
            "rag": {
                "amber_shortfall": 12.5,
                "red_shortfall": 33.3,
                "due_soon_days": 30,
                "due_soon_progress": 62.5,
            }
        },
    ),
]
rag_rulesets = st.sampled_from(RAG_RULESETS)

#: Every published indicator scheme, and Belfast's bands over percentage points.
INDICATOR_SCHEMES = ["belfast", "havering", "camms", "belfast-points"]
#: The partnership's own schemes :func:`indicator_ruleset` adds to the published ones.
OWN_SCHEMES = {"belfast-points": {**BUILTIN_SCHEMES["belfast"], "shortfall": "points"}}


def indicator_ruleset(scheme: str) -> Ruleset:
    """A ruleset rating indicators by ``scheme`` (one of :data:`INDICATOR_SCHEMES`)."""
    return Ruleset(
        name="t", version="1", params={"rag": {"scheme": scheme, "schemes": OWN_SCHEMES}}
    )


# -- plans: indicators ------------------------------------------------------------------------

#: Column types of an indicator table.
INDICATOR_SCHEMA = {
    "id": pl.String,
    "actual": pl.Float64,
    "target": pl.Float64,
    "polarity": pl.String,
    "last_year": pl.Float64,
    "unit": pl.String,
    "shortfall": pl.String,
}
# Values with at most six decimals (the engine rounds combined values to six), values on the
# published schemes' bounds (76 against 80 is 5% short), and values beyond 2^53 / 10^6, which
# both engines rate by the shortfall rounded to six places.
values = st.one_of(
    st.sampled_from([0.0, 2.97, 3.0, 9.0, 10.2, 95.0, 100.0, 110.0, -5.0, 76.0, 80.0, 75.9]),
    st.integers(-100_000, 1_000_000).map(lambda n: n / 100),
    st.integers(-(10**8), 10**8).map(lambda n: n / 10**6),
    st.sampled_from([4_503_599_628.0, 9_007_199_255.0, -1e12, 3e15]),
)
# Percentages, with values on Belfast's bounds in points and relatively (79 against 80).
percents = st.one_of(
    st.sampled_from([0.0, 75.0, 74.99, 76.0, 78.99, 79.0, 80.0, 81.0, 100.0]),
    st.integers(0, 10_000).map(lambda n: n / 100),
)
counts = st.fixed_dictionaries(
    {
        "actual": st.none() | values,
        "target": st.none() | st.just(0.0) | values,
        "polarity": st.sampled_from([None, "higher", "lower", "Lower", "down"]),
        "last_year": st.none() | values,
        "unit": st.sampled_from([None, "number", "count"]),
        "shortfall": st.sampled_from([None, "relative", "points"]),
    }
)
percentages = st.fixed_dictionaries(
    {
        "actual": st.none() | percents,
        "target": st.none() | st.just(0.0) | percents,
        "polarity": st.sampled_from([None, "higher", "lower"]),
        "last_year": st.none() | percents,
        "unit": st.sampled_from(["percent", "Percent", "%"]),
        "shortfall": st.sampled_from([None, "relative", "points", "Points", "pts"]),
    }
)
#: Tables of indicators (ids ``K0``, ``K1``, ...), counts and percentages mixed.
indicator_tables = st.lists(counts | percentages, min_size=1, max_size=30).map(
    lambda items: [{"id": f"K{i}", **row} for i, row in enumerate(items)]
)


def indicator_plan(table: list[dict[str, Any]]) -> dict[str, Any]:
    """The plan mapping for these indicators: each row's value for 2019-20 Q1, and last year's
    value (when there is one) for 2018-19 Q1."""
    indicators, observations = [], []
    for row in table:
        indicator: dict[str, Any] = {
            "id": row["id"],
            "name": row["id"],
            "unit": row["unit"] or "number",
        }
        for field in ("polarity", "shortfall"):
            if row[field]:
                indicator[field] = row[field]
        if row["target"] is not None:
            indicator["target"] = {"value": row["target"]}
        indicators.append(indicator)
        observations.append(
            {"indicator": row["id"], "period": "2019-20 Q1", "value": row["actual"]}
        )
        if row["last_year"] is not None:
            observations.append(
                {"indicator": row["id"], "period": "2018-19 Q1", "value": row["last_year"]}
            )
    return {"partnership": "Test", "indicators": indicators, "observations": observations}


# -- risk schemes -----------------------------------------------------------------------------

COMBINES = ("product", "sum", "weighted_sum", "max")
BAND_COLOURS = ("green", "amber", "red")
WEIGHTS = st.sampled_from([1, 2, 3, 0.5, 1.5, 0.25])


def apply(combine: str | None, values: list[Fraction], weights: list[Fraction]) -> Fraction:
    """What a combination gives, written out independently of aspcore."""
    if combine == "product":
        return math.prod(values, start=Fraction(1))
    if combine == "weighted_sum":
        return sum((w * v for w, v in zip(weights, values, strict=True)), Fraction(0))
    if combine == "max":
        return max(values)
    return sum(values, Fraction(0))


def rounded(value: Fraction) -> Fraction:
    """Half-up rounding to a whole number (every generated scheme has step 1)."""
    return Fraction(math.floor(value + Fraction(1, 2)))


@st.composite
def combination(draw: st.DrawFn, names: list[str]) -> dict[str, Any]:
    """``combine`` (and ``weights``) for ``names``; a single input may be taken as it is."""
    if len(names) == 1 and draw(st.booleans()):
        return {}
    combine = draw(st.sampled_from(COMBINES))
    out: dict[str, Any] = {"combine": combine}
    if combine == "weighted_sum":
        out["weights"] = {name: draw(WEIGHTS) for name in names}
    return out


def _value(table: dict[str, Any], names: list[str], values: list[Fraction]) -> Fraction:
    given = table.get("weights", {})
    weights = [Fraction(repr(given[n])) for n in names] if given else []
    return apply(table.get("combine"), values, weights)


@st.composite
def _section(draw: st.DrawFn, prefix: str) -> dict[str, Any]:
    count = draw(st.integers(1, 3))
    factors: dict[str, Any] = {}
    for i in range(count):
        low = draw(st.integers(0, 3))
        factors[f"{prefix}{i}"] = {"min": low, "max": draw(st.integers(low + 1, low + 4))}
    return {"factors": factors, **draw(combination(list(factors)))}


def section_range(section: dict[str, Any], end: str) -> Fraction:
    """A section's lowest (``end="min"``) or highest (``"max"``) score."""
    names = list(section["factors"])
    values = [Fraction(section["factors"][n][end]) for n in names]
    return _value(section, names, values)


@st.composite
def bands(draw: st.DrawFn, low: int, high: int) -> list[dict[str, Any]]:
    """Bands cutting ``low``..``high`` at random points, colours never getting better."""
    inner = list(range(low + 1, high + 1))
    cuts = sorted(draw(st.sets(st.sampled_from(inner), max_size=4))) if inner else []
    starts = [low, *cuts]
    ends = [c - 1 for c in cuts] + [high]
    colours = sorted((draw(st.sampled_from(BAND_COLOURS)) for _ in starts), key=BAND_COLOURS.index)
    return [
        {"name": f"b{i}", "min": s, "max": e, "rag": colour}
        for i, (s, e, colour) in enumerate(zip(starts, ends, colours, strict=True))
    ]


@st.composite
def schemes(draw: st.DrawFn) -> dict[str, Any]:
    """A valid scheme table, plus ``_range`` (the risk score range) for the tests' oracle."""
    count = draw(st.integers(1, 3))
    sections = {f"s{i}": draw(_section(f"f{i}_")) for i in range(count)}
    risk_names = list(sections)
    risk = {"of": risk_names, **draw(combination(risk_names))}
    data: dict[str, Any] = {"name": "generated", "sections": sections, "risk": risk}
    ends = []
    for end in ("min", "max"):
        values = [section_range(sections[n], end) for n in risk_names]
        ends.append(int(rounded(_value(risk, risk_names, values))))
    if draw(st.booleans()):
        sections["position"] = draw(_section("p"))
        data["priority"] = {"of": ["risk", "position"], **draw(combination(["risk", "position"]))}
    if draw(st.booleans()):
        sections["trust"] = draw(_section("c"))
        data["confidence"] = {"of": ["trust"]}
    data["bands"] = draw(bands(ends[0], ends[1]))
    data["_range"] = tuple(ends)
    return data


def without_oracle(data: dict[str, Any]) -> dict[str, Any]:
    """The scheme table as a user would write it (no ``_range``)."""
    return {k: v for k, v in data.items() if k != "_range"}


@st.composite
def risk_rows(draw: st.DrawFn, scheme: RiskScheme, max_size: int = 30) -> list[dict[str, Any]]:
    """Rows of factor values: on the scale mostly, and missing, off the scale or fractional."""
    size = draw(st.integers(1, max_size))
    out = []
    for _ in range(size):
        row: dict[str, Any] = {}
        for factor in scheme.factors.values():
            low, high = int(factor.low), int(factor.high)
            row[factor.name] = draw(
                st.integers(low, high).map(float)
                | st.sampled_from([None, float(high + 1), float(low - 1), 2.5])
            )
        out.append(row)
    return out


# -- frames -----------------------------------------------------------------------------------


@st.composite
def frames(
    draw: st.DrawFn,
    rows: list[dict[str, Any]],
    schema: Mapping[str, Any],
    backends: Mapping[str, Convert],
) -> tuple[str, Any]:
    """``rows`` as the frame of one of ``backends`` (a dict of :mod:`frames`): its name and the
    frame."""
    name = draw(st.sampled_from(sorted(backends)))
    return name, backends[name](pl.DataFrame(rows, schema=dict(schema)))
