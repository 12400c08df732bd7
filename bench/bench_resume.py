"""Resuming a long exercise: `JournaledSession.resume` of a journal of ~10,000 events.

The journal is made the real way: a `JournaledSession` plays the generated benchmark
scenario (`bench.generate`), one fsync'd command at a time, choosing for the council an
option that leads to an inject not yet delivered (and releasing one by hand when none does)
until the journal holds `events` events. Resuming reads, checks and replays it all.
Target: under 0.3 s for 10,000 events.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.generate import generate
from engine.format.loader import load_scenario
from engine.journal.journaled_session import JournaledSession
from engine.journal.store import read_journal
from engine.play.commands import Begin, NextPhase, RecordChoice, ReleaseInject
from engine.play.compiled import CompiledOption, compile_scenario

SEED = 1
SCENARIO_INJECTS = 2_000


def _wall() -> datetime:
    return datetime(2025, 6, 1, 9, 0, tzinfo=UTC)


def _leads_on(option: CompiledOption, session: JournaledSession) -> bool:
    status = session.session.state.status
    return option.ending is None and all(inject not in status for inject in option.releases)


def _next_choice(exercise: JournaledSession) -> RecordChoice | None:
    """A choice for a pending decision that does not end the exercise, if there is one."""
    session = exercise.session
    for decision, cell in session.pending_choices():
        going_on = [
            option
            for option, available in session.options(decision)
            if available and option.ending is None
        ]
        if going_on:
            onward = [option for option in going_on if _leads_on(option, exercise)]
            return RecordChoice(decision, cell, (onward or going_on)[0].id)
    return None


def build_journal(folder: Path, events: int) -> Path:
    """Play until the journal holds at least `events` events; the journal's path."""
    scenario = folder / "scenario.yaml"
    scenario.write_text(generate(SCENARIO_INJECTS, SEED), encoding="utf-8")
    loaded = load_scenario(scenario, use_cache=False)
    compiled = compile_scenario(loaded.scenario, loaded.content_hash)
    path = folder / "long.jsonl"
    undelivered = [inject.id for inject in loaded.scenario.injects[1:]]
    written = 0
    with JournaledSession.create(compiled, SEED, path, wall=_wall) as exercise:
        session = exercise.session
        written += len(exercise.execute(Begin()))
        while written < events and not session.finished:
            choice = _next_choice(exercise)
            if choice is None:  # nothing to choose that goes on: the facilitator releases one
                while undelivered and undelivered[-1] in session.state.status:
                    undelivered.pop()
                command = ReleaseInject(undelivered.pop()) if undelivered else NextPhase()
                written += len(exercise.execute(command))
            else:
                written += len(exercise.execute(choice))
    return path


def run(events: int = 10_000, repeats: int = 5) -> dict[str, float]:
    """Median seconds to resume a journal of `events` events (and its size)."""
    with tempfile.TemporaryDirectory(prefix="bench-resume-") as name:
        path = build_journal(Path(name), events)
        records = len(read_journal(path).records)
        timings = []
        for _ in range(repeats):
            started = time.perf_counter()
            resumed = JournaledSession.resume(path, wall=_wall)
            timings.append(time.perf_counter() - started)
            resumed.exercise.close()
            assert resumed.torn is None
        size = path.stat().st_size
    return {
        "resume journal events count": float(records),
        "resume journal size MB": size / 1e6,
        "resume median s": statistics.median(timings),
    }


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key:<32} {value:.4g}")
