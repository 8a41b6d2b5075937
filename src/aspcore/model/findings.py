"""Findings and statuses: the values every rule produces.

A :class:`Finding` says something is wrong or worth knowing about one subject (a plan, objective,
action, indicator, chain node, risk, observation or assumption).  A :class:`Status` is a RAG rating
of a subject.  Both carry their explanation: the rule that produced them, the values it read and
the thresholds it used (``evidence``), so every result can be traced.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Mapping
from typing import Any

import attrs

from aspcore.model.vocab import Rag, Severity

__all__ = ["Finding", "Status", "jsonable"]


def jsonable(value: object) -> Any:
    """Convert ``value`` to plain JSON types deterministically (dates as ISO, enums as values)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if attrs.has(type(value)):
        return {f.name: jsonable(getattr(value, f.name)) for f in attrs.fields(type(value))}  # type: ignore[arg-type]
    return str(value)


def _frozen_mapping(value: Mapping[str, object] | None) -> Mapping[str, object]:
    return dict(value or {})


@attrs.frozen
class Finding:
    """One problem or observation about one subject, with the evidence behind it."""

    rule: str
    subject: str
    severity: Severity
    message: str
    subject_kind: str = "plan"
    evidence: Mapping[str, object] = attrs.field(factory=dict, converter=_frozen_mapping)
    suggestion: str = ""
    plugin: str = ""
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``rule``, ``subject``, ``kind``, ``severity``, ``message``, ...."""
        return {
            "rule": self.rule,
            "subject": self.subject,
            "kind": self.subject_kind,
            "severity": self.severity.value,
            "message": self.message,
            "evidence": jsonable(self.evidence),
            "suggestion": self.suggestion,
            "plugin": self.plugin,
            "line": self.line,
        }


@attrs.frozen
class Status:
    """A RAG rating of one subject, with the rule and thresholds that produced it.

    ``rag`` is ``None`` for subjects that have no rating by design (a cancelled action).
    ``period`` names the reporting period for indicator statuses.
    """

    subject: str
    kind: str
    rag: Rag | None
    reason: str
    rule: str = ""
    evidence: Mapping[str, object] = attrs.field(factory=dict, converter=_frozen_mapping)
    period: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``subject``, ``kind``, ``rag``, ``reason``, ``rule``, ``evidence``."""
        return {
            "subject": self.subject,
            "kind": self.kind,
            "rag": self.rag.value if self.rag else None,
            "reason": self.reason,
            "rule": self.rule,
            "period": self.period,
            "evidence": jsonable(self.evidence),
        }
