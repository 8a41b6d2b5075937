"""``case-events``: pseudonymised events in survivors' journeys, for indicator computation.

One row per event: a pseudonymised person id (never a name), the event, its date, the agency
that recorded it, optionally the victim care pathway stage (guide, Table 3), and the breakdown
fields indicators are disaggregated by.
"""

from __future__ import annotations

from aspcore.model import PathwayStage, Severity
from aspcore.schemas.common import NAME_LIKE, disaggregation, one_row_per, vocabulary_check
from aspcore.schemas.spec import CheckSpec, ColumnSpec, SchemaSpec

__all__ = ["case_events"]


def case_events() -> SchemaSpec:
    """The ``case-events`` schema."""
    return SchemaSpec(
        name="case-events",
        title="Case events",
        description="Pseudonymised case events: person id, event, date, agency, optional "
        "pathway stage and the breakdown fields (sex, age group, exploitation type, "
        "nationality) used by indicator computation.",
        columns=(
            ColumnSpec(
                "person_id",
                "text",
                "Person id",
                personal=True,
                aliases=("person", "pseudonym", "subject id"),
                checks=(
                    CheckSpec(
                        "not_matches",
                        "looks-like-a-name",
                        "This person id looks like a name; case events must carry a pseudonym, "
                        "never a name (use aspcore pseudonymise).",
                        {"pattern": NAME_LIKE},
                        Severity.WARNING,
                        title="not a name",
                    ),
                ),
            ),
            ColumnSpec("event", "text", "Event", aliases=("event type",)),
            ColumnSpec("date", "date", "Date", aliases=("event date",)),
            ColumnSpec("agency", "text", "Agency", aliases=("organisation", "recorded by")),
            ColumnSpec(
                "stage",
                "text",
                "Stage",
                required=False,
                nullable=True,
                aliases=("pathway stage",),
                checks=(
                    vocabulary_check(
                        "pathway-stage",
                        [s.value for s in PathwayStage],
                        "unknown-stage",
                        "'{value}' is not a pathway stage; use prevention, discovery, respite, "
                        "recovery or sustainable freedom.",
                    ),
                ),
            ),
            *disaggregation(),
        ),
        checks=(
            one_row_per(
                ("person_id", "event", "date", "agency"),
                "duplicate-event",
                "This event is recorded twice for the same person, date and agency.",
                Severity.WARNING,
            ),
        ),
    )
