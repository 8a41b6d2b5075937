"""The embedded DuckDB store of validated returns, with quarantine and provenance, and of every
evaluation recorded (``aspcore check --record``).

>>> from aspcore.store import Store, summarise
>>> with Store("aspcore.duckdb") as store:            # doctest: +SKIP
...     print(summarise(store).to_text())
"""

from aspcore.store.history import (
    Changes,
    RecordedEvaluation,
    changes,
    find_evaluation,
    history,
    plugin_versions,
    record_evaluation,
)
from aspcore.store.layout import PROVENANCE, table_name
from aspcore.store.results import IngestResult, PreviousIngest
from aspcore.store.store import DEFAULT_STORE, Store
from aspcore.store.summary import IngestRecord, StoreSummary, TableSummary, summarise

__all__ = [
    "DEFAULT_STORE",
    "PROVENANCE",
    "Changes",
    "IngestRecord",
    "IngestResult",
    "PreviousIngest",
    "RecordedEvaluation",
    "Store",
    "StoreSummary",
    "TableSummary",
    "changes",
    "find_evaluation",
    "history",
    "plugin_versions",
    "record_evaluation",
    "summarise",
    "table_name",
]
