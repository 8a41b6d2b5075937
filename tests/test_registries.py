"""``Registries``: everything the plugins registered, one frozen value per manager."""

from __future__ import annotations

import datetime as dt
import json
import types
from pathlib import Path

import pytest
from typer.testing import CliRunner

import aspcore
from aspcore import ColumnSpec, Registries, SchemaSpec
from aspcore.cli import app
from aspcore.model.codes import PLUGIN_FAILURE
from aspcore.plugins import get_plugins
from aspcore.session import Session

VISITS = SchemaSpec("hub-visits", "Hub visits", (ColumnSpec("visits", "integer"),))


def plugin(**hooks: object) -> types.SimpleNamespace:
    """A plugin whose hooks return the given values."""
    implementations = {
        name: aspcore.hookimpl(lambda value=value: value) for name, value in hooks.items()
    }
    return types.SimpleNamespace(__name__="northshire_extras", **implementations)


def test_the_builtins_are_registered() -> None:
    registries = Registries.of(get_plugins(fresh=True, entry_points=False))
    assert "RAG-001" in registries.rules
    assert list(registries.rulesets) == ["iasc-default"]
    assert list(registries.rag_schemes) == ["belfast", "camms", "havering"]
    assert list(registries.risk_schemes) == ["fife-4x4", "morile-style"]
    assert "indicator-return" in registries.schemas
    assert {"count", "median"} <= set(registries.measures)
    assert list(registries.renderers) == ["html", "json", "markdown", "xlsx"]
    assert list(registries.readers) == ["indicator-return"]
    assert dict(registries.adapters) == {}


def test_a_plugins_items_join_the_builtins(tmp_path: Path) -> None:
    scheme = tmp_path / "northshire.toml"
    scheme.write_text('bands = [{ rag = "green", max = 5 }, { rag = "red", above = 5 }]\n')
    extras = plugin(aspcore_register_schemas=[VISITS], aspcore_register_rag_schemes=[scheme])
    registries = Registries.of(get_plugins(fresh=True, entry_points=False, extra=[extras]))
    assert registries.schemas["hub-visits"] is VISITS
    assert list(registries.rag_schemes) == ["belfast", "camms", "havering", "northshire"]
    assert registries.names()["schemas"][:2] == ["action-plan", "case-events"]
    assert "hub-visits" in registries.names()["schemas"]


def test_built_once_per_manager_and_read_only() -> None:
    manager = get_plugins(fresh=True, entry_points=False)
    registries = Registries.of(manager)
    assert Registries.of(manager) is registries
    assert Registries.of(get_plugins(fresh=True, entry_points=False)) is not registries
    with pytest.raises(TypeError):
        registries.schemas["hub-visits"] = VISITS  # type: ignore[index]
    with pytest.raises(AttributeError):
        registries.schemas = {}  # type: ignore[misc]


def test_no_plugins_given_is_the_shared_default() -> None:
    assert Registries.of() is Registries.of(get_plugins())


def test_a_plugin_that_registers_garbage_is_reported_and_the_rest_kept() -> None:
    extras = plugin(aspcore_register_schemas=[VISITS, "not a schema"])
    manager = get_plugins(fresh=True, entry_points=False, extra=[extras])
    registries = Registries.of(manager)
    assert "hub-visits" in registries.schemas
    assert [f.rule for f in manager.failures] == [PLUGIN_FAILURE]
    assert "northshire_extras" in manager.failures[0].message


def test_a_session_holds_the_registries_of_its_plugins() -> None:
    manager = get_plugins(fresh=True, entry_points=False)
    session = Session.open(as_of=dt.date(2018, 11, 30), plugins=manager)
    assert session.registries is Registries.of(manager)


def test_the_command_line_lists_what_is_registered() -> None:
    result = CliRunner().invoke(app, ["plugins", "--registered", "--format", "json"])
    assert result.exit_code == 0, result.output
    names = json.loads(result.output)
    assert list(names) == [
        "rules",
        "rulesets",
        "rag_schemes",
        "risk_schemes",
        "schemas",
        "measures",
        "renderers",
        "adapters",
        "readers",
    ]
    assert names["rag_schemes"] == ["belfast", "camms", "havering"]
    text = CliRunner().invoke(app, ["plugins", "--registered"], env={"COLUMNS": "200"})
    assert text.exit_code == 0
    assert "risk schemes" in text.output and "fife-4x4, morile-style" in text.output
