"""The DOCX export: real headings, tables, the charts as PNG, the banner in header and footer.

Read back with python-docx; when LibreOffice is installed, also converted headless (with a
profile folder of its own) and its text checked for every section. CI does not install
LibreOffice (too large for its time); the conversion test is skipped cleanly without it.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from report_support import fake_explorer

from engine.journal.store import read_journal
from engine.report import build_report, exports
from engine.report.docx_export import chart_png

SECTIONS = (
    "Exercise Overview",
    "Executive Summary",
    "Analysis of Capabilities",
    "Improvement Plan",
    "Appendix A: Participants",
    "Appendix B: Acronyms",
)


@pytest.fixture(scope="module")
def docx_bytes(complete_journal: Path) -> bytes:
    report = build_report(read_journal(complete_journal), explorer=fake_explorer)
    return exports.named("docx").render(report)


def test_the_docx_has_real_headings_for_every_hseep_section(docx_bytes: bytes) -> None:
    doc = Document(io.BytesIO(docx_bytes))
    headings = [
        p.text for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 1"
    ]
    for section in SECTIONS:
        assert section in headings


def test_the_docx_has_the_banner_in_its_header_and_footer(docx_bytes: bytes) -> None:
    doc = Document(io.BytesIO(docx_bytes))
    section = doc.sections[0]
    assert section.header.paragraphs[0].text == "UNCLASSIFIED // FOR EXERCISE USE ONLY"
    assert section.footer.paragraphs[0].text == "UNCLASSIFIED // FOR EXERCISE USE ONLY"


def test_the_docx_improvement_plan_is_a_table_with_the_plans_columns(docx_bytes: bytes) -> None:
    doc = Document(io.BytesIO(docx_bytes))
    headers = [[cell.text for cell in table.rows[0].cells] for table in doc.tables]
    assert any(h[:3] == ["Core capability", "Issue / area for improvement", "Corrective action"]
               for h in headers)  # fmt: skip


def test_the_docx_carries_each_chart_as_a_png_image(
    docx_bytes: bytes, complete_journal: Path
) -> None:
    doc = Document(io.BytesIO(docx_bytes))
    report = build_report(read_journal(complete_journal), explorer=fake_explorer)
    images = list(doc.inline_shapes)
    assert len(images) == len(report.series) > 0
    assert chart_png(report.series[0]).startswith(b"\x89PNG")


def test_wargame_report_writes_a_docx_from_its_suffix(
    complete_journal: Path, tmp_path: Path
) -> None:
    from players.cli import main

    out = tmp_path / "aar.docx"
    assert main(["report", str(complete_journal), "-o", str(out), "--budget", "0"]) == 0
    assert out.read_bytes().startswith(b"PK")


@pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice is not installed (CI leaves it out: too large for its time)",
)
def test_libreoffice_opens_the_docx_without_losing_a_section(
    docx_bytes: bytes, tmp_path: Path
) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    assert office is not None
    source = tmp_path / "aar.docx"
    source.write_bytes(docx_bytes)
    subprocess.run(
        [office, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "txt:Text", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    text = (tmp_path / "aar.txt").read_text(encoding="utf-8", errors="replace")
    for section in SECTIONS:
        assert section in text
