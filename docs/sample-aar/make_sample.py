"""Regenerate the sample after-action report of the flagship scenario (`scenarios/portrait`).

Bots play every cell (the greedy policy, seed 1, as `wargame play scenarios/portrait --policy
greedy --seed 1` does), under a fixed wall clock; then, at the hotwash, the script records
what an evaluator would: illustrative notes, ratings and feedback, so every section of the
report has something to show. Run from the repository root:

    .venv/bin/python docs/sample-aar/make_sample.py
"""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from engine.journal.journaled_session import JournaledSession
from engine.play import commands as c
from engine.report import report_journal
from players.autoplay import play
from players.report_exports import register_exports
from players.simulate import build_policies, load_compiled, policy_specs

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
JOURNAL = HERE / "portrait.jsonl"
BUDGET = None
"""The command's default budget for the ending odds."""

HOTWASH: tuple[c.Command, ...] = (
    c.AddNote(
        "S2 tied the job advertisement to capability, not intent, and said so in the brief.",
        kind="strength",
        objective="obj_intel",
        reference="Battalion intelligence SOP: assessments state capability and intent apart.",
        analysis="The S2 had rehearsed the distinction in the last staff exercise.",
    ),
    c.AddNote(
        "The assessment reached counterintelligence a full turn after the approach was seen.",
        kind="improvement",
        objective="obj_intel",
        reference="AR 381-12: report suspected approaches to counterintelligence at once.",
        analysis="The OPSEC checklist has no reporting step; the S2 waited for a full brief.",
        recommendation="Report a suspected approach the same turn, before the assessment.",
        corrective_action="Add a same-turn CI reporting step to the OPSEC incident checklist.",
        capability_element="planning",
        responsible="Battalion S2",
        contact="S2 OIC",
        start="2025-07-01",
        completion="2025-09-30",
    ),
    c.AddNote(
        "Nobody owned the running exposure estimate once the ban was ordered.",
        kind="improvement",
        objective="obj_situational",
    ),
    c.AddNote(
        "Rehearse the device-ban decision with the brigade legal adviser present.",
        kind="action",
        objective="obj_coordination",
        capability_element="exercise",
    ),
    c.AddNote("The room asked for the platform's side of the story earlier.", kind="hotwash"),
    c.AddNote(
        "The PAO drafted guidance to families before the media query arrived.",
        kind="observation",
        objective="obj_public_info",
    ),
    c.RateTask(
        "obj_intel", "assess_indicators", "S", "Accurate, but two indicators missed.",
        evaluator="J. Alvarez",
    ),
    c.RateTask("obj_intel", "share_with_ci", "M", "Shared a turn late.", evaluator="J. Alvarez"),
    c.RateTask(
        "obj_situational", "estimate_exposure", "S", "Estimate kept, not updated.",
        evaluator="K. Osei",
    ),
    c.RateTask(
        "obj_public_info", "media_response", "P", "Cleared statement before deadline.",
        evaluator="K. Osei",
    ),
    c.RateTask(
        "obj_coordination", "common_course", "P", "One course of action every turn.",
        evaluator="K. Osei",
    ),
    c.RateCapability(
        "obj_intel", "M", "The late report to CI outweighs a sound assessment.",
        evaluator="J. Alvarez",
    ),
    c.RecordFeedback("The TikTok injects felt real; more time in turn 3.", participant="PAO"),
    # A second evaluator rates a task the first rated too; the lead evaluator settles it.
    c.RateTask(
        "obj_intel", "share_with_ci", "S", "The report reached CI before the move.",
        evaluator="K. Osei",
    ),
    c.SettleRating(
        "obj_intel", "share_with_ci", "M", "J. Alvarez", "The move was already under way."
    ),
    c.SubmitFeedback(
        "form-blue", cell="blue_pa", person="Capt. D. Brooks", strengths="The feed felt real.",
        improvements="Too little time to clear a statement.", changes="Longer turn 2.", rating=4,
    ),
    c.SubmitFeedback(
        "form-red", cell="red_mss", improvements="Red had few moves in turn 3.",
        changes="A second persona account.", rating=3,
    ),
)
"""Illustrative evaluator entries: a bot cannot observe, so the sample script does."""

ROSTER = c.SetRoster(
    (
        {"name": "Maj. L. Grant", "organisation": "2nd Cavalry Regiment", "cell": "blue_command",
         "role": "player"},
        {"name": "Capt. D. Brooks", "organisation": "2CR Public Affairs", "cell": "blue_pa",
         "role": "player"},
        {"name": "S. Novak", "organisation": "Exercise red team", "cell": "red_mss",
         "role": "player"},
        {"name": "J. Alvarez", "organisation": "Division G2", "cell": "", "role": "evaluator"},
        {"name": "K. Osei", "organisation": "Division PAO", "cell": "", "role": "evaluator"},
        {"name": "R. Haas", "organisation": "Exercise control", "cell": "", "role": "controller"},
    ),
    source="roster.yaml",
)  # fmt: skip
"""Who took part: the report's participants list comes from it."""

POSTS: tuple[c.Command, ...] = (
    c.SubmitPost(
        "post-blue", "tiktok", "blue_pa", "pao",
        "Our soldiers' safety comes first. Please do not tag or share videos of service "
        "members; report accounts that ask for them.",
    ),
    c.ReleasePost("post-blue"),
    c.SubmitPost(
        "post-red", "tiktok", "red_mss", "red_persona",
        "Why is the Army hiding who these soldiers are? #questions",
    ),
    c.ReleasePost("post-red", "Why is the Army hiding who these soldiers are?"),
)  # fmt: skip
"""Two cells post on the feed from their seats; the facilitator releases both (Red's edited)."""


def fixed_clock() -> datetime:
    """A wall clock that moves 45 seconds on every reading, from 2025-06-02 09:00 UTC."""
    fixed_clock.ticks += 1  # type: ignore[attr-defined]
    return datetime(2025, 6, 2, 9, 0, tzinfo=UTC) + timedelta(seconds=45 * fixed_clock.ticks)  # type: ignore[attr-defined]


fixed_clock.ticks = -1  # type: ignore[attr-defined]


def main() -> None:
    """Play, record the hotwash, and write the journal and its report in three formats."""
    compiled = load_compiled(ROOT / "scenarios" / "portrait")
    JOURNAL.unlink(missing_ok=True)
    cells = [cell.id for cell in compiled.scenario.cells]
    policies = build_policies(policy_specs(["greedy"], cells), 1)
    with JournaledSession.create(compiled, 1, JOURNAL, wall=fixed_clock) as exercise:
        exercise.execute(ROSTER)
        play(exercise.session, policies, execute=exercise.execute, max_choices=2)
        for command in POSTS:
            exercise.execute(command)
        play(exercise.session, policies, execute=exercise.execute)
        for command in HOTWASH:
            exercise.execute(command)
    register_exports()
    formats = (("aar.html", "html"), ("aar.md", "markdown"), ("aar.json", "json"),
               ("aar.docx", "docx"), ("aar.pdf", "pdf"))  # fmt: skip
    for name, fmt in formats:
        _, data = report_journal(JOURNAL, fmt, budget=BUDGET)
        (HERE / name).write_bytes(data)
        print(f"wrote {HERE / name}")
    # The printed pages a reviewer looks at: the first two, and the last.
    pages = HERE.parent / "img"
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "2", str(HERE / "aar.pdf"),
                    str(pages / "aar-pdf")], check=True)  # fmt: skip
    print(f"wrote {pages}/aar-pdf-*.png")


if __name__ == "__main__":
    main()
