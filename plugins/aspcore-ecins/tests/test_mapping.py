"""The mapping file: checked with clear messages; pseudonyms: stable, distinct, scrubbed."""

from __future__ import annotations

from pathlib import Path

import aspcore
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aspcore_ecins.mapping import DEFAULT_MAPPING, load_mapping
from aspcore_ecins.pseudonyms import Pseudonyms


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mapping.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_default_mapping_reads() -> None:
    mapping = load_mapping(DEFAULT_MAPPING)
    assert [s.fields["event"].value for s in mapping.events] == [
        "identified",
        "referral",
        "reasonable_grounds",
        "conclusive_grounds",
        None,  # the outcome of each decision, read from its column
        None,
    ]
    outcome = mapping.events[4].fields["event"]
    assert outcome.column == "RG Decision" and outcome.translate("NEGATIVE") == (
        "reasonable_grounds_negative"
    )
    assert mapping.actions is not None and mapping.actions.blank("due") == "allow"
    assert mapping.events[1].blank("date") == "no-event"
    assert mapping.events[0].blank("date") == "error"
    assert [s.optional for s in mapping.events] == [False] * 4 + [True] * 2
    assert [s.label for s in mapping.events][4] == "[[events]] #5"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[tables]\na = 'a.csv'\n[actionz]\n",
            "mapping, the top level: unknown key 'actionz'; did you mean 'actions'",
        ),
        (
            "[tables]\na = 'a.csv'\n[actions]\ntable = 'a'\nstatement = 'S'\nbogus = 'x'\n",
            "mapping, [actions]: unknown key 'bogus'",
        ),
        (
            "[tables]\na = 'a.csv'\n[[events]]\ntable = 'a'\nperson = 'P'\nevent = 'E'\n"
            "date = 'D'\nagency = 'A'\n[[events]]\ntable = 'a'\nbogus = 'x'\n",
            "mapping, [[events]] #2: unknown key 'bogus'",
        ),
        (
            "[tables]\na = 'a.csv'\n[[events]]\noptional = 'yes'\n",
            "mapping, [[events]] #1: 'optional' must be true or false, not 'yes'",
        ),
        (
            "[tables]\na = 'a.csv'\n[actions]\noptional = true\ntable = 'a'\nstatement = 'S'\n",
            "mapping, [actions]: only an [[events]] section can be optional",
        ),
        (
            "[tables]\na = 'a.csv'\n[actions]\ntable = 'a'\n"
            "statement = {column = 'S', blank = 'x'}\n",
            "mapping, [actions], key 'statement': 'blank' must be one of",
        ),
        ("[tables]\na = 'a.csv'\n[events]\ntable = 'a'\n", "[events]: write each event source"),
        ("[tables]\n", "mapping, [tables]: list each table"),
        (
            "[tables]\na = 'a.csv'\n[actions]\ntable = 'b'\nstatement = 'S'\n",
            "table 'b' is not listed in [tables]",
        ),
        ("[tables]\na = 'a.csv'\n[actions]\ntable = 'a'\n", "missing statement"),
        (
            "[tables]\na = 'a.csv'\n[actions]\ntable = 'a'\nstatement = {column='S', value='x'}\n",
            "exactly one of",
        ),
        (
            "[tables]\na = 'a.csv'\n[actions]\ntable = 'a'\nstatement = 'S'\n"
            "owner = {column = 'O', lookup = 'agencies'}\n",
            '[agencies]: a field uses lookup = "agencies"; add [agencies]',
        ),
        ("tables = [", "not valid TOML"),
    ],
)
def test_a_bad_mapping_says_what_and_where(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(aspcore.InputFileError, match="mapping") as caught:
        load_mapping(path)
    assert message in str(caught.value)


def test_a_missing_mapping_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(aspcore.InputFileError, match="no such mapping file"):
        load_mapping(tmp_path / "absent.toml")


ids = st.lists(st.from_regex(r"PR-[0-9]{3,7}", fullmatch=True), min_size=1, unique=True)


@given(ids)
def test_keyed_pseudonyms_are_stable_distinct_and_scrub_every_id(raw: list[str]) -> None:
    one, two = Pseudonyms(b"a key of sixteen+"), Pseudonyms(b"a key of sixteen+")
    names = [one(r) for r in raw]
    assert names == [two(r) for r in reversed(raw)][::-1]  # order does not matter
    assert len(set(names)) == len(raw)
    text, count = one.scrub(" and ".join(raw))
    assert count == len(raw) and not any(r in text for r in raw)


@given(ids)
def test_unkeyed_pseudonyms_number_people_in_order(raw: list[str]) -> None:
    pseudonyms = Pseudonyms(None)
    assert [pseudonyms(r) for r in raw + raw] == [f"p-{i:04d}" for i in range(1, len(raw) + 1)] * 2
    assert not pseudonyms.keyed
