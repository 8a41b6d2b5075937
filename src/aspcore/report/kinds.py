"""The annual, LogFrame and exception reports.

``annual`` follows Salford's template: key achievements, key challenges and future priorities,
for the partnership and for each agency (the owners named in the plan), with the year's figures
and the qualitative evidence (:mod:`aspcore.report.evidence`).  ``logframe`` is the guide's
Table 6.  ``exceptions`` keeps only what needs the board's attention: red and amber items,
worsening trends, missing data and errors.
"""

from __future__ import annotations

from collections.abc import Iterable

from aspcore.model import Rag, Severity
from aspcore.report import blocks
from aspcore.report.disclosure import SUPPRESSED, redact_row, suppressed_periods
from aspcore.report.evidence import evidence_section
from aspcore.report.facts import ActionFact, Facts, IndicatorFact, number
from aspcore.report.model import BulletGroup, Bullets, Cell, Item, Paragraph, Section, Table

__all__ = ["annual", "exceptions", "logframe"]

_BAD = (Rag.RED, Rag.AMBER)


def _achievements(actions: Iterable[ActionFact], indicators: Iterable[IndicatorFact]) -> list[Item]:
    items = [
        Item(f"{a.id} {a.statement}: complete", a.rag, a.rated)
        for a in actions
        if a.status == "complete" or a.rag == Rag.BLUE
    ]
    items += [
        Item(f"{i.indicator.id} {i.indicator.name}: {i.latest}", i.rag, True)
        for i in indicators
        if i.rag == Rag.GREEN
    ]
    return items


def _challenges(
    facts: Facts, actions: Iterable[ActionFact], indicators: Iterable[IndicatorFact]
) -> list[Item]:
    items = [
        Item(f"{a.id} {a.statement}: {a.reason}", a.rag, True) for a in actions if a.rag in _BAD
    ]
    items += [
        Item(f"{i.indicator.id} {i.indicator.name}: {i.reason}", i.rag, True)
        for i in indicators
        if i.rag in _BAD
    ]
    return items


def _priorities(actions: Iterable[ActionFact]) -> list[Item]:
    return [
        Item(f"{a.id} {a.statement} ({a.timescale or 'no timescale'})", a.rag, a.rated)
        for a in actions
        if a.status not in ("complete", "cancelled") and a.rag != Rag.BLUE
    ]


def _salford(
    title: str,
    facts: Facts,
    actions: list[ActionFact],
    inds: list[IndicatorFact],
    extra_challenges: list[Item],
    extra_priorities: list[Item],
) -> Bullets:
    groups = (
        BulletGroup("Key achievements", _achievements(actions, inds)),
        BulletGroup("Key challenges", _challenges(facts, actions, inds) + extra_challenges),
        BulletGroup("Future priorities", extra_priorities + _priorities(actions)),
    )
    return Bullets(title, [g for g in groups if g.items], empty="Nothing recorded.")


def _figures(facts: Facts) -> Table:
    """Each indicator's value in every period of the plan year (all periods if no year)."""
    year = facts.plan.year
    ends = {o.period.label: (o.period.end, o.period.start) for o in facts.plan.observations}
    periods = sorted(
        {
            p.period
            for f in facts.indicators
            for p in f.points
            if year is None or year.start <= ends[p.period][0] <= year.end
        },
        key=lambda label: ends[label],
    )
    rows = []
    for fact in facts.indicators:
        ind = fact.indicator
        points = {p.period: p for p in fact.points}
        cells = []
        for label in periods:
            point = points.get(label)
            said = fact.said_in(label)
            if said:
                cells.append(Cell(said))
            elif point is None:
                cells.append(Cell("—"))
            elif point.suppressed:
                cells.append(Cell(SUPPRESSED))
            else:
                cells.append(Cell(number(point.value, ind.unit), value=point.value))
        rows.append(
            (
                Cell(ind.id),
                Cell(ind.name or ind.id),
                Cell(number(ind.baseline.value, ind.unit) if ind.baseline else "—"),
                Cell(number(ind.target.value, ind.unit) if ind.target else "—"),
                *cells,
                blocks.rag_cell(fact.rag, fact.rated),
            )
        )
    return Table(
        "The year's figures",
        ("ID", "Indicator", "Baseline", "Target", *periods, "RAG"),
        rows,
        empty="The plan has no indicators.",
        name="figures",
    )


def annual(facts: Facts) -> list[Section]:
    """Salford's annual report: the partnership, then each agency, then the year's figures."""
    top = facts.risks[: facts.options.top_risks] if facts.risks_scored else []
    errors = [
        Item(f"{f.subject}: {f.message}")
        for f in facts.evaluation.findings
        if f.severity == Severity.ERROR
    ]
    risks = [Item(f"Risk {r.id} {r.statement} (score {r.score or '—'})") for r in top]
    sections = [
        Section(
            "partnership",
            "The partnership",
            [_salford("The partnership", facts, facts.actions, facts.indicators, errors, risks)],
        )
    ]
    owners = sorted(
        {a.owner for a in facts.actions if a.owner}
        | {i.indicator.owner for i in facts.indicators if i.indicator.owner}
    )
    agency_blocks = []
    for owner in owners:
        actions = [a for a in facts.actions if a.owner == owner]
        inds = [i for i in facts.indicators if i.indicator.owner == owner]
        owned = [Item(f"Risk {r.id} {r.statement}") for r in facts.risks if r.owner == owner]
        agency_blocks.append(_salford(owner, facts, actions, inds, [], owned))
    sections.append(
        Section(
            "agencies",
            "Each agency",
            agency_blocks or [Paragraph("The plan names no owners, so there is no agency view.")],
        )
    )
    sections.append(Section("figures", "The year's figures", [_figures(facts)]))
    sections.append(evidence_section(facts))
    sections.append(Section("ratings", "Ratings per pillar", [blocks.rag_distribution(facts)]))
    return sections


def logframe(facts: Facts) -> list[Section]:
    """The LogFrame (guide, Table 6), from the evaluation's ``logframe`` section."""
    rows = [
        (
            Cell(str(row.get("row", "")).capitalize()),
            *(
                Cell("; ".join(str(v) for v in row.get(key) or []) or "—")
                for key in ("objectives", "indicators", "verification", "risks_assumptions")
            ),
        )
        for row in facts.section("logframe")
    ]
    table = Table(
        "LogFrame",
        (
            "",
            "Objectives",
            "Indicators of achievement",
            "Means of verification",
            "Risks and assumptions",
        ),
        rows,
        empty="The LogFrame was not computed by this ruleset.",
        name="logframe",
    )
    gaps = [f for f in facts.evaluation.findings if f.rule.startswith("LOGFRAME")]
    return [
        Section("logframe", "Logical framework", [table]),
        Section("gaps", "Gaps in the LogFrame", [blocks.findings_table(gaps, "LogFrame findings")]),
    ]


def exceptions(facts: Facts) -> list[Section]:
    """Only what needs attention: red and amber items, worsening, missing data, errors."""
    flagged = [a for a in facts.actions if a.rag in _BAD]
    actions = blocks.action_table(facts, flagged)
    corrective = [
        (Cell(a.id), Cell(a.statement), Cell(a.corrective_action or "NONE RECORDED"))
        for a in flagged
        if a.rag == Rag.RED
    ]
    worse = [
        Item(f"{i.indicator.id} {i.indicator.name}: {i.latest}, {i.reason}", i.rag, i.rated)
        for i in facts.indicators
        if i.rag in _BAD
        or blocks.direction(i.vs_previous) == blocks.WORSE
        or blocks.direction(i.vs_last_year) == blocks.WORSE
    ]
    missing = [
        Item(f"{i.indicator.id} {i.indicator.name}: {i.reason}", i.rag, i.rated)
        for i in facts.indicators
        if i.rag == Rag.GREY or (i.rated and not i.points)
    ] + [
        Item(f"{a.id} {a.statement}: {a.reason}", a.rag, True)
        for a in facts.actions
        if a.rag == Rag.GREY
    ]
    indicators = Bullets(
        "Indicators",
        [
            g
            for g in (
                BulletGroup("Off target or worsening", worse),
                BulletGroup("Missing data", missing),
            )
            if g.items
        ],
        empty="No indicator is off target, worsening or missing data.",
    )
    errors = [f for f in facts.evaluation.findings if f.severity == Severity.ERROR]
    hidden = (
        suppressed_periods(facts.plan, min_count=facts.options.min_count) if facts.published else {}
    )
    listed = [redact_row(row, hidden) for row in facts.section("exceptions")]
    sections = [
        Section("actions", "Actions rated red or amber", [actions]),
        Section(
            "corrective",
            "Corrective actions for red items",
            [
                Table(
                    "Corrective actions",
                    ("ID", "Action", "Corrective action"),
                    corrective,
                    empty="No red actions.",
                    name="corrective",
                )
            ],
        ),
        Section("indicators", "Indicators", [indicators]),
        Section("errors", "Errors", [blocks.findings_table(errors, "Errors")]),
    ]
    if listed:
        columns = list(dict.fromkeys(k for row in listed for k in row))
        rows = [
            tuple(
                blocks.rag_cell(_rag(row.get(c))) if c == "rag" else Cell(blocks.plain(row.get(c)))
                for c in columns
            )
            for row in listed
        ]
        sections.append(
            Section(
                "exception-list",
                "Exception list from the ruleset",
                [Table("Exception list", [_heading(c) for c in columns], rows, name="exceptions")],
            )
        )
    return sections


def _rag(value: object) -> Rag | None:
    return Rag(value) if isinstance(value, str) and value in set(Rag) else None


def _heading(key: str) -> str:
    """A section key as a column heading: ``corrective_action`` → ``Corrective action``."""
    return "RAG" if key == "rag" else key.replace("_", " ").capitalize()
