"""The quarterly monitoring cycle: which returns are expected and late, and stored returns read
as a plan's observations.

:mod:`aspcore.monitoring.schedule` says which returns are expected and late;
:mod:`aspcore.monitoring.stored` reads the store (DuckDB is imported only when it is called).
"""

from aspcore.monitoring.readers import ReturnReader
from aspcore.monitoring.schedule import (
    DEFAULT_DUE_DAYS,
    ExpectedReturn,
    ReturnState,
    due_days_param,
    expected_returns,
)
from aspcore.monitoring.stored import RETURN_FINDINGS, with_returns

__all__ = [
    "DEFAULT_DUE_DAYS",
    "RETURN_FINDINGS",
    "ExpectedReturn",
    "ReturnReader",
    "ReturnState",
    "due_days_param",
    "expected_returns",
    "with_returns",
]
