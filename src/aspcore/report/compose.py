"""Compose a report's content from an evaluation and its plan, for each kind of report.

``board`` is Gloucestershire's format (Progress, Problems, Priorities, Points for action) followed
by the action plan, indicators, qualitative evidence (quoted only with consent), coverage, SMART
scorecard, risk register and findings; ``annual``, ``logframe`` and ``exceptions`` live in
:mod:`aspcore.report.kinds`.  Every kind starts with the same header: as-of date, ruleset,
aspcore version, disclosure, and a headline saying where the partnership stands.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from aspcore.model import Finding, Plan, Rag, Severity
from aspcore.report import blocks, kinds
from aspcore.report.colours import rag_word
from aspcore.report.evidence import evidence_section
from aspcore.report.facts import Facts, IndicatorFact, ReportOptions
from aspcore.report.model import (
    Block,
    BulletGroup,
    Bullets,
    Headline,
    Item,
    Paragraph,
    ReportModel,
    Section,
)
from aspcore.report.since import changes_section
from aspcore.rules.evaluation import Evaluation

__all__ = ["KINDS", "compose", "headline", "points_for_action"]

_NO_OWNER = "No owner named"


def headline(facts: Facts) -> Headline:
    """The overall rating, why, and the key figures of an evaluation.

    The overall rating is the evaluation's ``partnership`` status when the ruleset rolls up to
    one, else the worst of the action and indicator ratings (the one documented roll-up rule).
    """
    partnership = facts.evaluation.statuses_of("partnership")
    rated = [a.rag for a in facts.actions if a.rag] + [i.rag for i in facts.indicators if i.rag]
    if partnership and partnership[-1].rag is not None:
        overall: Rag | None = partnership[-1].rag
        reason = partnership[-1].reason
    elif rated:
        overall = max(rated, key=lambda r: r.badness)
        reason = f"the worst of {len(rated)} ratings"
    else:
        overall, reason = None, "nothing has been rated"
    figures = [
        ("Actions", _distribution(a.rag for a in facts.actions)),
        ("Indicators", _distribution(i.rag for i in facts.indicators)),
        ("Findings", _severities(facts.evaluation.findings)),
    ]
    if facts.risks and facts.risks_scored:
        top = facts.risks[0]
        figures.append(("Top risk", f"{top.id} {top.statement} (score {top.score or '—'})"))
    return Headline(overall, overall is not None, reason, figures)


def _distribution(rags: Iterable[Rag | None]) -> str:
    counts = Counter(rags)
    total = sum(counts.values())
    parts = [f"{counts[r]} {r.value}" for r in blocks.RAG_ORDER if counts[r]]
    if counts[None]:
        parts.append(f"{counts[None]} not rated")
    return f"{total} ({', '.join(parts)})" if parts else "none"


def _severities(findings: tuple[Finding, ...]) -> str:
    counts = Counter(f.severity for f in findings)
    names = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "for information"}
    parts = [
        f"{counts[s]} {names[s]}{'s' if counts[s] > 1 and s != Severity.INFO else ''}"
        for s in reversed(Severity)
        if counts[s]
    ]
    return ", ".join(parts) if parts else "none"


def _progress(facts: Facts) -> Bullets:
    done = [
        Item(f"{a.id} {a.statement}: complete", a.rag, a.rated)
        for a in facts.actions
        if a.status == "complete" or a.rag == Rag.BLUE
    ]
    on_target = [
        Item(f"{i.indicator.id} {i.indicator.name}: {i.latest}" + _progress_words(i), i.rag, True)
        for i in facts.indicators
        if i.rag == Rag.GREEN or blocks.direction(i.vs_previous) == blocks.BETTER
    ]
    return Bullets(
        "Progress",
        [
            g
            for g in (
                BulletGroup("Actions completed", done),
                BulletGroup("Indicators on target or improving", on_target),
            )
            if g.items
        ],
        empty="No action is complete and no indicator is on target yet.",
    )


def _progress_words(fact: IndicatorFact) -> str:
    """What follows an indicator's latest value in Progress; a qualitative indicator's latest
    text already names the colour it was reported with, and it has no target to be on."""
    if fact.texts:
        return ""
    if fact.rag == Rag.GREEN:
        return ", on target"
    word = rag_word(fact.rag).lower() if fact.rag else "not rated"
    return f", better than the period before (still {word})"


def _problems(facts: Facts) -> Bullets:
    bad = (Rag.RED, Rag.AMBER)
    actions = [
        Item(f"{a.id} {a.statement} ({a.owner or _NO_OWNER}): {a.reason}", a.rag, True)
        for a in sorted(facts.actions, key=lambda a: -(a.rag.badness if a.rag else 0))
        if a.rag in bad
    ]
    indicators = [
        Item(f"{i.indicator.id} {i.indicator.name}: {i.reason}", i.rag, True)
        for i in facts.indicators
        if i.rag in bad
    ]
    errors = [
        Item(f"{f.subject}: {f.message} ({f.rule})")
        for f in facts.evaluation.findings
        if f.severity == Severity.ERROR
    ]
    groups = (
        BulletGroup("Actions behind schedule", actions),
        BulletGroup("Indicators off target", indicators),
        BulletGroup("Errors in the plan", errors),
    )
    return Bullets("Problems", [g for g in groups if g.items], empty="No red or amber items.")


def _priorities(facts: Facts) -> Bullets:
    top = facts.risks[: facts.options.top_risks] if facts.risks_scored else []
    risks = [
        Item(
            f"{r.id} {r.statement}: score {r.score or '—'}, {r.band or 'no band'}"
            + (f", owner {r.owner}" if r.owner else "")
        )
        for r in top
    ]
    reds = [Item(f"{a.id} {a.statement}", a.rag, True) for a in facts.actions if a.rag == Rag.RED]
    reds += [
        Item(f"{i.indicator.id} {i.indicator.name}", i.rag, True)
        for i in facts.indicators
        if i.rag == Rag.RED
    ]
    groups = (BulletGroup("Highest-priority risks", risks), BulletGroup("Red items", reds))
    return Bullets(
        "Priorities",
        [g for g in groups if g.items],
        empty="No risks scored and no red items.",
    )


def points_for_action(facts: Facts, findings: tuple[Finding, ...] | None = None) -> Bullets:
    """Each finding's suggestion, grouped by the owner of its subject; repeats are merged."""
    by_owner: dict[str, dict[str, list[str]]] = {}
    for finding in facts.evaluation.findings if findings is None else findings:
        if not finding.suggestion:
            continue
        owner = facts.owner_of(finding) or _NO_OWNER
        subjects = by_owner.setdefault(owner, {}).setdefault(finding.suggestion, [])
        if finding.subject not in subjects:
            subjects.append(finding.subject)
    owners = sorted(by_owner, key=lambda o: (o == _NO_OWNER, o.lower()))
    groups = [
        BulletGroup(
            owner,
            [Item(f"{', '.join(subjects)}: {text}") for text, subjects in by_owner[owner].items()],
        )
        for owner in owners
    ]
    return Bullets("Points for action", groups, empty="No suggestions: nothing to act on.")


def _board(facts: Facts) -> list[Section]:
    trend_blocks: list[Block] = [blocks.indicator_table(facts), *blocks.trends(facts)]
    heat = blocks.heat_map(facts)
    risk_blocks: list[Block] = [blocks.risk_table(facts)]
    if not facts.risks_scored:
        risk_blocks.insert(0, Paragraph("No risks scored by this ruleset."))
    if heat is not None:
        risk_blocks.insert(0, heat)
    return [
        Section("progress", "Progress", [_progress(facts)]),
        Section("problems", "Problems", [_problems(facts)]),
        Section("priorities", "Priorities", [_priorities(facts)]),
        Section("points", "Points for action", [points_for_action(facts)]),
        Section("ratings", "Where the ratings fall", [blocks.rag_distribution(facts)]),
        Section("actions", "Action plan", [blocks.action_table(facts)]),
        Section("indicators", "Indicators against target", trend_blocks),
        evidence_section(facts),
        Section("coverage", "Results-chain coverage", [blocks.coverage_table(facts)]),
        Section("smart", "SMART objectives", [blocks.smart_table(facts)]),
        Section("risks", "Risks", risk_blocks),
        Section("findings", "Findings", [blocks.findings_table(facts.evaluation.findings)]),
    ]


_TITLES = {
    "board": "Partnership board report",
    "annual": "Annual report",
    "logframe": "Logical framework",
    "exceptions": "Exception report",
}
KINDS: dict[str, Callable[[Facts], list[Section]]] = {
    "board": _board,
    "annual": kinds.annual,
    "logframe": kinds.logframe,
    "exceptions": kinds.exceptions,
}


def compose(
    evaluation: Evaluation,
    plan: Plan,
    kind: str = "board",
    *,
    published: bool = True,
    options: ReportOptions | None = None,
) -> ReportModel:
    """The content of one kind of report (``board``, ``annual``, ``logframe``, ``exceptions``).

    With ``options.since`` (an earlier evaluation), the report opens with "Changes since" it.

    Raises ``KeyError`` naming the kinds when ``kind`` is unknown; :func:`aspcore.report.render`
    turns that into a clear error.
    """
    if kind not in KINDS:
        raise KeyError(f"unknown report kind {kind!r}; expected one of {', '.join(KINDS)}")
    facts = Facts(evaluation, plan, published=published, options=options or ReportOptions())
    sections = KINDS[kind](facts)
    if facts.options.since is not None:
        sections.insert(0, changes_section(facts, facts.options.since))
    ruleset = evaluation.ruleset
    return ReportModel(
        kind=kind,
        title=_TITLES[kind],
        partnership=plan.partnership or evaluation.plan,
        year=evaluation.year,
        as_of=evaluation.as_of,
        ruleset_name=str(ruleset.get("name", "unknown")),
        ruleset_version=str(ruleset.get("version", "unknown")),
        aspcore_version=evaluation.version or "unknown",
        published=published,
        min_count=facts.options.min_count,
        headline=headline(facts),
        sections=sections,
        plugins=tuple(
            f"{used.get('name', '')} {used.get('version', '')}".strip()
            for used in ruleset.get("plugins", ())
        ),
    )
