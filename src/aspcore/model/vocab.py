"""Controlled vocabularies of the domain: pillars, levels, pathway stages, RAG, severity.

Each is a ``StrEnum`` whose values are the spellings used in plan files and JSON output.  ``parse``
helpers accept case and separator variants (``Sustainable freedom`` → ``sustainable-freedom``) and
the aliases partnerships write, and return ``None`` for unknown text so the loader can turn the
problem into a finding with a did-you-mean suggestion instead of a crash.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable
from typing import TypeVar

__all__ = [
    "PILLAR_SETS",
    "ActionStatus",
    "Aggregation",
    "ChainLevel",
    "EvidenceKind",
    "Frequency",
    "IndicatorLevel",
    "PathwayStage",
    "Pillar",
    "Polarity",
    "Rag",
    "Severity",
    "Unit",
    "normalise",
    "parse_vocab",
    "suggest",
    "word_of",
]


def normalise(text: str) -> str:
    """Lower-case ``text`` and turn spaces and underscores into hyphens."""
    return "-".join(text.strip().lower().replace("_", " ").split())


class Pillar(enum.StrEnum):
    """Strategic pillars: the UK 4Ps and the international 3Ps plus Partnership."""

    PURSUE = "pursue"
    PREVENT = "prevent"
    PROTECT = "protect"
    PREPARE = "prepare"
    PROSECUTION = "prosecution"
    PROTECTION = "protection"
    PREVENTION = "prevention"
    PARTNERSHIP = "partnership"


PILLAR_SETS: dict[str, tuple[Pillar, ...]] = {
    # Modern Slavery Strategy 2014 (HM Government).
    "4ps": (Pillar.PURSUE, Pillar.PREVENT, Pillar.PROTECT, Pillar.PREPARE),
    # The international set used by some partnerships.
    "3ps-partnership": (
        Pillar.PROSECUTION,
        Pillar.PROTECTION,
        Pillar.PREVENTION,
        Pillar.PARTNERSHIP,
    ),
}


class ChainLevel(enum.StrEnum):
    """Levels of a results chain (guide, section 2), in causal order."""

    INPUT = "input"
    ACTIVITY = "activity"
    OUTPUT = "output"
    OUTCOME = "outcome"
    IMPACT = "impact"


class IndicatorLevel(enum.StrEnum):
    """What an indicator measures: resources, process, products, effects or ultimate change."""

    INPUT = "input"
    PROCESS = "process"
    OUTPUT = "output"
    OUTCOME = "outcome"
    IMPACT = "impact"


class PathwayStage(enum.StrEnum):
    """Stages of the victim care pathway (guide, Table 3)."""

    PREVENTION = "prevention"
    DISCOVERY = "discovery"
    RESPITE = "respite"
    RECOVERY = "recovery"
    SUSTAINABLE_FREEDOM = "sustainable-freedom"


class Rag(enum.StrEnum):
    """RAG status, extended with Blue (complete) and Grey (no data) as UK practice does."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    BLUE = "blue"
    GREY = "grey"

    @property
    def badness(self) -> int:
        """Rank for worst-of roll-ups: red is worst; grey (no data) sits between amber and green."""
        return _RAG_BADNESS[self]


_RAG_BADNESS = {Rag.RED: 4, Rag.AMBER: 3, Rag.GREY: 2, Rag.GREEN: 1, Rag.BLUE: 0}


class Severity(enum.StrEnum):
    """How much a finding matters; ``--fail-on`` compares against this order."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for error."""
        return ("info", "warning", "error").index(self.value)


class ActionStatus(enum.StrEnum):
    """Delivery status of an action."""

    NOT_STARTED = "not-started"
    IN_PROGRESS = "in-progress"
    COMPLETE = "complete"
    CANCELLED = "cancelled"


class Polarity(enum.StrEnum):
    """Whether a higher or a lower value of an indicator is better."""

    HIGHER = "higher"
    LOWER = "lower"


class Unit(enum.StrEnum):
    """Unit of an indicator's values; percent is bounded 0-100, count is a non-negative integer."""

    COUNT = "count"
    PERCENT = "percent"
    NUMBER = "number"
    CURRENCY = "currency"
    DAYS = "days"
    TEXT = "text"


class Frequency(enum.StrEnum):
    """How often an indicator is collected."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"


class Aggregation(enum.StrEnum):
    """How an indicator's period values meet its target.

    ``latest``: the latest period's value against the target (the default); ``sum``: the
    year-to-date total against an annual target, pro rata before the target's period ends
    (the guide's Table 5 output goals, "Total of 6 service users", reported monthly); ``mean``:
    the year-to-date mean of the period values against the target.
    """

    LATEST = "latest"
    SUM = "sum"
    MEAN = "mean"


class EvidenceKind(enum.StrEnum):
    """Kinds of qualitative evidence a plan keeps (the guide's service user feedback section)."""

    FEEDBACK = "feedback"
    CONSULTATION = "consultation"
    CASE_STUDY = "case-study"
    MINUTES = "minutes"
    OTHER = "other"


_ALIASES: dict[str, str] = {
    # statuses partnerships write in action plans
    "not-yet-started": "not-started",
    "notstarted": "not-started",
    "open": "in-progress",
    "ongoing": "in-progress",
    "on-going": "in-progress",
    "in-hand": "in-progress",
    "started": "in-progress",
    "completed": "complete",
    "done": "complete",
    "closed": "complete",
    "canceled": "cancelled",
    "withdrawn": "cancelled",
    # RAG spellings
    "r": "red",
    "a": "amber",
    "g": "green",
    "b": "blue",
    "yellow": "amber",
    "gray": "grey",
    # frequencies
    "annually": "annual",
    "yearly": "annual",
    "quarter": "quarterly",
    "month": "monthly",
    # polarity
    "higher-is-better": "higher",
    "lower-is-better": "lower",
    "up": "higher",
    "down": "lower",
    # units
    "%": "percent",
    "percentage": "percent",
    "number-of": "count",
    "£": "currency",
    "gbp": "currency",
    # pathway
    "sustainable": "sustainable-freedom",
    # aggregation
    "last": "latest",
    "year-to-date": "sum",
    "ytd": "sum",
    "total": "sum",
    "cumulative": "sum",
    "average": "mean",
    # evidence kinds
    "survivor-feedback": "feedback",
    "case-studies": "case-study",
    "meeting-minutes": "minutes",
}

E = TypeVar("E", bound=enum.StrEnum)


def word_of(text: str) -> str:
    """The vocabulary word ``text`` spells: normalised (:func:`normalise`), an alias partnerships
    write (``done``, ``ongoing``, ``R``) read as the word it stands for."""
    key = normalise(text)
    return _ALIASES.get(key, key)


def parse_vocab(enum_type: type[E], text: object) -> E | None:
    """Return the member of ``enum_type`` that ``text`` names, or ``None`` when it names none."""
    if isinstance(text, enum_type):
        return text
    if not isinstance(text, str):
        return None
    try:
        return enum_type(word_of(text))
    except ValueError:
        return None


def suggest(
    enum_type: type[enum.StrEnum] | Iterable[str], text: object, *, cutoff: float = 0.6
) -> str | None:
    """The closest member value (or word of a vocabulary) to ``text``, for did-you-mean
    messages.

    ``cutoff`` is how similar it must be (:func:`difflib.get_close_matches`, 0 to 1).
    """
    words = [str(word) for word in enum_type]  # a StrEnum's members are its values
    matches = difflib.get_close_matches(normalise(str(text)), words, n=1, cutoff=cutoff)
    return matches[0] if matches else None
