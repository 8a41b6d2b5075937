"""The bounds every expression must stay within, so none can cost more than a small constant."""

from __future__ import annotations

from typing import Final

__all__ = [
    "MAX_DEPTH",
    "MAX_EXPONENT",
    "MAX_INT_LITERAL",
    "MAX_LENGTH",
    "MAX_NODES",
    "MAX_VECTOR_SIZE",
]

MAX_LENGTH: Final = 2000
"""Longest source text, in characters."""

MAX_NODES: Final = 200
"""Most syntax nodes (names, literals, operators, calls...) in one expression."""

MAX_DEPTH: Final = 32
"""Deepest nesting of sub-expressions."""

MAX_EXPONENT: Final = 64
"""Largest magnitude of an exponent of ``**``: refused when constant, null at run time."""

MAX_INT_LITERAL: Final = 2**53
"""Integer literals must be smaller than this in magnitude (exact in a float64)."""

MAX_VECTOR_SIZE: Final = 2000
"""Most parts in an expression's vectorised form, where a part used twice counts twice."""
