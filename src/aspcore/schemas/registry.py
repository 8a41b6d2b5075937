"""Named schemas: the built-in ones and those plugins register.

:func:`schema_registry` starts from :data:`BUILTIN_SCHEMAS` and adds every
:class:`~aspcore.schemas.spec.SchemaSpec` returned by the plugins' ``aspcore_register_schemas``
hook; a plugin's schema with a built-in's name replaces it.  Without a plugin manager (or before
the hook is declared) the built-ins alone are returned.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import TYPE_CHECKING

from aspcore.errors import SchemaError
from aspcore.model import Finding, Severity
from aspcore.schemas.action_plan import action_plan
from aspcore.schemas.case_events import case_events
from aspcore.schemas.indicator_return import indicator_return
from aspcore.schemas.nrm import nrm_breakdown, nrm_referrals
from aspcore.schemas.pre_nrm import pre_nrm_monitoring
from aspcore.schemas.spec import SchemaSpec

if TYPE_CHECKING:
    from aspcore.plugins import Plugins

__all__ = ["BUILTIN_SCHEMAS", "HOOK", "get_schema", "schema_names", "schema_registry"]

#: The hook plugins implement to add schemas.
HOOK = "aspcore_register_schemas"

#: The built-in schemas' factories, by name.
BUILTIN_SCHEMAS: dict[str, Callable[[], SchemaSpec]] = {
    "indicator-return": indicator_return,
    "action-plan": action_plan,
    "nrm-breakdown": nrm_breakdown,
    "nrm-referrals": nrm_referrals,
    "pre-nrm-monitoring": pre_nrm_monitoring,
    "case-events": case_events,
}


def schema_registry(plugins: Plugins | None = None) -> dict[str, SchemaSpec]:
    """Every schema by name: the built-ins, then the plugins' (which win on a shared name).

    A plugin whose hook returns something other than a ``SchemaSpec`` is reported in
    ``plugins.failures`` and its item is skipped.
    """
    found = {name: make() for name, make in BUILTIN_SCHEMAS.items()}
    if plugins is None or not hasattr(plugins.pm.hook, HOOK):
        return found
    for plugin, item in plugins.collect(HOOK):
        if isinstance(item, SchemaSpec):
            found[item.name] = item
        else:
            plugins.failures.append(_not_a_schema(plugin, item))
    return found


def _not_a_schema(plugin: str, item: object) -> Finding:
    return Finding(
        rule="PLUGIN-001",
        subject=plugin,
        subject_kind="plugin",
        severity=Severity.ERROR,
        message=f"plugin {plugin} returned {type(item).__name__} from {HOOK}; expected a "
        "SchemaSpec",
        evidence={"plugin": plugin, "hook": HOOK},
        plugin=plugin,
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
