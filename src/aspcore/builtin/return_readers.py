"""Built-in plugin: the reader of stored ``indicator-return`` rows
(:mod:`aspcore.monitoring.readers`).

Registered with ``trylast=True``, so a plugin's reader of the same schema replaces it.
"""

from __future__ import annotations

from aspcore.hookspecs import hookimpl
from aspcore.monitoring.readers import ReturnReader, indicator_return_reader

__all__ = ["aspcore_register_return_readers"]


@hookimpl(trylast=True)
def aspcore_register_return_readers() -> list[ReturnReader]:
    """The ``indicator-return`` reader."""
    return [indicator_return_reader]
