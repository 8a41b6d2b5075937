"""The HTML report: self-contained, escaped, accessible, printable and deterministic."""

from __future__ import annotations

import re
from pathlib import Path

from aspcore.model import Plan, Rag
from aspcore.report import ReportOptions, html_renderer, render
from aspcore.report.colours import RAG_COLOURS, rag_word
from aspcore.report.html import stylesheet
from aspcore.rules.evaluation import Evaluation


def html(evaluation: Evaluation, plan: Plan, kind: str = "board") -> str:
    out = render(evaluation, plan, "html", kind)
    assert isinstance(out, str)
    return out


def test_the_page_needs_nothing_from_outside(full: Evaluation, plan: Plan) -> None:
    page = html(full, plan)
    without_svg_namespace = page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    for needle in ("http://", "https://", "<script", "<link", "@import", "url(", "<img"):
        assert needle not in without_svg_namespace, needle


def test_plan_text_is_escaped(full: Evaluation, plan: Plan) -> None:
    page = html(full, plan)
    assert "Testshire &lt;Modern&gt; Slavery Partnership" in page
    assert "Accommodation &lt;b&gt;protocol&lt;/b&gt;" in page
    assert "<b>protocol</b>" not in page


def test_rag_is_shown_by_colour_and_by_word(full: Evaluation, plan: Plan) -> None:
    page = html(full, plan)
    badges = re.findall(r'<span class="rag rag-(\w+)">([^<]+)</span>', page)
    assert badges
    for colour, word in badges:
        if colour == "none":  # rated "no rating" by design (cancelled), or not rated at all
            assert word in {rag_word(None), "Not rated"}
        else:
            assert word == rag_word(Rag(colour))
    assert {c for c, _w in badges} == {"red", "amber", "green", "blue", "grey", "none"}
    for rag, pair in RAG_COLOURS.items():
        assert f".rag-{rag.value}{{background:{pair.background};color:{pair.text}}}" in stylesheet()


def test_tables_have_scoped_headers(full: Evaluation, plan: Plan) -> None:
    page = html(full, plan)
    tables = re.findall(r"<table.*?</table>", page, flags=re.S)
    assert len(tables) >= 6
    for body in tables:
        assert "<caption>" in body
        assert '<th scope="col">' in body
        assert '<th scope="row">' in body


def test_charts_are_inline_accessible_svg(full: Evaluation, plan: Plan) -> None:
    page = html(full, plan)
    charts = re.findall(r'<svg [^>]*role="img"[^>]*aria-labelledby="([^"]+)"', page)
    assert len(charts) == 5  # the pillar bars, three indicator trends and the heat map
    for labels in charts:
        for ident in labels.split():
            assert f'id="{ident}"' in page
    assert len(set(charts)) == len(charts)


def test_the_page_prints_to_a4(full: Evaluation, plan: Plan) -> None:
    page = html(full, plan)
    assert "@page { size: A4;" in page
    assert "@media print" in page


def test_rendering_is_deterministic(full: Evaluation, plan: Plan) -> None:
    assert html(full, plan) == html(full, plan)
    assert render(full, plan, "markdown") == render(full, plan, "markdown")


def test_every_kind_names_its_date_ruleset_and_version(full: Evaluation, plan: Plan) -> None:
    for kind in ("board", "annual", "logframe", "exceptions"):
        page = html(full, plan, kind)
        assert "As of 2018-11-30; ruleset test-rules version 7; aspcore 9.9.9." in page
        assert "counts from 1 to 4 are suppressed" in page


def test_a_partnership_template_replaces_the_built_in_one(
    full: Evaluation, plan: Plan, tmp_path: Path
) -> None:
    (tmp_path / "report.html.j2").write_text(
        '{% extends "base.html.j2" %}{% block content %}<h1>Northshire: {{ report.title }}'
        "</h1>{% endblock %}",
        encoding="utf-8",
    )
    renderer = html_renderer([tmp_path])
    page = renderer.render(full, plan, "board", True, ReportOptions())
    assert "<h1>Northshire: Partnership board report</h1>" in str(page)
    assert "@media print" in str(page)
