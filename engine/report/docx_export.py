"""The report as a Word document (python-docx), for the writer to finish in Word or LibreOffice.

Real headings (Heading 1 and 2, so Word's navigation pane and table of contents see them),
real tables, the classification banner in every page's header and footer, and the situation
charts as PNG images (python-docx cannot embed SVG), drawn with Pillow from the same numbers
the HTML's SVG uses. Built from the same report model as every other format.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from engine.play.evaluation import FEEDBACK_ANSWERS
from engine.report.charts import line_chart
from engine.report.model import or_to_be_assigned

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject

    from engine.report.model import (
        EventRef,
        FeedbackEntry,
        Finding,
        Report,
        Series,
        TaskRating,
    )

MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _refs(refs: list[EventRef]) -> str:
    return ", ".join(f"#{r.seq} {r.kind} {r.clock}" for r in refs) or "—"


def _table(doc: DocumentObject, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    doc.add_paragraph()


def _facts(doc: DocumentObject, rows: list[tuple[str, str]]) -> None:
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = label
        cells[0].paragraphs[0].runs[0].bold = True
        cells[1].text = value or "—"
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
        ("Evaluators", ", ".join(o.evaluators)),
    ])  # fmt: skip

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
    doc.add_heading("Path taken", level=2)
    for step in report.summary.path:
        how = "took the default" if step.defaulted else "chose"
        outcome = f", {step.outcome_words}" if step.outcome else ""
        doc.add_paragraph(
            f"Turn {step.ref.turn}, {step.ref.clock}: {step.cell_name} {how} "
            f"“{step.option_label}” in “{step.prompt}”{outcome}",
            style="List Number",
        )

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
    )  # fmt: skip

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
    ])  # fmt: skip
    _feedback_appendix(doc, report)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _raters(task: TaskRating) -> str:
    """Who rated what, and how the rating shown was settled."""
    who = "\n".join(f"{e.name}: {e.code}" for e in task.by_evaluator) or task.evaluator or "—"
    return f"{who}\n{task.settlement}" if task.settlement else who


def _feedback_appendix(doc: DocumentObject, report: Report) -> None:
    doc.add_heading("Appendix E: Participant feedback", level=1)
    if not report.appendix.feedback:
        doc.add_paragraph("No feedback was recorded.")
        return
    _table(doc, ["Participant", "Cell", "Feedback", "Rating (1–5)"], [
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
