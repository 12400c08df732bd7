"""The report as a Word document (python-docx), for the writer to finish in Word or LibreOffice.

Real headings (Heading 1 and 2, so Word's navigation pane and table of contents see them),
real tables, the classification banner in every page's header and footer, and the situation
charts as PNG images (python-docx cannot embed SVG), drawn with Pillow from the same numbers
the HTML's SVG uses. Built from the same report model as every other format, with every
section and heading the HTML has. Tables print: each header row repeats on every page, no row
splits across pages, and the improvement plan's eight columns sit on a landscape page.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from engine.play.evaluation import FEEDBACK_ANSWERS
from engine.report.charts import line_chart
from engine.report.model import or_to_be_assigned

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject
    from docx.section import Section
    from docx.table import Table, _Row

    from engine.report.model import (
        EventRef,
        FeedbackEntry,
        Finding,
        Participant,
        Report,
        Series,
        TaskRating,
    )

PLAN_WIDTHS = (1.1, 1.5, 1.5, 1.0, 1.1, 0.9, 0.85, 1.05)
"""The improvement plan's column widths in inches: 9 inches, a landscape Letter page's text."""
TIMELINE_WIDTHS = (0.45, 0.55, 0.85, 1.5, 1.0, 1.65)
"""The timeline's column widths in inches: 6 inches, a portrait Letter page's text."""
NOTES_WIDTHS = (0.55, 0.5, 0.85, 1.0, 1.4, 1.7)
"""The notes appendix's column widths in inches (6 inches)."""
MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _refs(refs: list[EventRef]) -> str:
    return ", ".join(f"#{r.seq} {r.kind} {r.clock}" for r in refs) or "—"


def _table(
    doc: DocumentObject,
    header: list[str],
    rows: list[list[str]],
    widths: tuple[float, ...] = (),
    font_pt: float | None = None,
) -> None:
    """A table whose header row repeats on every page and whose rows never split across pages.

    ``widths`` (inches, one a column) fixes the column widths, for the tables too wide for
    Word's automatic layout, narrowed in proportion when the page's text is narrower;
    ``font_pt`` sets the size of every cell's text.
    """
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    _mark(table.rows[0], "w:tblHeader")
    for row in rows:
        added = table.add_row()
        for cell, text in zip(added.cells, row, strict=True):
            cell.text = text
    for row in table.rows:
        _mark(row, "w:cantSplit")
    if widths:
        _fix_widths(table, widths, _text_width(doc.sections[-1]))
    if font_pt is not None:
        _font(table, font_pt)
    doc.add_paragraph()


def _table_or(
    doc: DocumentObject,
    empty: str,
    header: list[str],
    rows: list[list[str]],
    widths: tuple[float, ...] = (),
) -> None:
    """A table of the rows (see `_table`), or the sentence ``empty`` when there are none."""
    if rows:
        _table(doc, header, rows, widths, font_pt=9 if widths else None)
    else:
        doc.add_paragraph(empty)


def _mark(row: _Row, tag: str) -> None:
    """Set an on/off property of a table row (``w:tblHeader``, ``w:cantSplit``)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    if properties.find(qn(tag)) is None:
        properties.append(OxmlElement(tag))


def _text_width(section: Section) -> int:
    """The width of a section's text (the page less its side margins), in EMU."""
    return (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)


def _fix_widths(table: Table, widths: tuple[float, ...], available: int) -> None:
    """Fixed column widths, set on the grid (LibreOffice reads it) and on every cell (Word)."""
    from docx.shared import Emu, Inches

    scale = min(1.0, available / sum(Inches(w) for w in widths))
    emus = [Emu(int(Inches(w) * scale)) for w in widths]
    table.autofit = False
    for column, width in zip(table.columns, emus, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, emus, strict=True):
            cell.width = width


def _font(table: Table, size: float) -> None:
    from docx.shared import Pt

    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(size)


def _facts(doc: DocumentObject, rows: list[tuple[str, str]]) -> None:
    """A two-column table of labels and values (no header row); its rows never split."""
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        added = table.add_row()
        cells = added.cells
        cells[0].text = label
        cells[0].paragraphs[0].runs[0].bold = True
        cells[1].text = value or "—"
        _mark(added, "w:cantSplit")
    doc.add_paragraph()


def chart_png(series: Series, scale: int = 2) -> bytes:
    """A line chart of one series as PNG bytes: the SVG chart's geometry, drawn by Pillow."""
    from PIL import Image, ImageDraw

    chart = line_chart(series)
    image = Image.new("RGB", (chart.width * scale, chart.height * scale), "white")
    draw = ImageDraw.Draw(image)

    def at(x: float, y: float) -> tuple[float, float]:
        return x * scale, y * scale

    for y, value in chart.y_ticks:
        draw.line([at(chart.left, y), at(chart.width - chart.right, y)], fill="#d5dae3")
        draw.text(at(4, y - 5), str(value), fill="#5b6475")
    for y, label in chart.lines:
        draw.line([at(chart.left, y), at(chart.width - chart.right, y)], fill="#b3261e", width=1)
        draw.text(at(chart.left + 4, y - 12), label, fill="#b3261e")
    for x, _ in chart.marks:
        draw.line([at(x, chart.top), at(x, chart.height - chart.bottom)], fill="#8a3ffc")
    for x, label in chart.x_labels:
        draw.text(at(x - 6, chart.height - 20), label, fill="#5b6475")
    points = [at(x, y) for x, y, _, _ in chart.dots]
    if len(points) > 1:
        draw.line(points, fill="#1f5fa8", width=2 * scale)
    for x, y in points:
        draw.ellipse([x - 3 * scale, y - 3 * scale, x + 3 * scale, y + 3 * scale],
                     outline="#1f5fa8", fill="white", width=scale)  # fmt: skip
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _finding(doc: DocumentObject, finding: Finding) -> None:
    paragraph = doc.add_paragraph(style="List Bullet")
    paragraph.add_run("Observation: ").bold = True
    paragraph.add_run(finding.text)
    for label, text in (
        ("Reference", finding.reference),
        ("Analysis", finding.analysis),
        ("Recommendation", finding.recommendation),
    ):
        if text:
            line = doc.add_paragraph()
            line.add_run(f"{label}: ").bold = True
            line.add_run(text)
    doc.add_paragraph(f"Rests on: {_refs(finding.refs)}")


def as_docx(report: Report) -> bytes:
    """The report as the bytes of a .docx file."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Inches

    o = report.overview
    doc = Document()
    section = doc.sections[0]
    for part in (section.header, section.footer):
        banner = part.paragraphs[0]
        banner.text = o.classification
        banner.alignment = WD_ALIGN_PARAGRAPH.CENTER
        banner.runs[0].bold = True
    doc.core_properties.title = f"AAR/IP: {o.name}"
    doc.add_heading("After-Action Report / Improvement Plan", level=0)
    doc.add_paragraph(f"{o.name} · {o.dates}")
    if not report.status.complete:
        doc.add_paragraph("INCOMPLETE: " + "; ".join(report.status.problems) + ".")

    doc.add_heading("Exercise Overview", level=1)
    _facts(doc, [
        ("Exercise name", o.name),
        ("Exercise dates", o.dates),
        ("Duration", f"{o.duration}; scenario time {o.scenario_span}; "
                     f"{o.turns_played} of {o.turns_planned} turns"),
        ("Type", o.exercise_type), ("Location", o.location), ("Scope", o.scope),
        ("Mission area", o.mission_area), ("Core capabilities", ", ".join(o.capabilities)),
        ("Objectives", "\n".join(f"{i}. {x.text}" for i, x in enumerate(o.objectives, 1))),
        ("Threat or hazard", o.threat), ("Scenario", _plain(o.summary)),
        ("Sponsor", o.sponsor), ("Point of contact", o.point_of_contact),
        ("Participating organisations", ", ".join(o.organisations)),
        ("Participants", f"{len(o.attendees)} (see Appendix A)" if o.attendees
                         else "no roster in the journal"),
        ("Evaluators", ", ".join(o.evaluators)),
        ("Scenario file", f"{o.scenario_id} (seed {o.seed}); "
                          f"written by {', '.join(o.authors) or '—'}"),
    ])  # fmt: skip
    _objectives_and_cells(doc, report)

    doc.add_heading("Executive Summary", level=1)
    for paragraph in report.summary.paragraphs:
        doc.add_paragraph(paragraph)
    doc.add_heading("Major strengths", level=2)
    for f in report.summary.major_strengths or ():
        doc.add_paragraph(f.text, style="List Bullet")
    if not report.summary.major_strengths:
        doc.add_paragraph("No strength was recorded.")
    doc.add_heading("Primary areas for improvement", level=2)
    for f in report.summary.primary_improvements:
        doc.add_paragraph(f.text, style="List Bullet")
    if not report.summary.primary_improvements:
        doc.add_paragraph("No area for improvement was recorded.")
    _table(doc, ["Rating", "Meaning", "Critical tasks"], [
        *([x.code, x.words, str(x.count)] for x in report.summary.ratings),
        ["–", "Not rated", str(report.summary.unrated_tasks)],
    ])  # fmt: skip
    doc.add_heading("Path taken", level=2)
    for step in report.summary.path:
        how = "took the default" if step.defaulted else "chose"
        outcome = f", {step.outcome_words}" if step.outcome else ""
        doc.add_paragraph(
            f"Turn {step.ref.turn}, {step.ref.clock}: {step.cell_name} {how} "
            f"“{step.option_label}” in “{step.prompt}”{outcome}",
            style="List Number",
        )
    if not report.summary.path:
        doc.add_paragraph("No choice was recorded.")
    _key_decisions(doc, report)

    doc.add_heading("Analysis of Capabilities", level=1)
    _table(doc, ["Objective", "Core capability", "Rating", "Critical tasks", "Set by"], [
        [a.text, a.capability, f"{a.rating.code or '–'} {a.rating.words}", a.rating.spread,
         ("proposed by the report" if a.rating.code else "—") if a.rating.proposed
         else (a.rating.evaluator or "an evaluator")]
        for a in report.analysis.objectives
    ])  # fmt: skip
    for a in report.analysis.objectives:
        doc.add_heading(a.capability, level=2)
        doc.add_paragraph(f"Objective: {a.text}")
        _table(doc, ["Critical task", "Rating", "Observation", "Evaluator", "Rests on"], [
            [t.text, f"{t.rating or '–'} {t.rating_words}", t.observation or "—",
             _raters(t), _refs(t.refs)]
            for t in a.tasks
        ])  # fmt: skip
        for title, findings in (
            ("Strengths", a.strengths),
            ("Areas for improvement", a.improvements),
            ("Other observations", a.observations),
        ):
            if findings or title != "Other observations":
                doc.add_heading(title, level=3)
            for f in findings:
                _finding(doc, f)
            if not findings and title != "Other observations":
                doc.add_paragraph("None recorded.")
    _general_findings(doc, report)

    doc.add_heading("Decisions and the options not taken", level=1)
    doc.add_paragraph(report.branch_note)
    for b in report.branches:
        doc.add_heading(b.prompt, level=3)
        doc.add_paragraph(f"Turn {b.turn}, {b.clock}: {b.note}")
        for opt in b.options:
            taken = f" (chosen by {', '.join(opt.chosen_by)})" if opt.chosen_by else ""
            odds = ", ".join(f"{s.ending} {s.share * 100:.0f}%" for s in opt.leads_to)
            doc.add_paragraph(f"{opt.label}{taken}{': ' + odds if odds else ''}",
                              style="List Bullet")  # fmt: skip

    doc.add_heading("Situation", level=1)
    for series in report.series:
        doc.add_paragraph(f"{series.label} ({series.points[0][1]} → {series.points[-1][1]})"
                          + (f": {series.description}" if series.description else ""))  # fmt: skip
        doc.add_picture(io.BytesIO(chart_png(series)), width=Inches(6))
    _table(doc, ["Variable", "Start", "End"], [
        [v.label, _value(v.initial), _value(v.final)] for v in report.final_values
    ])  # fmt: skip

    _new_section(doc, landscape=True)
    doc.add_heading("Improvement Plan", level=1)
    _table(
        doc,
        ["Core capability", "Issue / area for improvement", "Corrective action",
         "Capability element", "Primary responsible organisation", "Point of contact",
         "Start date", "Completion date"],
        [[or_to_be_assigned(value) for value in (
            row.capability, row.issue, row.corrective_action, row.capability_element,
            row.responsible, row.contact, row.start, row.completion)]
         for row in report.plan],
        widths=PLAN_WIDTHS, font_pt=9,
    )  # fmt: skip
    if not report.plan:
        doc.add_paragraph("No improvement or action notes were recorded.")
    _new_section(doc, landscape=False)

    doc.add_heading("Appendix A: Participants", level=1)
    if o.attendees:
        _table(doc, ["Name", "Organisation", "Cell", "Role"],
               [[a.name, a.organisation, a.cell, a.role] for a in o.attendees])  # fmt: skip
    else:
        doc.add_paragraph("The journal holds no roster of the people who attended.")
    doc.add_heading("Appendix B: Acronyms", level=1)
    if report.appendix.acronyms:
        _table(doc, ["Acronym", "Meaning"],
               [[a.term, a.meaning] for a in report.appendix.acronyms])  # fmt: skip
    else:
        doc.add_paragraph("The scenario has no glossary.")
    doc.add_heading("Appendix C: Sources", level=1)
    for s in o.sources:
        where = " ".join(x for x in (s.file, s.url) if x)
        doc.add_paragraph(f"{s.title or s.id} ({where}) {s.citation}".strip(),
                          style="List Bullet")  # fmt: skip
    if not o.sources:
        doc.add_paragraph("No sources are cited.")
    doc.add_heading("What each delivered inject rests on", level=2)
    _table(doc, ["Delivered inject", "Cites", "Based on"], [
        [f"{p.title} ({p.standing})",
         "\n".join(f"{c.source}: “{c.quote}”" for c in p.cites) or "—",
         ", ".join(p.based_on) or "—"]
        for p in o.provenance
    ])  # fmt: skip
    doc.add_heading("Appendix D: Timeline", level=1)
    _table(doc, ["#", "Turn", "Scenario time", "What", "Who", "Details"], [
        [str(e.seq), str(e.turn), e.clock,
         e.title + (f" ({e.taken_back})" if e.taken_back else ""), e.who, e.detail]
        for e in report.timeline
    ], widths=TIMELINE_WIDTHS, font_pt=9)  # fmt: skip
    _notes_appendix(doc, report)
    _feedback_appendix(doc, report)
    _journal_appendix(doc, report)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _objectives_and_cells(doc: DocumentObject, report: Report) -> None:
    """The overview's objectives with their critical tasks, and the cells with their characters."""
    o = report.overview
    doc.add_heading("Objectives and critical tasks", level=2)
    for obj in o.objectives:
        doc.add_paragraph(f"{obj.text} ({obj.capability})", style="List Number")
        for task in obj.tasks:
            doc.add_paragraph(task, style="List Bullet 2")
    if not o.objectives:
        doc.add_paragraph("No objectives were set.")
    doc.add_heading("Cells and the characters they played", level=2)
    rows = [
        [cell.name + (f"\n{cell.description}" if cell.description else ""), cell.side,
         "\n".join(_actor(a) for a in cell.actors) or "—"]
        for cell in o.cells
    ]  # fmt: skip
    if o.background_actors:
        rows.append(["Other characters\nplayed by control", "—",
                     "\n".join(_actor(a, handle=False) for a in o.background_actors)])  # fmt: skip
    _table(doc, ["Cell", "Side", "Role-play characters"], rows)


def _actor(actor: Participant, handle: bool = True) -> str:
    role = f", {actor.role}" if actor.role else ""
    return f"{actor.name}{role}" + (f" {actor.handle}" if handle and actor.handle else "")


def _key_decisions(doc: DocumentObject, report: Report) -> None:
    """The decisions that changed a variable, each with what it changed."""
    doc.add_heading("Key decisions and their consequences", level=2)
    _table_or(doc, "No decision changed a variable.",
              ["Decision", "Cell", "Option chosen", "Consequences"], [
        [f"{step.prompt} ({_refs([step.ref])})", step.cell_name,
         step.option_label + (f"\n{step.outcome_words}" if step.outcome else ""),
         "\n".join(f"{c.label} {_value(c.before)} → {_value(c.after)}" for c in step.changes)]
        for step in report.summary.key_decisions
    ])  # fmt: skip


def _general_findings(doc: DocumentObject, report: Report) -> None:
    """The strengths and areas for improvement tied to no objective, when there are any."""
    a = report.analysis
    if not (a.general_strengths or a.general_improvements):
        return
    doc.add_heading("Not tied to an objective", level=2)
    for title, findings in (
        ("Strengths", a.general_strengths),
        ("Areas for improvement", a.general_improvements),
    ):
        doc.add_heading(title, level=3)
        for f in findings:
            _finding(doc, f)
        if not findings:
            doc.add_paragraph("None.")


def _new_section(doc: DocumentObject, *, landscape: bool) -> None:
    """Start a section on a new page, landscape (the improvement plan's eight columns, with
    1-inch side margins) or portrait again (with the first section's margins)."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Inches

    first = doc.sections[0]
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    if section.orientation != orientation:
        section.orientation = orientation
        section.page_width, section.page_height = section.page_height, section.page_width
    side = Inches(1) if landscape else first.left_margin
    section.left_margin = section.right_margin = side


def _notes_appendix(doc: DocumentObject, report: Report) -> None:
    doc.add_heading("Appendix E: Notes", level=1)
    _table_or(doc, "No notes were recorded.",
              ["#", "Turn", "Scenario time", "Kind", "Tags", "Note"], [
        [f"#{n.seq}", str(n.turn), n.clock, n.kind, ", ".join(n.tags), n.text]
        for n in report.appendix.notes
    ], NOTES_WIDTHS)  # fmt: skip


def _journal_appendix(doc: DocumentObject, report: Report) -> None:
    """The journal's identity: which file, its SHA-256, the scenario's hash, the engines."""
    a = report.appendix
    doc.add_heading("Appendix G: Journal", level=1)
    rows = [
        ("Journal", f"{a.journal} ({a.records} records)"),
        ("SHA-256 of the journal", a.journal_sha256 or "not computed"),
        ("Scenario hash", a.scenario_hash),
        ("Written by engine", a.engine_version),
        ("Reported by engine", a.report_engine_version),
    ]
    if a.forked_from:
        rows.append(("Forked from", a.forked_from))
    _facts(doc, rows)
    doc.add_paragraph("Generated by wargame report from the journal alone.")


def _raters(task: TaskRating) -> str:
    """Who rated what, and how the rating shown was settled."""
    who = "\n".join(f"{e.name}: {e.code}" for e in task.by_evaluator) or task.evaluator or "—"
    return f"{who}\n{task.settlement}" if task.settlement else who


def _feedback_appendix(doc: DocumentObject, report: Report) -> None:
    doc.add_heading("Appendix F: Participant feedback", level=1)
    _table_or(doc, "No feedback was recorded.",
              ["Participant", "Cell", "Feedback", "Rating (1–5)"], [
        [f.participant or "Anonymous", f.cell or "—", _answers(f), str(f.rating or "—")]
        for f in report.appendix.feedback
    ])  # fmt: skip


def _answers(item: FeedbackEntry) -> str:
    """A feedback note's text and each answer of a form, one a line under its question."""
    lines = [item.text] if item.text else []
    for key, label in FEEDBACK_ANSWERS:
        if getattr(item, key):
            lines.append(f"{label}: {getattr(item, key)}")
    return "\n".join(lines)


def _plain(text: str) -> str:
    from engine.report.markdown import to_plain

    return to_plain(text)


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "—" if value is None else str(value)
