"""Evaluators and feedback in a real headless Chromium, with the console on the same loop.

Two evaluators open their own seats and rate the same critical task; both ratings reach the
console side by side and the report names each. At the hotwash two cells send the feedback
form; both reach the report's appendix. With WARGAME_SCREENSHOTS=1 the evaluator's page is
written to docs/img/room-evaluator-tablet.png (768 × 1024). The room, the console and the
browser come from `room_harness`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fixtures.room import MINI
from notices import messages
from room_harness import Browser, browser_room

from engine.format.loader import load_scenario
from engine.journal.store import read_journal
from engine.play import commands as c
from engine.play.compiled import CompiledScenario, compile_scenario
from engine.report import build_report, render
from players.console.widgets.objectives import side_by_side
from players.web.tokens import evaluator_seat

TASK_LINKS = """\
      - id: answer_press
        text: Answer the journalist with a cleared statement.
        injects: [i_post, i_mail]
        decisions: [d_respond]
"""


def _linked_mini(folder: Path) -> CompiledScenario:
    """The mini scenario with its first task linked to the injects and decision exercising it."""
    text = MINI.read_text(encoding="utf-8")
    plain = "\n".join(TASK_LINKS.splitlines()[:2]) + "\n"
    assert plain in text
    (folder / "mini.yaml").write_text(text.replace(plain, TASK_LINKS), encoding="utf-8")
    loaded = load_scenario(folder / "mini.yaml")
    return compile_scenario(loaded.scenario, loaded.content_hash)


async def _rate(seen: Browser, seat: str, task: str, rating: str, observation: str) -> None:
    def send() -> None:
        seen.driver.switch_to.window(seen.tabs[seat])
        form = seen.driver.find_element("css selector", f"form.rating[data-task='{task}']")
        form.find_element("css selector", f"input[value='{rating}']").click()
        form.find_element("name", "observation").send_keys(observation)
        form.find_element("css selector", "button[type=submit]").click()

    await seen.call(send)


async def _feedback(seen: Browser, seat: str, answers: dict[str, str], rating: str) -> None:
    def send() -> None:
        seen.driver.switch_to.window(seen.tabs[seat])
        form = seen.driver.find_element("css selector", "form.feedback")
        for name, text in answers.items():
            form.find_element("name", name).send_keys(text)
        form.find_element("css selector", f"input[name=rating][value='{rating}']").click()
        form.find_element("css selector", "button[type=submit]").click()

    await seen.call(send)


def test_two_evaluators_rate_one_task_and_two_cells_send_feedback_into_the_report(
    driver: Any, tmp_path: Path
) -> None:
    journal = tmp_path / "room.jsonl"
    roster = (
        {"name": "Dana Reyes", "organisation": "FEMA Region 4", "role": "evaluator"},
        {"name": "Lee Park", "organisation": "State EMA", "role": "evaluator"},
        {"name": "Sam Okafor", "organisation": "County EOC", "cell": "blue"},
    )
    commands = (c.SetRoster(roster, source="roster.yaml"), c.Begin(), c.NextPhase())
    with browser_room(driver, _linked_mini(tmp_path), journal, commands) as room:
        desk, app, links, seen = room.desk, room.app, room.links, room.seen

        async def run(pilot: Any) -> None:
            await seen.open("dana", links[evaluator_seat("Dana Reyes")])
            await seen.open("lee", links[evaluator_seat("Lee Park")])
            await seen.wait_for("dana", "Exercise evaluation guide")
            guide = await seen.wait_for("lee", "Answer the journalist with a cleared statement.")
            assert "inject: Who are these soldiers? Tag them! (reached)" in guide
            assert "inject: Press query: deadline 17:00 (not yet)" in guide
            assert "decision: How does public affairs respond to the post? (reached)" in guide
            await _rate(seen, "dana", "answer_press", "S", "Cleared, but two hours late.")
            await seen.wait_for("dana", "Your rating: S — Cleared, but two hours late.")
            await _rate(seen, "lee", "answer_press", "M", "No clearance before release.")
            await seen.wait_for("lee", "Your rating: M — No clearance before release.")
            await seen.screenshot("dana", "room-evaluator-tablet.png", 768, 1024)
            await pilot.pause()
            line = str(side_by_side(desk.session, "obj_info", "answer_press"))
            assert line == "Dana Reyes S · Lee Park M → M NOT SETTLED"
            assert "Lee Park rated a task M. Press E to compare." in messages(app)

            assert app.execute(c.EndExercise())
            await seen.open("blue", links["cell:blue"])
            await seen.open("red", links["cell:red"])
            await seen.wait_for("blue", "Participant feedback")
            await _feedback(
                seen, "blue", {"name": "Sam Okafor", "strengths": "Realistic injects"}, "4"
            )
            await seen.wait_for("blue", "1 form received from this seat")
            await seen.wait_for("red", "Participant feedback")
            await _feedback(seen, "red", {"improvements": "Turn 2 was rushed"}, "3")
            await seen.wait_for("red", "1 form received from this seat")

        room.play(run)
    report = render(build_report(read_journal(journal)), "markdown")
    assert "Dana Reyes: **S**; Lee Park: **M**" in report
    assert "Not settled: the evaluators differ" in report
    assert "Sam Okafor (Public affairs)" in report and "**Strengths:** Realistic injects" in report
    assert "**Areas for improvement:** Turn 2 was rushed" in report
    assert "| Dana Reyes | FEMA Region 4 |" in report
