"""The fields a TOML rule's ``when`` expression can read, per subject kind.

Each kind exposes a flat record of plain values (text, numbers, dates, booleans) with declared
types, so expressions are type-checked when a ruleset is loaded and read the same names in the
per-plan engine and on frames.
"""

from __future__ import annotations

from typing import Any

from aspcore.model import (
    Action,
    Assumption,
    ChainNode,
    Indicator,
    Objective,
    Observation,
    Plan,
    Risk,
)

__all__ = ["FIELD_TYPES", "record_of"]

FIELD_TYPES: dict[str, dict[str, str]] = {
    "plan": {
        "id": "text",
        "partnership": "text",
        "vision": "text",
        "year": "text",
        "objective_count": "number",
        "action_count": "number",
        "indicator_count": "number",
        "risk_count": "number",
    },
    "objective": {
        "id": "text",
        "statement": "text",
        "pillar": "text",
        "stage": "text",
        "owner": "text",
        "timescale": "text",
        "indicator_count": "number",
    },
    "action": {
        "id": "text",
        "statement": "text",
        "objective": "text",
        "owner": "text",
        "timescale": "text",
        "start": "date",
        "due": "date",
        "status": "text",
        "progress": "number",
        "rag": "text",
    },
    "chain-node": {
        "id": "text",
        "level": "text",
        "statement": "text",
        "pillar": "text",
        "source_count": "number",
        "indicator_count": "number",
    },
    "indicator": {
        "id": "text",
        "name": "text",
        "level": "text",
        "unit": "text",
        "polarity": "text",
        "frequency": "text",
        "source": "text",
        "owner": "text",
        "baseline": "number",
        "target": "number",
        "pillar": "text",
    },
    "observation": {
        "id": "text",
        "indicator": "text",
        "period": "text",
        "value": "number",
        "agency": "text",
    },
    "risk": {
        "id": "text",
        "statement": "text",
        "level": "text",
        "scheme": "text",
        "confidence": "text",
        "owner": "text",
    },
    "assumption": {
        "id": "text",
        "statement": "text",
        "indicator": "text",
        "link_count": "number",
    },
}


def _s(value: object) -> str | None:
    return None if value is None else str(value)


def record_of(kind: str, subject: Any) -> dict[str, Any]:
    """The flat record of ``subject`` for expressions of rules that apply to ``kind``."""
    if isinstance(subject, Action):
        return {
            "id": subject.id,
            "statement": subject.statement,
            "objective": subject.objective,
            "owner": subject.owner,
            "timescale": subject.timescale,
            "start": subject.start,
            "due": subject.due,
            "status": _s(subject.status),
            "progress": subject.progress,
            "rag": _s(subject.rag),
        }
    if isinstance(subject, Objective):
        return {
            "id": subject.id,
            "statement": subject.statement,
            "pillar": _s(subject.pillar),
            "stage": _s(subject.stage),
            "owner": subject.owner,
            "timescale": subject.timescale,
            "indicator_count": len(subject.indicators),
        }
    if isinstance(subject, Indicator):
        return {
            "id": subject.id,
            "name": subject.name,
            "level": _s(subject.level),
            "unit": _s(subject.unit),
            "polarity": _s(subject.polarity),
            "frequency": _s(subject.frequency),
            "source": subject.source,
            "owner": subject.owner,
            "baseline": subject.baseline.value if subject.baseline else None,
            "target": subject.target.value if subject.target else None,
            "pillar": _s(subject.pillar),
        }
    if isinstance(subject, ChainNode):
        return {
            "id": subject.id,
            "level": _s(subject.level),
            "statement": subject.statement,
            "pillar": _s(subject.pillar),
            "source_count": len(subject.sources),
            "indicator_count": len(subject.indicators),
        }
    if isinstance(subject, Observation):
        return {
            "id": subject.id,
            "indicator": subject.indicator,
            "period": subject.period.label,
            "value": subject.value,
            "agency": subject.agency,
        }
    if isinstance(subject, Risk):
        return {
            "id": subject.id,
            "statement": subject.statement,
            "level": subject.level,
            "scheme": subject.scheme,
            "confidence": subject.confidence,
            "owner": subject.owner,
        }
    if isinstance(subject, Assumption):
        return {
            "id": subject.id,
            "statement": subject.statement,
            "indicator": subject.indicator,
            "link_count": len(subject.links),
        }
    if isinstance(subject, Plan):
        return {
            "id": subject.partnership,
            "partnership": subject.partnership,
            "vision": subject.vision,
            "year": subject.year.label if subject.year else None,
            "objective_count": len(subject.objectives),
            "action_count": len(subject.actions),
            "indicator_count": len(subject.indicators),
            "risk_count": len(subject.risks),
        }
    raise TypeError(f"no expression record for {kind} subjects")
