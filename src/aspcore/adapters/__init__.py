"""Adapters: readers that bring case-system exports into aspcore, registered by plugins.

>>> from aspcore.adapters import adapters, load_plan_from, data_from
>>> sorted(adapters())                                           # doctest: +SKIP
['ecins', 'nrm', 'returns-xlsx']
>>> plan = load_plan_from("ecins:examples/export")              # doctest: +SKIP
>>> data = data_from("nrm:tables.xlsx")                          # doctest: +SKIP
>>> data.frame("nrm-breakdown")                                  # doctest: +SKIP

A plugin provides adapters through the ``aspcore_register_adapters`` hook (see the adapters
reference, ``docs/plugins/adapters.md``); the command line takes ``--from ADAPTER:PATH`` on
``check``, ``indicators`` and ``ingest`` and calls the helpers here.
"""

from aspcore.adapters.grid import Grid, header_keys
from aspcore.adapters.model import (
    PROVENANCE_COLUMNS,
    Adapter,
    AdapterData,
    DataReader,
    PlanReader,
    row_finding,
)
from aspcore.adapters.registry import (
    HOOK,
    AdapterRef,
    adapters,
    get_adapter,
    parse_from,
    parse_options,
)
from aspcore.adapters.use import AdapterIngest, data_from, ingest_from, load_plan_from

__all__ = [
    "HOOK",
    "PROVENANCE_COLUMNS",
    "Adapter",
    "AdapterData",
    "AdapterIngest",
    "AdapterRef",
    "DataReader",
    "Grid",
    "PlanReader",
    "adapters",
    "data_from",
    "get_adapter",
    "header_keys",
    "ingest_from",
    "load_plan_from",
    "parse_from",
    "parse_options",
    "row_finding",
]
