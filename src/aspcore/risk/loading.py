"""Finding and reading risk schemes: bundled files, other files, and ruleset tables.

Schemes are found by name through a registry, a plain ``dict`` of name → file.
:func:`bundled_schemes` gives the schemes shipped with aspcore (``fife-4x4``,
``morile-style``); :func:`schemes_in` builds the same kind of mapping from any files or folders,
so a host or plugin can extend the registry with ``{**bundled_schemes(), **schemes_in(paths)}``.
A ruleset may also define schemes inline under ``[params.risk.schemes.NAME]``
(:func:`find_scheme`).  Every problem is a :class:`~aspcore.errors.RulesetError` naming the file
(or ruleset table) and what is wrong.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aspcore.errors import RulesetError
from aspcore.risk.factors import closest
from aspcore.risk.scheme import RiskScheme

if TYPE_CHECKING:
    from aspcore.plugins import Plugins

__all__ = [
    "available_schemes",
    "bundled_schemes",
    "bundled_schemes_dir",
    "did_you_mean",
    "find_scheme",
    "load_scheme",
    "read_scheme_file",
    "registered_schemes",
    "schemes_in",
]

_FOLDER = "risk-schemes"
_HOOK = "aspcore_register_risk_schemes"


def bundled_schemes_dir() -> Path:
    """The shipped schemes: inside the installed wheel, or ``rulesets/risk-schemes`` here."""
    packaged = Path(str(resources.files("aspcore"))) / "_rulesets" / _FOLDER
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "rulesets" / _FOLDER


def _read_toml(path: Path) -> dict[str, Any]:
    """A scheme file's TOML, read as rulesets are (no devices, bounded size and nesting)."""
    from aspcore.rules.ruleset import read_toml_file

    return read_toml_file(path, "risk scheme")


def schemes_in(paths: Iterable[str | Path]) -> dict[str, Path]:
    """Name → file for scheme files and folders of them (``*.toml``); later paths win a name.

    A file's name is its ``name`` key, or the file name without ``.toml``.
    """
    found: dict[str, Path] = {}
    for ref in paths:
        path = Path(ref)
        for file in sorted(path.glob("*.toml")) if path.is_dir() else [path]:
            name = _read_toml(file).get("name", file.stem)
            found[str(name)] = file
    return found


@functools.cache
def _bundled() -> tuple[tuple[str, Path], ...]:
    return tuple(schemes_in([bundled_schemes_dir()]).items())


def bundled_schemes() -> dict[str, Path]:
    """The schemes shipped with aspcore, name → file (a new dict the caller may extend)."""
    return dict(_bundled())


@functools.lru_cache(maxsize=64)
def _read_cached(path: Path, _mtime_ns: int, _size: int) -> RiskScheme:
    return RiskScheme.from_mapping(_read_toml(path), origin=str(path), default_name=path.stem)


def read_scheme_file(path: str | Path) -> RiskScheme:
    """Read and validate one scheme file (cached until the file changes)."""
    file = Path(path)
    try:
        stat = file.stat()
    except OSError:
        raise RulesetError(f"{file}: no such risk scheme file") from None
    return _read_cached(file.resolve(), stat.st_mtime_ns, stat.st_size)


def registered_schemes(plugins: Plugins) -> dict[str, Path]:
    """Risk scheme name → file, from every plugin's ``aspcore_register_risk_schemes``, once
    per manager.

    Each file is validated here, so a missing or invalid one is a failure of its plugin rather
    than an error of the rule that scores risks.
    """
    return plugins.memo(
        _HOOK, lambda: plugins.files(_HOOK, "risk scheme", lambda f: (read_scheme_file(f).name, f))
    )


def available_schemes(plugins: Plugins) -> dict[str, Path]:
    """Risk scheme name → file: the shipped schemes, and those plugins register (which win a
    name)."""
    return {**bundled_schemes(), **registered_schemes(plugins)}


def did_you_mean(name: str, names: Iterable[str]) -> str:
    """`` ; did you mean 'x'?`` for the closest of ``names``, or an empty string."""
    close = closest(name, names)
    return f"; did you mean '{close}'?" if close else ""


def load_scheme(
    name_or_path: str | Path, *, registry: Mapping[str, Path] | None = None
) -> RiskScheme:
    """A scheme by name (from ``registry``, the bundled schemes by default) or by file path.

    An unknown name raises :class:`RulesetError` with a did-you-mean and the known names.
    """
    known = bundled_schemes() if registry is None else registry
    if isinstance(name_or_path, str) and name_or_path in known:
        return read_scheme_file(known[name_or_path])
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        return read_scheme_file(path)
    name = str(name_or_path)
    raise RulesetError(
        f"no risk scheme named {name!r}{did_you_mean(name, known)} "
        f"(known schemes: {', '.join(sorted(known)) or 'none'})"
    )


def find_scheme(
    name: str,
    *,
    registry: Mapping[str, Path] | None = None,
    inline: Mapping[str, object] | None = None,
    origin: str = "ruleset",
) -> RiskScheme | None:
    """The scheme called ``name``: a ruleset's inline table first, then the registry.

    ``None`` when no scheme has that name; a scheme that exists but is invalid raises
    :class:`RulesetError`.  Inline tables are named ``{origin} [params.risk.schemes.NAME]``.
    """
    tables = inline or {}
    if name in tables:
        where = f"{origin} [params.risk.schemes.{name}]"
        table = tables[name]
        if isinstance(table, Mapping) and table.get("name", name) != name:
            raise RulesetError(
                f"{where}: 'name' is {table['name']!r}; leave it out or write {name!r}"
            )
        return RiskScheme.from_mapping(table, origin=where, default_name=name)
    known = bundled_schemes() if registry is None else registry
    return read_scheme_file(known[name]) if name in known else None
