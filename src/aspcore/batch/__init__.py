"""The batch API: the same rules over frames of millions of rows, on any backend.

Each function takes a frame narwhals reads (pandas, polars eager or lazy, a DuckDB relation, a
PySpark DataFrame) and returns the same kind of frame with the rule's results as columns.  The
results are those of the per-plan engine, row for row; nothing loops over rows in Python.
See ``docs/batch.md``.

``compute_indicators`` (indicators computed from case data) is re-exported from
:mod:`aspcore.indicators`.
"""

from aspcore.batch.actions import action_status
from aspcore.batch.expression_rules import findings
from aspcore.batch.frames import FrameError
from aspcore.batch.indicators import indicator_status
from aspcore.batch.risk import risk_scores
from aspcore.indicators import compute_indicators

__all__ = [
    "FrameError",
    "action_status",
    "compute_indicators",
    "findings",
    "indicator_status",
    "risk_scores",
]
