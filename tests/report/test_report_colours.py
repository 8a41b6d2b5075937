"""Every colour pair the reports draw text on passes WCAG AA contrast."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aspcore.model import Rag
from aspcore.report.colours import (
    NO_RATING,
    RAG_COLOURS,
    TINTS,
    WCAG_AA,
    ColourPair,
    contrast_ratio,
    rag_word,
)

colours = st.from_regex(r"#[0-9A-F]{6}", fullmatch=True)


def test_contrast_ratio_of_known_pairs() -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    # WebAIM's reference value for #767676 on white, the lightest grey that passes AA.
    assert contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)


@given(colours, colours)
def test_contrast_ratio_is_symmetric_and_bounded(a: str, b: str) -> None:
    ratio = contrast_ratio(a, b)
    assert ratio == pytest.approx(contrast_ratio(b, a))
    assert 1.0 <= ratio <= 21.0


def test_a_malformed_colour_is_refused_with_a_clear_message() -> None:
    with pytest.raises(ValueError, match="#RRGGBB"):
        contrast_ratio("red", "#FFFFFF")


PAIRS: dict[str, ColourPair] = {
    **{f"rag-{rag.value}": pair for rag, pair in RAG_COLOURS.items()},
    **{f"tint-{rag.value}": pair for rag, pair in TINTS.items()},
    "no-rating": NO_RATING,
}


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_every_colour_pair_passes_wcag_aa(name: str) -> None:
    pair = PAIRS[name]
    assert pair.ratio >= WCAG_AA, f"{name}: {pair.text} on {pair.background} is {pair.ratio:.2f}"


def test_every_rating_has_a_colour_and_a_distinct_word() -> None:
    assert set(RAG_COLOURS) == set(Rag)
    words = [rag_word(r) for r in Rag] + [rag_word(None)]
    assert len(set(words)) == len(words)
