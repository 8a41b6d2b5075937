"""The embedded DuckDB store of validated returns, with quarantine and provenance.

>>> from aspcore.store import Store, summarise
>>> with Store("aspcore.duckdb") as store:            # doctest: +SKIP
...     print(summarise(store).to_text())
"""

from aspcore.store.layout import PROVENANCE, table_name
from aspcore.store.results import IngestResult, PreviousIngest
from aspcore.store.store import DEFAULT_STORE, Store
from aspcore.store.summary import IngestRecord, StoreSummary, TableSummary, summarise

__all__ = [
    "DEFAULT_STORE",
    "PROVENANCE",
    "IngestRecord",
    "IngestResult",
    "PreviousIngest",
    "Store",
    "StoreSummary",
    "TableSummary",
    "summarise",
    "table_name",
]
