"""The schema registry: built-in schemas by name, and schemas that plugins register."""

from __future__ import annotations

import types

import pytest

from aspcore.errors import SchemaError
from aspcore.hookspecs import hookimpl
from aspcore.plugins import Plugins, get_plugins
from aspcore.schemas import ColumnSpec, SchemaSpec, get_schema, schema_names, schema_registry

BUILT_IN = [
    "action-plan",
    "case-events",
    "indicator-return",
    "nrm-breakdown",
    "nrm-referrals",
    "nrm-totals",
    "pre-nrm-monitoring",
]


def plugins_with(*plugins: object) -> Plugins:
    return get_plugins(fresh=True, entry_points=False, extra=plugins)


def test_the_built_in_schemas() -> None:
    assert schema_names() == BUILT_IN
    assert {name: spec.name for name, spec in schema_registry().items()} == {n: n for n in BUILT_IN}


def test_an_unknown_name_is_refused_with_a_suggestion() -> None:
    with pytest.raises(SchemaError, match="Did you mean 'nrm-breakdown'"):
        get_schema("nrm-breakdwon")


def test_plugins_add_schemas_and_may_replace_built_ins() -> None:
    mine = SchemaSpec("hub-visits", "Hub visits", (ColumnSpec("visits", "integer"),))
    replacement = SchemaSpec("action-plan", "Local action plan", (ColumnSpec("action", "text"),))

    @hookimpl
    def aspcore_register_schemas() -> list[SchemaSpec]:
        return [mine, replacement]

    plugin = types.SimpleNamespace(
        __name__="local", aspcore_register_schemas=aspcore_register_schemas
    )
    plugins = plugins_with(plugin)
    assert get_schema("hub-visits", plugins=plugins) is mine
    assert get_schema("action-plan", plugins=plugins).title == "Local action plan"
    assert schema_names(plugins) == sorted([*BUILT_IN, "hub-visits"])


def test_a_plugin_returning_something_else_is_reported_not_fatal() -> None:
    @hookimpl
    def aspcore_register_schemas() -> list[object]:
        return ["not a schema"]

    plugin = types.SimpleNamespace(
        __name__="odd", aspcore_register_schemas=aspcore_register_schemas
    )
    plugins = plugins_with(plugin)
    assert schema_names(plugins) == BUILT_IN
    (failure,) = plugins.failures
    assert failure.rule == "PLUGIN-001"
    assert "expected an aspcore.schemas.SchemaSpec" in failure.message
