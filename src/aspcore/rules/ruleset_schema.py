"""The JSON Schema of ruleset files (``aspcore schema ruleset`` prints it)."""

from __future__ import annotations

from typing import Any

from aspcore.rules.rule import SUBJECT_KINDS

__all__ = ["ruleset_json_schema"]


def ruleset_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a ruleset TOML file, read as JSON data."""
    severity = {"enum": ["info", "warning", "error"]}
    ids = {"type": "array", "items": {"type": "string"}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "aspcore ruleset",
        "type": "object",
        "required": ["name"],
        "additionalProperties": False,
        "properties": {
            "name": {"type": "string"},
            "version": {"type": "string"},
            "description": {"type": "string"},
            "extends": {"type": "string", "description": "Ruleset name or path to a .toml."},
            "disable": {**ids, "description": "Rule ids or families switched off."},
            "enable": {**ids, "description": "Rule ids or families switched on."},
            "params": {
                "type": "object",
                "description": "One table per rule family, e.g. [params.rag].",
                "additionalProperties": {"type": "object"},
            },
            "severity": {"type": "object", "additionalProperties": severity},
            "rules": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "applies_to", "when"],
                    "additionalProperties": False,
                    "properties": {
                        "id": {"type": "string"},
                        "applies_to": {"enum": [k for k in SUBJECT_KINDS if k != "evaluation"]},
                        "when": {"type": "string", "description": "A safe expression."},
                        "severity": severity,
                        "message": {"type": "string", "description": "Template with {field}."},
                        "suggestion": {"type": "string"},
                        "title": {"type": "string"},
                        "family": {"type": "string"},
                        "description": {"type": "string"},
                        "params": {"type": "object"},
                    },
                },
            },
        },
    }
