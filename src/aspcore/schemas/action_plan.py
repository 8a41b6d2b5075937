"""``action-plan``: the action plan table partnerships keep in a spreadsheet.

Derbyshire MSP's layout (``Action | Owner | Timescale | RAG Status``) plus the optional ``ID``,
``Objective``, ``Status`` and ``Progress`` columns: timescales must be readable, progress is a
percentage, status and RAG come from their vocabularies.
"""

from __future__ import annotations

from aspcore.model import ActionStatus, Rag
from aspcore.schemas.common import one_row_per, present, vocabulary_check
from aspcore.schemas.spec import CheckSpec, ColumnSpec, SchemaSpec

__all__ = ["action_plan"]


def action_plan() -> SchemaSpec:
    """The ``action-plan`` schema."""
    return SchemaSpec(
        name="action-plan",
        title="Action plan",
        description="A partnership's action plan: each action with its owner, timescale, "
        "delivery status, progress and reported RAG status.",
        columns=(
            ColumnSpec(
                "id",
                "text",
                "ID",
                required=False,
                nullable=True,
                aliases=("ref", "no", "action id"),
            ),
            ColumnSpec("objective", "text", "Objective", required=False, nullable=True),
            ColumnSpec(
                "action",
                "text",
                "Action",
                aliases=("actions", "action/task/activity", "task", "activity"),
            ),
            ColumnSpec(
                "owner",
                "text",
                "Owner",
                nullable=True,
                aliases=("lead", "responsible", "action owner"),
                checks=(present("missing-owner", "The action has no owner; name who leads it."),),
            ),
            ColumnSpec(
                "timescale",
                "text",
                "Timescale",
                nullable=True,
                aliases=("timescales", "timeframe", "by when"),
                checks=(
                    present(
                        "missing-timescale",
                        "The action has no timescale; say when it is "
                        "due (for example 'June 2016' or 'by December 2018').",
                    ),
                    CheckSpec(
                        "timescale",
                        "unreadable-timescale",
                        "'{value}' is not a timescale aspcore can read; write a month ('June "
                        "2016'), a range ('June to October 2018'), a year ('2016-17') or "
                        "'by <month>'.",
                        title="a readable timescale",
                    ),
                ),
            ),
            ColumnSpec(
                "status",
                "text",
                "Status",
                required=False,
                nullable=True,
                checks=(
                    vocabulary_check(
                        "action-status",
                        [s.value for s in ActionStatus],
                        "unknown-status",
                        "'{value}' is not an action status; use not started, in progress, "
                        "complete or cancelled.",
                    ),
                ),
            ),
            ColumnSpec(
                "progress",
                "number",
                "Progress",
                required=False,
                nullable=True,
                aliases=("progress %", "% complete", "percent complete"),
                checks=(
                    CheckSpec(
                        "between",
                        "progress-out-of-range",
                        "Progress is {value}, but it is a percentage from 0 to 100.",
                        {"min": 0, "max": 100},
                        title="0 to 100",
                    ),
                ),
            ),
            ColumnSpec(
                "rag_status",
                "text",
                "RAG Status",
                nullable=True,
                aliases=("rag", "rag rating", "rag status"),
                checks=(
                    present(
                        "missing-rag",
                        "The action has no RAG status; it will count as grey (no data).",
                    ),
                    vocabulary_check(
                        "rag",
                        [r.value for r in Rag],
                        "unknown-rag",
                        "'{value}' is not a RAG status; use red, amber, green, blue (complete) "
                        "or grey (no data).",
                    ),
                ),
            ),
        ),
        checks=(
            one_row_per(
                ("id",),
                "duplicate-id",
                "The ID '{value}' is used by another action; give each action its own ID.",
            ),
        ),
    )
