"""The example board report, opened in headless Chromium as a person would open it.

Chromium (Debian's ``/usr/bin/chromium``) parses the page and dumps its DOM, which must hold the
headline, the four Gloucestershire sections and the charts, and takes a screenshot, kept as
``build/test-artifacts/board-report.png``.  With ``ASPCORE_UPDATE_SNAPSHOTS=1`` the top of the
page is also written to ``docs/img/board-report.png``, the picture in the docs.

Without Chromium the test is skipped on a developer's machine but fails in CI (``CI`` set).
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from aspcore.model import Plan
from aspcore.report import write_report
from aspcore.rules.evaluation import Evaluation

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "build" / "test-artifacts"
DOCS_PICTURE = ROOT / "docs" / "img" / "board-report.png"
WIDTH, HEIGHT = 1280, 7200
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("Chromium is missing: install it with 'apt-get install -y chromium'")
    pytest.skip("Chromium is not installed (apt-get install -y chromium)")


def _run(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


@pytest.fixture(scope="module")
def page(example: tuple[Plan, Evaluation], tmp_path_factory: pytest.TempPathFactory) -> Path:
    plan, evaluation = example
    return write_report(evaluation, plan, tmp_path_factory.mktemp("report") / "board.html")


def test_chromium_renders_the_page_and_its_charts(page: Path, tmp_path: Path) -> None:
    chromium = _chromium()
    dom = _run(chromium, tmp_path / "profile", "--dump-dom", page.as_uri()).stdout
    assert "<h1>Partnership board report: Northshire Modern Slavery Partnership</h1>" in dom
    assert 'aria-label="Where the partnership stands"' in dom
    for section in ("progress", "problems", "priorities", "points", "actions", "risks"):
        assert f'<section id="{section}">' in dom, section
    assert dom.count('role="img"') >= 2
    assert 'aria-labelledby="ratings-1-t ratings-1-d"' in dom  # the pillar bars
    assert "Risk heat map" in dom


def test_chromium_screenshot_is_kept_as_an_artifact(page: Path, tmp_path: Path) -> None:
    chromium = _chromium()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "board-report.png"
    shot.unlink(missing_ok=True)
    _run(
        chromium,
        tmp_path / "profile",
        f"--window-size={WIDTH},{HEIGHT}",
        f"--screenshot={shot}",
        page.as_uri(),
    )
    assert png_size(shot) == (WIDTH, HEIGHT)
    assert shot.stat().st_size > 200_000, "the screenshot is nearly empty"
    if os.environ.get("ASPCORE_UPDATE_SNAPSHOTS") == "1":
        DOCS_PICTURE.parent.mkdir(parents=True, exist_ok=True)
        _run(
            chromium,
            tmp_path / "profile",
            f"--window-size={WIDTH},1500",
            f"--screenshot={DOCS_PICTURE}",
            page.as_uri(),
        )
        assert png_size(DOCS_PICTURE) == (WIDTH, 1500)
