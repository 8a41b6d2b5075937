"""Everything the plugins registered, as one frozen value read once from a plugin manager.

A host program asks which rulesets, RAG and risk schemes, schemas, measures, renderers,
adapters and return readers it can use; :meth:`Registries.of` answers from one manager (the
shared default when none is given, as everywhere in aspcore), reading each registration hook
once.  The mappings are read-only views: what a manager registered is fixed for its lifetime,
so two features given the same manager see the same registries.  :class:`aspcore.Session`
holds the value of its run, and ``aspcore plugins --registered`` prints it.

The plugin machinery (:mod:`aspcore.plugins`) knows nothing of these kinds; each feature keeps
the registry of its own kind, and this module only gathers them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from aspcore.plugins import Plugins, manager_or_default

if TYPE_CHECKING:
    from aspcore.adapters.model import Adapter
    from aspcore.indicators.measures import Measure
    from aspcore.monitoring.readers import ReturnReader
    from aspcore.report.registry import Renderer
    from aspcore.rules.rule import Rule
    from aspcore.schemas.spec import SchemaSpec

__all__ = ["Registries"]


def _frozen(items: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(sorted(items.items())))


@attrs.frozen
class Registries:
    """Name → item for every kind plugins register, built-ins included (:meth:`of`)."""

    rules: Mapping[str, Rule]
    rulesets: Mapping[str, Path]
    rag_schemes: Mapping[str, Mapping[str, Any]]
    risk_schemes: Mapping[str, Path]
    schemas: Mapping[str, SchemaSpec]
    measures: Mapping[str, Measure]
    renderers: Mapping[str, Renderer]
    adapters: Mapping[str, Adapter]
    readers: Mapping[str, ReturnReader]

    @classmethod
    def of(cls, plugins: Plugins | None = None) -> Registries:
        """The registries of ``plugins`` (default: the shared manager), built once per manager.

        A plugin that fails while registering is recorded as the manager records every plugin
        failure (``PLUGIN-001``, or :class:`~aspcore.errors.PluginError` when strict), and its
        items are left out.
        """
        manager = manager_or_default(plugins)
        return manager.memo("registries", lambda: _build(manager))

    def names(self) -> dict[str, list[str]]:
        """Kind → the registered names, sorted: the JSON form of ``aspcore plugins
        --registered``."""
        return {field.name: list(getattr(self, field.name)) for field in attrs.fields(Registries)}


def _build(manager: Plugins) -> Registries:
    # Each feature's registry is imported only when asked for: the value gathers them, and
    # importing it must not import every feature (and its dataframe libraries).
    from aspcore.adapters.registry import adapters
    from aspcore.indicators.measures import measure_registry
    from aspcore.monitoring.readers import registered_readers
    from aspcore.rag.scheme_files import available_schemes as rag_schemes
    from aspcore.report.registry import renderers
    from aspcore.risk.loading import available_schemes as risk_schemes
    from aspcore.rules import registry
    from aspcore.schemas.registry import schema_registry

    return Registries(
        rules=_frozen(registry.rules(manager)),
        rulesets=_frozen(registry.rulesets(manager)),
        rag_schemes=_frozen(rag_schemes(manager)),
        risk_schemes=_frozen(risk_schemes(manager)),
        schemas=_frozen(schema_registry(manager)),
        measures=_frozen(measure_registry(manager)),
        renderers=_frozen(renderers(manager)),
        adapters=_frozen(adapters(manager)),
        readers=_frozen(registered_readers(manager)),
    )
