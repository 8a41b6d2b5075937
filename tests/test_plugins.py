"""The plugin manager: built-ins as plugins (light to load), blocking, tracing, isolation of bad
plugins (ones that raise, return the wrong thing or ship missing or invalid files), and strict
mode."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
import time
import types
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import attrs
import pytest

import aspcore
from aspcore import plugins as plugins_module
from aspcore.plugins import DEFAULT_PLUGINS, get_plugins
from aspcore.rag.scheme_files import registered_schemes as rag_registered
from aspcore.risk.loading import registered_schemes as risk_registered
from aspcore.rules import registry as rule_registry
from hooks_support import REGISTRIES

PLAN = aspcore.plan_from_mapping(
    {"partnership": "P", "objectives": [{"id": "O1", "statement": "Improve"}]}
)


def test_builtins_are_registered_as_plugins_with_their_hooks() -> None:
    infos = {i.name: i for i in get_plugins(fresh=True, entry_points=False).infos()}
    for name in DEFAULT_PLUGINS:
        assert infos[name].builtin and not infos[name].blocked
    assert "aspcore_register_rules" in infos["aspcore.checks.smart"].hooks
    assert infos["aspcore.checks.smart"].version == aspcore.__version__


def test_disable_plugins_blocks_a_builtin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASPCORE_DISABLE_PLUGINS", "aspcore.checks.smart, other")
    plugins = get_plugins(fresh=True, entry_points=False)
    infos = {i.name: i for i in plugins.infos()}
    assert infos["aspcore.checks.smart"].blocked
    result = aspcore.evaluate(PLAN, as_of=dt.date(2018, 11, 30), plugins=plugins)
    assert not any(f.rule.startswith("SMART") for f in result.findings)
    assert any(f.rule.startswith("CHAIN") for f in result.findings)


def test_trace_prints_hook_calls(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ASPCORE_TRACE_PLUGINS", "1")
    plugins = get_plugins(fresh=True, entry_points=False)
    aspcore.evaluate(PLAN, as_of=dt.date(2018, 11, 30), plugins=plugins)
    err = capsys.readouterr().err
    assert "calling aspcore_register_rules of aspcore.checks.chain" in err


def test_plugin_with_a_misspelt_hook_is_isolated() -> None:
    @aspcore.hookimpl
    def aspcore_register_rulez() -> list[aspcore.Rule]:
        return []

    bad = types.SimpleNamespace(
        __name__="typo_plugin", aspcore_register_rulez=aspcore_register_rulez
    )
    plugins = get_plugins(fresh=True, entry_points=False, extra=[bad])
    (failure,) = plugins.failures
    assert failure.subject == "typo_plugin" and "aspcore_register_rulez" in failure.message
    with pytest.raises(aspcore.PluginError):
        aspcore.evaluate(PLAN, as_of=dt.date(2018, 11, 30), plugins=plugins, strict=True)


def test_default_manager_is_built_lazily_and_shared() -> None:
    assert get_plugins() is get_plugins()
    assert get_plugins(fresh=True) is not get_plugins()


def test_a_plugin_ships_a_ruleset_by_name(tmp_path: Path) -> None:
    ruleset = tmp_path / "northshire.toml"
    ruleset.write_text(
        'name = "northshire"\nextends = "iasc-default"\ndisable = ["smart"]\n', encoding="utf-8"
    )

    @aspcore.hookimpl
    def aspcore_register_rulesets() -> list[Path]:
        return [tmp_path]  # a folder: every ruleset in it, by its name

    plugin = types.SimpleNamespace(
        __name__="northshire_rulesets", aspcore_register_rulesets=aspcore_register_rulesets
    )
    plugins = get_plugins(fresh=True, entry_points=False, extra=[plugin])
    assert rule_registry.rulesets(plugins)["northshire"] == ruleset
    result = aspcore.evaluate(
        PLAN, as_of=dt.date(2018, 11, 30), ruleset="northshire", plugins=plugins
    )
    assert result.ruleset["chain"] == ["iasc-default", "northshire"]
    assert not any(f.rule.startswith("SMART") for f in result.findings)
    assert any(f.rule.startswith("CHAIN") for f in result.findings)


def test_a_plugin_failing_to_ship_rulesets_is_a_finding_and_the_default_still_runs() -> None:
    @aspcore.hookimpl
    def aspcore_register_rulesets() -> list[Path]:
        raise OSError("the ruleset share is offline")

    plugin = types.SimpleNamespace(
        __name__="offline_rulesets", aspcore_register_rulesets=aspcore_register_rulesets
    )
    plugins = get_plugins(fresh=True, entry_points=False, extra=[plugin])
    result = aspcore.evaluate(PLAN, as_of=dt.date(2018, 11, 30), plugins=plugins)
    (failure,) = [f for f in result.findings if f.rule == "PLUGIN-001"]
    assert failure.subject == "offline_rulesets"
    assert failure.message == "plugin offline_rulesets failed in aspcore_register_rulesets: OSError"
    assert result.ruleset["name"] == "iasc-default"


def returning(hook: str, value: object) -> types.SimpleNamespace:
    """A plugin whose ``hook`` returns ``value``."""
    return types.SimpleNamespace(__name__="garbage", **{hook: aspcore.hookimpl(lambda: value)})


class Unmeasurable:
    """An object whose length cannot be taken."""

    def __len__(self) -> int:
        raise RuntimeError("no length")


#: A row of case data a plugin might return by mistake: it must not reach a message.
ROW = {"person_id": "JANE SMITH", "date": "2018-10-02"}


@pytest.mark.parametrize("hook", sorted(REGISTRIES))
@pytest.mark.parametrize(
    ("value", "found"),
    [
        (5, "found int"),
        ([object], "found type"),
        (ROW, "found dict of length 2"),
        ([ROW, ROW], "found dict of length 2"),
        ([Unmeasurable()], "found Unmeasurable"),
    ],
)
def test_a_hook_returning_the_wrong_thing_is_a_finding_naming_plugin_hook_and_mismatch(
    hook: str, value: object, found: str
) -> None:
    plugins = get_plugins(fresh=True, entry_points=False, extra=[returning(hook, value)])
    registry = REGISTRIES[hook]
    built_in = registry(get_plugins(fresh=True, entry_points=False))
    assert registry(plugins) == built_in  # the built-ins (the other plugins) still there
    assert registry(plugins) == built_in  # asked again: the hook is not called again
    failure, *same = plugins.failures
    assert all(f.message == failure.message for f in same)  # one per item of the wrong type
    assert failure.rule == "PLUGIN-001" and failure.subject == "garbage"
    assert failure.message.startswith(f"plugin garbage failed in {hook}: expected ")
    assert failure.message.endswith(found)
    assert "JANE" not in json.dumps(failure.to_dict())  # the type, never the contents
    assert failure.evidence["hook"] == hook
    result = aspcore.evaluate(PLAN, as_of=dt.date(2018, 11, 30), plugins=plugins)
    assert [f for f in result.findings if f.rule == "PLUGIN-001"] == plugins.failures
    strict = get_plugins(
        fresh=True, entry_points=False, extra=[returning(hook, value)], strict=True
    )
    with pytest.raises(aspcore.PluginError, match=f"^plugin garbage failed in {hook}: expected"):
        registry(strict)


@pytest.mark.parametrize(
    ("hook", "error"),
    [
        ("aspcore_register_rulesets", "no such ruleset file"),
        ("aspcore_register_risk_schemes", "no such risk scheme file"),
        ("aspcore_register_rag_schemes", "no such RAG scheme file"),
    ],
)
def test_a_missing_file_is_a_failure_of_the_plugin_that_named_it(
    hook: str, error: str, tmp_path: Path
) -> None:
    missing = tmp_path / "missing.toml"
    plugins = get_plugins(fresh=True, entry_points=False, extra=[returning(hook, [missing])])
    result = aspcore.evaluate(PLAN, as_of=dt.date(2018, 11, 30), plugins=plugins)
    (failure,) = [f for f in result.findings if f.rule == "PLUGIN-001"]
    assert failure.subject == "garbage"
    assert f"failed in {hook}: RulesetError: {missing}: {error}" in failure.message
    assert result.ruleset["name"] == "iasc-default"
    assert not any(f.rule == "RULE-ERROR" for f in result.findings)


#: Each hook that ships files: a valid file, and the name it registers under.
SHIPPED = {
    "aspcore_register_rulesets": ('name = "northshire"\nextends = "iasc-default"\n', "northshire"),
    "aspcore_register_risk_schemes": (
        (Path(__file__).parents[1] / "rulesets/risk-schemes/fife-4x4.toml")
        .read_text(encoding="utf-8")
        .replace('name = "fife-4x4"', 'name = "northshire"'),
        "northshire",
    ),
    "aspcore_register_rag_schemes": (
        'bands = [{ rag = "green", max = 5 }, { rag = "red", above = 5 }]\n',
        "northshire",
    ),
}
FILE_REGISTRIES = {
    "aspcore_register_rulesets": lambda plugins: rule_registry.rulesets(plugins),
    "aspcore_register_risk_schemes": lambda plugins: risk_registered(plugins),
    "aspcore_register_rag_schemes": lambda plugins: rag_registered(plugins),
}


@pytest.mark.parametrize("hook", sorted(SHIPPED))
def test_a_bad_file_in_a_folder_is_the_plugins_failure_and_only_that_file_is_dropped(
    hook: str, tmp_path: Path
) -> None:
    text, name = SHIPPED[hook]
    (tmp_path / "a-broken.toml").write_text("bands = [", encoding="utf-8")
    (tmp_path / "northshire.toml").write_text(text, encoding="utf-8")
    plugins = get_plugins(fresh=True, entry_points=False, extra=[returning(hook, [tmp_path])])
    assert name in FILE_REGISTRIES[hook](plugins)  # the folder's good file is still read
    (failure,) = plugins.failures
    assert failure.subject == "garbage" and failure.evidence["hook"] == hook
    assert f"RulesetError: {tmp_path / 'a-broken.toml'}: expected" in failure.message
    assert "northshire.toml" not in failure.message


class BytesPath(os.PathLike[bytes]):
    """A path-like object that gives bytes, which ``pathlib`` cannot use."""

    def __fspath__(self) -> bytes:
        return b"northshire.toml"


@pytest.mark.parametrize("hook", sorted(SHIPPED))
def test_a_path_that_cannot_be_used_is_the_plugins_failure(hook: str) -> None:
    plugins = get_plugins(fresh=True, entry_points=False, extra=[returning(hook, [BytesPath()])])
    result = aspcore.evaluate(PLAN, as_of=dt.date(2018, 11, 30), plugins=plugins)
    (failure,) = [f for f in result.findings if f.rule == "PLUGIN-001"]
    assert failure.subject == "garbage" and failure.message.endswith(f"failed in {hook}: TypeError")
    assert result.ruleset["name"] == "iasc-default"


def test_an_invalid_risk_scheme_is_the_plugins_failure_not_the_rules(tmp_path: Path) -> None:
    scheme = tmp_path / "bad-risk.toml"
    scheme.write_text('name = "bad-risk"\n', encoding="utf-8")
    hook = "aspcore_register_risk_schemes"
    plugins = get_plugins(fresh=True, entry_points=False, extra=[returning(hook, [scheme])])
    result = aspcore.evaluate(PLAN, as_of=dt.date(2018, 11, 30), plugins=plugins)
    (failure,) = [f for f in result.findings if f.rule == "PLUGIN-001"]
    assert failure.subject == "garbage" and str(scheme) in failure.message
    assert "bad-risk" not in risk_registered(plugins)


def test_a_strict_manager_raises_when_a_plugin_cannot_be_registered() -> None:
    @aspcore.hookimpl
    def aspcore_register_rulez() -> list[aspcore.Rule]:
        return []

    bad = types.SimpleNamespace(__name__="typo", aspcore_register_rulez=aspcore_register_rulez)
    with pytest.raises(aspcore.PluginError, match=r"^plugin typo failed in register: "):
        get_plugins(fresh=True, entry_points=False, extra=[bad], strict=True)


def test_the_strict_message_of_a_failed_notification_names_the_exception_type() -> None:
    @aspcore.hookimpl
    def aspcore_evaluation_finished(evaluation: aspcore.Evaluation) -> None:
        raise ConnectionError("the case system\nis offline")

    plugin = types.SimpleNamespace(
        __name__="notifier", aspcore_evaluation_finished=aspcore_evaluation_finished
    )
    plugins = get_plugins(fresh=True, entry_points=False, extra=[plugin])
    message = "plugin notifier failed in aspcore_evaluation_finished: ConnectionError"
    with pytest.raises(aspcore.PluginError) as raised:
        aspcore.evaluate(PLAN, as_of=dt.date(2018, 11, 30), plugins=plugins, strict=True)
    assert str(raised.value) == message
    result = aspcore.evaluate(PLAN, as_of=dt.date(2018, 11, 30), plugins=plugins)
    assert [f.message for f in result.findings if f.rule == "PLUGIN-001"] == [message]


def test_a_failing_measure_plugin_is_fatal_in_a_strict_evaluation() -> None:
    hook = "aspcore_register_measures"
    plan = aspcore.plan_from_mapping(
        {
            "partnership": "P",
            "indicators": [{"id": "I1", "compute": {"from": "d", "numerator": "count()"}}],
        }
    )
    plugins = get_plugins(fresh=True, entry_points=False, extra=[returning(hook, 5)])
    with pytest.raises(aspcore.PluginError, match=f"plugin garbage failed in {hook}"):
        aspcore.evaluate(plan, as_of=dt.date(2018, 11, 30), plugins=plugins, strict=True)


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("aspcore.builtin.schemas", "action-plan"),
        ("aspcore.builtin.renderers", "html"),
        ("aspcore.builtin.measures", "median"),
    ],
)
def test_builtin_schemas_renderers_and_measures_are_plugins_a_plugin_can_replace(
    module: str, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    plugins = get_plugins(fresh=True, entry_points=False)
    info = {i.name: i for i in plugins.infos()}[module]
    assert info.builtin and len(info.hooks) == 1
    registry = REGISTRIES[info.hooks[0]]
    builtin = registry(plugins)[name]
    replacement = attrs.evolve(builtin)  # the partnership's own copy
    plugin = types.SimpleNamespace(
        __name__="local", **{info.hooks[0]: aspcore.hookimpl(lambda: [replacement])}
    )
    replaced = get_plugins(fresh=True, entry_points=False, extra=[plugin])
    assert registry(replaced)[name] is replacement
    monkeypatch.setenv("ASPCORE_DISABLE_PLUGINS", module)
    assert name not in registry(get_plugins(fresh=True, entry_points=False))


def test_an_evaluation_is_as_strict_as_its_manager_unless_told() -> None:
    @aspcore.hookimpl
    def aspcore_evaluation_finished(evaluation: aspcore.Evaluation) -> None:
        raise ConnectionError("the case system is offline")

    plugin = types.SimpleNamespace(
        __name__="notifier", aspcore_evaluation_finished=aspcore_evaluation_finished
    )
    day = dt.date(2018, 11, 30)
    strict = get_plugins(fresh=True, entry_points=False, extra=[plugin], strict=True)
    with pytest.raises(aspcore.PluginError, match=r"^plugin notifier failed"):
        aspcore.evaluate(PLAN, as_of=day, plugins=strict)
    lenient = get_plugins(fresh=True, entry_points=False, extra=[plugin])
    result = aspcore.evaluate(PLAN, as_of=day, plugins=lenient)
    assert [f.subject for f in result.findings if f.rule == "PLUGIN-001"] == ["notifier"]
    with pytest.raises(aspcore.PluginError, match=r"^plugin notifier failed"):
        aspcore.evaluate(PLAN, as_of=day, plugins=lenient, strict=True)


def _raise(exc: BaseException) -> Callable[..., object]:
    def hook(**_: object) -> object:
        raise exc

    return hook


def plugin_raising(hook: str, exc: BaseException) -> types.SimpleNamespace:
    """A plugin whose ``hook`` raises ``exc``."""
    return types.SimpleNamespace(__name__="garbage", **{hook: aspcore.hookimpl(_raise(exc))})


class CaseSystemError(Exception):
    """A plugin's own exception, whose text quotes the row it was handling."""


@pytest.mark.parametrize("hook", sorted(REGISTRIES))
def test_sys_exit_in_a_hook_is_the_plugins_failure_not_the_end_of_the_command(hook: str) -> None:
    plugins = get_plugins(
        fresh=True, entry_points=False, extra=[plugin_raising(hook, SystemExit(3))]
    )
    registry = REGISTRIES[hook]
    assert registry(plugins) == registry(get_plugins(fresh=True, entry_points=False))
    (failure,) = plugins.failures
    assert failure.message == f"plugin garbage failed in {hook}: SystemExit"


def test_sys_exit_in_a_notification_is_a_finding_and_the_evaluation_returns() -> None:
    hook = "aspcore_evaluation_finished"
    plugin = types.SimpleNamespace(
        __name__="quitter", **{hook: aspcore.hookimpl(lambda evaluation: sys.exit(0))}
    )
    plugins = get_plugins(fresh=True, entry_points=False, extra=[plugin])
    result = aspcore.evaluate(PLAN, as_of=dt.date(2018, 11, 30), plugins=plugins)
    (failure,) = [f for f in result.findings if f.rule == "PLUGIN-001"]
    assert failure.message == f"plugin quitter failed in {hook}: SystemExit"


def test_a_plugin_that_exits_while_it_is_imported_is_the_plugins_failure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def load() -> object:
        sys.exit("this plugin needs the case system")

    entry = types.SimpleNamespace(name="exiting", dist=None, load=load)
    found = types.SimpleNamespace(entry_points=lambda group: [entry])
    monkeypatch.setattr(plugins_module, "metadata", found)
    plugins = get_plugins(fresh=True)
    (failure,) = plugins.failures
    assert failure.message == "plugin exiting failed in import: SystemExit"
    assert {i.name: i for i in plugins.infos()}["exiting"].error == "SystemExit"


def test_a_keyboard_interrupt_in_a_hook_still_stops_the_run() -> None:
    hook = "aspcore_register_rules"
    plugins = get_plugins(
        fresh=True, entry_points=False, extra=[plugin_raising(hook, KeyboardInterrupt())]
    )
    with pytest.raises(KeyboardInterrupt):
        rule_registry.rules(plugins)


@pytest.mark.parametrize("strict", [False, True])
def test_a_plugins_exception_is_named_by_its_type_never_its_text(strict: bool) -> None:
    hook = "aspcore_register_rules"
    bad = plugin_raising(hook, CaseSystemError(f"cannot read {ROW}"))
    plugins = get_plugins(fresh=True, entry_points=False, extra=[bad], strict=strict)
    message = f"plugin garbage failed in {hook}: {__name__}.CaseSystemError"
    if strict:
        with pytest.raises(aspcore.PluginError) as raised:
            rule_registry.rules(plugins)
        assert str(raised.value) == message
        return
    assert "PY-001" not in rule_registry.rules(plugins)
    (failure,) = plugins.failures
    assert failure.message == message and failure.evidence["error"] == "CaseSystemError"
    assert "JANE" not in json.dumps(failure.to_dict())


@pytest.mark.parametrize("via", ["parameter", "environment"])
def test_a_hook_that_hangs_is_a_failure_after_the_time_limit(
    via: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    released = threading.Event()
    hook = "aspcore_register_rules"

    def hang() -> list[aspcore.Rule]:
        released.wait(10)  # bounded, so a run without a time limit ends (and fails) too
        return []

    slow = types.SimpleNamespace(__name__="slow", **{hook: aspcore.hookimpl(hang)})
    if via == "environment":
        monkeypatch.setenv("ASPCORE_PLUGIN_TIMEOUT", "0.2")
        plugins = get_plugins(fresh=True, entry_points=False, extra=[slow])
    else:
        plugins = get_plugins(fresh=True, entry_points=False, extra=[slow], timeout=0.2)
    try:
        began = time.monotonic()
        assert "CHAIN-001" in rule_registry.rules(plugins)  # the other plugins' rules are there
        assert time.monotonic() - began < 5
        (failure,) = plugins.failures
        assert failure.message == (
            f"plugin slow failed in {hook}: TimeLimitError: no answer within 0.2 s; the result "
            "is ignored"
        )
    finally:
        released.set()


@pytest.mark.parametrize("value", ["soon", "-1", "nan"])
def test_a_time_limit_that_is_not_a_number_of_seconds_is_refused(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASPCORE_PLUGIN_TIMEOUT", value)
    with pytest.raises(aspcore.PluginError, match="ASPCORE_PLUGIN_TIMEOUT must be a number"):
        get_plugins(fresh=True, entry_points=False)


def test_with_no_time_limit_hooks_run_in_the_callers_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ASPCORE_PLUGIN_TIMEOUT", "0")
    threads: list[threading.Thread] = []
    hook = "aspcore_register_rules"
    plugin = types.SimpleNamespace(
        __name__="local",
        **{hook: aspcore.hookimpl(lambda: threads.append(threading.current_thread()) or [])},
    )
    plugins = get_plugins(fresh=True, entry_points=False, extra=[plugin])
    assert plugins.timeout is None and rule_registry.rules(plugins) and not plugins.failures
    assert threads == [threading.current_thread()]


#: Run in a fresh interpreter: evaluate the example plan with the default plugins, then print
#: which of the heavy modules were imported.
EVALUATE_ONLY = """
import datetime, json, sys
import aspcore
plan = aspcore.load_plan(sys.argv[1])
aspcore.evaluate(plan, as_of=datetime.date(2018, 11, 30))
heavy = ("polars", "pandas", "aspcore.report")
print(json.dumps(sorted(name for name in heavy if name in sys.modules)))
"""


def test_evaluating_a_plan_imports_neither_dataframes_nor_reports() -> None:
    # installed plugins are blocked: what they import is theirs, not aspcore's
    installed = [ep.name for ep in metadata.entry_points(group="aspcore")]
    env = {**os.environ, "ASPCORE_DISABLE_PLUGINS": ",".join(installed)}
    plan = Path(__file__).parents[1] / "examples" / "northshire-plan.yaml"
    run = subprocess.run(
        [sys.executable, "-c", EVALUATE_ONLY, str(plan)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == []


# -- every hook is called through pluggy -----------------------------------------------------


def test_an_implementation_may_declare_fewer_arguments_than_its_hook() -> None:
    """pluggy passes an implementation only the arguments it declares; calling it directly
    with all of them raised TypeError."""
    calls: list[str] = []

    @aspcore.hookimpl
    def aspcore_evaluation_finished() -> None:
        calls.append("finished")

    plugin = types.SimpleNamespace(
        __name__="no_arguments", aspcore_evaluation_finished=aspcore_evaluation_finished
    )
    plugins = get_plugins(fresh=True, entry_points=False, extra=[plugin])
    result = aspcore.evaluate(PLAN, as_of=dt.date(2018, 11, 30), plugins=plugins)
    assert calls == ["finished"]
    assert not [f for f in result.findings if f.rule == "PLUGIN-001"]


def test_hook_wrappers_run_around_each_call() -> None:
    seen: list[str] = []

    class Finished:
        __name__ = "finished"

        @aspcore.hookimpl
        def aspcore_evaluation_finished(self) -> None:
            seen.append("finished")

    plugins = get_plugins(fresh=True, entry_points=False, extra=[_Wrapper(seen), Finished()])
    aspcore.evaluate(PLAN, as_of=dt.date(2018, 11, 30), plugins=plugins)
    assert seen == ["before P", "finished", "after"]


def test_a_plugin_pluggy_refuses_is_named_without_its_address() -> None:
    class Stray:
        __name__ = "stray"

        @aspcore.hookimpl
        def aspcore_evaluation_finishd(self) -> None:
            """A misspelt hook."""

    plugins = get_plugins(fresh=True, entry_points=False, extra=[Stray()])
    assert [f.message for f in plugins.failures] == [
        "plugin stray failed in register: pluggy._manager.PluginValidationError: unknown hook "
        "'aspcore_evaluation_finishd' in plugin <plugin stray>"
    ]


class _Wrapper:
    """A plugin with a new-style wrapper around ``aspcore_evaluation_finished``."""

    __name__ = "wrapper"

    def __init__(self, seen: list[str]) -> None:
        self.seen = seen

    @aspcore.hookimpl(wrapper=True)
    def aspcore_evaluation_finished(self, evaluation: aspcore.Evaluation) -> object:
        self.seen.append(f"before {evaluation.plan}")
        answer = yield
        self.seen.append("after")
        return answer


def test_a_failing_implementation_fails_alone_inside_pluggy() -> None:
    order: list[str] = []

    @aspcore.hookimpl
    def aspcore_evaluation_finished() -> None:
        order.append("second")
        raise SystemExit(3)

    failing = types.SimpleNamespace(
        __name__="exits", aspcore_evaluation_finished=aspcore_evaluation_finished
    )
    seen: list[str] = []
    plugins = get_plugins(fresh=True, entry_points=False, extra=[_Wrapper(seen), failing])
    result = aspcore.evaluate(PLAN, as_of=dt.date(2018, 11, 30), plugins=plugins)
    failures = [f.message for f in result.findings if f.rule == "PLUGIN-001"]
    assert failures == ["plugin exits failed in aspcore_evaluation_finished: SystemExit"]
    assert seen == ["before P", "after"]  # the wrapper saw the call complete


def test_a_failing_wrapper_is_named() -> None:
    class Broken:
        __name__ = "broken_wrapper"

        @aspcore.hookimpl(wrapper=True)
        def aspcore_evaluation_finished(self) -> object:
            yield
            raise RuntimeError("secret")

    plugins = get_plugins(fresh=True, entry_points=False, extra=[Broken()])
    result = aspcore.evaluate(PLAN, as_of=dt.date(2018, 11, 30), plugins=plugins)
    failures = [f.message for f in result.findings if f.rule == "PLUGIN-001"]
    assert failures == ["plugin broken_wrapper failed in aspcore_evaluation_finished: RuntimeError"]
