"""The file names aspcore uses when none is given.

A module of its own, importing nothing, so the command line can show these defaults in its help
without importing the store (and with it DuckDB and the dataframe libraries).
"""

from __future__ import annotations

__all__ = ["DEFAULT_STORE"]

#: The store file used when none is named.
DEFAULT_STORE = "aspcore.duckdb"
