"""The report names who rated what and the settled rating, lists the roster as participants,
and gives each feedback form's answers in its appendix: in every format from one model."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from report_support import FULL_SCRIPT, fake_explorer, write_journal

from engine.journal.store import read_journal
from engine.play import commands as c
from engine.report import build_report, exports, render, tables
from engine.report.model import Report, TaskRating

ROSTER = (
    {"name": "Lee Park", "organisation": "State EMA", "role": "evaluator"},
    {"name": "Ana Ruiz", "organisation": "FEMA Region 6", "role": "evaluator"},
    {"name": "Sam Okafor", "organisation": "County EOC", "cell": "blue", "role": "player"},
)
SCRIPT = (
    FULL_SCRIPT[0],
    c.SetRoster(ROSTER, source="roster.yaml"),
    *FULL_SCRIPT[1:],
    c.RateTask("obj_warning", "correct_rumour", "M", "Repeated the rumour", evaluator="Lee Park"),
    c.RateTask("obj_warning", "correct_rumour", "P", "Plain correction", evaluator="Ana Ruiz"),
    c.RateTask("obj_coord", "one_plan", "U", "", evaluator="Ana Ruiz"),
    c.SettleRating("obj_warning", "correct_rumour", "S", "Ana Ruiz", "Both saw part of it"),
    c.SubmitFeedback("f1", cell="blue", person="Sam Okafor", strengths="Realistic", rating=4),
    c.SubmitFeedback("f2", cell="red", improvements="Turn 2 rushed", changes="More time"),
)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    path = write_journal(tmp_path_factory.mktemp("ev") / "ev.jsonl", SCRIPT)
    return build_report(read_journal(path), explorer=fake_explorer)


def _task(report: Report, objective: str, task: str) -> TaskRating:
    found = next(o for o in report.analysis.objectives if o.id == objective)
    return next(t for t in found.tasks if t.id == task)


def test_each_evaluators_rating_is_shown_with_the_settled_one(report: Report) -> None:
    task = _task(report, "obj_warning", "correct_rumour")
    assert [(e.name, e.code) for e in task.by_evaluator] == [("Lee Park", "M"), ("Ana Ruiz", "P")]
    assert (task.rating, task.settlement) == ("S", "Settled on S by Ana Ruiz")
    assert [r.label for r in task.refs[:3]] == ["Rated S", "Lee Park rated M", "Ana Ruiz rated P"]
    assert task.evaluator == "Ana Ruiz"
    assert (
        task.observation
        == "Both saw part of it. Lee Park: Repeated the rumour. Ana Ruiz: Plain correction."
    )


def test_the_facilitators_own_rating_still_counts_over_a_later_evaluators(report: Report) -> None:
    task = _task(report, "obj_coord", "one_plan")
    assert [(e.name, e.code) for e in task.by_evaluator] == [("Ana Ruiz", "U")]
    assert (task.rating, task.settlement) == ("P", "Settled on P by the facilitator")


def test_the_participants_come_from_the_roster(report: Report) -> None:
    people = [(a.name, a.organisation, a.cell, a.role) for a in report.overview.attendees]
    assert people[2] == ("Sam Okafor", "County EOC", "Emergency operations centre", "player")
    assert [p[0] for p in people] == ["Lee Park", "Ana Ruiz", "Sam Okafor"]
    assert report.overview.evaluators == ["Lee Park", "Ana Ruiz"]


def test_every_format_shows_who_rated_what_and_the_feedback_forms(report: Report) -> None:
    markdown = render(report, "markdown")
    assert "Lee Park: **M**; Ana Ruiz: **P**. *Settled on S by Ana Ruiz*" in markdown
    assert (
        "Sam Okafor (Emergency operations centre), D+0 20:00: **Strengths:** Realistic" in markdown
    )
    assert "**Rating of the exercise:** 4 of 5" in markdown
    assert "**What to change:** More time" in markdown
    html = render(report, "html")
    assert (
        '<li>Lee Park: <span class="rating r-M" title="Performed with Major Challenges">M</span>'
        in html
    )
    assert '<p class="settlement">Settled on S by Ana Ruiz</p>' in html
    assert "<strong>Areas for improvement:</strong> Turn 2 rushed" in html
    doc = Document(io.BytesIO(exports.named("docx").render(report)))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    assert "Lee Park: M\nAna Ruiz: P\nSettled on S by Ana Ruiz" in cells
    assert any("Strengths: Realistic" in text for text in cells)
    headings = [p.text for p in doc.paragraphs if p.style and p.style.name.startswith("Heading")]
    assert "Appendix F: Participant feedback" in headings


def test_a_journal_without_evaluators_reads_as_before(tmp_path: Path) -> None:
    path = write_journal(tmp_path / "plain.jsonl", FULL_SCRIPT)
    report = build_report(read_journal(path), explorer=fake_explorer)
    task = _task(report, "obj_coord", "one_plan")
    assert (task.rating, task.by_evaluator, task.settlement) == ("P", [], "")


def test_the_timeline_cites_the_roster_the_settlement_and_each_form(report: Report) -> None:
    seen = [(e.kind, e.title, e.who, e.detail) for e in report.timeline]
    assert ("roster", "Roster set: 3 people from roster.yaml", "facilitator", "") in seen
    assert (
        "rating",
        "Rating settled on S: Correct the rumour without amplifying it.",
        "Ana Ruiz",
        "Both saw part of it",
    ) in seen
    assert (
        "feedback",
        "Participant feedback form",
        "Sam Okafor",
        "Strengths: Realistic. Rating of the exercise: 4 of 5.",
    ) in seen


def test_the_ratings_table_gives_each_evaluators_rating_and_whether_it_was_settled(
    report: Report,
) -> None:
    sheet = tables.TABLES["ratings"](report)
    assert sheet.header[5:8] == ["Evaluator", "Evaluators' ratings", "Settled"]
    rows = {row[2]: row for row in sheet.rows}
    task = _task(report, "obj_warning", "correct_rumour")
    assert rows[task.text][3:8] == [
        "S",
        "Performed with Some Challenges",
        "Ana Ruiz",
        "Lee Park M · Ana Ruiz P",
        "Settled on S by Ana Ruiz",
    ]
