"""What the fuzzing suite shares: how many examples to run, and hostile values to draw from.

``make test`` runs each target with :data:`EXAMPLES` examples (a few thousand in all); ``make
fuzz`` sets ``ASPCORE_FUZZ_EXAMPLES`` for a long run.  Every target asserts the same promise:
hostile input gives a finding or an :class:`~aspcore.errors.AspcoreError`, never another
exception, and nothing personal that was planted in it is quoted back.
"""

from __future__ import annotations

import os
import string
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

#: Examples per fuzz target: 500 in ``make test``, set higher by ``make fuzz``.
EXAMPLES = int(os.environ.get("ASPCORE_FUZZ_EXAMPLES", "500"))

#: Settings of every fuzz target: no deadline (the machine may be busy; a hang is caught by the
#: runner's time limit instead), no database (runs are independent), and slow data allowed.
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: A name that must never be quoted back once planted in a column that may hold one.
PLANTED_NAME = "Zebedee Quartermaine"

#: Text that has broken parsers, renderers and spreadsheets.
HOSTILE_TEXT = [
    "",
    " ",
    '=HYPERLINK("http://x")',
    "=cmd|' /C calc'!A0",
    "+1",
    "-1",
    "@SUM(A1)",
    "<img src=x onerror=alert(1)>",
    "[/bold]",
    "{value}",
    "%s%s%s",
    "\x00",
    "\ud800",
    "٣٤",
    "1e308",
    "-0",
    "NaN",
    "inf",
    "9" * 5000,
    "2018-02-30",
    "2018-19 Q5",
    "x" * 300,
    "\n\r\t",
    "'; DROP TABLE ingests; --",
    PLANTED_NAME,
]

hostile_text = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=40))
scalars: st.SearchStrategy[Any] = st.one_of(
    hostile_text,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
)
#: Any YAML-like value: scalars, lists and mappings, nested a few levels.
values: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(string.ascii_lowercase + "_", max_size=12), inner, max_size=4),
    ),
    max_leaves=12,
)
