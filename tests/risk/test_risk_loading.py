"""Finding schemes: bundled names, files, an extendable registry, inline tables, clear errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aspcore.errors import RulesetError
from aspcore.risk import (
    bundled_schemes,
    bundled_schemes_dir,
    find_scheme,
    load_scheme,
    read_scheme_file,
    schemes_in,
)

SMALL = """
name = "{name}"
[sections.a.factors.a]
min = 1
max = 2
[risk]
of = ["a"]
[[bands]]
name = "all"
min = 1
max = {top}
rag = "green"
"""


def write(folder: Path, name: str, top: int = 2, file: str | None = None) -> Path:
    path = folder / (file or f"{name}.toml")
    path.write_text(SMALL.format(name=name, top=top), encoding="utf-8")
    return path


def test_bundled_schemes_are_found_by_name() -> None:
    bundled = bundled_schemes()
    assert set(bundled) == {"fife-4x4", "morile-style"}
    assert all(path.parent == bundled_schemes_dir() for path in bundled.values())
    assert load_scheme("fife-4x4").name == "fife-4x4"
    assert load_scheme("morile-style").origin == str(bundled["morile-style"])


def test_bundled_schemes_returns_a_registry_callers_can_extend(tmp_path: Path) -> None:
    registry = bundled_schemes()
    registry.update(schemes_in([write(tmp_path, "northshire")]))
    assert load_scheme("northshire", registry=registry).name == "northshire"
    assert "northshire" not in bundled_schemes()


def test_schemes_in_reads_folders_and_names_files_by_their_name_key(tmp_path: Path) -> None:
    write(tmp_path, "alpha", file="one.toml")
    write(tmp_path, "beta")
    (tmp_path / "notes.txt").write_text("not a scheme", encoding="utf-8")
    found = schemes_in([tmp_path])
    assert found == {"alpha": tmp_path / "one.toml", "beta": tmp_path / "beta.toml"}


def test_a_scheme_can_be_loaded_by_path(tmp_path: Path) -> None:
    path = write(tmp_path, "local")
    assert load_scheme(path).name == "local"
    assert load_scheme(str(path)).name == "local"


def test_an_unknown_name_gives_a_did_you_mean() -> None:
    with pytest.raises(RulesetError) as caught:
        load_scheme("fife4x4")
    message = str(caught.value)
    assert "no risk scheme named 'fife4x4'; did you mean 'fife-4x4'?" in message
    assert "known schemes: fife-4x4, morile-style" in message


def test_an_invalid_file_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "broken", top=5)
    with pytest.raises(RulesetError, match=r"broken\.toml: risk scheme 'broken': band 'all'"):
        load_scheme(path)
    bad = tmp_path / "syntax.toml"
    bad.write_text("name = \n", encoding="utf-8")
    with pytest.raises(RulesetError, match=r"syntax\.toml: expected TOML"):
        read_scheme_file(bad)
    with pytest.raises(RulesetError, match=r"missing\.toml: no such risk scheme file"):
        load_scheme(tmp_path / "missing.toml")


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    path = write(tmp_path, "local")
    assert read_scheme_file(path).risk_high == 2
    path.write_text(
        SMALL.format(name="local", top=3).replace("max = 2", "max = 3"), encoding="utf-8"
    )
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert read_scheme_file(path).risk_high == 3


def test_find_scheme_prefers_a_rulesets_inline_table() -> None:
    table = {
        "sections": {"a": {"factors": {"a": {"min": 0, "max": 1}}}},
        "risk": {"of": ["a"]},
        "bands": [{"name": "all", "min": 0, "max": 1, "rag": "amber"}],
    }
    found = find_scheme("fife-4x4", inline={"fife-4x4": table}, origin="ruleset local 1")
    assert found is not None and found.risk_high == 1
    assert found.origin == "ruleset local 1 [params.risk.schemes.fife-4x4]"
    assert find_scheme("nothing") is None
    with pytest.raises(RulesetError, match="'name' is 'other'"):
        find_scheme("x", inline={"x": {**table, "name": "other"}})
