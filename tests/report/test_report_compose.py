"""What each kind of report says, composed from an evaluation and its plan."""

from __future__ import annotations

import pytest

from aspcore.model import Plan, Rag
from aspcore.report import ReportError, ReportOptions, compose, render
from aspcore.report.model import Bullets, HeatMap, RagDistribution, ReportModel, Table, Trend
from aspcore.rules.evaluation import Evaluation


def bullets(report: ReportModel, section: str) -> dict[str, list[str]]:
    (found,) = [s for s in report.sections if s.id == section]
    block = found.blocks[0]
    assert isinstance(block, Bullets)
    return {g.heading: [i.text for i in g.items] for g in block.groups}


def table(report: ReportModel, name: str) -> Table:
    (found,) = [
        b for s in report.sections for b in s.blocks if isinstance(b, Table) and b.name == name
    ]
    return found


def test_board_follows_the_gloucestershire_format_then_the_detail(
    full: Evaluation, plan: Plan
) -> None:
    report = compose(full, plan)
    assert [s.title for s in report.sections][:4] == [
        "Progress",
        "Problems",
        "Priorities",
        "Points for action",
    ]
    assert {"actions", "indicators", "coverage", "smart", "risks", "findings"} <= {
        s.id for s in report.sections
    }


def test_board_states_as_of_ruleset_version_and_disclosure(full: Evaluation, plan: Plan) -> None:
    report = compose(full, plan)
    assert report.provenance == "As of 2018-11-30; ruleset test-rules version 7; aspcore 9.9.9."
    assert "suppressed" in report.disclosure
    assert "UNPUBLISHED" in compose(full, plan, published=False).disclosure


def test_headline_uses_the_partnership_rating_and_counts(full: Evaluation, plan: Plan) -> None:
    head = compose(full, plan).headline
    assert head.overall == Rag.RED
    assert head.reason == "worst of 7 items is red"
    figures = dict(head.figures)
    assert figures["Actions"] == "4 (1 red, 1 amber, 1 blue, 1 not rated)"
    assert figures["Findings"] == "1 error, 3 warnings, 1 for information"
    assert figures["Top risk"] == "R2 Victim displacement (score 12)"


def test_progress_lists_completed_actions_and_improving_indicators(
    full: Evaluation, plan: Plan
) -> None:
    progress = bullets(compose(full, plan), "progress")
    assert progress["Actions completed"] == ["A2 Conference on supply chains: complete"]
    (improving,) = progress["Indicators on target or improving"]
    assert improving.startswith("I1 Victims identified: 7 (2018-19 Q2)")
    assert "better than the period before (still red)" in improving


def test_problems_list_red_then_amber_items_and_errors(full: Evaluation, plan: Plan) -> None:
    problems = bullets(compose(full, plan), "problems")
    assert [t.split(" ")[0] for t in problems["Actions behind schedule"]] == ["A1", "A3"]
    assert problems["Errors in the plan"] == ["O1: the results chain has a cycle (CHAIN-004)"]


def test_priorities_name_the_top_risks_by_rank(full: Evaluation, plan: Plan) -> None:
    priorities = bullets(compose(full, plan, options=ReportOptions(top_risks=1)), "priorities")
    assert priorities["Highest-priority risks"] == [
        "R2 Victim displacement: score 12, high, owner Police lead"
    ]
    assert [t.split(" ")[0] for t in priorities["Red items"]] == ["A1", "I1", "I2"]


def test_points_for_action_group_suggestions_by_owner_and_merge_repeats(
    full: Evaluation, plan: Plan
) -> None:
    points = bullets(compose(full, plan), "points")
    assert list(points) == ["Police analyst", "Police lead", "No owner named"]
    assert points["Police lead"] == ["O1: Remove a link", "A1: Record a corrective action"]
    assert points["No owner named"] == ["recovery: See Table 3"]


def test_board_draws_the_three_charts(full: Evaluation, plan: Plan) -> None:
    blocks = [b for s in compose(full, plan).sections for b in s.blocks]
    (dist,) = [b for b in blocks if isinstance(b, RagDistribution)]
    assert dict(dist.rows)["Pursue"] == ((Rag.RED, 3), (Rag.BLUE, 1))
    trends = [b for b in blocks if isinstance(b, Trend)]
    assert [t.indicator for t in trends] == ["I1", "I2", "I3"]
    assert trends[0].bands[0] == (Rag.GREEN, None, 1)
    (heat,) = [b for b in blocks if isinstance(b, HeatMap)]
    assert [(r.id, r.likelihood, r.impact) for r in heat.risks] == [("R2", 3, 4), ("R1", 2, 3)]


def test_indicator_table_reads_like_a_person_wrote_it(full: Evaluation, plan: Plan) -> None:
    rows = {r[0].text: [c.text for c in r] for r in table(compose(full, plan), "indicators").rows}
    assert rows["I2"][3:6] == ["40 (2017-18)", "at least 60 by 2018-19", "[c] (2018-19 Q2)"]
    assert rows["I2"][7:9] == ["▼ worse", "no earlier value"]
    assert rows["I3"][5] == "78% (2018-19 Q2)"


def test_risk_register_is_ranked_by_priority(full: Evaluation, plan: Plan) -> None:
    rows = table(compose(full, plan), "risks").rows
    assert [(r[0].text, r[1].text, r[4].text) for r in rows] == [
        ("R2", "1", "12"),
        ("R1", "2", "6"),
    ]


def test_annual_report_has_the_salford_headings_per_agency(full: Evaluation, plan: Plan) -> None:
    report = compose(full, plan, "annual")
    (agencies,) = [s for s in report.sections if s.id == "agencies"]
    by_agency = {b.title: b for b in agencies.blocks if isinstance(b, Bullets)}
    assert set(by_agency) == {"Business lead", "Council lead", "Police analyst", "Police lead"}
    council = {g.heading: [i.text for i in g.items] for g in by_agency["Council lead"].groups}
    assert council["Key challenges"] == [
        "A3 Accommodation <b>protocol</b>: 15 points behind",
        "I3 Survivors in long-term accommodation: latest 78 against 80",
    ]
    assert "Future priorities" in council
    figures = table(report, "figures")
    assert figures.columns[4:6] == ("2018-19 Q1", "2018-19 Q2")


def test_logframe_follows_table_6(full: Evaluation, plan: Plan) -> None:
    rows = table(compose(full, plan, "logframe"), "logframe").rows
    assert [c.text for c in rows[1]] == [
        "Outputs",
        "Victims identified",
        "Victims identified",
        "Debriefs",
        "—",
    ]


def test_exceptions_keep_only_what_needs_attention(full: Evaluation, plan: Plan) -> None:
    report = compose(full, plan, "exceptions")
    assert [r[0].text for r in table(report, "actions").rows] == ["A1", "A3"]
    assert [[c.text for c in r] for r in table(report, "corrective").rows] == [
        ["A1", "Joint operations at hand car washes", "NONE RECORDED"]
    ]
    listed = table(report, "exceptions")
    assert listed.columns == ("Subject", "Kind", "RAG", "Reason", "Period")
    assert [(r[0].text, r[2].rag) for r in listed.rows] == [("A1", Rag.RED), ("I2", Rag.RED)]


@pytest.mark.parametrize("kind", ["board", "annual", "logframe", "exceptions"])
@pytest.mark.parametrize("fmt", ["html", "markdown", "xlsx", "json"])
def test_an_evaluation_with_no_sections_still_renders(
    bare: Evaluation, plan: Plan, kind: str, fmt: str
) -> None:
    out = render(bare, plan, fmt, kind)
    assert out


def test_missing_sections_are_said_plainly(bare: Evaluation, plan: Plan) -> None:
    text = str(render(bare, plan, "markdown"))
    for phrase in (
        "No risks scored by this ruleset.",
        "SMART was not scored by this ruleset.",
        "Coverage was not computed by this ruleset.",
        "**Not rated**",
        "ruleset unknown version unknown",
    ):
        assert phrase in text


def test_unknown_kind_and_format_are_clear_errors(full: Evaluation, plan: Plan) -> None:
    with pytest.raises(ReportError, match="no 'weekly' report; expected one of board"):
        render(full, plan, "html", "weekly")
    with pytest.raises(ReportError, match="unknown report format 'pdf'; expected one of"):
        render(full, plan, "pdf")
