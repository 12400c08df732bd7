"""Report formats that run another program, registered with the engine's export registry.

The PDF is the HTML report printed by a headless Chromium (Debian's `chromium` package):
the page's CSS `@page` margin boxes put the classification banner at the top and bottom of
every page with the page number, and the browser's own header and footer are turned off.
The engine stays free of subprocesses; this edge runs the browser in a temporary folder of
its own (profile included) and hands back the bytes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from engine.errors import UserError
from engine.report import exports
from engine.report.model import Report

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
"""Program names tried in turn on the PATH; `WARGAME_CHROMIUM` names one outright."""
PRINT_SECONDS = 180
"""How long the browser may take to print one report."""


def find_chromium() -> str | None:
    """The headless browser to print with: `$WARGAME_CHROMIUM`, or the first on the PATH."""
    named = os.environ.get("WARGAME_CHROMIUM")
    if named:
        return shutil.which(named)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def print_to_pdf(html: bytes) -> bytes:
    """Print an HTML page to PDF with headless Chromium.

    Raises:
        UserError: no Chromium is installed, or it failed or took too long.
    """
    chromium = find_chromium()
    if chromium is None:
        raise UserError(
            "cannot print the PDF: no Chromium found (install Debian's chromium package, "
            "or set WARGAME_CHROMIUM to the browser's path)"
        )
    with tempfile.TemporaryDirectory(prefix="wargame-pdf-") as folder:
        work = Path(folder)
        page, pdf = work / "aar.html", work / "aar.pdf"
        page.write_bytes(html)
        command = [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
            "--disable-background-networking",  # nothing leaves the machine while printing
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            f"--user-data-dir={work / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                timeout=PRINT_SECONDS,
                check=False,
                env={**os.environ, "HOME": str(work)},
            )
        except subprocess.TimeoutExpired:
            raise UserError(
                f"cannot print the PDF: {chromium} took more than {PRINT_SECONDS} s"
            ) from None
        except OSError as error:
            raise UserError(f"cannot print the PDF: {chromium}: {error.strerror}") from None
        if done.returncode != 0 or not pdf.exists() or pdf.stat().st_size == 0:
            last = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            raise UserError(f"cannot print the PDF: {chromium} exited {done.returncode}: {last[0]}")
        return pdf.read_bytes()


def _pdf(report: Report) -> bytes:
    from engine.report.render import as_html

    return print_to_pdf(as_html(report))


PDF = exports.Export(
    "pdf",
    (".pdf",),
    "application/pdf",
    _pdf,
    "the HTML printed by headless Chromium, banner and page number on every page",
)


def register_exports() -> None:
    """Add this edge's formats to the registry (safe to call more than once)."""
    exports.register(PDF)
