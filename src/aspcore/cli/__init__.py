"""The ``aspcore`` command line: parse arguments, call the library, print.

Exit codes: 0 ran (and nothing reached ``--fail-on``), 1 findings at or above ``--fail-on`` (or an
invalid return), 2 unusable input or arguments, reported in one paragraph without a traceback.
"""

from __future__ import annotations

from aspcore.cli import check as _check  # noqa: F401  (registers commands)
from aspcore.cli import history as _history  # noqa: F401  (registers commands)
from aspcore.cli import indicators as _indicators  # noqa: F401  (registers commands)
from aspcore.cli import meta as _meta  # noqa: F401  (registers commands)
from aspcore.cli import monitoring as _monitoring  # noqa: F401  (registers commands)
from aspcore.cli import report as _report  # noqa: F401  (registers commands)
from aspcore.cli import returns as _returns  # noqa: F401  (registers commands)
from aspcore.cli import scaffold as _scaffold  # noqa: F401  (registers commands)
from aspcore.cli.app import app, plain_help

__all__ = ["app", "main"]

plain_help(app)


def main() -> None:
    """Entry point of the ``aspcore`` console script."""
    app()
