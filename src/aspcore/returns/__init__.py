"""Validating and ingesting monitoring returns: the facade the command line calls.

>>> from aspcore.returns import validate_file, ingest_file
>>> report = validate_file("examples/returns/nrm-breakdown-scotland-2017.csv",
...                        "nrm-breakdown")                         # doctest: +SKIP
>>> report.valid, report.exit_code                                  # doctest: +SKIP
(True, 0)
"""

from aspcore.returns.ingest import file_sha256, ingest_file, ingest_time, store_checked
from aspcore.returns.validate import (
    Checked,
    check_file,
    check_table,
    validate_file,
    validate_files,
)

__all__ = [
    "Checked",
    "check_file",
    "check_table",
    "file_sha256",
    "ingest_file",
    "ingest_time",
    "store_checked",
    "validate_file",
    "validate_files",
]
