"""Keyed pseudonyms: the same key joins agencies' records; no key, no output; no raw ids shown."""

from __future__ import annotations

import csv
import hashlib
import hmac
import re
import string
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aspcore.indicators import (
    PseudonymisationError,
    pseudonym,
    pseudonymise,
    pseudonymise_file,
    read_key,
)
from aspcore.indicators.pseudonymise import name_like_rows
from aspcore.schemas.common import NAME_LIKE

KEY = b"a shared secret of the partnership"
ENV = {"NORTHSHIRE_KEY": KEY.decode()}
RAW = "NS-000123"


def test_pseudonym_is_a_truncated_hmac_sha256() -> None:
    digest = hmac.new(KEY, RAW.encode(), hashlib.sha256).hexdigest()
    assert pseudonym(RAW, KEY) == f"p-{digest[:16]}"
    assert pseudonym(f"  {RAW} ", KEY) == pseudonym(RAW, KEY)
    assert pseudonym(RAW, KEY + b"!") != pseudonym(RAW, KEY)


def test_the_same_key_joins_two_agencies() -> None:
    police = pl.DataFrame({"person_id": [RAW, "NS-9"], "event": ["identified", "referral"]})
    council = pd.DataFrame({"person_id": ["NS-9", RAW, None], "event": ["a", "b", "c"]})
    left = pseudonymise(police, ["person_id"], key=KEY)
    right = pseudonymise(council, ["person_id"], key=KEY)
    assert isinstance(left, pl.DataFrame) and isinstance(right, pd.DataFrame)
    assert set(left["person_id"]) == set(right["person_id"].dropna())
    assert right["person_id"].isna().tolist() == [False, False, True]
    assert RAW not in set(left["person_id"])


def test_lazy_frames_and_missing_columns_are_refused() -> None:
    frame = pl.DataFrame({"person_id": [RAW]})
    with pytest.raises(PseudonymisationError, match="eager frame"):
        pseudonymise(frame.lazy(), ["person_id"], key=KEY)
    with pytest.raises(PseudonymisationError, match="no column"):
        pseudonymise(frame, ["nhs_number"], key=KEY)
    with pytest.raises(PseudonymisationError, match="at least one column"):
        pseudonymise(frame, [], key=KEY)


def test_no_key_no_output(tmp_path: Path) -> None:
    source = tmp_path / "events.csv"
    source.write_text(f"person_id,event\n{RAW},identified\n", encoding="utf-8")
    output = tmp_path / "out.csv"
    with pytest.raises(PseudonymisationError, match="NORTHSHIRE_KEY is not set") as info:
        pseudonymise_file(
            source, ["person_id"], output=output, key_env="NORTHSHIRE_KEY", environ={}
        )
    assert not output.exists()
    assert RAW not in str(info.value)


def test_short_keys_are_refused() -> None:
    with pytest.raises(PseudonymisationError, match="at least 16"):
        read_key("K", environ={"K": "short"})
    assert read_key("NORTHSHIRE_KEY", environ=ENV) == KEY


def test_file_round_trip_keeps_everything_else(tmp_path: Path) -> None:
    source = tmp_path / "events.csv"
    source.write_text(
        "person_id,event,date,referrer\n"
        f"{RAW},identified,2018-07-02,007\n"
        "Jane Smith,referral,2018-07-03,\n",
        encoding="utf-8",
    )
    output = tmp_path / "out.csv"
    summary = pseudonymise_file(
        source, ["person_id"], output=output, key_env="NORTHSHIRE_KEY", environ=ENV
    )
    with output.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["person_id"] for r in rows] == [pseudonym(RAW, KEY), pseudonym("Jane Smith", KEY)]
    assert [r["referrer"] for r in rows] == ["007", ""]  # text kept as text
    assert (summary.rows, dict(summary.distinct)) == (2, {"person_id": 2})
    assert RAW not in summary.to_text() and "Jane" not in summary.to_text()


@pytest.mark.parametrize(
    ("name", "says"),
    [("events.xlsx", "expected a .csv file"), ("missing.csv", "no such file")],
)
def test_unusable_files(tmp_path: Path, name: str, says: str) -> None:
    with pytest.raises(PseudonymisationError, match=says):
        pseudonymise_file(
            tmp_path / name,
            ["person_id"],
            output=tmp_path / "o.csv",
            key_env="K",
            environ=ENV | {"K": KEY.decode()},
        )


def test_the_output_may_not_overwrite_the_input(tmp_path: Path) -> None:
    source = tmp_path / "events.csv"
    source.write_text(f"person_id\n{RAW}\n", encoding="utf-8")
    with pytest.raises(PseudonymisationError, match="overwrite the input"):
        pseudonymise_file(
            source, ["person_id"], output=source, key_env="NORTHSHIRE_KEY", environ=ENV
        )
    assert RAW in source.read_text(encoding="utf-8")


NAMES = [
    "Jane Smith",
    "Mary-Ann Jones",
    "JOHN O'BRIEN",
    "smith.jane",
    "Smith, Jane",
    "jane smith",
    "José Núñez",
    "Siobh\u00e1n O\u2019Neill",
    "Анна Петрова",
    "J. Ronald Tolkien",
]
NOT_NAMES = ["p-3f9a1c07", "JS", "P000123", "NS-000123", "J. Smith", "Jane", "Jane Smith 2", ""]


def test_names_are_recognised() -> None:
    frame = pl.DataFrame({"person_id": [*NAMES, *NOT_NAMES, None]})
    assert name_like_rows(frame, "person_id") == len(NAMES)
    for native in (frame.to_pandas(), duckdb.from_arrow(frame.to_arrow())):
        assert name_like_rows(native, "person_id") == len(NAMES)


#: Letters of generated names: plain and accented Latin, Greek and Cyrillic, any case.
LETTERS = string.ascii_letters + "éñçøÉÑßłŁăğǎ\u03b1\u03b2\u03b3\u0394\u03a9жЖя"
WORDS = st.text(alphabet=LETTERS, min_size=2, max_size=12)
SEPARATORS = st.sampled_from([" ", ", ", ".", "-", "'", "\u2019", " - ", ". "])


@st.composite
def names(draw: st.DrawFn) -> str:
    """Two to four words of two letters or more, joined by name punctuation."""
    words = draw(st.lists(WORDS, min_size=2, max_size=4))
    joined = words[0]
    for word in words[1:]:
        joined += draw(SEPARATORS) + word
    return joined


@settings(max_examples=200)
@given(name=names())
def test_generated_names_are_flagged(name: str) -> None:
    assert re.search(NAME_LIKE, name), name
    assert name_like_rows(pl.DataFrame({"person_id": [name]}), "person_id") == 1


@settings(max_examples=200)
@given(identifier=st.text(max_size=40), key=st.binary(min_size=16, max_size=64))
def test_pseudonyms_are_never_flagged(identifier: str, key: bytes) -> None:
    made = pseudonym(identifier, key)
    assert not re.search(NAME_LIKE, made)
    assert name_like_rows(pl.DataFrame({"person_id": [made]}), "person_id") == 0


@settings(max_examples=100)
@given(name=names(), digits=st.from_regex(r"\A[0-9]{1,6}\Z"))
def test_an_id_with_a_digit_is_never_a_name(name: str, digits: str) -> None:
    assert not re.search(NAME_LIKE, name + digits)
    assert not re.search(NAME_LIKE, f"P{digits}")
