"""Exceptions raised for input aspcore cannot use.

Bad *content* in a readable plan becomes a :class:`~aspcore.rules.Finding`; these exceptions are for
input that cannot be read at all.  Every exception derives from :class:`AspcoreError`, and also from
the builtin it specialises (``ValueError``, ``FileNotFoundError``), so callers can catch either.
Messages say what was expected, what was found and where.  Each class has a stable ``code``
(``RULESET``, ``INPUT-FILE``...), listed in docs/reference/api.md, for a host system to branch
on without matching messages or class names.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

__all__ = [
    "AspcoreError",
    "ExpressionError",
    "InputFileError",
    "PeriodError",
    "PlanError",
    "PluginError",
    "RulesetError",
    "SchemaError",
    "StoreBusyError",
    "TimescaleError",
    "require_date",
]


class AspcoreError(Exception):
    """Base class of every error aspcore raises on purpose."""

    code: ClassVar[str] = "ASPCORE"


class InputFileError(AspcoreError, ValueError):
    """A file is missing, unreadable or not in the format expected."""

    code: ClassVar[str] = "INPUT-FILE"


class StoreBusyError(InputFileError):
    """The store is being written by another process (or connection); try again when it is done."""

    code: ClassVar[str] = "STORE-BUSY"


class PlanError(AspcoreError, ValueError):
    """A plan file is readable but its structure cannot be turned into a Plan."""

    code: ClassVar[str] = "PLAN"


class PeriodError(AspcoreError, ValueError):
    """A period label (financial year, quarter, month) could not be read."""

    code: ClassVar[str] = "PERIOD"


class TimescaleError(AspcoreError, ValueError):
    """A timescale phrase could not be read; aspcore never guesses one."""

    code: ClassVar[str] = "TIMESCALE"


class ExpressionError(AspcoreError, ValueError):
    """An expression is refused: syntax, unknown name, type mismatch or a forbidden construct."""

    code: ClassVar[str] = "EXPRESSION"


class RulesetError(AspcoreError, ValueError):
    """A ruleset file is malformed, names unknown rules or forms an ``extends`` cycle."""

    code: ClassVar[str] = "RULESET"


class SchemaError(AspcoreError, ValueError):
    """A validation schema is unknown or cannot be built."""

    code: ClassVar[str] = "SCHEMA"


class PluginError(AspcoreError, RuntimeError):
    """A plugin failed in strict mode, or a plugin's hook implementation is invalid."""

    code: ClassVar[str] = "PLUGIN"


def require_date(as_of: object, error: type[Exception] = TypeError) -> dt.date:
    """``as_of`` itself, which must be a ``datetime.date`` and not a datetime (a reference date
    is a day), or ``error`` saying what it is: the one check of a reference date, each entry
    point raising its own family's error (``ComputeError``, ``FrameError``...)."""
    if not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime):
        raise error(f"as_of must be a datetime.date, not {type(as_of).__name__}")
    return as_of
