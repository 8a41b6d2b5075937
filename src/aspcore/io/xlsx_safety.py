"""Refusing workbooks built to make an XML reader misbehave, before any part of one is parsed.

A workbook is a zip file of XML parts.  Two things in one are never written by Excel and are
refused: parts that unpack to more than :data:`~aspcore.io.limits.MAX_UNPACKED_BYTES` (a zip
bomb), and XML that declares a DTD, the only place XML entities can be declared (an entity can
expand a billion times, or name a file on the reading machine).  Only each part's prolog is read
to find a DTD, which must come before the first element.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import IO
from xml.parsers import expat

from aspcore.errors import InputFileError
from aspcore.io import limits

__all__ = ["check_workbook"]

_XML_PARTS = (".xml", ".rels", ".vml")
_CHUNK = 1 << 16


class _PrologReadError(Exception):
    """Raised from the parser's handlers to stop it once the prolog has been read."""


def check_workbook(path: Path) -> None:
    """Raise :class:`InputFileError` if the workbook at ``path`` unpacks past the limit or
    declares a DTD in any part; a file that is not a zip file is left to the workbook reader."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return
    with archive:
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > limits.MAX_UNPACKED_BYTES:
            raise InputFileError(
                f"{path}: the workbook unpacks to {unpacked:,} bytes, over the limit of "
                f"{limits.MAX_UNPACKED_BYTES:,} bytes"
            )
        for info in archive.infolist():
            if info.filename.lower().endswith(_XML_PARTS):
                with archive.open(info) as stream:
                    if _declares_dtd(stream):
                        raise InputFileError(
                            f"{path}: the workbook's part {info.filename} declares a DTD (XML "
                            "entities), which Excel never writes; save the file again from Excel"
                        )


def _declares_dtd(stream: IO[bytes]) -> bool:
    """Whether the XML in ``stream`` declares a DTD before its first element."""
    parser = expat.ParserCreate()
    found = False

    def doctype(*_args: object) -> None:
        nonlocal found
        found = True
        raise _PrologReadError

    def element(*_args: object) -> None:
        raise _PrologReadError

    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = element
    try:
        while chunk := stream.read(_CHUNK):
            parser.Parse(chunk, False)
    except _PrologReadError:
        return found
    except (expat.ExpatError, zipfile.BadZipFile, OSError, zlib.error):
        return False  # malformed: the workbook reader says so
    return found
