"""The ruleset parameters a batch rule reads, resolved as the per-plan engine resolves them.

The engine gives a rule its family's defaults overlaid with the ruleset's table for the family
(``[params.rag]``); the batch API does the same, so one ruleset configures both.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from aspcore.plugins import get_plugins
from aspcore.rag import DEFAULT_PARAMS
from aspcore.rules import Ruleset
from aspcore.rules.engine import resolve_ruleset

__all__ = ["rag_params"]


def rag_params(ruleset: str | Path | Ruleset | None) -> Mapping[str, Any]:
    """``[params.rag]`` of ``ruleset`` (a name, a file, a Ruleset, or ``None`` for the default)."""
    resolved = resolve_ruleset(ruleset, get_plugins())
    return {**DEFAULT_PARAMS, **resolved.params.get("rag", {})}
