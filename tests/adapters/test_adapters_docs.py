"""The adapters reference's examples (an adapter, a grid) run as written: every Python block of
the page is one of the two run here."""

from __future__ import annotations

import types
from pathlib import Path

import aspcore
from aspcore.adapters import Grid, data_from
from aspcore.plugins import get_plugins
from hooks_support import blocks, page

PAGE = "plugins/adapters.md"
#: What tells each example run here apart: the adapter plugin, and the grid.
EXAMPLES = ("def aspcore_register_adapters", "Grid(")


def example(containing: str) -> str:
    """The page's one Python example that contains ``containing``."""
    (code,) = [b.code for b in blocks(page(PAGE), "python") if containing in b.code]
    return code


def test_every_python_block_of_the_page_is_run_here() -> None:
    for block in blocks(page(PAGE), "python"):
        assert sum(marker in block.code for marker in EXAMPLES) == 1, block.code


def test_the_example_adapter_reads_and_reports(tmp_path: Path) -> None:
    code = example("def aspcore_register_adapters")
    namespace: dict[str, object] = {}
    exec(compile(code, PAGE, "exec"), namespace)
    module = types.SimpleNamespace(
        __name__="visits_plugin", aspcore_register_adapters=namespace["aspcore_register_adapters"]
    )
    plugins = get_plugins(fresh=True, entry_points=False, extra=[module])
    visits = tmp_path / "visits.csv"
    visits.write_text("person,date\np-0001,2018-07-02\np-0002,\n", encoding="utf-8")
    data = data_from(f"visits:{visits}", plugins=plugins, options=["agency=Street outreach"])
    events = data.frame("events").to_native()
    assert events.select("person_id", "event", "agency").rows() == [
        ("p-0001", "outreach_visit", "Street outreach")
    ]
    (finding,) = data.findings
    assert (finding.rule, finding.line, finding.severity) == (
        "VISITS-001",
        3,
        aspcore.Severity.ERROR,
    )


def test_the_grid_example_reports_and_gives_provenance() -> None:
    namespace: dict[str, object] = {}
    exec(compile(example("Grid("), PAGE, "exec"), namespace)
    grid = namespace["grid"]
    assert isinstance(grid, Grid)
    (finding,) = grid.findings
    assert (finding.subject, finding.plugin) == ("return.xlsx:Police", "visits")
    assert namespace["row"] == {
        "indicator": "I1",
        "value": 4.0,
        "source_file": "return.xlsx",
        "source_sheet": "Police",
        "source_row": 3,
    }
