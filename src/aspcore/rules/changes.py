"""What changed between two evaluations: RAG colours that moved, problems new and resolved.

A partnership board meets every quarter and asks "what changed since last time?".
:func:`diff_evaluations` answers it for any two evaluations (an :class:`~aspcore.rules.Evaluation`,
or one recorded in a store and read back); ``aspcore changes`` and the "Changes since" section of
a report both call it, so they always agree.

Statuses are matched by kind and subject.  Where either evaluation rates a subject once per period
(``indicator-period``), they are matched by kind, subject and period instead; so an indicator's
latest rating (kind ``indicator``) is compared with the previous latest rating even when the
latest period has moved on.  A status is a change only when its colour moved; a status on one
side only moves from or to ``None``.

Findings are matched by rule, subject and severity, not by message: messages quote numbers and
dates ("computes as red at 2018-11-30", "progress is 20% against 66.8%") that change every time,
and matching on them would report the same problem as both new and resolved.  A finding whose
severity changed (a warning that became an error) is a new problem and a resolved one.  When a
rule reports several findings of one subject and severity, findings with identical messages are
paired first, then the rest in order; those left over are new (or resolved).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

import attrs

from aspcore.model import Finding, Rag, Status

__all__ = ["EvaluationDiff", "Rated", "StatusChange", "diff_evaluations"]


class Rated(Protocol):
    """What :func:`diff_evaluations` reads: an evaluation's date, statuses and findings.

    :class:`~aspcore.rules.Evaluation` and :class:`aspcore.store.RecordedEvaluation` are both.
    """

    @property
    def as_of(self) -> dt.date:
        """The evaluation date."""
        ...

    @property
    def statuses(self) -> Sequence[Status]:
        """Every RAG rating."""
        ...

    @property
    def findings(self) -> Sequence[Finding]:
        """Every finding."""
        ...


@attrs.frozen
class StatusChange:
    """One rating whose colour moved; ``before`` or ``after`` is ``None`` when unrated or absent.

    ``period`` is the period of the newer status (of the older one when it is gone), or ``None``.
    """

    kind: str
    subject: str
    period: str | None
    before: Rag | None
    after: Rag | None

    def to_dict(self) -> dict[str, Any]:
        """JSON form: ``subject``, ``kind``, ``period``, ``from``, ``to`` (colours or null)."""
        return {
            "subject": self.subject,
            "kind": self.kind,
            "period": self.period,
            "from": self.before.value if self.before else None,
            "to": self.after.value if self.after else None,
        }


@attrs.frozen
class EvaluationDiff:
    """Ratings that moved and findings that appeared or went, from one evaluation to another.

    ``statuses`` are ordered by kind, subject and period; ``new_findings`` in the newer
    evaluation's order, ``resolved_findings`` in the older one's.
    """

    statuses: tuple[StatusChange, ...] = ()
    new_findings: tuple[Finding, ...] = ()
    resolved_findings: tuple[Finding, ...] = ()

    @property
    def empty(self) -> bool:
        """True when nothing moved, appeared or went."""
        return not (self.statuses or self.new_findings or self.resolved_findings)

    def to_dict(self) -> dict[str, Any]:
        """JSON form: ``statuses``, ``new_findings``, ``resolved_findings`` (findings as in the
        evaluation JSON)."""
        return {
            "statuses": [s.to_dict() for s in self.statuses],
            "new_findings": [f.to_dict() for f in self.new_findings],
            "resolved_findings": [f.to_dict() for f in self.resolved_findings],
        }


def _rag(status: Status | None) -> Rag | None:
    return status.rag if status is not None else None


def _grouped(statuses: Iterable[Status]) -> dict[tuple[str, str], list[Status]]:
    found: dict[tuple[str, str], list[Status]] = {}
    for status in statuses:
        found.setdefault((status.kind, status.subject), []).append(status)
    return found


def _pairs(old: list[Status], new: list[Status]) -> list[tuple[Status | None, Status | None]]:
    """The statuses of one kind and subject, paired: directly when each side has at most one,
    else by period."""
    if len(old) <= 1 and len(new) <= 1:
        return [(old[0] if old else None, new[0] if new else None)]
    by_old = {s.period: s for s in old}
    by_new = {s.period: s for s in new}
    periods = sorted(by_old.keys() | by_new.keys(), key=lambda p: (p is not None, p or ""))
    return [(by_old.get(p), by_new.get(p)) for p in periods]


def _status_changes(before: Sequence[Status], after: Sequence[Status]) -> list[StatusChange]:
    old, new = _grouped(before), _grouped(after)
    changes = []
    for kind, subject in sorted(old.keys() | new.keys()):
        for was, now in _pairs(old.get((kind, subject), []), new.get((kind, subject), [])):
            if _rag(was) != _rag(now):
                shown = now if now is not None else was
                period = shown.period if shown is not None else None
                changes.append(StatusChange(kind, subject, period, _rag(was), _rag(now)))
    return changes


def _key(finding: Finding) -> tuple[str, str, str]:
    return (finding.rule, finding.subject, finding.severity.value)


def _unmatched(ours: Sequence[Finding], theirs: Sequence[Finding]) -> list[Finding]:
    """Our findings with no counterpart among theirs (same rule, subject and severity)."""
    pool: dict[tuple[str, str, str], list[Finding]] = {}
    for finding in theirs:
        pool.setdefault(_key(finding), []).append(finding)
    left: dict[tuple[str, str, str], list[int]] = {}
    for index, finding in enumerate(ours):  # identical messages pair first
        candidates = pool.get(_key(finding), [])
        same = next((c for c in candidates if c.message == finding.message), None)
        if same is not None:
            candidates.remove(same)
        else:
            left.setdefault(_key(finding), []).append(index)
    unmatched: set[int] = set()
    for key, indices in left.items():  # then the rest of each key, in order
        unmatched.update(indices[len(pool.get(key, [])) :])
    return [f for i, f in enumerate(ours) if i in unmatched]


def diff_evaluations(before: Rated, after: Rated) -> EvaluationDiff:
    """What changed from ``before`` to ``after``: see the module docstring for how statuses and
    findings are matched.  ``diff_evaluations(e, e)`` is always empty."""
    return EvaluationDiff(
        statuses=tuple(_status_changes(before.statuses, after.statuses)),
        new_findings=tuple(_unmatched(after.findings, before.findings)),
        resolved_findings=tuple(_unmatched(before.findings, after.findings)),
    )
