"""The JSON Schema of plan files, so editors can check plans as they are written.

Printed by ``aspcore schema plan``; every field is documented in ``docs/reference/plan-file.md``.
Values the loader accepts in several spellings (statuses, RAG, vocabularies) are described as
text with examples rather than closed enums, because the loader normalises them and reports
unknown ones as findings with a did-you-mean.
"""

from __future__ import annotations

from typing import Any

from aspcore.model import (
    ActionStatus,
    Aggregation,
    ChainLevel,
    EvidenceKind,
    Frequency,
    IndicatorLevel,
    PathwayStage,
    Pillar,
    Polarity,
    Rag,
    Unit,
)
from aspcore.model.plan import COMPARISONS, SHORTFALL_MEASURES

__all__ = ["plan_json_schema"]

_ID = {"type": "string", "minLength": 1, "description": "Short unique id, e.g. O1, A3, I2."}
_IDS = {"type": "array", "items": {"type": "string"}}
_TEXT = {"type": "string"}
_DATE = {"type": "string", "description": "A date, YYYY-MM-DD (or DD/MM/YYYY)."}
_PERIOD = {
    "type": ["string", "integer"],
    "description": "A period: 2018-19, 2018-19 Q2, 2018 Q3, 2018-07.",
}


def _vocab(values: list[str], description: str) -> dict[str, Any]:
    return {"type": "string", "examples": values, "description": description}


def _item(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def plan_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the plan file format."""
    pillar = _vocab([p.value for p in Pillar], "A pillar of the plan's pillar set.")
    value = {"type": ["number", "string"], "description": "A number (1,234 and 40% accepted)."}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "aspcore plan",
        "type": "object",
        "required": ["partnership"],
        "additionalProperties": False,
        "properties": {
            "partnership": {"type": "string", "description": "Name of the partnership."},
            "vision": _TEXT,
            "year": {**_PERIOD, "description": "UK financial year the plan covers, e.g. 2018-19."},
            "pillar_set": {"enum": ["4ps", "3ps-partnership"], "default": "4ps"},
            "objectives": {
                "type": "array",
                "items": _item(
                    {
                        "id": _ID,
                        "statement": _TEXT,
                        "pillar": pillar,
                        "stage": _vocab([s.value for s in PathwayStage], "Pathway stage."),
                        "owner": _TEXT,
                        "timescale": {"type": "string", "examples": ["June to October 2018"]},
                        "indicators": _IDS,
                    },
                    ["id"],
                ),
            },
            "actions": {
                "type": "array",
                "items": _item(
                    {
                        "id": _ID,
                        "objective": _TEXT,
                        "statement": _TEXT,
                        "owner": _TEXT,
                        "timescale": {"type": "string", "examples": ["Sept 2016"]},
                        "start": _DATE,
                        "due": _DATE,
                        "status": _vocab([s.value for s in ActionStatus], "Delivery status."),
                        "progress": {**value, "description": "Percent complete, 0-100."},
                        "rag": _vocab([r.value for r in Rag], "RAG status as reported."),
                        "corrective_action": _TEXT,
                    },
                    ["id"],
                ),
            },
            "chain": {
                "type": "array",
                "items": _item(
                    {
                        "id": _ID,
                        "level": _vocab([c.value for c in ChainLevel], "Results-chain level."),
                        "statement": _TEXT,
                        "from": _IDS,
                        "indicators": _IDS,
                        "pillar": pillar,
                    },
                    ["id", "level"],
                ),
            },
            "indicators": {
                "type": "array",
                "items": _item(
                    {
                        "id": _ID,
                        "name": _TEXT,
                        "level": _vocab([i.value for i in IndicatorLevel], "Indicator level."),
                        "unit": _vocab([u.value for u in Unit], "Unit of values."),
                        "polarity": _vocab([p.value for p in Polarity], "Which way is better."),
                        "baseline": {
                            "oneOf": [
                                value,
                                _item({"value": value, "period": _PERIOD}, ["value"]),
                            ]
                        },
                        "target": {
                            "oneOf": [
                                value,
                                _item(
                                    {
                                        "value": value,
                                        "period": _PERIOD,
                                        "op": {"enum": list(COMPARISONS)},
                                    },
                                    ["value"],
                                ),
                            ]
                        },
                        "frequency": _vocab([f.value for f in Frequency], "Collection frequency."),
                        "calendar": {"type": "boolean", "default": False},
                        "source": {**_TEXT, "description": "Means of verification."},
                        "owner": {**_TEXT, "description": "Who collects the data."},
                        "pillar": pillar,
                        "compute": {"type": "object"},
                        "aggregation": {
                            **_vocab(
                                [a.value for a in Aggregation],
                                "How period values meet the target: latest, sum "
                                "(year to date, pro rata) or mean.",
                            ),
                            "default": "latest",
                        },
                        "due_days": {
                            "type": "integer",
                            "minimum": 0,
                            "description": "Days after a period ends that its return is due.",
                        },
                        "agencies": {**_IDS, "description": "Agencies that must report it."},
                        "from_return": _item(
                            {"schema": _TEXT, "column": _TEXT}, ["schema", "column"]
                        ),
                        "definition": {**_TEXT, "description": "What is counted."},
                        "scope": {**_TEXT, "description": "Over what: area, people, sources."},
                        "standard": {
                            "description": "A level to compare values with; gives no colour.",
                            "oneOf": [value, _item({"value": value, "source": _TEXT}, ["value"])],
                        },
                        "shortfall": {
                            "enum": list(SHORTFALL_MEASURES),
                            "description": "How a percent indicator's shortfall is measured: "
                            "relative (percent of the target) or points (percentage points); "
                            "default: the scheme's.",
                        },
                    },
                    ["id"],
                ),
            },
            "observations": {
                "type": "array",
                "items": _item(
                    {
                        "indicator": _TEXT,
                        "period": _PERIOD,
                        "value": {
                            **value,
                            "description": "A number; text for a unit: text indicator.",
                        },
                        "agency": _TEXT,
                        "comment": _TEXT,
                        "rag": _vocab([r.value for r in Rag], "RAG status as reported."),
                    },
                    ["indicator", "period"],
                ),
            },
            "risks": {
                "type": "array",
                "items": _item(
                    {
                        "id": _ID,
                        "statement": _TEXT,
                        "level": _TEXT,
                        "scheme": _TEXT,
                        "scores": {"type": "object"},
                        "confidence": _TEXT,
                        "owner": _TEXT,
                        "mitigation": _TEXT,
                        "objectives": {**_IDS, "description": "Objectives the risk threatens."},
                        "actions": {**_IDS, "description": "Actions the risk threatens."},
                        "review_by": {
                            **_DATE,
                            "description": "When the risk is next reviewed, YYYY-MM-DD.",
                        },
                    },
                    ["id"],
                ),
            },
            "assumptions": {
                "type": "array",
                "items": _item(
                    {"id": _ID, "statement": _TEXT, "links": _IDS, "indicator": _TEXT}, ["id"]
                ),
            },
            "evidence": {
                "type": "array",
                "items": _item(
                    {
                        "id": _ID,
                        "kind": _vocab([k.value for k in EvidenceKind], "Kind of evidence."),
                        "date": _DATE,
                        "summary": _TEXT,
                        "source": _TEXT,
                        "consent": {
                            "type": "boolean",
                            "default": False,
                            "description": "True when the summary may be quoted in reports.",
                        },
                        "links": {
                            **_IDS,
                            "description": "Objectives, actions or indicators it speaks to.",
                        },
                    },
                    ["id"],
                ),
            },
        },
    }
