"""``aspcore new-plugin``: create a ready plugin package whose own tests pass straight away.

The package holds a pyproject with the ``aspcore`` entry point; a module with one rule, the hook
shipping one ruleset (which adds a second rule) and one indicator measure (``p90``); an example
plan whose indicator is computed with that measure from a small example data file; tests that
use aspcore's pytest fixtures on that plan; and a README whose commands run as written from the
package's folder.  Files are rendered from templates shipped with aspcore; names are checked so
the result is an importable package.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from aspcore.errors import InputFileError

__all__ = ["create_plugin"]

_NAME = re.compile(r"^[a-z][a-z0-9-]{1,40}$")
_TEMPLATES = {
    "pyproject.toml.tmpl": "pyproject.toml",
    "README.md.tmpl": "README.md",
    "plugin.py.tmpl": "src/{module}/__init__.py",
    "ruleset.toml.tmpl": "src/{module}/{slug}.toml",
    "test_plugin.py.tmpl": "tests/test_{module}.py",
    "plan.yaml.tmpl": "examples/plan.yaml",
    "waits.csv.tmpl": "examples/waits.csv",
}


def create_plugin(name: str, parent: Path) -> Path:
    """Write the plugin package ``aspcore-<name>`` into ``parent``; returns its folder."""
    slug = name.removeprefix("aspcore-").strip().lower()
    if not _NAME.match(slug):
        raise InputFileError(
            f"plugin name {name!r}: expected lower-case letters, digits and hyphens, "
            "starting with a letter (e.g. 'northshire')"
        )
    module = "aspcore_" + slug.replace("-", "_")
    target = parent / f"aspcore-{slug}"
    if target.exists():
        raise InputFileError(f"{target}: already exists; choose another name or folder")
    values = {"slug": slug, "module": module, "rule_prefix": slug.upper().replace("-", "")[:12]}
    folder = resources.files("aspcore.scaffold") / "templates"
    for template, relative in _TEMPLATES.items():
        text = (folder / template).read_text(encoding="utf-8")
        for key, value in values.items():
            text = text.replace("{{" + key + "}}", value)
        path = target / relative.format(**values)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return target
