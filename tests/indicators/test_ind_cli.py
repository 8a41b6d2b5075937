"""``aspcore indicators`` and ``aspcore pseudonymise`` as a new user runs them."""

from __future__ import annotations

import csv
import io
import json
import types
from pathlib import Path

import pytest
from ind_reference import EVENTS, PLAN
from typer.testing import CliRunner

from aspcore.cli import app
from aspcore.cli import indicators as _indicators  # registers the commands
from aspcore.indicators import pseudonym
from aspcore.plugins import get_plugins

runner = CliRunner()
KEY = "a shared secret of the partnership"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def compute(*extra: str) -> tuple[int, str, str]:
    return run(
        "indicators", str(PLAN), "--data", f"events={EVENTS}", "--as-of", "2019-03-31", *extra
    )


def test_json_output_is_the_result() -> None:
    code, out, _ = compute("--format", "json", "--publish")
    data = json.loads(out)
    assert code == 0
    assert data["published"] is True and data["findings"] == []
    k2 = [r for r in data["rows"] if r["indicator"] == "K2" and r["period"] == "2018-19 Q4"]
    assert k2[0]["sex"] == "all" and k2[0]["value"] == 215.0


def test_csv_output_has_one_header_and_a_row_per_result() -> None:
    code, out, _ = compute("--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert list(rows[0])[:2] == ["indicator", "period"] and "suppressed" in rows[0]
    assert len(rows) > 400


def test_text_output_names_indicators_and_periods() -> None:
    code, out, _ = compute()
    assert code == 0 and "K12" in out and "2018-19" in out


def test_piped_text_is_not_folded_to_the_terminal_width() -> None:
    _, out, _ = compute()  # the test runner's output is not a terminal, as in a pipe
    rows = json.loads(compute("--format", "json")[1])["rows"]
    assert "Denominator" in out and "age_group=adult" in out
    assert len([line for line in out.splitlines() if line.startswith(("│ K", "│ J"))]) == len(rows)


def test_an_indicator_that_cannot_be_computed_exits_1(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "partnership: P\nindicators:\n"
        "  - {id: K, compute: {from: referrals, numerator: count(), period: date}}\n",
        encoding="utf-8",
    )
    code, out, _ = run("indicators", str(plan), "--data", f"events={EVENTS}", "--format", "json")
    assert code == 1
    assert json.loads(out)["findings"][0]["rule"] == "IND-001"


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ("events", "expected NAME=FILE"),
        ("events=missing.csv", "no such file"),
        (f"events={PLAN}", "expected a .csv or .parquet file"),
        ("events=store:case_events", "no such store"),
    ],
)
def test_unusable_data_exits_2(tmp_path: Path, data: str, says: str) -> None:
    code, _, err = run(
        "indicators", str(PLAN), "--data", data, "--store", str(tmp_path / "none.duckdb")
    )
    assert code == 2 and says in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"person_id,event,date\np-1,identified,2018-04-02\nAda Ng,x,y,z\n", "line 3 has 4 values"),
        (b'person_id,event,date\n"Ada Ng,identified,2018-04-02\n', "line 2 is not valid CSV"),
        (b"person_id,event,date\np-1,identified,2018-04-02\n\x00\x01\x02", "found binary data"),
    ],
)
def test_a_malformed_csv_is_named_with_its_line(tmp_path: Path, content: bytes, says: str) -> None:
    broken = tmp_path / "broken.csv"
    broken.write_bytes(content)
    code, _, err = run(
        "indicators", str(PLAN), "--data", f"events={broken}", "--as-of", "2019-03-31"
    )
    assert code == 2 and says in err and "broken.csv" in err
    assert "Ada" not in err and "date" not in err and "Traceback" not in err


def test_a_table_of_the_store(tmp_path: Path) -> None:
    from aspcore.returns import ingest_file
    from aspcore.schemas.build import quiet_pandera

    small = tmp_path / "events.csv"
    small.write_text("".join(EVENTS.read_text(encoding="utf-8").splitlines(True)[:400]))
    store = tmp_path / "store.duckdb"
    with quiet_pandera():
        assert ingest_file(small, "case-events", store).exit_code == 0
    args = ("indicators", str(PLAN), "--as-of", "2019-03-31", "--format", "json")
    from_store = run(*args, "--data", "events=store:case_events", "--store", str(store))
    from_file = run(*args, "--data", f"events={small}")
    assert from_store[0] == 0 and json.loads(from_store[1]) == json.loads(from_file[1])
    code, _, err = run(*args, "--data", "events=store:referrals", "--store", str(store))
    assert code == 2 and "no table 'referrals'" in err


def test_data_twice_or_no_data_is_refused() -> None:
    code, _, err = compute("--data", f"events={EVENTS}")
    assert code == 2 and "names the dataset 'events' twice" in err
    code, _, err = run("indicators", str(PLAN), "--as-of", "2019-03-31")
    assert code == 2 and "--data NAME=FILE and/or --from ADAPTER:PATH" in err


def cases_adapter_plugin() -> object:
    """A plugin whose ``cases`` adapter reads the bundled events and leaves one row unmapped."""
    import polars as pl

    import aspcore
    from aspcore.adapters import Adapter, AdapterData, row_finding

    def read(path: Path) -> AdapterData:
        unmapped = row_finding("CASES-001", "no person", file=path.name, row=9, plugin="cases")
        frame = pl.read_csv(path, try_parse_dates=True)
        return AdapterData("cases", str(path), {"events": frame}, findings=[unmapped])

    @aspcore.hookimpl
    def aspcore_register_adapters() -> list[Adapter]:
        return [Adapter(name="cases", description="Bundled events", data_reader=read)]

    return types.SimpleNamespace(
        __name__="cases_plugin", aspcore_register_adapters=aspcore_register_adapters
    )


def test_from_an_adapter_gives_what_the_file_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    plugins = get_plugins(fresh=True, entry_points=False, extra=[cases_adapter_plugin()])
    monkeypatch.setattr(_indicators, "get_plugins", lambda **_: plugins)
    args = ("indicators", str(PLAN), "--as-of", "2019-03-31", "--format", "json")
    code, out, _ = run(*args, "--from", f"cases:{EVENTS}")
    from_file = json.loads(run(*args, "--data", f"events={EVENTS}")[1])
    data = json.loads(out)
    assert code == 1  # the adapter left a row unmapped
    assert data["rows"] == from_file["rows"]
    assert [f["rule"] for f in data["findings"]] == ["CASES-001"]


def broken_measures_plugin() -> object:
    """A plugin whose measures hook raises."""
    import aspcore

    @aspcore.hookimpl
    def aspcore_register_measures() -> list[object]:
        raise RuntimeError("no measures today")

    return types.SimpleNamespace(
        __name__="broken_measures", aspcore_register_measures=aspcore_register_measures
    )


@pytest.mark.parametrize("command", ["indicators", "check", "report"])
def test_a_failing_measure_plugin_is_reported_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, command: str
) -> None:
    from aspcore.cli import check as _check
    from aspcore.cli import report as _report

    plugins = get_plugins(fresh=True, entry_points=False, extra=[broken_measures_plugin()])
    module = {"indicators": _indicators, "check": _check, "report": _report}[command]
    monkeypatch.setattr(module, "get_plugins", lambda **_: plugins)
    args = [command, str(PLAN), "--data", f"events={EVENTS}", "--as-of", "2019-03-31"]
    extra = ["-o", str(tmp_path / "board.md")] if command == "report" else ["--format", "json"]
    code, out, err = run(*args, *extra)
    failure = "plugin broken_measures failed in aspcore_register_measures"
    assert code in {0, 1} and "Traceback" not in err
    assert (out + err).count(failure) == 1


def test_check_and_report_rate_values_computed_from_data(tmp_path: Path) -> None:
    data = ("--data", f"events={EVENTS}", "--as-of", "2019-03-31")
    code, out, _ = run("check", str(PLAN), *data, "--format", "json", "--fail-on", "never")
    statuses = {s["subject"]: s for s in json.loads(out)["statuses"] if s["kind"] == "indicator"}
    assert code == 0
    assert (statuses["K2"]["period"], statuses["K2"]["rag"]) == ("2018-19 Q4", "green")
    without = json.loads(run("check", str(PLAN), "--as-of", "2019-03-31", "--format", "json")[1])
    assert {s["rag"] for s in without["statuses"] if s["kind"] == "indicator"} == {"grey"}
    report = tmp_path / "board.md"
    code, _, _ = run("report", str(PLAN), *data, "-o", str(report))
    assert code == 0
    assert "| K2 |" in report.read_text(encoding="utf-8")
    assert "215 (2018-19 Q4)" in report.read_text(encoding="utf-8")


def test_pseudonymise_writes_keyed_pseudonyms(tmp_path: Path) -> None:
    source = tmp_path / "raw.csv"
    source.write_text("person_id,carer_id,event\nNS-1,C-9,identified\n", encoding="utf-8")
    output = tmp_path / "out.csv"
    code, out, _ = run(
        "pseudonymise",
        str(source),
        "--columns",
        "person_id,carer_id",
        "--key-env",
        "NS_KEY",
        "-o",
        str(output),
        env={"NS_KEY": KEY},
    )
    assert code == 0 and "NS-1" not in out
    with output.open(encoding="utf-8", newline="") as handle:
        row = next(csv.DictReader(handle))
    assert row == {
        "person_id": pseudonym("NS-1", KEY.encode()),
        "carer_id": pseudonym("C-9", KEY.encode()),
        "event": "identified",
    }


def test_pseudonymise_without_a_key_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "raw.csv"
    source.write_text("person_id\nNS-1\n", encoding="utf-8")
    output = tmp_path / "out.csv"
    code, _, err = run(
        "pseudonymise",
        str(source),
        "--columns",
        "person_id",
        "--key-env",
        "NS_KEY_UNSET",
        "-o",
        str(output),
        env={"NS_KEY_UNSET": ""},
    )
    assert code == 2 and "no key, no output" in err and "NS-1" not in err
    assert not output.exists()


def test_short_lines_and_blank_extra_values_are_a_table(tmp_path: Path) -> None:
    from aspcore.io.csv_shape import malformed_csv

    lines = EVENTS.read_text(encoding="utf-8").splitlines(True)[:50]
    lines[3] = lines[3].rstrip("\n") + ",,\n"  # blank extra values, as spreadsheets write
    lines[4] = "p-1,contact\n"  # a short line: its missing values are blank
    path = tmp_path / "events.csv"
    path.write_text("".join(lines), encoding="utf-8")
    assert malformed_csv(EVENTS.read_text(encoding="utf-8")) is None
    assert malformed_csv(path.read_text(encoding="utf-8")) is None
    code, out, _ = run("indicators", str(PLAN), "--data", f"events={path}", "--format", "json")
    assert code == 0 and json.loads(out)["rows"]


def indicators_json(path: Path) -> dict[str, object]:
    """``aspcore indicators`` of the example plan over ``path``, as JSON (it must succeed)."""
    args = ("--as-of", "2019-03-31", "--format", "json")
    code, out, err = run("indicators", str(PLAN), "--data", f"events={path}", *args)
    assert code == 0, err
    data: dict[str, object] = json.loads(out)
    return data


def test_a_good_csv_is_read_once_and_never_diagnosed(monkeypatch: pytest.MonkeyPatch) -> None:
    import polars as pl

    from aspcore.io import tables

    reads: list[object] = []
    read_csv = pl.read_csv

    def counted(source: object, **options: object) -> object:
        reads.append(source)
        return read_csv(source, **options)  # type: ignore[arg-type]

    def never(*_args: object) -> None:
        raise AssertionError("a file polars read was read again")

    monkeypatch.setattr(pl, "read_csv", counted)
    monkeypatch.setattr(tables, "decode_text", never)
    assert indicators_json(EVENTS)["rows"]
    assert reads == [EVENTS]


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-8-sig"])
def test_a_csv_is_read_in_the_encodings_returns_are(tmp_path: Path, encoding: str) -> None:
    lines = EVENTS.read_text(encoding="utf-8").splitlines(True)[:400]
    lines[5] = lines[5].replace("victim-care", "équipe-santé", 1)
    utf8 = tmp_path / "utf8.csv"
    utf8.write_text("".join(lines), encoding="utf-8")
    encoded = tmp_path / f"{encoding}.csv"
    encoded.write_text("".join(lines), encoding=encoding)
    assert indicators_json(encoded) == indicators_json(utf8)


def test_a_column_whose_type_only_later_rows_show_is_read(tmp_path: Path) -> None:
    """Polars guesses a column's type from the first rows; text further down is read as text,
    never an error quoting it."""
    lines = EVENTS.read_text(encoding="utf-8").splitlines(True)[:400]
    hours = [f"{line.rstrip()},{'hours' if n == 0 else n % 7}\n" for n, line in enumerate(lines)]
    hours[-1] = hours[-1].replace(f",{398 % 7}\n", ",Ada Ng\n")
    plain, extended = tmp_path / "plain.csv", tmp_path / "hours.csv"
    plain.write_text("".join(lines), encoding="utf-8")
    extended.write_text("".join(hours), encoding="utf-8")
    assert indicators_json(extended)["rows"] == indicators_json(plain)["rows"]
