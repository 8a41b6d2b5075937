"""Built-in plugin: the return schemas shipped with aspcore (:mod:`aspcore.schemas`).

Registered with ``trylast=True``, so a plugin's schema with a built-in's name replaces it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aspcore.hookspecs import hookimpl

if TYPE_CHECKING:
    from aspcore.schemas.spec import SchemaSpec

__all__ = ["aspcore_register_schemas"]


@hookimpl(trylast=True)
def aspcore_register_schemas() -> list[SchemaSpec]:
    """The built-in schemas, imported now that one is looked up."""
    from aspcore.schemas.registry import builtin_schemas

    return builtin_schemas()
