"""The HTML report in a real headless browser: it loads with no console error and no network.

Skipped when no Chromium is installed, failed instead in CI (`.ci/run` installs it). The
screenshot is kept in `tests/artifacts/aar.png` for a reviewer to look at: the banner on top
and at the bottom, the status box, the overview table, then the rest of the report.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from fixtures import browser

from engine.journal.store import read_journal
from engine.report import build_report, render

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def _chromium() -> str | None:
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _flags(profile: Path) -> list[str]:
    return [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
    ]


def test_the_html_report_names_no_external_url(complete_journal: Path) -> None:
    html = render(build_report(read_journal(complete_journal)), "html")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.IGNORECASE)
    assert "@import" not in html and "url(" not in html


def test_the_html_report_opens_in_chromium_without_console_errors(
    complete_journal: Path, tmp_path: Path
) -> None:
    chromium = _chromium()
    if chromium is None:
        browser.missing("chromium (or chromium-browser)")  # in CI: a failure, not a skip
        return
    page = tmp_path / "aar.html"
    page.write_text(render(build_report(read_journal(complete_journal)), "html"), "utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "aar.png"
    shot = subprocess.run(
        [
            chromium,
            *_flags(tmp_path / "profile-shot"),
            f"--screenshot={screenshot}",
            "--window-size=1200,2000",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert screenshot.exists() and screenshot.stat().st_size > 10_000, shot.stderr[-2000:]
    dom = subprocess.run(
        [chromium, *_flags(tmp_path / "profile-dom"), "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert dom.returncode == 0, dom.stderr[-2000:]
    for stderr in (shot.stderr, dom.stderr):
        console = [
            line for line in stderr.splitlines() if "Uncaught" in line or "CONSOLE" in line
        ]
        assert not console, "\n".join(console)
    assert 'id="ev-' in dom.stdout
    assert "UNCLASSIFIED // FOR EXERCISE USE ONLY" in dom.stdout
    assert "<script" not in dom.stdout.lower()
