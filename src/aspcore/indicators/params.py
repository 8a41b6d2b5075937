"""Parameters of indicator computation, read from a ruleset's ``[params.indicators]`` table.

Every threshold and every name the computation relies on is here, with its default; a ruleset
(or a caller) changes any of them.  None of the numbers is official: the default small-count
threshold follows the project's survivor-data rule (counts from 1 to 4 hidden, DOMAIN "Survivor
data"), and 90 days without an event as "lost to follow-up" is configuration.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import attrs

from aspcore.errors import RulesetError

__all__ = ["FAMILY", "IndicatorParams"]

#: The ruleset family whose parameters these are (``[params.indicators]``).
FAMILY = "indicators"


def _positive(_inst: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{attribute.name} must be a whole number of at least 1, not {value!r}")


def _column_words(
    _inst: object, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    bad = [n for n in value if not re.fullmatch(r"[a-z][a-z0-9_]*", n) or n == "date"]
    if bad:
        raise ValueError(
            f"{attribute.name} name columns first_<event>, so each must be lower-case letters, "
            f"digits and _, starting with a letter (and not date: first_date is the first "
            f"event of all); not {', '.join(map(repr, bad))}"
        )


def _names(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ValueError(f"expected a name or a list of names, not {value!r}")


_name = attrs.validators.instance_of(str)


@attrs.frozen
class IndicatorParams:
    """How indicators are computed from case events, and how published values are protected.

    * ``min_count`` (5): published counts from 1 to ``min_count - 1`` are suppressed.
    * ``lost_after_days`` (90): an open journey with no event for longer than this is lost to
      follow-up.
    * ``digits`` (6): decimal places kept in computed values, so that every backend gives the
      same numbers.
    * ``person``, ``event``, ``date``, ``stage`` (``person_id``, ``event``, ``date``, ``stage``):
      the case-events columns.
    * ``identifiers`` (none): columns besides ``person`` that identify people or cases; like
      ``person``, they may never be a breakdown (``by:``), which would print them.
    * ``referral``, ``reasonable_grounds``, ``conclusive_grounds`` (the same words): the NRM
      events; ``exit_events`` (``moved_on``): events that end a journey.
    * ``accommodation_events`` (``safe_house``, ``temporary_accommodation``): events that move a
      person into accommodation that is not long-term; ``long_term_accommodation``
      (``long_term_accommodation``): events that move a person into long-term accommodation.  A
      person is in long-term accommodation while their latest move, an event of either list, is
      one of the latter.
    * ``milestones`` (``support_started``, ``long_term_accommodation``,
      ``employment_assistance_offered``, ``employment_assistance``): events whose first date
      every journey records, as ``first_<event>`` (names of letters, digits and ``_``).
    """

    min_count: int = attrs.field(default=5, validator=_positive)
    lost_after_days: int = attrs.field(default=90, validator=_positive)
    digits: int = attrs.field(default=6, validator=_positive)
    person: str = attrs.field(default="person_id", validator=_name)
    event: str = attrs.field(default="event", validator=_name)
    date: str = attrs.field(default="date", validator=_name)
    stage: str = attrs.field(default="stage", validator=_name)
    identifiers: tuple[str, ...] = attrs.field(default=(), converter=_names)
    referral: str = attrs.field(default="referral", validator=_name)
    reasonable_grounds: str = attrs.field(default="reasonable_grounds", validator=_name)
    conclusive_grounds: str = attrs.field(default="conclusive_grounds", validator=_name)
    exit_events: tuple[str, ...] = attrs.field(default=("moved_on",), converter=_names)
    accommodation_events: tuple[str, ...] = attrs.field(
        default=("safe_house", "temporary_accommodation"), converter=_names
    )
    long_term_accommodation: tuple[str, ...] = attrs.field(
        default=("long_term_accommodation",), converter=_names
    )
    milestones: tuple[str, ...] = attrs.field(
        default=(
            "support_started",
            "long_term_accommodation",
            "employment_assistance_offered",
            "employment_assistance",
        ),
        converter=_names,
        validator=_column_words,
    )

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any], *, source: str = "ruleset") -> IndicatorParams:
        """Parameters from a ``[params.indicators]`` table; unknown or bad values raise
        :class:`~aspcore.errors.RulesetError` naming the parameter."""
        known = {field.name for field in attrs.fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise RulesetError(
                f"{source}: [params.{FAMILY}] has unknown parameter(s) {', '.join(unknown)}; "
                f"known: {', '.join(sorted(known))}"
            )
        try:
            return cls(**dict(values))
        except (TypeError, ValueError) as exc:
            raise RulesetError(f"{source}: [params.{FAMILY}]: {exc}") from None
