"""Safe YAML reading that remembers line numbers and never builds Python objects.

Only YAML's plain data types are built (PyYAML's ``SafeLoader``); tags such as ``!!python/object``
are refused with an error naming the line.  Timestamps are *not* resolved, so ``2018-02-30`` stays
text and becomes a finding instead of a crash, and every mapping remembers its line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from aspcore.errors import InputFileError

__all__ = ["LineDict", "load_yaml_file", "load_yaml_text"]


class LineDict(dict[str, Any]):
    """A dict that knows the line (1-based) of the YAML mapping it was read from."""

    line: int | None = None


class _Loader(yaml.SafeLoader):
    """SafeLoader without implicit timestamps, building :class:`LineDict` mappings."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool):
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be plain text", key_node.start_mark
            )
        result[str(key)] = loader.construct_object(value_node, deep=True)
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml_text(text: str, *, source: str = "<text>") -> Any:
    """Parse YAML text safely; malformed YAML or unsafe tags raise :class:`InputFileError`."""
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{source}, line {mark.line + 1}, column {mark.column + 1}" if mark else source
        problem = exc.problem or exc.context or "invalid YAML"
        if "could not determine a constructor" in str(problem):
            problem = f"{problem}; only plain YAML data is allowed (no language-specific tags)"
        raise InputFileError(f"{where}: expected a YAML document, found {problem}") from None
    except yaml.YAMLError as exc:
        raise InputFileError(f"{source}: expected a YAML document: {exc}") from None


def load_yaml_file(path: Path) -> Any:
    """Read and parse a YAML file; a missing or undecodable file raises :class:`InputFileError`."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputFileError(f"{path}: expected a file, found a directory") from None
    except OSError as exc:
        raise InputFileError(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"{path}: expected UTF-8 text, found a byte 0x{raw[exc.start]:02x} at offset "
            f"{exc.start} that is not UTF-8 (is it a binary file?)"
        ) from None
    return load_yaml_text(text, source=str(path))
