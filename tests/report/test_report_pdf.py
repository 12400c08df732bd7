"""The PDF export, printed by a real headless Chromium and read back with poppler.

Skipped when Chromium or poppler-utils is missing (`.ci/run` installs both). The first pages,
rendered to PNG, are kept in `tests/artifacts/` for a reviewer to look at: the banner at the
top and bottom of each page, the page number at the bottom right.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from engine.journal.store import read_journal
from engine.report import build_report, exports
from players.report_exports import find_chromium, register_exports

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

pytestmark = pytest.mark.skipif(
    find_chromium() is None or shutil.which("pdftotext") is None,
    reason="needs chromium and poppler-utils (pdftotext); .ci/run installs them",
)


@pytest.fixture(scope="module")
def pdf(complete_journal: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    register_exports()
    report = build_report(read_journal(complete_journal), budget=50)
    path = tmp_path_factory.mktemp("pdf") / "aar.pdf"
    path.write_bytes(exports.named("pdf").render(report))
    return path


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    line = next(x for x in info.stdout.splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def _page_text(pdf: Path, page: int) -> list[str]:
    done = subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return [line.strip() for line in done.stdout.splitlines() if line.strip()]


def test_the_pdf_has_the_banner_at_the_top_and_bottom_of_every_page(pdf: Path) -> None:
    banner = "UNCLASSIFIED // FOR EXERCISE USE ONLY"
    pages = _pages(pdf)
    assert pages >= 2
    for page in range(1, pages + 1):
        lines = _page_text(pdf, page)
        assert lines[0] == banner, f"page {page} starts {lines[0]!r}"
        assert lines[-1].startswith(banner), f"page {page} ends {lines[-1]!r}"
        assert lines[-1].endswith(f"Page {page} of {pages}")


def test_the_pdf_pages_render_to_images_for_review(pdf: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "2",
            "-png",
            str(pdf),
            str(ARTIFACTS / "aar-pdf"),
        ],
        check=True,
    )
    assert (ARTIFACTS / "aar-pdf-1.png").stat().st_size > 1000


def test_wargame_report_writes_a_pdf_from_its_suffix(
    complete_journal: Path, tmp_path: Path
) -> None:
    from players.cli import main

    out = tmp_path / "aar.pdf"
    assert main(["report", str(complete_journal), "-o", str(out), "--budget", "0"]) == 0
    assert out.read_bytes().startswith(b"%PDF-")


def test_the_improvement_plans_dates_are_never_broken_across_lines(pdf: Path) -> None:
    text = "\n".join(
        "\n".join(_page_text(pdf, page)) for page in range(1, _pages(pdf) + 1)
    )
    plan = text[text.index("6. Improvement plan") :]
    assert "2025-04-01" in plan and "2025-06-30" in plan
