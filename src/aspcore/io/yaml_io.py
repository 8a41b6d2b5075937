"""Safe YAML reading that remembers line numbers and never builds Python objects.

Only YAML's plain data types are built (PyYAML's ``SafeLoader``); tags such as ``!!python/object``
are refused with an error naming the line.  Timestamps are *not* resolved, so ``2018-02-30`` stays
text and becomes a finding instead of a crash, and every mapping remembers its line and the keys
it was given more than once (YAML keeps only the last value of a repeated key; callers decide).

Input past the limits of :mod:`aspcore.io.limits` is refused naming the line: a file over
:data:`~aspcore.io.limits.MAX_YAML_BYTES`, lists and mappings nested more than
:data:`~aspcore.io.limits.MAX_NESTING` deep, aliases that expand to more than
:data:`~aspcore.io.limits.MAX_YAML_NODES` values (a kilobyte of aliases can mean hundreds of
megabytes once printed), and integers of more than
:data:`~aspcore.io.limits.MAX_NUMBER_DIGITS` digits.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

import yaml

from aspcore.errors import InputFileError
from aspcore.io import limits
from aspcore.io.bounded import read_regular_file

__all__ = ["LineDict", "Repeat", "load_yaml_file", "load_yaml_text", "without_repeats"]


class Repeat(NamedTuple):
    """A key given twice in one mapping: the key, and the lines (1-based) of both."""

    key: str
    first: int
    line: int


class LineDict(dict[str, Any]):
    """A dict that knows the line (1-based) of the YAML mapping it was read from, and the keys
    the mapping gave more than once (the dict holds the last value of each)."""

    line: int | None = None
    repeats: tuple[Repeat, ...] = ()


class _Loader(yaml.SafeLoader):
    """SafeLoader without implicit timestamps, building :class:`LineDict` mappings, that counts
    nesting and expanded aliases as it composes the document."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0
        self.expanded = 0
        self.sizes: dict[int, int] = {}

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        """Compose one node, refusing it past the nesting or alias-expansion limit."""
        event: yaml.Event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            target = self.anchors.get(event.anchor)
            self._count(self.sizes.get(id(target), 1), event)
            return super().compose_node(parent, index)
        collection = isinstance(event, yaml.CollectionStartEvent)
        if collection:
            self.depth += 1
            if self.depth > limits.MAX_NESTING:
                raise _refused(
                    f"lists and mappings nested more than {limits.MAX_NESTING} levels deep", event
                )
        before = self.expanded
        self._count(1, event)
        try:
            node = super().compose_node(parent, index)
        finally:
            self.depth -= 1 if collection else 0
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            self.sizes[id(node)] = self.expanded - before  # what an alias to it expands to
        return node

    def _count(self, values: int, event: yaml.Event) -> None:
        self.expanded += values
        if self.expanded > limits.MAX_YAML_NODES:
            raise _refused(
                f"aliases that expand the document past {limits.MAX_YAML_NODES:,} values", event
            )


def _refused(problem: str, event: yaml.Event) -> yaml.composer.ComposerError:
    """The error refusing the document at ``event``, which names its line and column."""
    mark: Any = event.start_mark  # PyYAML's or libyaml's mark: both print alike
    return yaml.composer.ComposerError(None, None, problem, mark)


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    lines: dict[str, int] = {}
    repeats: list[Repeat] = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool):
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be plain text", key_node.start_mark
            )
        text, line = str(key), key_node.start_mark.line + 1
        if text in lines:
            repeats.append(Repeat(text, lines[text], line))
        lines[text] = line
        result[text] = loader.construct_object(value_node, deep=True)
    result.repeats = tuple(repeats)
    return result


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> int:
    """An integer, refused past :data:`~aspcore.io.limits.MAX_NUMBER_DIGITS` digits (Python
    cannot read, or print, a longer one by default)."""
    try:
        value = loader.construct_yaml_int(node)
    except ValueError:
        value = None
    most = limits.MAX_NUMBER_DIGITS
    if value is None or (abs(value).bit_length() > 3 * most and abs(value) >= 10**most):
        digits = sum(c.isdigit() for c in str(node.value))
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"an integer of {digits:,} digits; at most {most:,} are read",
            node.start_mark,
        )
    return value


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def without_repeats(value: Any) -> tuple[Any, list[Repeat]]:
    """``value`` with every key given twice in any of its mappings left out, and those keys.

    A repeated key's values disagree, or one was meant to be another key: keeping either would
    read the file as its author may not have meant.
    """
    repeats: list[Repeat] = []

    def clean(item: Any) -> Any:
        if isinstance(item, LineDict):
            repeats.extend(item.repeats)
            dropped = {r.key for r in item.repeats}
            out = LineDict({k: clean(v) for k, v in item.items() if k not in dropped})
            out.line = item.line
            return out
        if isinstance(item, list):
            return [clean(v) for v in item]
        return item

    return clean(value), repeats


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
    """Read and parse a YAML file; a missing or undecodable file, a device or a file over
    :data:`~aspcore.io.limits.MAX_YAML_BYTES` raises :class:`InputFileError`."""
    raw = read_regular_file(path, limits.MAX_YAML_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"{path}: expected UTF-8 text, found a byte 0x{raw[exc.start]:02x} at offset "
            f"{exc.start} that is not UTF-8 (is it a binary file?)"
        ) from None
    return load_yaml_text(text, source=str(path))
