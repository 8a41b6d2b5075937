"""aspcore's version: the installed distribution's, or ``0.0.0`` in a source tree.

A module of its own, importing nothing of aspcore's, so the plugin manager can name the
built-ins' version without importing the package's features.
"""

from __future__ import annotations

from importlib import metadata

__all__ = ["__version__"]

try:
    __version__ = metadata.version("aspcore")
except metadata.PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"
