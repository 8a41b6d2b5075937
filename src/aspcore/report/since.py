"""The "Changes since" section: what moved since an earlier evaluation, for a board member.

``aspcore report PLAN --since ID|DATE --store STORE`` compares the evaluation being reported with
one recorded in the store (:attr:`ReportOptions.since <aspcore.report.facts.ReportOptions>`),
through :func:`~aspcore.rules.changes.diff_evaluations`, the function ``aspcore changes`` uses.
The section names actions and indicators (their ratings; the roll-ups of objectives, pillars and
the partnership follow from them) that are newly red, that recovered (from red or amber to
green) and that were completed (blue), and the problems (warnings and errors) that are new or
resolved.  Other moves (green to amber, say) are in ``aspcore changes``; the rest of the report
shows every current rating.
"""

from __future__ import annotations

from typing import Any

from aspcore.model import Finding, Plan, Rag, Severity
from aspcore.report.colours import rag_word
from aspcore.report.disclosure import redact_evaluation
from aspcore.report.facts import Facts
from aspcore.report.model import BulletGroup, Bullets, Item, Section
from aspcore.rules.changes import EvaluationDiff, Rated, StatusChange, diff_evaluations
from aspcore.rules.evaluation import Evaluation

__all__ = ["changes_json", "changes_section"]

#: The kinds of rating the section names.
_KINDS = ("action", "indicator")
_PROBLEMS = (Severity.WARNING, Severity.ERROR)


def _names(facts: Facts) -> dict[tuple[str, str], str]:
    names = {("action", a.id): f"{a.id} {a.statement}" for a in facts.actions}
    names |= {
        ("indicator", i.indicator.id): f"{i.indicator.id} {i.indicator.name}"
        for i in facts.indicators
    }
    return names


def _moved(change: StatusChange, names: dict[tuple[str, str], str]) -> Item:
    name = names.get((change.kind, change.subject), change.subject)
    was = rag_word(change.before).lower() if change.before else "not rated"
    return Item(f"{name}: was {was}, now {rag_word(change.after).lower()}", change.after, True)


def _problem(finding: Finding) -> Item:
    return Item(f"{finding.subject}: {finding.message} ({finding.rule}, {finding.severity.value})")


def changes_section(facts: Facts, since: Rated) -> Section:
    """The section "Changes since <as-of date of ``since``>": newly red, recovered, completed,
    new problems and resolved problems."""
    diff = diff_evaluations(since, facts.evaluation)
    names = _names(facts)
    moved = [c for c in diff.statuses if c.kind in _KINDS]
    groups = (
        ("Newly red", [c for c in moved if c.after == Rag.RED]),
        (
            "Recovered (now green)",
            [c for c in moved if c.before in (Rag.RED, Rag.AMBER) and c.after == Rag.GREEN],
        ),
        ("Completed", [c for c in moved if c.after == Rag.BLUE]),
    )
    bullets = [BulletGroup(title, [_moved(c, names) for c in found]) for title, found in groups]
    bullets += [
        BulletGroup(title, [_problem(f) for f in found if f.severity in _PROBLEMS])
        for title, found in (
            ("New problems", diff.new_findings),
            ("Resolved problems", diff.resolved_findings),
        )
    ]
    day = since.as_of.isoformat()
    title = f"Changes since {day}"
    return Section(
        "changes",
        title,
        [
            Bullets(
                title,
                [g for g in bullets if g.items],
                empty="No action or indicator turned red, recovered or was completed, and no "
                "problem appeared or was resolved.",
            )
        ],
        intro=f"What moved between the evaluation as of {day} and this one "
        f"(as of {facts.evaluation.as_of.isoformat()}).",
    )


def changes_json(
    evaluation: Evaluation, since: Rated, plan: Plan, *, published: bool, min_count: int
) -> dict[str, Any]:
    """The JSON report's ``changes_since``: the earlier ``as_of``, then what changed, as
    ``aspcore changes`` prints it; published findings are redacted as the evaluation's are."""
    diff: EvaluationDiff = diff_evaluations(since, evaluation)
    data: dict[str, Any] = {"as_of": since.as_of.isoformat(), **diff.to_dict()}
    if published:
        for key in ("new_findings", "resolved_findings"):
            redacted = redact_evaluation({"findings": data[key]}, plan, min_count=min_count)
            data[key] = redacted["findings"]
    return data
