"""The DOCX export: real headings, tables, the charts as PNG, the banner in header and footer.

Read back with python-docx; when LibreOffice is installed, also converted headless (with a
profile folder of its own) and its text checked for every section. CI does not install
LibreOffice (too large for its time); the conversion test is skipped cleanly without it.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from report_support import fake_explorer

from engine.journal.store import read_journal
from engine.report import build_report, exports, journal_sha256
from engine.report.docx_export import chart_png
from engine.report.model import Report

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject
    from docx.table import Table

SECTIONS = (
    "Exercise Overview",
    "Executive Summary",
    "Analysis of Capabilities",
    "Improvement Plan",
    "Appendix A: Participants",
    "Appendix B: Acronyms",
    "Appendix E: Notes",
    "Appendix F: Participant feedback",
    "Appendix G: Journal",
)
FACTS = ("Exercise name", "Journal")
"""The first cells of the two label/value tables (overview, journal): they have no header."""


@pytest.fixture(scope="module")
def docx_bytes(complete_journal: Path) -> bytes:
    return exports.named("docx").render(_report(complete_journal))


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


def _report(journal: Path) -> Report:
    return build_report(
        read_journal(journal), journal_sha256=journal_sha256(journal), explorer=fake_explorer
    )


def _heading_key(text: str) -> str:
    """A heading as both formats can be compared: no section number, no case."""
    return re.sub(r"^\d+\.\s*", "", " ".join(text.split())).casefold()


def test_the_docx_has_every_heading_the_html_has_at_the_same_level(
    docx_bytes: bytes, complete_journal: Path
) -> None:
    page = exports.named("html").render(_report(complete_journal)).decode()
    in_html = {
        (int(level) - 1, _heading_key(html.unescape(re.sub(r"<[^>]+>", "", text))))
        for level, text in re.findall(r"<h([234])[^>]*>(.*?)</h\1>", page, re.S)
    }
    doc = Document(io.BytesIO(docx_bytes))
    in_docx = {
        (int(p.style.name.removeprefix("Heading ")), _heading_key(p.text))
        for p in doc.paragraphs
        if p.style is not None and p.style.name.startswith("Heading ")
    }
    assert {(2, "key decisions and their consequences"), (1, "appendix g: journal")} <= in_html
    assert in_html - in_docx == set()


def _text(doc: DocumentObject) -> str:
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_docx_ties_itself_to_its_journal(docx_bytes: bytes, complete_journal: Path) -> None:
    report = _report(complete_journal)
    text = _text(Document(io.BytesIO(docx_bytes)))
    assert report.appendix.journal_sha256 is not None
    assert report.appendix.journal_sha256 in text
    assert report.appendix.scenario_hash in text
    assert report.appendix.engine_version in text


def test_the_docx_has_the_key_decisions_the_rating_counts_and_the_notes(
    docx_bytes: bytes, complete_journal: Path
) -> None:
    report = _report(complete_journal)
    doc = Document(io.BytesIO(docx_bytes))
    headers = [[cell.text for cell in table.rows[0].cells] for table in doc.tables]
    assert ["Decision", "Cell", "Option chosen", "Consequences"] in headers
    assert ["Rating", "Meaning", "Critical tasks"] in headers
    assert ["#", "Turn", "Scenario time", "Kind", "Tags", "Note"] in headers
    text = _text(doc)
    assert report.summary.key_decisions and report.appendix.notes
    for step in report.summary.key_decisions:
        for change in step.changes:
            assert f"{change.label} {change.before} → {change.after}" in text
    for note in report.appendix.notes:
        assert note.text in text


def test_every_docx_table_repeats_its_header_row_and_never_splits_a_row(
    docx_bytes: bytes,
) -> None:
    doc = Document(io.BytesIO(docx_bytes))
    assert len(doc.tables) > 10
    for table in doc.tables:
        rows = [row._tr for row in table.rows]
        if table.rows[0].cells[0].text not in FACTS:
            assert rows[0].trPr is not None
            assert rows[0].trPr.find(qn("w:tblHeader")) is not None, table.rows[0].cells[0].text
        for tr in rows:
            assert tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None


def test_the_improvement_plan_is_on_a_landscape_page_its_columns_fitting(
    docx_bytes: bytes,
) -> None:
    doc = Document(io.BytesIO(docx_bytes))
    plan = next(t for t in doc.tables if t.rows[0].cells[0].text == "Core capability")
    plan_section = _section_of(doc, plan)
    landscape = doc.sections[plan_section]
    assert landscape.orientation == WD_ORIENT.LANDSCAPE
    assert landscape.page_width is not None and landscape.page_height is not None
    assert landscape.page_width > landscape.page_height
    assert doc.sections[0].orientation == WD_ORIENT.PORTRAIT
    assert doc.sections[plan_section + 1].orientation == WD_ORIENT.PORTRAIT
    assert all(column.width is not None for column in plan.columns)
    _assert_fits(doc, plan)


def test_the_docx_timeline_and_notes_have_column_widths_that_fit_a_portrait_page(
    docx_bytes: bytes,
) -> None:
    doc = Document(io.BytesIO(docx_bytes))
    for header in (["#", "Turn", "Scenario time", "What"], ["#", "Turn", "Scenario time", "Kind"]):
        table = next(t for t in doc.tables if [c.text for c in t.rows[0].cells][:4] == header)
        assert doc.sections[_section_of(doc, table)].orientation == WD_ORIENT.PORTRAIT
        widths = [column.width or 0 for column in table.columns]
        assert widths[0] * 2 < widths[-1]  # sized to their content, not python-docx's even split
        assert not table.autofit
        _assert_fits(doc, table)


def _section_of(doc: DocumentObject, table: Table) -> int:
    """The index of the section a table is in."""
    section = 0
    for element in doc.element.body.iterchildren():
        if element is table._tbl:
            return section
        if element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            section += 1  # a paragraph holding a section's properties ends that section
    raise AssertionError("the table is not in the document's body")


def _assert_fits(doc: DocumentObject, table: Table) -> None:
    """The table's fixed column widths add up to no more than its section's text width."""
    section = doc.sections[_section_of(doc, table)]
    page, left, right = section.page_width, section.left_margin, section.right_margin
    assert page is not None and left is not None and right is not None
    assert sum(column.width or 0 for column in table.columns) <= page - left - right
