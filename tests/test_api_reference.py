"""The Python API reference lists every public name, and names imported on first use are listed
by ``dir``."""

from __future__ import annotations

import importlib

import pytest

import aspcore
from hooks_support import page, sections

PAGE = "reference/api.md"
PACKAGES = [
    "aspcore",
    "aspcore.batch",
    "aspcore.indicators",
    "aspcore.monitoring",
    "aspcore.returns",
    "aspcore.store",
    "aspcore.session",
    "aspcore.plugins",
]


@pytest.mark.parametrize("package", PACKAGES)
def test_every_exported_name_is_on_the_api_page(package: str) -> None:
    section = sections(page(PAGE))[package]
    exported = importlib.import_module(package).__all__
    missing = [n for n in exported if f"`{n}`" not in section and f"`{n}(" not in section]
    assert missing == [], f"{package} exports {', '.join(missing)}, missing from docs/{PAGE}"


def test_the_page_describes_the_plugin_managers_members() -> None:
    section = sections(page(PAGE))["aspcore.plugins"]
    for member in ("failures", "strict", "call", "registered", "registry", "files", "infos"):
        assert f"`{member}" in section, member
    assert "`aspcore.hookspecs.PATHS`" in section


def test_dir_lists_the_names_imported_on_first_use() -> None:
    assert set(aspcore.__all__) <= set(dir(aspcore))
    assert "compute_indicators" in dir(aspcore)


def test_every_type_a_hook_returns_is_at_the_root() -> None:
    """A plugin author imports ``aspcore`` and finds every type its hooks return there."""
    from aspcore.adapters import Adapter
    from aspcore.indicators import Measure
    from aspcore.monitoring import ReturnReader
    from aspcore.report import Renderer
    from aspcore.schemas import SchemaSpec

    for kind in (Adapter, Measure, ReturnReader, Renderer, SchemaSpec, aspcore.Rule):
        assert getattr(aspcore, kind.__name__) is kind


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def test_every_error_has_its_own_stable_code_on_the_api_page() -> None:
    import pkgutil

    for module in pkgutil.walk_packages(aspcore.__path__, "aspcore."):
        if not module.name.startswith(("aspcore.cli", "aspcore.testing")):
            importlib.import_module(module.name)
    errors = {aspcore.AspcoreError} | _subclasses(aspcore.AspcoreError)
    errors = {e for e in errors if e.__module__.startswith("aspcore")}
    assert len(errors) >= 16
    codes = {e: e.__dict__.get("code") for e in errors}
    assert None not in codes.values(), [e.__name__ for e, c in codes.items() if c is None]
    assert len(set(codes.values())) == len(codes)
    table = sections(page(PAGE))["aspcore"]
    for error, code in codes.items():
        assert f"| `{code}` | " in table and error.__name__ in table, error.__name__
