"""A session that plays itself into a journal, printing each acknowledged group: killed by tests.

Usage: python tests/crash_worker.py SCENARIO JOURNAL SEED LIMIT [resume]
Plays to an ending, then keeps adding hotwash notes, LIMIT commands in all. Prints
`ack GROUP LAST_SEQ` after each command returns (its events are fsync'd by then).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import yaml

from engine.errors import CommandRefused
from engine.format.canonical import content_hash
from engine.format.model import Scenario
from engine.journal.journaled_session import JournaledSession
from engine.play import commands as c
from engine.play.compiled import compile_scenario


def main() -> None:
    scenario_path, journal_path = Path(sys.argv[1]), Path(sys.argv[2])
    seed, limit = int(sys.argv[3]), int(sys.argv[4])
    scenario = Scenario.model_validate(yaml.safe_load(scenario_path.read_text(encoding="utf-8")))
    compiled = compile_scenario(scenario, content_hash(scenario))
    if len(sys.argv) > 5:
        exercise = JournaledSession.resume(journal_path).exercise
    else:
        exercise = JournaledSession.create(compiled, seed, journal_path)
    rng = random.Random(seed)
    session = exercise.session
    for _ in range(limit):
        session = exercise.session
        pending = session.pending_choices()
        command: c.Command
        if session.finished or rng.random() < 0.3:
            command = c.AddNote(f"note {rng.random():.6f}", kind="observation")
        elif session.phase.value == "briefing":
            command = c.Begin()
        elif pending and session.phase.value in ("delivery", "deliberation", "decisions"):
            decision, cell = pending[0]
            options = [o.id for o, ok in session.options(decision) if ok]
            command = c.RecordChoice(decision, cell, rng.choice(options), "worker")
        else:
            command = c.NextPhase()
        try:
            events = exercise.execute(command)
        except CommandRefused:
            continue
        print(f"ack {events[-1]['group']} {events[-1]['seq']}", flush=True)
    print("done", flush=True)


if __name__ == "__main__":
    main()
