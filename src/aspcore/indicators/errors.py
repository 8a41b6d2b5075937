"""Exceptions of indicator computation and pseudonymisation.

Both derive from :class:`~aspcore.errors.AspcoreError` and ``ValueError``.  Their messages name
datasets, columns and indicators, never a value read from a person's record.
"""

from __future__ import annotations

from typing import ClassVar

from aspcore.errors import AspcoreError

__all__ = ["ComputeError", "PseudonymisationError"]


class ComputeError(AspcoreError, ValueError):
    """Case data cannot be used to compute an indicator (a missing column, a wrong type)."""

    code: ClassVar[str] = "COMPUTE"


class PseudonymisationError(AspcoreError, ValueError):
    """Identifiers cannot be pseudonymised: no key, a key too short, or a missing column."""

    code: ClassVar[str] = "PSEUDONYMISATION"
