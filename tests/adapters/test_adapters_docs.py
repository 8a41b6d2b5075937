"""The adapters reference's examples (an adapter, a grid) run as written."""

from __future__ import annotations

import re
import types
from pathlib import Path

import aspcore
from aspcore.adapters import Grid, data_from
from aspcore.plugins import get_plugins

PAGE = Path(__file__).resolve().parents[2] / "docs" / "plugins" / "adapters.md"


def example(containing: str) -> str:
    """The page's one Python example that contains ``containing``."""
    blocks = re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), flags=re.S)
    (code,) = [b for b in blocks if containing in b]
    return str(code)


def test_the_example_adapter_reads_and_reports(tmp_path: Path) -> None:
    code = example("def aspcore_register_adapters")
    namespace: dict[str, object] = {}
    exec(compile(code, str(PAGE), "exec"), namespace)
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
    exec(compile(example("Grid("), str(PAGE), "exec"), namespace)
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
