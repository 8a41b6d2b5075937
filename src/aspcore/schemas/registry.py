"""Named schemas: the built-in ones and those plugins register.

The built-in schemas (:data:`BUILTIN_SCHEMAS`) are registered like any plugin's, by the built-in
plugin :mod:`aspcore.builtin.schemas` (``trylast``), so a plugin's schema with a built-in's name
replaces it.  :func:`schema_registry` collects every :class:`~aspcore.schemas.spec.SchemaSpec`
the ``aspcore_register_schemas`` hook returns; without a plugin manager, the shared default's
(:func:`~aspcore.plugins.manager_or_default`).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import TYPE_CHECKING

from aspcore.errors import SchemaError
from aspcore.plugins import manager_or_default
from aspcore.schemas.action_plan import action_plan
from aspcore.schemas.case_events import case_events
from aspcore.schemas.indicator_return import indicator_return
from aspcore.schemas.nrm import nrm_breakdown, nrm_referrals, nrm_totals
from aspcore.schemas.pre_nrm import pre_nrm_monitoring
from aspcore.schemas.spec import SchemaSpec

if TYPE_CHECKING:
    from aspcore.plugins import Plugins

__all__ = [
    "BUILTIN_SCHEMAS",
    "HOOK",
    "builtin_schemas",
    "get_schema",
    "schema_names",
    "schema_registry",
]

#: The hook plugins implement to add schemas.
HOOK = "aspcore_register_schemas"

#: The built-in schemas' factories, by name.
BUILTIN_SCHEMAS: dict[str, Callable[[], SchemaSpec]] = {
    "indicator-return": indicator_return,
    "action-plan": action_plan,
    "nrm-breakdown": nrm_breakdown,
    "nrm-referrals": nrm_referrals,
    "nrm-totals": nrm_totals,
    "pre-nrm-monitoring": pre_nrm_monitoring,
    "case-events": case_events,
}


def builtin_schemas() -> list[SchemaSpec]:
    """The built-in schemas, each made afresh."""
    return [make() for make in BUILTIN_SCHEMAS.values()]


def schema_registry(plugins: Plugins | None = None) -> dict[str, SchemaSpec]:
    """Every schema by name: the built-ins, then the plugins' (which win on a shared name).

    A plugin whose hook fails or returns something other than ``SchemaSpec`` objects is
    reported in ``plugins.failures`` and what it returned is not used.
    """
    return manager_or_default(plugins).registry(
        HOOK, SchemaSpec, "aspcore.schemas.SchemaSpec", lambda s: s.name
    )


def schema_names(plugins: Plugins | None = None) -> list[str]:
    """The names of every schema, sorted."""
    return sorted(schema_registry(plugins))


def get_schema(name: str, *, plugins: Plugins | None = None) -> SchemaSpec:
    """The schema called ``name``; an unknown name raises ``SchemaError`` with a suggestion."""
    registry = schema_registry(plugins)
    if name in registry:
        return registry[name]
    close = difflib.get_close_matches(name, list(registry), n=1)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    raise SchemaError(
        f"there is no schema '{name}'; the schemas are: {', '.join(sorted(registry))}.{hint}"
    )
