"""Regenerate the sample after-action report of the flagship scenario (`scenarios/portrait`).

Bots play every cell (the greedy policy, seed 1, as `wargame play scenarios/portrait --policy
greedy --seed 1` does), under a fixed wall clock; then, at the hotwash, the script records
what an evaluator would: illustrative notes, ratings and feedback, so every section of the
report has something to show. Run from the repository root:

    .venv/bin/python docs/sample-aar/make_sample.py
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from engine.play import commands as c
from engine.journal.journaled_session import JournaledSession
from engine.report import report_journal
from players.autoplay import play
from players.simulate import build_policies, load_compiled, policy_specs

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
JOURNAL = HERE / "portrait.jsonl"
BUDGET = 20_000
"""A larger search budget than the command's default: a one-off sample can take seconds."""

HOTWASH: tuple[c.Command, ...] = (
    c.AddNote(
        "S2 tied the job advertisement to capability, not intent, and said so in the brief.",
        kind="strength",
        objective="obj_intel",
    ),
    c.AddNote(
        "The assessment reached counterintelligence a full turn after the approach was seen.",
        kind="improvement",
        objective="obj_intel",
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
    c.RateTask("obj_intel", "assess_indicators", "S", "Accurate, but two indicators missed."),
    c.RateTask("obj_intel", "share_with_ci", "M", "Shared a turn late."),
    c.RateTask("obj_situational", "estimate_exposure", "S", "Estimate kept, not updated."),
    c.RateTask("obj_public_info", "media_response", "P", "Cleared statement before deadline."),
    c.RateTask("obj_coordination", "common_course", "P", "One course of action every turn."),
    c.RecordFeedback("The TikTok injects felt real; more time in turn 3.", participant="PAO"),
)
"""Illustrative evaluator entries: a bot cannot observe, so the sample script does."""


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
        play(exercise.session, policies, execute=exercise.execute)
        for command in HOTWASH:
            exercise.execute(command)
    for name, fmt in (("aar.html", "html"), ("aar.md", "markdown"), ("aar.json", "json")):
        _, data = report_journal(JOURNAL, fmt, budget=BUDGET)
        (HERE / name).write_bytes(data)
        print(f"wrote {HERE / name}")


if __name__ == "__main__":
    main()
