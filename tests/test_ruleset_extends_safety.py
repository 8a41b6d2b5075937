"""A ruleset's ``extends`` reaches only registered rulesets and TOML files in its own folder.

A ruleset may come from someone else (a neighbouring partnership, a plugin), so what it extends
must not open arbitrary files: ``/dev/zero`` hung the reader, and ``../../x.toml`` or an absolute
path read files far from the ruleset.  The ruleset given to aspcore itself may be anywhere, but
must be a regular TOML file of a sensible size.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from aspcore.errors import RulesetError
from aspcore.io import limits
from aspcore.plugins import get_plugins
from aspcore.rules import registry as rule_registry
from aspcore.rules.ruleset import load_ruleset

KNOWN = rule_registry.rulesets(get_plugins())


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def child(folder: Path, extends: str) -> Path:
    return write(folder / "child.toml", f'name = "child"\nextends = "{extends}"\n')


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("extends", ["/dev/zero", "/dev/zero.toml", "../../../../dev/zero"])
def test_extends_naming_a_device_is_refused_at_once(tmp_path: Path, extends: str) -> None:
    with pytest.raises(RulesetError, match=r"no ruleset named|beside|outside"):
        load_ruleset(child(tmp_path, extends), KNOWN)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_beside_the_ruleset_is_refused_without_waiting(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "parent.toml")
    with pytest.raises(RulesetError, match="device or pipe"):
        load_ruleset(child(tmp_path, "parent.toml"), KNOWN)


@pytest.mark.parametrize(
    "extends", ["../outside.toml", "sub/../../outside.toml"], ids=["up", "down-and-up"]
)
def test_extends_escaping_the_folder_is_refused(tmp_path: Path, extends: str) -> None:
    write(tmp_path / "outside.toml", 'name = "outside"\n')
    with pytest.raises(RulesetError, match="outside the folder"):
        load_ruleset(child(tmp_path / "rules", extends), KNOWN)


def test_extends_by_absolute_path_is_refused(tmp_path: Path) -> None:
    parent = write(tmp_path / "parent.toml", 'name = "parent"\n')
    with pytest.raises(RulesetError, match="absolute"):
        load_ruleset(child(tmp_path, parent.as_posix()), KNOWN)


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_a_link_beside_the_ruleset_to_a_file_outside_is_refused(tmp_path: Path) -> None:
    outside = write(tmp_path / "outside.toml", 'name = "outside"\n')
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "parent.toml").symlink_to(outside)
    with pytest.raises(RulesetError, match="outside the folder"):
        load_ruleset(child(folder, "parent.toml"), KNOWN)


def test_extends_a_file_that_exists_but_is_no_registered_name_is_refused(tmp_path: Path) -> None:
    write(tmp_path / "parent", 'name = "parent"\n')
    with pytest.raises(RulesetError, match="no ruleset named 'parent'"):
        load_ruleset(child(tmp_path, "parent"), KNOWN)


def test_extends_a_toml_file_beside_it_or_below_it_still_works(tmp_path: Path) -> None:
    write(tmp_path / "base" / "common.toml", 'name = "common"\nextends = "./parent.toml"\n')
    write(tmp_path / "base" / "parent.toml", 'name = "parent"\nextends = "iasc-default"\n')
    ruleset = load_ruleset(child(tmp_path, "base/common.toml"), KNOWN)
    assert ruleset.chain == ("iasc-default", "parent", "common", "child")


def test_an_explicit_parameter_lets_extends_reach_outside_the_folder(tmp_path: Path) -> None:
    write(tmp_path / "outside.toml", 'name = "outside"\n')
    path = child(tmp_path / "rules", "../outside.toml")
    ruleset = load_ruleset(path, KNOWN, extends_anywhere=True)
    assert ruleset.chain == ("outside", "child")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_ruleset_given_directly_must_be_a_regular_file(tmp_path: Path) -> None:
    with pytest.raises(RulesetError, match="device or pipe"):
        load_ruleset(Path("/dev/zero"), KNOWN)


def test_a_ruleset_over_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_RULESET_BYTES", 100)
    path = write(tmp_path / "big.toml", 'name = "big"\ndescription = "' + "x" * 200 + '"\n')
    with pytest.raises(RulesetError, match="over the limit of 100 bytes"):
        load_ruleset(path, KNOWN)


@pytest.mark.parametrize("extends", ["../outside.toml", "/dev/zero"])
def test_lint_refuses_what_check_refuses(tmp_path: Path, extends: str) -> None:
    """``check`` and ``lint`` accept exactly the same rulesets: an ``extends`` that ``check``
    refuses is a lint problem, never a file lint opens."""
    from aspcore.rules.lint import lint_ruleset

    write(tmp_path / "outside.toml", 'name = "outside"\nversion = "1"\n')
    ruleset = child(tmp_path / "rules", extends)
    with pytest.raises(RulesetError):
        load_ruleset(ruleset, KNOWN)
    problems = lint_ruleset(ruleset, get_plugins())
    assert [p.message for p in problems if p.message.startswith("extends:")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_lint_of_a_pipe_is_unusable_input_not_a_hang(tmp_path: Path) -> None:
    from aspcore.errors import InputFileError
    from aspcore.rules.lint import lint_ruleset

    os.mkfifo(tmp_path / "pipe.toml")
    with pytest.raises(InputFileError, match="device or pipe"):
        lint_ruleset(tmp_path / "pipe.toml", get_plugins())
