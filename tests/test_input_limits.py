"""Input that would exhaust memory, hang or crash the reader is refused with a clear message.

Each case is a small file found to make aspcore run out of memory, print hundreds of megabytes or
raise a traceback; each now gives an :class:`~aspcore.errors.AspcoreError` (or a finding) that
says what is wrong and where.  The limits are those of :mod:`aspcore.io.limits`, documented in
``docs/reference/limits.md``.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from aspcore.errors import InputFileError, PlanError, RulesetError
from aspcore.io import limits, load_plan
from aspcore.io.tables import read_table
from aspcore.io.yaml_io import load_yaml_text
from aspcore.rules.ruleset import read_toml_file
from aspcore.store import Store, connection

ROOT = Path(__file__).resolve().parents[1]
SHEET = "xl/worksheets/sheet1.xml"


def _workbook(path: Path, cells: dict[str, object]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for ref, value in cells.items():
        sheet[ref] = value
    book.save(path)
    return path


def _rewrite(path: Path, member: str, change: Callable[[bytes], bytes]) -> Path:
    """Rewrite one part of a workbook in place."""
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            target.writestr(info, change(data) if info.filename == member else data)
    return path


def _table(tmp_path: Path) -> Path:
    return _workbook(tmp_path / "table.xlsx", {"A1": "id", "B1": "name", "A2": 1, "B2": "x"})


# -- workbooks ---------------------------------------------------------------------------------

_BOUNDED_READ = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from pathlib import Path
from aspcore.errors import InputFileError
from aspcore.io.tables import read_table
try:
    read_table(Path(sys.argv[1]))
except InputFileError as exc:
    print("InputFileError:", exc)
"""


def _read_in_a_gigabyte(path: Path) -> str:
    """Read ``path`` in a child process allowed 1 GiB of memory; what it printed or raised."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_BOUNDED_READ), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.stdout + done.stderr[-500:]


@pytest.mark.skipif(sys.platform == "win32", reason="needs resource limits")
def test_a_small_workbook_declaring_billions_of_cells_is_refused_within_memory(
    tmp_path: Path,
) -> None:
    book = _workbook(
        tmp_path / "far.xlsx", {"A1": "id", "B1": "name", "A2": 1, "B2": "x", "XFD1048576": 1}
    )
    assert book.stat().st_size < 10_000
    out = _read_in_a_gigabyte(book)
    assert out.startswith("InputFileError:"), out
    assert "row 1048576" in out


@pytest.mark.skipif(sys.platform == "win32", reason="needs resource limits")
def test_a_merged_range_of_billions_of_cells_is_refused_within_memory(tmp_path: Path) -> None:
    merge = b'<mergeCells count="1"><mergeCell ref="C3:XFD1048576"/></mergeCells>'
    book = _rewrite(
        _table(tmp_path), SHEET, lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + merge)
    )
    out = _read_in_a_gigabyte(book)
    assert out.startswith("InputFileError:"), out
    assert "merged" in out and f"{limits.MAX_CELLS:,}" in out


def test_a_workbook_over_the_row_limit_names_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_ROWS", 3)
    book = _workbook(tmp_path / "long.xlsx", {f"A{n}": n for n in range(1, 6)})
    with pytest.raises(InputFileError, match=r"row 4: .*more than 3 rows"):
        read_table(book)


def test_a_workbook_over_the_column_limit_names_the_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_COLUMNS", 3)
    book = _workbook(tmp_path / "wide.xlsx", {"A1": "a", "B1": "b", "E1": "e"})
    with pytest.raises(InputFileError, match=r"row 1: .*column 5.*more than 3 columns"):
        read_table(book)


def test_a_workbook_cell_over_the_size_limit_names_the_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_CELL_CHARS", 10)
    book = _workbook(tmp_path / "big.xlsx", {"A1": "id", "B1": "note", "A2": 1, "B2": "x" * 11})
    with pytest.raises(InputFileError, match=r"row 2: .*column 2.*11 characters.*10"):
        read_table(book)


def test_a_workbook_that_unpacks_past_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(InputFileError, match=r"unpacks to .* bytes"):
        read_table(_table(tmp_path))


@pytest.mark.parametrize(
    "doctype",
    [
        b'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/hostname">]>',
        b'<!DOCTYPE worksheet [<!ENTITY x "7">]>',
    ],
    ids=["external", "internal"],
)
def test_a_workbook_declaring_xml_entities_is_refused(tmp_path: Path, doctype: bytes) -> None:
    def declare(xml: bytes) -> bytes:
        return xml.replace(b"<worksheet", doctype + b"<worksheet", 1).replace(
            b"<v>1</v>", b"<v>&x;</v>"
        )

    book = _rewrite(_table(tmp_path), SHEET, declare)
    with pytest.raises(InputFileError, match=rf"{SHEET}.*DTD"):
        read_table(book)


# -- CSV ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [limits.MAX_CELL_CHARS + 1, 200_000], ids=["limit", "csv-limit"])
def test_a_csv_cell_over_the_size_limit_names_the_row(tmp_path: Path, size: int) -> None:
    path = tmp_path / "big.csv"
    path.write_text(f"id,note\n1,short\n2,{'x' * size}\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=rf"row 3: .*{limits.MAX_CELL_CHARS:,} characters"):
        read_table(path)


def test_a_csv_over_the_cell_limit_names_the_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_CELLS", 5)
    path = tmp_path / "many.csv"
    path.write_text("a,b\n1,2\n3,4\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"row 3: .*more than 5 cells"):
        read_table(path)


def test_an_unclosed_quote_in_a_csv_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text('id,note\n1,"fine\nacross lines"\n2,"never closed\n3,lost\n', "utf-8")
    with pytest.raises(InputFileError, match=r"line 4: .*quote .*never closed"):
        read_table(path)


def test_a_quoted_value_across_lines_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text('id,note\n1,"across\nlines"\n2,"5"" screen"\n', encoding="utf-8")
    assert [r["note"] for r in read_table(path).rows] == ["across\nlines", '5" screen']


# -- YAML --------------------------------------------------------------------------------------

BOMB = """partnership: P
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
actions:
- id: A1
  notes: [*g, *g, *g, *g, *g, *g, *g, *g, *g]
"""


def test_a_yaml_alias_bomb_is_refused_in_a_short_message(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB, encoding="utf-8")
    assert path.stat().st_size < 1024
    with pytest.raises(InputFileError, match=r"line 8, .*aliases") as caught:
        load_plan(path)
    assert len(str(caught.value)) < 500


def test_yaml_aliases_within_the_limit_still_work() -> None:
    data = load_yaml_text("a: &x {n: 1}\nb: *x\nc: [*x, *x]\n")
    assert data["b"] == data["a"] == {"n": 1} and data["c"] == [{"n": 1}, {"n": 1}]


@pytest.mark.parametrize("opening", ["[", "{a: "])
def test_yaml_nested_too_deep_is_refused(opening: str) -> None:
    closing = "]" if opening == "[" else "}"
    text = "actions: " + opening * 5000 + closing * 5000 + "\n"
    with pytest.raises(InputFileError, match=rf"nested more than {limits.MAX_NESTING} levels"):
        load_yaml_text(text)


def test_a_yaml_integer_of_5000_digits_is_refused_naming_its_line() -> None:
    with pytest.raises(InputFileError, match=r"line 2, column 11: .*5,000 digits"):
        load_yaml_text("partnership: P\nprogress: " + "1" * 5000 + "\n")


def test_a_plan_with_a_section_twice_is_a_plan_error_naming_both_lines(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("partnership: P\nactions:\n- id: A1\nactions:\n- id: A2\n", encoding="utf-8")
    with pytest.raises(PlanError, match=r"'actions' is given twice \(lines 2 and 4\)"):
        load_plan(path)


def test_a_field_given_twice_in_an_item_is_a_finding_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(
        "partnership: P\nactions:\n- id: A1\n  owner: Police\n  owner: Council\n"
        "  statement: Train staff\n",
        encoding="utf-8",
    )
    plan = load_plan(path)
    (finding,) = [f for f in plan.issues if f.rule == "PLAN-011"]
    assert finding.subject == "A1" and finding.line == 5
    assert "'owner' is given twice (lines 4 and 5)" in finding.message
    assert plan.actions[0].owner is None and plan.actions[0].statement == "Train staff"


def test_a_key_given_twice_deeper_in_an_item_is_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(
        "partnership: P\nindicators:\n- id: I1\n  target: {value: 5, value: 6}\n",
        encoding="utf-8",
    )
    (finding,) = [f for f in load_plan(path).issues if f.rule == "PLAN-011"]
    assert finding.subject == "I1" and finding.line == 4 and "'value'" in finding.message


# -- TOML --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
        ("a = " + "{b = " * 5000 + "1" + "}" * 5000 + "\n", "nested too deeply"),
        ("a = " + "1" * 5000 + "\n", "digits"),
    ],
    ids=["array", "table", "integer"],
)
def test_toml_nested_too_deep_or_with_a_huge_integer_is_a_ruleset_error(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "ruleset.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulesetError, match=message):
        read_toml_file(path, "ruleset")


# -- the store ---------------------------------------------------------------------------------


@pytest.mark.parametrize("read_only", [True, False], ids=["reading", "writing"])
def test_a_truncated_store_is_a_clear_error_when_opened(tmp_path: Path, read_only: bool) -> None:
    from aspcore.returns import ingest_file

    whole = tmp_path / "whole.duckdb"
    ingest_file(ROOT / "examples/returns/nrm-breakdown-scotland-2017.csv", "nrm-breakdown", whole)
    cut = tmp_path / "cut.duckdb"
    data = whole.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputFileError, match="damaged"):
        Store(cut, read_only=read_only)


# -- the documentation -------------------------------------------------------------------------


def test_every_limit_is_documented_with_its_value() -> None:
    page = (ROOT / "docs/reference/limits.md").read_text(encoding="utf-8").replace(",", "")
    settings = [(m, n) for m in (limits, connection) for n in m.__all__ if n.isupper()]
    assert len(settings) > 10
    for module, name in settings:
        row = next((line for line in page.splitlines() if f"| `{name}` |" in line), "")
        assert row, f"{name} is missing from docs/reference/limits.md"
        value = getattr(module, name)
        assert (f"{value:g}" if isinstance(value, float) else str(value)) in row, row
