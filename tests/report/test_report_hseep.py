"""The report as an HSEEP AAR/IP: each defect the evaluator's review found, and each section.

Every test here failed before its fix: the override called a roll, bodies cut mid-word, raw
Markdown in HTML, bot scores, step numbers and ids in the text, the same inject links under
every task, flat charts, the hotwash prompt as a finding, the action in the Issue column.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

import pytest
from report_support import compiled_fixture, fake_explorer

from engine.errors import CommandRefused
from engine.journal.store import read_journal
from engine.play import commands as c
from engine.play.session import Session
from engine.report import build_report, render
from engine.report.analysis import acronyms
from engine.report.markdown import to_html, to_plain
from engine.report.model import Report
from engine.report.names import shorten

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.fixture(scope="module")
def report(complete_journal: Path) -> Report:
    return build_report(read_journal(complete_journal), explorer=fake_explorer)


def test_an_overridden_outcome_is_called_set_by_the_facilitator_not_rolled(
    report: Report,
) -> None:
    (step,) = [s for s in report.summary.path if s.decision == "d_answer"]
    assert step.outcome_words == (
        "outcome set by the facilitator: Nobody believes it "
        "(the roll gave “The denial is believed”)"
    )
    for fmt in ("html", "markdown"):
        assert "rolled: Nobody believes it" not in render(report, fmt)


def test_a_long_text_is_cut_at_a_word_and_never_mid_word() -> None:
    assert shorten("Deadline 18:00 for the statement", 16) == "Deadline 18:00…"
    assert shorten("short enough", 40) == "short enough"
    assert shorten("Deadline, then more words here", 12) == "Deadline…"


def test_markdown_renders_in_html_with_everything_escaped_and_nothing_loaded() -> None:
    html = to_html("**EXERCISE PREMISE.** <script>x</script> ![a](http://example.org/a.png)")
    assert "<strong>EXERCISE PREMISE.</strong>" in html
    assert "&lt;script&gt;" in html and "<script" not in html
    assert "<img" not in html and "src=" not in html
    assert to_plain("**Bold** and *em*\n\n- one") == "Bold and em one"


def test_an_inject_body_in_markdown_is_rendered_not_shown_raw(report: Report) -> None:
    html = render(report, "html")
    assert "**" not in re.sub(r"<style>.*?</style>", "", html, flags=re.S)


def test_a_bots_rationale_is_words_for_a_reader_not_its_score() -> None:
    from engine.report.timeline import bot_words
    from players.policies import make_policy

    session = Session.start(compiled_fixture(), 1)
    session.execute(c.Begin())
    policy = make_policy("greedy", 1)
    decision = next(iter(session.state.open_decisions))
    options = [o for o, ok in session.options(decision) if ok]
    choice = policy.choose(session, decision, "blue", options)
    # The journal keeps the bot's own words (as 0.1.0 wrote them); the report translates them.
    assert choice.rationale.startswith("greedy (score ")
    shown = bot_words(choice.rationale)
    assert shown == "Played by a bot, which picked what best serves the cell's goals."
    assert "score" not in shown
    assert bot_words("random") == "Played by a bot, which picked at random."
    assert bot_words("We hold the line.") == "We hold the line."


def test_undo_and_redo_say_what_they_took_back_not_a_step_number(report: Report) -> None:
    titles = [e.title for e in report.timeline if e.kind == "intervention"]
    assert "Undid: Emergency operations centre chose “Say nothing until engineers report”" in (
        titles
    )
    assert "Redid: Set Public trust to 55" in titles
    assert not any("step" in title for title in titles)


def test_note_tags_name_the_objective_and_decision_instead_of_their_ids(report: Report) -> None:
    tags = [tag for note in report.appendix.notes for tag in note.tags]
    assert "objective: Public Information and Warning: Warn residents with an accurate, " in (
        " ".join(tags)
    )
    assert not any(re.search(r"\b(obj|d)_[a-z]+", tag) for tag in tags)


def test_each_task_cites_what_bears_on_it_not_every_inject_of_its_objective(
    report: Report,
) -> None:
    warning = report.analysis.objectives[0]
    rated, unrated = warning.tasks
    kinds = [r.kind for r in rated.refs]
    assert kinds[0] == "rating"  # the rating, then the events the task is linked to
    assert set(kinds[1:]) <= {"inject", "decision"}
    assert all(r.kind in ("inject", "decision") for r in unrated.refs)
    assert [r.kind for r in warning.exercised_by] == ["inject", "inject"]


def test_the_capability_rating_is_proposed_from_its_tasks_with_their_spread(
    report: Report,
) -> None:
    warning = report.analysis.objectives[0].rating
    assert (warning.code, warning.proposed, warning.spread) == ("S", True, "1 S, 1 not rated")


def test_an_evaluators_capability_rating_replaces_the_proposal(report: Report) -> None:
    coord = report.analysis.objectives[1].rating
    assert (coord.code, coord.proposed, coord.evaluator) == ("S", False, "Ana Ruiz")
    assert coord.reason == "One plan, but agreed late."
    assert coord.spread == "1 P"


def test_rate_capability_is_journaled_and_refuses_an_unknown_objective() -> None:
    session = Session.start(compiled_fixture(), 1)
    session.execute(c.Begin())
    events = session.execute(c.RateCapability("obj_coord", "M", evaluator="Ana Ruiz"))
    assert [e["type"] for e in events] == ["command", "capability_rated"]
    assert session.state.capability_ratings["obj_coord"]["rating"] == "M"
    with pytest.raises(CommandRefused, match="no objective 'nope'"):
        session.execute(c.RateCapability("nope", "M"))


def test_the_proposal_is_the_lower_median_of_the_task_ratings() -> None:
    from engine.report.analysis import capability_rating
    from engine.report.names import Names

    compiled = compiled_fixture()
    session = Session.start(compiled, 1)
    session.execute(c.Begin())
    objective = compiled.scenario.objectives[0]
    first, second = (task.id for task in objective.critical_tasks)
    session.execute(c.RateTask(objective.id, first, "P"))
    session.execute(c.RateTask(objective.id, second, "U"))
    proposed = capability_rating(session, objective, Names(compiled.scenario))
    assert (proposed.code, proposed.spread) == ("U", "1 P, 1 U")


def test_an_observation_note_tagged_to_an_objective_reaches_the_analysis(report: Report) -> None:
    warning = report.analysis.objectives[0]
    assert [f.text for f in warning.observations] == [
        "The PIO drafted the warning before the director asked."
    ]


def test_evaluators_are_named_on_their_ratings(report: Report) -> None:
    warning = report.analysis.objectives[0]
    assert warning.tasks[0].evaluator == "Lee Park"
    assert report.overview.evaluators == ["Lee Park", "Ana Ruiz"]
    assert "Lee Park" in render(report, "html")


def test_an_action_note_fills_the_corrective_action_column_not_the_issue(report: Report) -> None:
    action = next(row for row in report.plan if row.kind == "action")
    assert action.issue is None
    assert action.corrective_action == "Draft a pre-cleared holding statement for levee rumours."


def test_a_variable_that_never_moved_gets_no_chart_and_charts_carry_thresholds(
    report: Report,
) -> None:
    for series in report.series:
        assert len({v for _, v in series.points}) > 1
    panic = next(s for s in report.series if s.variable == "panic")
    assert panic.thresholds
    assert all(t.ending for t in panic.thresholds)


def test_the_overview_gives_dates_as_dates_and_the_hseep_fields(report: Report) -> None:
    overview = report.overview
    assert overview.dates == "1 March 2025"
    assert overview.exercise_type == "Tabletop exercise (TTX)"
    html = render(report, "html")
    for field in ("Sponsor", "Point of contact", "Participating organisations", "Location"):
        assert f"<th>{field}</th>" in html


def test_the_summary_lists_strengths_and_improvements_from_the_findings(report: Report) -> None:
    strengths = [f.text for f in report.summary.major_strengths]
    improvements = [f.text for f in report.summary.primary_improvements]
    assert strengths[0].startswith("The PIO spotted the video")
    assert improvements[0].startswith("The statement took 40 minutes")


@pytest.mark.parametrize("path", [*sorted(SCENARIOS.glob("*.yaml")), SCENARIOS / "portrait"])
def test_no_bundled_endings_summary_carries_the_hotwash_prompt(path: Path) -> None:
    from engine.format.loader import load_scenario

    scenario = load_scenario(path).scenario
    for ending in scenario.endings:
        assert "Hotwash" not in ending.summary, ending.id
        assert ending.hotwash, ending.id


def test_the_timeline_is_an_appendix_after_the_improvement_plan(report: Report) -> None:
    for fmt, plan, timeline in (
        ("html", 'id="plan"', 'id="timeline">Appendix D: Timeline'),
        ("markdown", "## 6. Improvement plan", "## Appendix D: Timeline"),
    ):
        text = render(report, fmt)
        assert text.index(plan) < text.index(timeline), fmt


def test_acronyms_come_from_a_glossary_in_either_shape() -> None:
    class WithGlossary:
        glossary: ClassVar = ({"term": "OPSEC", "definition": "Operations security"},)

    class WithMapping:
        glossary: ClassVar = {"S2": "Intelligence staff", "CI": "Counterintelligence"}

    assert [(a.term, a.meaning) for a in acronyms(WithGlossary())] == [  # type: ignore[arg-type]
        ("OPSEC", "Operations security")
    ]
    assert [a.term for a in acronyms(WithMapping())] == ["CI", "S2"]  # type: ignore[arg-type]


def test_the_participants_appendix_lists_the_roster_when_the_journal_has_one(
    complete_journal: Path,
) -> None:
    contents = read_journal(complete_journal)
    contents.header["roster"] = [
        {"name": "Dana Reyes", "organisation": "County EOC", "cell": "blue", "role": "Director"}
    ]
    report = build_report(contents, explorer=fake_explorer)
    (person,) = report.overview.attendees
    assert (person.name, person.organisation, person.cell) == (
        "Dana Reyes",
        "County EOC",
        "Emergency operations centre",
    )
    assert "Dana Reyes" in render(report, "markdown")


@pytest.mark.slow
@pytest.mark.parametrize("path", [*sorted(SCENARIOS.glob("*.yaml")), SCENARIOS / "portrait"])
def test_every_decision_of_a_bundled_scenario_gets_its_odds_at_the_default_settings(
    path: Path, tmp_path: Path
) -> None:
    from engine.journal.journaled_session import JournaledSession
    from players.autoplay import play
    from players.policies import make_policy
    from players.simulate import load_compiled

    compiled = load_compiled(path)
    journal = tmp_path / "run.jsonl"
    policies = {cell.id: make_policy("random", 1) for cell in compiled.scenario.cells}
    with JournaledSession.create(compiled, 1, journal) as exercise:
        play(exercise.session, policies, execute=exercise.execute)
    report = build_report(read_journal(journal))
    assert report.branches
    for branch in report.branches:
        assert branch.note.startswith(("exact", "a seeded sample")), (branch.decision, branch.note)
        assert any(option.leads_to for option in branch.options), branch.decision
    assert report.branch_note.startswith(
        f"Ending odds computed for {len(report.branches)} of {len(report.branches)} decisions"
    )
