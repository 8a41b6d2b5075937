"""An indicator's definition, scope and standard are read, kept and shown, never dropped.

The guide, section 4, on the Scottish Government's progress table ("Measure | Definition |
2017/18 data"): "The report also highlights the scope of measurement, means of verification and
includes the actual data for 2017/18 ... In some instances, the actual data for a timeframe can
be compared with a baseline (data from a previous timeframe) or a standard."
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from aspcore.io import plan_from_mapping
from aspcore.io.plan_reader import _FIELDS
from aspcore.io.plan_schema import plan_json_schema
from aspcore.model import Standard
from aspcore.report.blocks import indicator_table
from aspcore.report.facts import Facts, ReportOptions
from aspcore.rules import Ruleset, evaluate

DEFINITION = (
    "All victims (adults and children) who enter the NRM and (in due course) those identified "
    "through the 'duty to notify' process"
)
SCOTLAND: dict[str, Any] = {
    "partnership": "Scotland",
    "indicators": [
        {
            "id": "V1",
            "name": "Number of potential victims identified",
            "unit": "count",
            "calendar": True,
            "definition": DEFINITION,
            "scope": "Referrals from Scotland",
            "baseline": {"value": 150, "period": "2016"},
            "standard": {"value": 200, "source": "illustrative"},
        },
        {"id": "V2", "name": "Second", "standard": 12.5},
    ],
    "observations": [{"indicator": "V1", "period": "2017", "value": 207}],
}


def test_definition_scope_and_standard_are_read_without_warnings() -> None:
    """The progress table's columns are part of the plan format, not unknown fields."""
    plan = plan_from_mapping(SCOTLAND)
    assert plan.issues == ()
    first, second = plan.indicators
    assert (first.definition, first.scope) == (DEFINITION, "Referrals from Scotland")
    assert first.standard == Standard(200, "illustrative")
    assert second.standard == Standard(12.5)


def test_a_standard_that_is_not_a_number_is_a_finding() -> None:
    data = {"partnership": "P", "indicators": [{"id": "I", "standard": {"value": "high"}}]}
    plan = plan_from_mapping(data)
    assert plan.indicators[0].standard is None
    assert [(f.rule, f.evidence["field"]) for f in plan.issues] == [("PLAN-009", "standard value")]


def test_the_schema_knows_every_indicator_field_the_reader_reads() -> None:
    properties = plan_json_schema()["properties"]["indicators"]["items"]["properties"]
    assert set(properties) == _FIELDS["indicators"]


def test_the_indicator_table_shows_definition_scope_and_standard() -> None:
    """Readers see what is counted, over what, and the standard beside the baseline."""
    plan = plan_from_mapping(SCOTLAND)
    result = evaluate(plan, as_of=dt.date(2018, 6, 1), ruleset=Ruleset("t", "1", params={}))
    table = indicator_table(Facts(result, plan, published=False, options=ReportOptions()))
    first = table.rows[0]
    assert first[1].text == (
        f"Number of potential victims identified — {DEFINITION}; scope: Referrals from Scotland"
    )
    assert first[3].text == "150 (2016); standard 200 (illustrative)"
    assert table.rows[1][3].text == "standard 12.5"
    assert "up 57 (+38%) on the baseline of 150 (2016)" in first[-1].text
