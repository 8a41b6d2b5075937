"""No identifier or name leaks out of aspcore: not raw, not quoted, not published.

Defects (hardening issue), each reproduced before the fix:

* ``aspcore pseudonymise`` on a file with a duplicated ``person_id`` header hashed one column,
  left the other raw and exited 0;
* a name that slipped into a vocabulary column was quoted by ``validate`` and ``ingest``
  ("'Mary Jones' is not a pathway stage");
* ``aspcore indicators --publish`` printed any breakdown value, names included;
* case-data values went raw into ``aspcore indicators --format csv``, where a spreadsheet runs
  ``=cmd|' /C calc'!A0`` as a formula.

The names below are hostile test input, not people.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pandas as pd
import polars as pl
import pytest
from typer.testing import CliRunner

from aspcore.cli import app
from aspcore.indicators import PseudonymisationError, pseudonymise, pseudonymise_file
from aspcore.indicators.breakdowns import OTHER, is_listed
from aspcore.model import PathwayStage
from aspcore.model.personal import misspelling

runner = CliRunner()
KEY = "a shared secret of the partnership"
ENV = {"K": KEY}
NAME = "Mary Jones"
OTHER_NAME = "Jo Bloggs"
DDE = "=cmd|' /C calc'!A0"
STAGES = [stage.value for stage in PathwayStage]


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


# --- pseudonymise: duplicated or ambiguous headers -------------------------------------------


@pytest.mark.parametrize("second", ["person_id", "Person_ID", " person id ", "PERSON-ID"])
def test_a_header_naming_the_identifier_twice_is_refused(tmp_path: Path, second: str) -> None:
    source = tmp_path / "events.csv"
    source.write_text(f"person_id,event,{second}\nNS-1,a,NS-1\nNS-2,b,{NAME}\n", "utf-8")
    output = tmp_path / "out.csv"
    code, out, err = run(
        "pseudonymise",
        str(source),
        "--columns",
        "person_id",
        "-o",
        str(output),
        "--key-env",
        "K",
        env=ENV,
    )
    assert code == 2 and not output.exists()
    assert "same name" in err and "nothing was written" in err
    assert "\n\n" not in err.strip()  # one paragraph
    assert NAME not in out + err and "NS-2" not in out + err


def test_frames_with_lookalike_identifier_columns_are_refused() -> None:
    frame = pd.DataFrame({"person_id": ["NS-1"], "Person ID": [NAME]})
    with pytest.raises(PseudonymisationError, match="same name"):
        pseudonymise(frame, ["person_id"], key=KEY.encode())
    twice = pd.DataFrame([["NS-1", NAME]], columns=["person_id", "person_id"])
    with pytest.raises(PseudonymisationError, match="two columns of the same name"):
        pseudonymise(twice, ["person_id"], key=KEY.encode())


def test_nothing_is_written_unless_every_identifier_was_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "events.csv"
    source.write_text(f"person_id,event\n{NAME},a\n", "utf-8")
    output = tmp_path / "out.csv"
    module = sys.modules["aspcore.indicators.pseudonymise"]  # the package's name is the function
    monkeypatch.setattr(module, "pseudonymise", lambda frame, *_a, **_k: frame)
    with pytest.raises(PseudonymisationError, match="not pseudonyms") as info:
        pseudonymise_file(source, ["person_id"], output=output, key_env="K", environ=ENV)
    assert not output.exists() and NAME not in str(info.value)


def test_the_pseudonymised_copy_keeps_headers_and_writes_no_formula(tmp_path: Path) -> None:
    source = tmp_path / "events.csv"
    source.write_text(f"person_id,note,,count\nNS-1,{DDE},x,-3\n", "utf-8")
    output = tmp_path / "out.csv"
    pseudonymise_file(source, ["person_id"], output=output, key_env="K", environ=ENV)
    with output.open(encoding="utf-8", newline="") as handle:
        header, row = list(csv.reader(handle))
    assert header == ["person_id", "note", "", "count"]
    assert row[0].startswith("p-") and row[1:] == [f"'{DDE}", "x", "-3"]


# --- validate and ingest: names in vocabulary columns are not quoted -------------------------


EVENTS = (
    "person_id,event,date,agency,stage,sex\n"
    f"p-0001,referral,2018-05-01,Police,{NAME},{NAME}\n"
    "p-0002,referral,2018-05-02,Police,recovry,femal\n"
    f'p-0003,referral,2018-05-03,Police,smith,"{OTHER_NAME}"\n'
)


def test_misspellings_are_quoted_and_nothing_else() -> None:
    assert misspelling("recovry", STAGES) == "recovery"
    assert misspelling("sustainable_fredom", STAGES) == "sustainable-freedom"
    for text in (NAME, "smith", "preston", "mary-jones", "limbo", "Recovry", 3):
        assert misspelling(text, STAGES) is None, text


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_validate_quotes_no_name_from_a_vocabulary_column(tmp_path: Path, fmt: str) -> None:
    source = tmp_path / "events.csv"
    source.write_text(EVENTS, "utf-8")
    code, out, err = run("validate", str(source), "--schema", "case-events", "--format", fmt)
    assert code == 1
    for name in (NAME, OTHER_NAME, "smith"):
        assert name not in out + err
    assert "'recovry' is not a pathway stage" in out and "'femal' is not a sex" in out
    if fmt == "json":
        problems = json.loads(out)["problems"]
        hidden = [p for p in problems if "not shown: it may be personal" in p["message"]]
        assert sorted((p["row"], p["column"]) for p in hidden) == [
            (2, "sex"),
            (2, "stage"),
            (4, "sex"),
            (4, "stage"),
        ]
        assert {p["value"] for p in hidden} == {"[withheld]"}
    else:
        assert "row 2, column 'stage': error [unknown-stage] A value (not shown: it may be " in out


def test_ingest_quotes_no_name_from_a_vocabulary_column(tmp_path: Path) -> None:
    source = tmp_path / "events.csv"
    source.write_text(EVENTS, "utf-8")
    store = tmp_path / "store.duckdb"
    args = ["ingest", str(source), "--schema", "case-events", "--store", str(store)]
    code, out, err = run(*args, "--agency", "Police")
    assert code == 1
    assert NAME not in out + err and OTHER_NAME not in out + err
    assert "not shown: it may be personal" in out


# --- indicators: published breakdowns and CSV cells -----------------------------------------


PLAN = {
    "partnership": "P",
    "indicators": [
        {
            "id": "N",
            "unit": "count",
            "compute": {
                "from": "events",
                "numerator": {"where": "event == 'identified'", "measure": "count()"},
                "period": "date",
                "by": ["sex"],
            },
        },
        {
            "id": "M",
            "unit": "count",
            "compute": {
                "from": "events",
                "numerator": {"where": "event == 'identified'", "measure": "count()"},
                "period": "date",
                "by": ["nationality"],
            },
        },
    ],
}
SEXES = ["female"] * 30 + ["Male"] * 6 + [NAME] * 2 + ["femal"] + [OTHER_NAME] * 7 + [DDE] * 5


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    plan = tmp_path / "plan.yaml"
    plan.write_text(json.dumps(PLAN), "utf-8")
    data = tmp_path / "events.csv"
    pl.DataFrame(
        {
            "person_id": [f"p-{i}" for i in range(len(SEXES))],
            "event": ["identified"] * len(SEXES),
            "date": ["2018-05-01"] * len(SEXES),
            "sex": SEXES,
            "nationality": [NAME] * len(SEXES),
        }
    ).write_csv(data)
    return plan, data


def indicators(files: tuple[Path, Path], *extra: str) -> tuple[int, str, str]:
    plan, data = files
    return run("indicators", str(plan), "--data", f"events={data}", "--as-of", "2018-06-30", *extra)


@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_published_breakdowns_show_only_vocabulary_words(
    files: tuple[Path, Path], fmt: str
) -> None:
    code, out, err = indicators(files, "--publish", "--format", fmt)
    assert code == 0, err
    for text in (NAME, OTHER_NAME, "femal,", "cmd|"):
        assert text not in out, text
    assert OTHER in out and "female" in out and "Male" in out
    if fmt == "json":
        rows = json.loads(out)["rows"]
        other = [r for r in rows if r.get("sex") == OTHER]
        assert len(other) == 1 and other[0]["value"] is None and other[0]["suppressed"]
        (total,) = [r for r in rows if r.get("sex") == "all"]
        assert total["value"] == len(SEXES)
        nationality = [r["nationality"] for r in rows if r["indicator"] == "M"]
        assert nationality == ["all", OTHER]


def test_unpublished_csv_cells_never_start_a_formula(files: tuple[Path, Path]) -> None:
    code, out, err = indicators(files, "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    sexes = {row["sex"] for row in rows if row["indicator"] == "N"}
    assert f"'{DDE}" in sexes and DDE not in sexes
    assert NAME in sexes  # unpublished output is for the data team, who must find it
    assert {row["value"] for row in rows if row["sex"] == "all"} == {str(float(len(SEXES)))}


@pytest.mark.parametrize(
    ("column", "value", "listed"),
    [
        ("sex", "Female", True),
        ("sex", "f", True),
        ("sex", NAME, False),
        ("stage", "sustainable freedom", True),
        ("stage", "recovry", False),
        ("age_group", "child", True),
        ("exploitation_type", "labour;sexual", True),
        ("exploitation_type", f"labour;{NAME}", False),
        ("nationality", "British", False),
        ("agency", "police", False),
        ("sex", "all", True),
        ("sex", "not recorded", True),
    ],
)
def test_which_breakdown_values_are_listed(column: str, value: str, listed: bool) -> None:
    assert is_listed(column, value) is listed


def test_a_name_in_an_unreadable_cell_of_a_return_about_people_is_not_quoted(
    tmp_path: Path,
) -> None:
    """ "'Mary Jones' is not a date": in a return about people (case-events) a value that cannot
    be read is counted on its row, never quoted, whatever its column."""
    from aspcore.returns import validate_file

    path = tmp_path / "events.csv"
    path.write_text(
        "Person ID,Agency,Event,Date,Stage\nP1,Police,referral,Mary Jones,respite\n",
        encoding="utf-8",
    )
    report = validate_file(path, "case-events")
    text = json.dumps([p.to_dict() for p in report.problems])
    assert "Mary Jones" not in text
    assert any("not shown: it may be personal" in p.message and p.row == 2 for p in report.problems)


def test_a_name_standing_where_a_header_should_is_not_quoted(tmp_path: Path) -> None:
    """Found by the fuzzing suite: a case-events file whose first line is a row of data (a name)
    was answered with "The column 'Zebedee Quartermaine' is not part of the return"."""
    from aspcore.returns import validate_file

    path = tmp_path / "events.csv"
    path.write_text("Zebedee Quartermaine\nP1\n", encoding="utf-8")
    report = validate_file(path, "case-events")
    text = json.dumps([p.to_dict() for p in report.problems])
    assert "Zebedee" not in text
    assert "column 1 (its header is not shown: it may be personal)" in text


def test_no_part_of_a_row_standing_where_the_header_should_is_quoted(tmp_path: Path) -> None:
    """Found by the fuzzing suite at 14,300 examples: a first line holding a name among other
    text (here read as one header, the semicolons making the sniffer choose them) was quoted
    whole in "The column '...' is not part of the case-events return"; and a row of data with a
    name twice was quoted by "columns 1 and 2 are both headed '...'"."""
    from aspcore.returns import validate_file

    path = tmp_path / "events.csv"
    path.write_text(
        '\'; DROP TABLE ingests; --,Zebedee Quartermaine,"=HYPERLINK(""http://x"")"\n'
        "'; DROP TABLE ingests; --\n",
        encoding="utf-8",
    )
    report = validate_file(path, "case-events")
    assert "Zebedee" not in json.dumps([p.to_dict() for p in report.problems])
    twice = tmp_path / "twice.csv"
    twice.write_text("Zebedee Quartermaine,Zebedee Quartermaine,P0\nP1,P2,P3\n", "utf-8")
    unusable = validate_file(twice, "case-events").unusable
    assert unusable is not None and "Zebedee" not in unusable
    assert unusable.endswith(
        "columns 1 and 2 are both headed alike (not shown: it may be personal); "
        "give each column its own heading"
    )
