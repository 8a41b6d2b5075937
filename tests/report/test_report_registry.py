"""The renderer registry: built-in formats, plugin renderers, output suffixes, writing files."""

from __future__ import annotations

import json
import types
from pathlib import Path

import pytest

from aspcore.hookspecs import hookimpl
from aspcore.model import Plan
from aspcore.plugins import get_plugins
from aspcore.report import (
    BUILTIN_RENDERERS,
    Renderer,
    ReportError,
    ReportOptions,
    format_for,
    render,
    renderers,
    write_report,
)
from aspcore.rules.evaluation import Evaluation


def test_built_in_formats() -> None:
    assert sorted(renderers()) == ["html", "json", "markdown", "xlsx"]
    assert [r.format for r in BUILTIN_RENDERERS if r.binary] == ["xlsx"]


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("b.html", "html"),
        ("b.HTM", "html"),
        ("b.xlsx", "xlsx"),
        ("b.md", "markdown"),
        ("b.json", "json"),
    ],
)
def test_the_output_suffix_chooses_the_format(name: str, fmt: str) -> None:
    assert format_for(Path(name)) == fmt


def test_an_unknown_suffix_is_a_clear_error() -> None:
    with pytest.raises(ReportError, match=r"cannot tell the report format of 'b.pdf'.*\.xlsx"):
        format_for(Path("b.pdf"))


def test_write_report_creates_folders_and_writes_each_format(
    full: Evaluation, plan: Plan, tmp_path: Path
) -> None:
    for name in ("out/board.html", "out/board.xlsx", "out/board.md", "out/board.json"):
        path = write_report(full, plan, tmp_path / name)
        assert path.stat().st_size > 0
    assert (tmp_path / "out/board.xlsx").read_bytes()[:2] == b"PK"
    assert json.loads((tmp_path / "out/board.json").read_text(encoding="utf-8"))["as_of"] == (
        "2018-11-30"
    )


def _plain_text(e: Evaluation, p: Plan, kind: str, published: bool, o: ReportOptions) -> str:
    return f"{p.partnership} {kind} {e.as_of} published={published}"


PLUGIN = types.SimpleNamespace(
    __name__="northshire_renderers",
    aspcore_register_renderers=hookimpl(lambda: [Renderer("text", _plain_text, (".txt",))]),
)


def test_a_plugin_adds_a_renderer_through_the_hook(full: Evaluation, plan: Plan) -> None:
    plugins = get_plugins(fresh=True, entry_points=False, extra=[PLUGIN])
    assert "text" in renderers(plugins)
    assert format_for(Path("x.txt"), plugins) == "text"
    out = render(full, plan, "text", "annual", plugins=plugins)
    assert out == "Testshire <Modern> Slavery Partnership annual 2018-11-30 published=True"
