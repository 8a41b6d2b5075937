"""The tables and charts reports share: action plan, indicators, coverage, SMART, risks, findings.

Each function takes :class:`~aspcore.report.facts.Facts` and returns one block of the report
model, saying plainly when the evaluation holds nothing for it ("No risks scored").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from aspcore.model import ChainLevel, Finding, Indicator, PathwayStage, Polarity, Rag, Unit
from aspcore.report.facts import ActionFact, Facts, IndicatorFact, number
from aspcore.report.model import (
    Cell,
    HeatCell,
    HeatMap,
    HeatRisk,
    RagDistribution,
    Table,
    Trend,
    TrendPoint,
)

__all__ = [
    "BETTER",
    "RAG_ORDER",
    "WORSE",
    "action_table",
    "coverage_table",
    "direction",
    "findings_table",
    "heat_map",
    "indicator_table",
    "plain",
    "rag_cell",
    "rag_distribution",
    "risk_table",
    "smart_table",
    "trends",
]

#: The order colours are counted and drawn in: worst first.
RAG_ORDER = (Rag.RED, Rag.AMBER, Rag.GREY, Rag.GREEN, Rag.BLUE)
#: How directions of travel read: an arrow and a word, whatever the polarity.
BETTER, WORSE, SAME, NO_EARLIER = "▲ better", "▼ worse", "● same", "no earlier value"
_DIRECTIONS = {
    BETTER: {"improved", "improving", "better", "up"},
    WORSE: {"worsened", "worsening", "worse", "down", "deteriorated"},
    SAME: {"same", "unchanged", "stable", "maintained", "no change", "no-change"},
    NO_EARLIER: {"no comparison", "no-comparison", "none"},
}
_OPS = {">=": "at least", "<=": "at most", ">": "more than", "<": "less than", "==": "exactly"}


def direction(text: str) -> str:
    """A direction of travel as an arrow and a word; unknown wording is kept as written."""
    if not text:
        return "—"
    for shown, words in _DIRECTIONS.items():
        if text.strip().lower() in words:
            return shown
    return text


def plain(value: object) -> str:
    """Section values as text: lists joined, mappings as ``key: value``, ``None`` as a dash."""
    if value is None:
        return "—"
    if isinstance(value, list | tuple):
        return "; ".join(plain(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {plain(v)}" for k, v in value.items())
    return str(value)


def rag_cell(rag: Rag | None, rated: bool = True) -> Cell:
    """A cell showing a rating (colour and word); unrated items read "not rated"."""
    return Cell("" if rated else "not rated", rag=rag, rated=rated)


def action_table(facts: Facts, actions: Sequence[ActionFact] | None = None) -> Table:
    """The RAG action plan as partnerships keep it: Action, Owner, Timescale, RAG, reason."""
    rows = [
        (
            Cell(a.id),
            Cell(a.statement),
            Cell(a.owner or "—"),
            Cell(a.timescale or "—"),
            rag_cell(a.rag, a.rated),
            Cell(a.reason),
        )
        for a in facts.actions
        if actions is None or a in actions
    ]
    return Table(
        "RAG action plan",
        ("ID", "Action", "Owner", "Timescale", "RAG Status", "Why"),
        rows,
        empty="The plan has no actions.",
        name="actions",
    )


def _indicator_row(fact: IndicatorFact) -> tuple[Cell, ...]:
    ind = fact.indicator
    baseline = (
        f"{number(ind.baseline.value, ind.unit)}"
        + (f" ({ind.baseline.period.label})" if ind.baseline.period else "")
        if ind.baseline
        else "—"
    )
    if ind.standard:
        source = f" ({ind.standard.source})" if ind.standard.source else ""
        shown = f"standard {number(ind.standard.value, ind.unit)}{source}"
        baseline = shown if baseline == "—" else f"{baseline}; {shown}"
    target = (
        f"{_OPS.get(ind.target.op, ind.target.op)} {number(ind.target.value, ind.unit)}"
        + (f" by {ind.target.period.label}" if ind.target.period else "")
        if ind.target
        else "—"
    )
    return (
        Cell(ind.id),
        Cell(_described(ind)),
        Cell(ind.level.value if ind.level else "—"),
        Cell(baseline),
        Cell(target),
        Cell(fact.latest),
        rag_cell(fact.rag, fact.rated),
        Cell(direction(fact.vs_previous)),
        Cell(direction(fact.vs_last_year)),
        Cell(fact.reason),
    )


def _described(indicator: Indicator) -> str:
    """The indicator's name, with its definition and scope when the plan gives them (the
    Scottish progress table's columns), so readers know what is counted and over what."""
    about = "; ".join(
        part
        for part in (indicator.definition, f"scope: {indicator.scope}" if indicator.scope else "")
        if part
    )
    name = indicator.name or indicator.id
    return f"{name} — {about}" if about else name


def indicator_table(facts: Facts) -> Table:
    """Indicators: baseline, target, latest value, RAG and direction of travel."""
    return Table(
        "Indicators",
        (
            "ID",
            "Indicator",
            "Level",
            "Baseline",
            "Target",
            "Latest",
            "RAG",
            "vs previous",
            "vs last year",
            "Why",
        ),
        [_indicator_row(f) for f in facts.indicators],
        empty="The plan has no indicators.",
        name="indicators",
    )


def coverage_table(facts: Facts) -> Table:
    """The results-chain coverage matrix: pillar by chain level, and pathway stages."""
    levels = [level.value for level in ChainLevel]
    stages = [stage.value for stage in PathwayStage]
    rows = [
        (
            Cell(str(row.get("pillar", "")).capitalize()),
            Cell(str(row.get("objectives", 0))),
            *(Cell(str(row.get(level, 0))) for level in levels),
            Cell(
                ", ".join(s.replace("-", " ") for s in stages if row.get(f"stage:{s}", 0)) or "none"
            ),
        )
        for row in facts.section("coverage")
    ]
    return Table(
        "Results-chain coverage (pillar \N{MULTIPLICATION SIGN} level)",
        ("Pillar", "Objectives", *(lvl.capitalize() for lvl in levels), "Pathway stages"),
        rows,
        empty="Coverage was not computed by this ruleset.",
        name="coverage",
    )


def smart_table(facts: Facts) -> Table:
    """The SMART scorecard: each letter met or not (as a word), score and reasons."""
    rows = []
    for row in facts.section("smart"):
        reasons = row.get("reasons") or {}
        why = "; ".join(f"{k}: {plain(v)}" for k, v in reasons.items()) or "all met"
        rows.append(
            (
                Cell(str(row.get("subject", ""))),
                *(Cell("✓ yes" if row.get(letter) else "✗ no") for letter in "SMART"),
                Cell(f"{row.get('score', 0)}/5", value=float(row.get("score", 0))),
                Cell(why),
            )
        )
    return Table(
        "SMART scorecard",
        (
            "Objective",
            "Specific",
            "Measurable",
            "Attainable",
            "Relevant",
            "Time-bound",
            "Score",
            "Why not",
        ),
        rows,
        empty="SMART was not scored by this ruleset.",
        name="smart",
    )


def risk_table(facts: Facts) -> Table:
    """The risk register ranked by priority."""
    rows = [
        (
            Cell(r.id),
            Cell(str(r.rank) if r.rank is not None else "—"),
            Cell(r.statement),
            Cell(r.scheme or "—"),
            Cell(r.score or "not scored"),
            Cell(r.band or "—"),
            Cell(r.priority or "—"),
            Cell(r.confidence or "—"),
            Cell(r.owner or "—"),
            Cell(r.mitigation or "—"),
        )
        for r in facts.risks
    ]
    title = "Risk register, ranked by priority" if facts.risks_scored else "Risk register"
    return Table(
        title,
        (
            "ID",
            "Rank",
            "Risk",
            "Scheme",
            "Score",
            "Band",
            "Priority",
            "Confidence",
            "Owner",
            "Mitigation",
        ),
        rows,
        empty="No risks recorded.",
        name="risks",
    )


def findings_table(findings: Iterable[Finding], title: str = "Findings") -> Table:
    """Findings: severity, rule, subject, message and suggestion."""
    rows = [
        (
            Cell(f.severity.value.capitalize()),
            Cell(f.rule),
            Cell(f.subject),
            Cell(f.message),
            Cell(f.suggestion or "—"),
        )
        for f in findings
    ]
    return Table(
        title,
        ("Severity", "Rule", "Subject", "Finding", "Suggestion"),
        rows,
        empty="No findings.",
        name="findings",
    )


def rag_distribution(facts: Facts) -> RagDistribution:
    """Counts of action and indicator ratings per pillar (plus items with no pillar)."""
    counts: dict[str, Counter[Rag]] = {p.value: Counter() for p in facts.plan.pillars}
    for pillar, rag in [(a.pillar, a.rag) for a in facts.actions] + [
        (i.pillar, i.rag) for i in facts.indicators if i.rated
    ]:
        if rag is not None:
            counts.setdefault(pillar or "no pillar", Counter())[rag] += 1
    rows = tuple(
        (name.capitalize(), tuple((rag, c[rag]) for rag in RAG_ORDER if c[rag]))
        for name, c in counts.items()
    )
    parts = [
        f"{label}: " + (", ".join(f"{n} {r.value}" for r, n in cells) or "nothing rated")
        for label, cells in rows
    ]
    return RagDistribution(
        "RAG ratings of actions and indicators, per pillar",
        rows,
        description="; ".join(parts) + ".",
    )


def trends(facts: Facts) -> list[Trend]:
    """One trend chart per indicator that has a numeric target and at least one value."""
    amber, red = facts.options.trend_bands
    default = ((Rag.GREEN, None, amber), (Rag.AMBER, amber, red), (Rag.RED, red, None))
    charts = []
    for fact in facts.indicators:
        ind = fact.indicator
        if ind.target is None or not fact.points:
            continue
        points = tuple(
            TrendPoint(p.period, None if p.suppressed else p.value, p.rag, p.suppressed)
            for p in fact.points
        )
        shown = ", ".join(
            f"{p.period} "
            + ("suppressed" if p.suppressed else number(p.value, ind.unit))
            + (f" ({p.rag.value})" if p.rag else "")
            for p in points
        )
        charts.append(
            Trend(
                ind.id,
                f"{ind.id} {ind.name}",
                points,
                ind.target.value,
                fact.bands or default,
                unit="%" if ind.unit == Unit.PERCENT else "",
                higher=ind.polarity == Polarity.HIGHER,
                description=f"{ind.name}: {shown}; target {number(ind.target.value, ind.unit)}.",
            )
        )
    return charts


def heat_map(facts: Facts) -> HeatMap | None:
    """Risks on a likelihood by impact grid, when the plan gives both factors for any risk.

    The cells are coloured by the risks' scheme, cell by cell as the register bands a risk
    there (the ``risk-grids`` section), when every risk on the map uses one scheme whose score
    is likelihood by impact; otherwise the cells stay blank and the description says why.
    """
    placed: list[HeatRisk] = []
    used: set[str] = set()
    for r in facts.risks:
        if r.likelihood is not None and r.impact is not None and min(r.likelihood, r.impact) >= 1:
            placed.append(HeatRisk(r.id, r.likelihood, r.impact))
            used.add(r.scheme)
    if not placed:
        return None
    schemes = sorted(used)
    cells = facts.risk_grids.get(schemes[0], []) if len(schemes) == 1 else []
    size = max(4, *(max(r.likelihood, r.impact) for r in placed), *_grid_size(cells))
    text = "; ".join(f"{r.id} likelihood {r.likelihood}, impact {r.impact}" for r in placed)
    if cells:
        colours = f"Cells are coloured by the bands of the {schemes[0]} scheme."
    elif len(schemes) > 1:
        colours = f"Cells are not coloured: the risks use {len(schemes)} schemes."
    else:
        colours = f"Cells are not coloured: {schemes[0]} does not score likelihood by impact."
    return HeatMap(
        "Risk heat map (likelihood \N{MULTIPLICATION SIGN} impact)",
        size,
        placed,
        cells=cells,
        description=f"{text}. {colours}",
    )


def _grid_size(cells: list[HeatCell]) -> list[int]:
    return [max(c.likelihood, c.impact) for c in cells]
