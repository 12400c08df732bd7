"""What the report says: escaping, the INCOMPLETE marker, undo marks, links, the plan's blanks."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path

import pytest
from report_support import fake_explorer

from engine.explore.odds import DecisionOdds
from engine.journal.store import read_journal
from engine.play.commands import Command
from engine.play.session import Session
from engine.report import branches, build_report, render, report_journal
from engine.report.model import Report
from engine.report.tables import table_csv


def _report(journal: Path) -> Report:
    return build_report(read_journal(journal), explorer=fake_explorer)


def test_a_note_holding_a_script_tag_shows_as_text_in_html(complete_journal: Path) -> None:
    html = render(_report(complete_journal), "html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html.lower()


def test_a_note_holding_a_script_tag_is_escaped_in_markdown(complete_journal: Path) -> None:
    markdown = render(_report(complete_journal), "markdown")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markdown
    assert "<script>" not in markdown


def test_an_unfinished_torn_journal_is_reported_as_incomplete(incomplete_journal: Path) -> None:
    report = _report(incomplete_journal)
    assert not report.status.complete
    assert report.status.how == "incomplete"
    assert any("torn" in problem for problem in report.status.problems)
    assert any("before any ending" in problem for problem in report.status.problems)
    for fmt in ("html", "markdown"):
        assert "INCOMPLETE" in render(report, fmt)


def test_a_journal_that_reached_an_ending_is_complete(complete_journal: Path) -> None:
    report = _report(complete_journal)
    assert report.status.complete
    assert report.status.ending_title == "Calm held"
    assert "Calm held" in report.summary.paragraphs[1]


def test_an_undone_choice_stays_in_the_timeline_marked_undone(complete_journal: Path) -> None:
    timeline = _report(complete_journal).timeline
    silent = [e for e in timeline if e.kind == "choice" and "Say nothing" in e.title]
    assert [e.taken_back for e in silent] == ["undone"]
    assert any(e.title.startswith("Undid: ") for e in timeline)
    assert any(e.title.startswith("Redid: ") for e in timeline)


def test_an_overridden_roll_is_marked_and_the_override_gives_its_reason(
    complete_journal: Path,
) -> None:
    timeline = _report(complete_journal).timeline
    rolls = [e for e in timeline if e.kind == "roll"]
    assert [e.taken_back for e in rolls] == ["overridden", ""]
    override = next(e for e in timeline if e.kind == "override")
    assert override.detail == "The engineers contradicted it on camera."


def test_the_path_shows_the_choice_that_stood_with_its_consequences(
    complete_journal: Path,
) -> None:
    path = _report(complete_journal).summary.path
    assert [(s.decision, s.option, s.outcome) for s in path] == [
        ("d_answer", "deny", "Nobody believes it"),
        ("d_push", "amplify", None),
    ]
    assert [(c.variable, c.before, c.after) for c in path[0].changes] == [("trust", 50, 35)]


def test_a_choice_shows_how_long_the_cell_took_to_decide(complete_journal: Path) -> None:
    timeline = _report(complete_journal).timeline
    deny = next(e for e in timeline if e.kind == "choice" and "Deny" in e.title)
    assert deny.decide_seconds == 360.0  # opened at 09:03:00, chosen at 09:09:00


def test_every_finding_links_to_an_event_in_the_timeline(complete_journal: Path) -> None:
    report = _report(complete_journal)
    anchors = {entry.seq for entry in report.timeline}
    html = render(report, "html")
    for seq in {int(m) for m in re.findall(r'href="#ev-(\d+)"', html)}:
        assert seq in anchors, f"#ev-{seq} is linked but not in the timeline"
        assert f'id="ev-{seq}"' in html


def test_the_improvement_plan_marks_blank_fields_to_be_assigned(complete_journal: Path) -> None:
    report = _report(complete_journal)
    action = next(row for row in report.plan if row.kind == "action")
    assert action.responsible is None and action.capability_element == "training"
    assert action.capability == "Operational Coordination"
    assert "to be assigned" in render(report, "html")


def test_findings_land_under_the_objective_they_are_tagged_with(complete_journal: Path) -> None:
    warning = _report(complete_journal).analysis.objectives[0]
    assert [f.text[:7] for f in warning.strengths] == ["The PIO"]
    assert [f.text[:13] for f in warning.improvements] == ["The statement"]
    assert [r.kind for r in warning.strengths[0].refs] == ["note", "inject"]
    assert [t.rating for t in warning.tasks] == ["S", None]
    assert warning.tasks[0].rating_words == "Performed with Some Challenges"


def test_the_situation_charts_follow_each_number_variable_over_the_turns(
    complete_journal: Path,
) -> None:
    report = _report(complete_journal)
    assert [(s.variable, [v for _, v in s.points]) for s in report.series] == [
        ("trust", [50, 55, 55, 55]),
        ("panic", [10, 20, 40, 40]),
    ]
    html = render(report, "html")
    assert html.count('<svg class="chart"') == 2


def test_the_json_report_is_sorted_and_parses(complete_journal: Path) -> None:
    text = render(_report(complete_journal), "json")
    data = json.loads(text)
    assert list(data) == sorted(data)
    assert data["status"]["ending"] == "calm_held"


def test_the_appendix_carries_the_journal_hash_and_engine_version(complete_journal: Path) -> None:
    report, _ = report_journal(complete_journal, "json", budget=50)
    expected = hashlib.sha256(complete_journal.read_bytes()).hexdigest()
    assert report.appendix.journal_sha256 == expected
    assert report.appendix.engine_version == "0.1.0"


def test_the_odds_are_asked_once_per_state_for_every_decision(complete_journal: Path) -> None:
    asked: list[tuple[list[tuple[str, str]], int]] = []

    def explorer(
        session: Session, choices: list[tuple[str, str]], budget: int
    ) -> list[DecisionOdds] | None:
        asked.append((choices, budget))
        return fake_explorer(session, choices, budget)

    report = build_report(read_journal(complete_journal), explorer=explorer, budget=7)
    assert [choices for choices, _ in asked] == [[("d_answer", "blue")], [("d_push", "red")]]
    assert all(budget == 7 for _, budget in asked)
    first = report.branches[0]
    assert first.reachable_before == ["Calm held", "Panic spreads"]
    assert first.note == "exact, over 123 states"


def test_a_decision_whose_odds_were_not_computed_says_so(complete_journal: Path) -> None:
    report = build_report(read_journal(complete_journal), explorer=lambda s, c, b: None)
    assert {b.note for b in report.branches} == {
        "not computed (past the analysis's 200,000 commands)"
    }
    assert report.branch_note.startswith("Ending odds computed for 0 of 2 decisions")


def test_the_whole_branch_analysis_shares_one_allowance_of_commands(
    complete_journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(branches, "DEFAULT_STEPS", 1)
    report = build_report(read_journal(complete_journal))
    assert [b.note for b in report.branches] == [
        "not computed (past the analysis's 1 commands)"
    ] * 2
    assert report.branch_note.startswith("Ending odds computed for 0 of 2 decisions")


def test_only_max_points_decisions_are_analysed(complete_journal: Path) -> None:
    report = build_report(read_journal(complete_journal), explorer=fake_explorer, max_points=1)
    assert report.branches[0].reachable_before == ["Calm held", "Panic spreads"]
    assert report.branches[1].reachable_before is None
    assert report.branches[1].note.startswith("not computed (cap")
    assert report.branch_note.startswith("Ending odds computed for 1 of 2 decisions")


def test_every_option_gets_the_endings_it_can_lead_to_with_their_odds(
    complete_journal: Path,
) -> None:
    report = build_report(read_journal(complete_journal))
    for branch in report.branches:
        assert branch.note.startswith(("exact", "a seeded sample")), branch.note
        for option in branch.options:
            if option.available:
                assert option.leads_to, (branch.decision, option.id)
                assert abs(sum(s.share for s in option.leads_to) - 1) < 1e-9
    last = report.branches[-1]
    assert last.reachable_after is not None and "Calm held" in last.reachable_after


def test_a_journal_ended_by_running_out_of_turns_is_complete(tmp_path: Path) -> None:
    from report_support import write_journal

    from engine.play import commands as c

    script = (c.Begin(), c.RecordChoice("d_answer", "blue", "silent"), *[c.NextPhase()] * 5)
    script = (*script, c.RecordChoice("d_push", "red", "fade"), *[c.NextPhase()] * 20)
    journal = write_journal(tmp_path / "short.jsonl", _until_refused(script))
    report = _report(journal)
    assert report.status.complete, report.status.problems
    assert report.status.how == "turns exhausted"
    assert "without any ending's condition holding" in report.summary.paragraphs[1]


def _until_refused(script: tuple[Command, ...]) -> tuple[Command, ...]:
    """The script cut where the exercise ended (later NextPhase commands would be refused)."""
    from report_support import compiled_fixture

    from engine.errors import CommandRefused

    session = Session.start(compiled_fixture(), 7)
    kept = []
    for command in script:
        try:
            session.execute(command)
        except CommandRefused:
            break
        kept.append(command)
    return tuple(kept)



def test_the_one_pass_replay_agrees_with_session_replay_at_every_step(
    complete_journal: Path,
) -> None:
    from report_support import compiled_fixture

    from engine.report.replay import states_at

    contents = read_journal(complete_journal)
    records = contents.records
    compiled = compiled_fixture()
    ends = [i + 1 for i in range(len(records)) if i + 1 == len(records) or
            records[i + 1]["group"] != records[i]["group"]]  # fmt: skip
    states = states_at(compiled, records, ends, complete_journal)
    for end in ends:
        session = Session.replay(compiled, 7, records[:end])
        expected = session.state
        got = states[end]
        assert got.key() == expected.key(), f"after {end} records"
        assert (got.notes, got.ratings, got.turn_values) == (
            expected.notes,
            expected.ratings,
            expected.turn_values,
        )


def test_the_sources_appendix_tells_documented_based_on_and_invented_injects_apart(
    complete_journal: Path,
) -> None:
    markdown = render(_report(complete_journal), "markdown")
    assert (
        "- **ClipIt video: 'the levee is cracking'**, its details invented;"
        " based on Levee inspection study"
    ) in markdown
    assert "- **Gazette asks for comment**, documented; cites Flood warning guide" in markdown
    assert "- **Sandbag delivery arrives**, invented for the exercise" in markdown


PORTRAIT_CONSOLE = Path(__file__).parents[1] / "fixtures" / "journals" / "portrait-console.jsonl"
"""A console run whose override (group 21) is undone, redone and undone again (seqs 85–89)."""


def test_an_undone_override_reads_undone_everywhere_and_is_not_counted() -> None:
    report = build_report(read_journal(PORTRAIT_CONSOLE), explorer=None, budget=0)
    summary = report.summary.paragraphs[0]
    assert "The facilitator intervened 14 times (3 undos, 0 overridden outcomes)." in summary
    by_seq = {entry.seq: entry for entry in report.timeline}
    assert [by_seq[seq].taken_back for seq in (68, 70, 71, 75, 78)] == ["undone"] * 5
    assert "d_media" not in {step.decision for step in report.summary.path}
    markdown = render(report, "markdown")
    assert (
        "~~Public affairs chose: Ask the reporter to hold the story for 48 hours on OPSEC"
        " grounds~~ *(undone)*"
    ) in markdown
    assert "*(overridden)*" not in markdown


def test_the_sources_appendix_lists_only_the_injects_the_exercise_delivered() -> None:
    report = build_report(read_journal(PORTRAIT_CONSOLE), explorer=None, budget=0)
    assert "13 injects were delivered (1 added by the facilitator)" in report.summary.paragraphs[0]
    assert [p.inject for p in report.overview.provenance] == [
        "p1_headline", "p1_job_ad", "p1_ownership", "p1_matrix", "p1_hashtag", "p1_miller_post",
        "p1_red_access", "p1_red_tasking", "p1_ban_backlash", "p2_mac", "p2_ci_alert",
        "p2_media_query",
    ]  # fmt: skip
    markdown = render(report, "markdown")
    assert "### What each delivered inject rests on" in markdown
    assert "Reporter: 'We'll hold 48 hours and blur the screenshots'**, invented" not in markdown


def test_a_blank_plan_field_reads_to_be_assigned_in_every_format_and_no_objective_is_cut() -> None:
    report = build_report(read_journal(PORTRAIT_CONSOLE), explorer=None, budget=0)
    action = next(row for row in report.plan if row.corrective_action == "Name a lead in the plan")
    assert action.issue is None
    markdown = render(report, "markdown")
    assert "| to be assigned ([#93](#ev-93)) | Name a lead in the plan |" in markdown
    assert '<td><span class="tba">to be assigned</span> <a class="ref" href="#ev-93"' in (
        render(report, "html")
    )
    for fmt in ("markdown", "html"):
        assert "to be written" not in render(report, fmt)
    rows = list(csv.reader(io.StringIO(table_csv(report, "ip").decode("utf-8-sig"))))
    row = next(row for row in rows if row[3] == "Name a lead in the plan")
    assert row[1:3] == [
        "Within the first two turns, the S2 and OPSEC staff assess the platform-based profiling"
        " threat from the open-source indicators and share a written assessment with higher"
        " headquarters and Army counterintelligence.",
        "to be assigned",
    ]
    assert row[6:9] == ["to be assigned"] * 3
