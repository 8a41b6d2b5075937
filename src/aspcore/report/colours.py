"""Colours of the reports, and the WCAG contrast check that every pair must pass.

RAG is never shown by colour alone: every badge, bar and cell also carries the word.  Each
background is paired with the text colour drawn on it, and :func:`contrast_ratio` (WCAG 2.1
relative luminance) lets the tests prove every pair reaches AA (4.5:1 for normal text).
"""

from __future__ import annotations

import attrs

from aspcore.model import Rag

__all__ = [
    "INK",
    "LEGEND",
    "NO_RATING",
    "PAPER",
    "RAG_COLOURS",
    "TINTS",
    "WCAG_AA",
    "ColourPair",
    "contrast_ratio",
    "pair_for",
    "rag_word",
]

#: The minimum contrast ratio for normal text under WCAG 2.1 level AA.
WCAG_AA = 4.5
INK = "#1A1A1A"
PAPER = "#FFFFFF"


@attrs.frozen
class ColourPair:
    """A background colour and the text colour drawn on it (``#RRGGBB``)."""

    background: str
    text: str

    @property
    def ratio(self) -> float:
        """The contrast ratio of the text on the background."""
        return contrast_ratio(self.text, self.background)


#: Badge colours per RAG rating: solid, readable on a projector and in print.
RAG_COLOURS: dict[Rag, ColourPair] = {
    Rag.RED: ColourPair("#B3261E", PAPER),
    Rag.AMBER: ColourPair("#F2B705", INK),
    Rag.GREEN: ColourPair("#1E6B34", PAPER),
    Rag.BLUE: ColourPair("#1F4E9E", PAPER),
    Rag.GREY: ColourPair("#D6D6D6", INK),
}
#: An item that has no rating by design (a cancelled action).
NO_RATING = ColourPair(PAPER, INK)
#: Light tints for the RAG bands behind a trend line and for heat-map cells, labelled in dark
#: ink.
TINTS: dict[Rag, ColourPair] = {
    Rag.RED: ColourPair("#F6D5D3", INK),
    Rag.AMBER: ColourPair("#FCEBB6", INK),
    Rag.GREEN: ColourPair("#D3EBD9", INK),
}

_WORDS = {
    Rag.RED: "Red",
    Rag.AMBER: "Amber",
    Rag.GREEN: "Green",
    Rag.BLUE: "Blue (complete)",
    Rag.GREY: "Grey (not rated)",
}


#: What each colour means, shown beside the colours at the top of every report (the guide's
#: definitions, with Blue and Grey as UK practice uses them).
LEGEND = (
    (Rag.RED, "not done or behind schedule"),
    (Rag.AMBER, "at risk: some way off schedule or target"),
    (Rag.GREEN, "done or on schedule"),
    (Rag.BLUE, "complete"),
    (Rag.GREY, "no data, or no target to rate against"),
)


def rag_word(rag: Rag | None) -> str:
    """The word shown with a RAG colour; ``None`` reads as "No rating"."""
    return _WORDS[rag] if rag is not None else "No rating"


def pair_for(rag: Rag | None) -> ColourPair:
    """The badge colours of a rating (white with dark ink when there is none)."""
    return RAG_COLOURS[rag] if rag is not None else NO_RATING


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _luminance(colour: str) -> float:
    text = colour.lstrip("#")
    if len(text) != 6:
        raise ValueError(f"expected a colour as #RRGGBB, found {colour!r}")
    r, g, b = (int(text[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """The WCAG 2.1 contrast ratio of two ``#RRGGBB`` colours, from 1.0 to 21.0."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
