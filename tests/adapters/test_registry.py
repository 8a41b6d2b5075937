"""The adapter registry: collection from the hook, isolation of broken plugins, --from refs."""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import aspcore
from aspcore.adapters import (
    Adapter,
    AdapterData,
    adapters,
    load_plan_from,
    parse_from,
    parse_options,
    row_finding,
)
from aspcore.plugins import Plugins, get_plugins

Make = Callable[..., Plugins]


def read_nothing(path: Path) -> AdapterData:
    """A data reader for adapters that are never read."""
    return AdapterData("none", str(path))


def test_adapters_come_from_the_hook_with_their_plugin(
    make_plugins: Make, make_plugin: Callable[..., object], cases: Adapter, data_only: Adapter
) -> None:
    found = adapters(make_plugins(make_plugin("cases_plugin", cases, data_only)))
    assert sorted(found) == ["cases", "tables"]
    assert found["cases"].plugin == "cases_plugin"


def test_a_plugin_whose_hook_raises_is_isolated(
    make_plugins: Make, source: Path, make_plugin: Callable[..., object], cases: Adapter
) -> None:
    broken = make_plugin("broken_plugin", raises=RuntimeError("export format changed"))
    plugins = make_plugins(broken, make_plugin("cases_plugin", cases))
    assert sorted(adapters(plugins)) == ["cases"]  # the other plugin still works
    assert sorted(adapters(plugins)) == ["cases"]  # asked again: reported once
    (failure,) = plugins.failures
    assert (failure.rule, failure.subject, failure.severity) == (
        "PLUGIN-001",
        "broken_plugin",
        aspcore.Severity.ERROR,
    )
    assert "aspcore_register_adapters" in failure.message
    assert failure.message.endswith(": RuntimeError")  # its type, never its text
    plan = load_plan_from(f"cases:{source}", plugins=plugins)
    result = aspcore.evaluate(plan, as_of=dt.date(2018, 11, 30), plugins=plugins)
    assert [f.subject for f in result.findings if f.rule == "PLUGIN-001"] == ["broken_plugin"]


def test_a_strict_manager_makes_a_broken_adapter_plugin_fatal(
    make_plugin: Callable[..., object],
) -> None:
    broken = make_plugin("broken_plugin", raises=RuntimeError("boom"))
    plugins = get_plugins(fresh=True, entry_points=False, extra=[broken], strict=True)
    with pytest.raises(aspcore.PluginError, match="broken_plugin"):
        adapters(plugins)


def test_a_plugin_returning_something_else_is_reported(
    make_plugins: Make, make_plugin: Callable[..., object], cases: Adapter
) -> None:
    plugins = make_plugins(make_plugin("odd_plugin", "not an adapter", cases))
    assert sorted(adapters(plugins)) == ["cases"]
    (failure,) = plugins.failures
    assert failure.subject == "odd_plugin" and "expected an aspcore.adapters.Adapter" in (
        failure.message
    )


def test_without_adapter_plugins_the_registry_is_empty(make_plugins: Make) -> None:
    assert adapters(make_plugins()) == {}


def test_parse_from_resolves_adapter_path_and_options(
    make_plugins: Make, source: Path, make_plugin: Callable[..., object], cases: Adapter
) -> None:
    plugins = make_plugins(make_plugin("cases_plugin", cases))
    ref = parse_from(f"cases:{source}", plugins, options=["team = Police"])
    assert (ref.adapter.name, ref.path, dict(ref.options)) == ("cases", source, {"team": "Police"})
    assert ref.label == f"cases:{source}"
    assert load_plan_from(ref).actions[0].owner == "Police"


@pytest.mark.parametrize(
    ("text", "options", "message"),
    [
        ("cases.csv", [], "expected ADAPTER:PATH"),
        (
            "case:{source}",
            [],
            "there is no adapter 'case'; the adapters are: cases. Did you mean 'cases'?",
        ),
        (
            "cases:{source}",
            ["teem=x"],
            "has no option 'teem'; its options are: team. Did you mean 'team'?",
        ),
        ("cases:{source}", ["team"], "expected KEY=VALUE"),
        ("cases:{source}.missing", [], "no such file or folder"),
    ],
)
def test_parse_from_errors_say_what_to_write(
    make_plugins: Make,
    source: Path,
    text: str,
    options: list[str],
    message: str,
    make_plugin: Callable[..., object],
    cases: Adapter,
) -> None:
    plugins = make_plugins(make_plugin("cases_plugin", cases))
    with pytest.raises(aspcore.InputFileError) as caught:
        parse_from(text.format(source=source), plugins, options=options)
    assert message in str(caught.value)


def test_no_adapters_installed_says_how_to_get_one(make_plugins: Make) -> None:
    with pytest.raises(aspcore.InputFileError, match="install an adapter plugin"):
        parse_from("ecins:export", make_plugins())


@given(
    name=st.from_regex(r"[a-z][a-z0-9-]{1,12}", fullmatch=True),
    path=st.text(st.characters(codec="ascii", exclude_characters="\x00"), min_size=1),
)
def test_the_path_is_everything_after_the_first_colon(name: str, path: str) -> None:
    adapter = Adapter(name=name, description="", data_reader=read_nothing)

    @aspcore.hookimpl
    def aspcore_register_adapters() -> list[Adapter]:
        return [adapter]

    hooks = types.SimpleNamespace(__name__="p", aspcore_register_adapters=aspcore_register_adapters)
    plugins = aspcore.get_plugins(fresh=True, entry_points=False, extra=[hooks])
    ref = parse_from(f"{name}:{path}", plugins, must_exist=False)
    assert ref.adapter.name == name and ref.path == Path(path)


def test_parse_options_accepts_a_mapping_or_key_value_texts() -> None:
    assert parse_options({"a": 1}) == {"a": "1"}
    assert parse_options(["a=1", "b = x=y"]) == {"a": "1", "b": "x=y"}


@pytest.mark.parametrize("name", ["E", "ecins!", "x", "Ecins", ""])
def test_adapter_names_are_checked(name: str) -> None:
    with pytest.raises(ValueError, match="adapter name"):
        Adapter(name=name, description="", data_reader=read_nothing)


def test_adapter_data_gives_narwhals_frames_and_names_what_it_has(source: Path) -> None:
    data = AdapterData("x", str(source), frames={"events": pd.DataFrame({"a": [1, 2]})})
    assert data.frame("events").shape == (2, 1)
    with pytest.raises(aspcore.InputFileError, match="read no dataset 'actions'; it read: events"):
        data.frame("actions")


def test_row_finding_names_the_place() -> None:
    finding = row_finding(
        "X-001",
        "bad",
        file="a.xlsx",
        sheet="Police",
        row=7,
        column="Value",
        evidence={"code": "c"},
    )
    assert finding.subject == "a.xlsx:Police:7" and finding.line == 7
    assert finding.evidence == {
        "file": "a.xlsx",
        "sheet": "Police",
        "row": 7,
        "column": "Value",
        "code": "c",
    }
    assert row_finding("X-002", "no table", file="a.xlsx").subject_kind == "file"
