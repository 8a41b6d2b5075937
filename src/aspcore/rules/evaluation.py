"""The result of evaluating a plan: findings, statuses and named sections, with their context.

``Evaluation.to_dict()`` is the JSON contract of ``aspcore check --format json``: the same inputs
and ``as_of`` always give the same dictionary, in the same order.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from aspcore.model import Finding, Rag, Severity, Status, jsonable

__all__ = ["Evaluation"]


@attrs.frozen
class Evaluation:
    """Findings, statuses and sections for one plan at one ``as_of`` under one ruleset."""

    plan: str
    as_of: dt.date
    ruleset: Mapping[str, Any]
    findings: tuple[Finding, ...]
    statuses: tuple[Status, ...]
    sections: Mapping[str, Sequence[Mapping[str, Any]]] = attrs.field(factory=dict)
    year: str | None = None
    version: str = ""

    def by_severity(self, severity: Severity) -> list[Finding]:
        """Findings of exactly this severity."""
        return [f for f in self.findings if f.severity == severity]

    def worst_severity(self) -> Severity | None:
        """The most severe finding's severity, or ``None`` when there are no findings."""
        return max((f.severity for f in self.findings), key=lambda s: s.rank, default=None)

    def statuses_of(self, kind: str) -> list[Status]:
        """Statuses of one kind (``action``, ``indicator``, ``objective``, ``pillar``, ...)."""
        return [s for s in self.statuses if s.kind == kind]

    def summary(self) -> dict[str, Any]:
        """Counts of findings per severity and of statuses per kind and colour."""
        severities = Counter(f.severity.value for f in self.findings)
        rags: dict[str, dict[str, int]] = {}
        for status in self.statuses:
            colour = status.rag.value if status.rag else "none"
            rags.setdefault(status.kind, dict.fromkeys([r.value for r in Rag] + ["none"], 0))
            rags[status.kind][colour] += 1
        return {
            "findings": {s.value: severities.get(s.value, 0) for s in Severity},
            "statuses": {kind: rags[kind] for kind in sorted(rags)},
        }

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (see ``docs/reference/evaluation-json.md``)."""
        data: dict[str, Any] = {
            "aspcore": self.version,
            "plan": self.plan,
            "year": self.year,
            "as_of": self.as_of.isoformat(),
            "ruleset": jsonable(self.ruleset),
            "summary": self.summary(),
            "findings": [f.to_dict() for f in self.findings],
            "statuses": [s.to_dict() for s in self.statuses],
        }
        for name in sorted(self.sections):
            data[name] = jsonable(list(self.sections[name]))
        return data

    def to_json(self, *, indent: int | None = 2) -> str:
        """The JSON text; byte-identical for identical inputs."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, sort_keys=False)
