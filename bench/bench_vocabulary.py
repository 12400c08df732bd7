"""What the event vocabulary costs a choice step, and what coarser events could buy.

Issue #24 asks whether coarser events per step are what it takes to reach 120,000 choice
steps/s. This bench answers with a measurement instead of a guess. It plays seeded
playthroughs of the generated 1,000-inject scenario with the real loop (`bench.bench_play`'s
`players.autoplay.play` over `engine.play.session.Session`), keeps every event, and then times,
interleaved with the real loop, two replays of the same work that leave out the rules:

- **vocabulary**: every event rebuilt from its fields, stamped (`seq`, `group`, `turn`,
  `clock`) and folded into a fresh state through the engine's own appliers
  (`engine.play.fold.APPLIERS`), as `Session.emit` does — the cost of the events themselves;
- **coarse**: the same, with a step's events merged into one event per step (what a coarser
  vocabulary would create) — folded through the same appliers, so only the dicts' count
  changes.

The replays must end in the state the real loop reached (checked on every playthrough), so
they do the same folding work. `run()` returns the three rates and the share of a step that the
vocabulary takes: coarser events can buy at most that share.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Mapping, Sequence
from typing import Any

from bench.bench_play import MAX_CHOICES, scenario
from engine.play.compiled import CompiledScenario
from engine.play.fold import APPLIERS
from engine.play.session import Session
from engine.play.state import ExerciseState
from players.autoplay import play
from players.policies import RandomPolicy

PLAYTHROUGHS = 400
ROUNDS = 3
_STAMPS = ("seq", "group", "turn", "clock")

Fields = dict[str, Any]


def playthroughs_of(
    compiled: CompiledScenario, count: int, keep: bool
) -> tuple[float, int, list[Session]]:
    """Play `count` seeded playthroughs with the real loop: seconds, choices, and the sessions
    when `keep` (timed without keeping them: a growing heap would slow the collector)."""
    cell = compiled.scenario.cells[0].id
    sessions = []
    choices = 0
    started = time.perf_counter()
    for seed in range(count):
        session = Session.start(compiled, seed)
        choices += play(session, {cell: RandomPolicy(seed)}, max_choices=MAX_CHOICES).choices
        if keep:
            sessions.append(session)
    return time.perf_counter() - started, choices, sessions


def fields_of(events: Sequence[Mapping[str, Any]]) -> list[Fields]:
    """Each event without its stamps: what a rule hands to `emit`."""
    return [{k: v for k, v in event.items() if k not in _STAMPS} for event in events]


def coarse_steps(events: Sequence[Mapping[str, Any]]) -> list[list[Fields]]:
    """The events grouped one list per step (a step starts at each `command` event), each
    part keeping the turn and clock its applier reads (a coarse event would carry them once)."""
    steps: list[list[Fields]] = []
    for event in events:
        if event["type"] == "command" or not steps:
            steps.append([])
        steps[-1].append({k: v for k, v in event.items() if k not in ("seq", "group")})
    return steps


def fold(compiled: CompiledScenario, fields: Sequence[Fields]) -> ExerciseState:
    """Rebuild, stamp and fold every event, as `Session.emit` does; the final state."""
    state = Session.start(compiled, 0).state
    history: list[Fields] = []
    for seq, event_fields in enumerate(fields):
        event = dict(event_fields)
        event["seq"] = seq
        event["group"] = 0
        event["turn"] = state.turn
        event["clock"] = state.clock
        history.append(event)
        if event["type"] != "command":
            APPLIERS[event["type"]](state, event)
    return state


def fold_coarse(compiled: CompiledScenario, steps: Sequence[list[Fields]]) -> ExerciseState:
    """One stamped dict per step (the step's events inside it), folded by the same appliers."""
    state = Session.start(compiled, 0).state
    history: list[Fields] = []
    for seq, parts in enumerate(steps):
        event = {"type": "step", "parts": parts, "seq": seq, "group": 0}
        event["turn"] = state.turn
        event["clock"] = state.clock
        history.append(event)
        for part in parts:
            if part["type"] != "command":
                APPLIERS[part["type"]](state, part)
    return state


def same_state(a: ExerciseState, b: ExerciseState) -> bool:
    return (a.values, a.status, a.ending, a.phase, a.resolved) == (
        b.values,
        b.status,
        b.ending,
        b.phase,
        b.resolved,
    )


def run(
    playthroughs: int = PLAYTHROUGHS, rounds: int = ROUNDS, n_injects: int = 1000
) -> dict[str, float]:
    """Time the real loop and the two replays, interleaved; return the rates and the share."""
    compiled = scenario(n_injects)
    for decision in compiled.decisions:  # compiled lazily on first use: a load cost
        compiled.decisions[decision]
    real: list[float] = []
    vocabulary: list[float] = []
    coarse: list[float] = []
    events_per_step = 0.0
    for _ in range(rounds):
        seconds, choices, _ = playthroughs_of(compiled, playthroughs, keep=False)
        real.append(choices / seconds)
        _, _, sessions = playthroughs_of(compiled, playthroughs, keep=True)  # the same, kept
        fields = [fields_of(session.events) for session in sessions]
        steps = [coarse_steps(session.events) for session in sessions]
        events_per_step = sum(map(len, fields)) / choices
        gc.collect()
        gc.freeze()  # the replays' inputs: not traversed by the collector while timed
        started = time.perf_counter()
        folded = [fold(compiled, each) for each in fields]
        vocabulary.append(choices / (time.perf_counter() - started))
        started = time.perf_counter()
        merged = [fold_coarse(compiled, each) for each in steps]
        coarse.append(choices / (time.perf_counter() - started))
        for session, plain, grouped in zip(sessions, folded, merged, strict=True):
            if not (same_state(session.state, plain) and same_state(session.state, grouped)):
                raise AssertionError("a replay did not reach the real loop's state")
        del sessions, fields, steps, folded, merged
        gc.unfreeze()
    loop, events, merged_rate = (statistics.median(x) for x in (real, vocabulary, coarse))
    return {
        "real loop choice steps/s": loop,
        "vocabulary alone choice steps/s": events,
        "coarse vocabulary alone choice steps/s": merged_rate,
        "events per step": events_per_step,
        "vocabulary share of a step ratio": loop / events,
        "coarse events could save at most ratio": loop / events - loop / merged_rate,
    }


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key:<44} {value:,.3f}")
