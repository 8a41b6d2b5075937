"""Built-in plugin that registers the rulesets and risk schemes shipped with aspcore."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from aspcore.hookspecs import hookimpl

__all__ = ["aspcore_register_risk_schemes", "aspcore_register_rulesets", "bundled_rulesets_dir"]


def bundled_rulesets_dir() -> Path:
    """The shipped rulesets: inside the installed wheel, or ``rulesets/`` in a checkout."""
    packaged = Path(str(resources.files("aspcore"))) / "_rulesets"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "rulesets"


@hookimpl(trylast=True)
def aspcore_register_rulesets() -> list[Path]:
    """The shipped rulesets folder."""
    return [bundled_rulesets_dir()]


@hookimpl(trylast=True)
def aspcore_register_risk_schemes() -> list[Path]:
    """The shipped risk schemes folder (``fife-4x4``, ``morile-style``)."""
    return [bundled_rulesets_dir() / "risk-schemes"]
