"""Headless play speed: choice steps per second and playthroughs per second.

`players.autoplay.play` with `RandomPolicy` on a generated scenario of `n_injects` injects
(`bench.generate`): every step records one choice, applies its effects, releases the next
inject, renders its body and opens its decision — the loop `simulate` runs. The target is
120,000 choice steps/s.
"""

from __future__ import annotations

import time

import yaml

from engine.format.canonical import content_hash
from engine.format.model import Scenario
from engine.play.compiled import CompiledScenario, compile_scenario
from engine.play.session import Session
from players.autoplay import play
from players.policies import RandomPolicy

MAX_CHOICES = 200
"""A playthrough stops at an option's ending or after this many choices."""


def scenario(n_injects: int, seed: int = 1) -> CompiledScenario:
    """The generated benchmark scenario, compiled."""
    from bench.generate import generate

    model = Scenario.model_validate(yaml.safe_load(generate(n_injects, seed)))
    return compile_scenario(model, content_hash(model))


def run(n_injects: int = 1000, seconds: float = 2.0) -> dict[str, float]:
    """Play seeded playthroughs for about `seconds` and report the rates."""
    compiled = scenario(n_injects)
    for decision in compiled.decisions:  # compiled lazily on first use: a load cost, not play's
        compiled.decisions[decision]
    cell = compiled.scenario.cells[0].id
    choices = playthroughs = 0
    started = time.perf_counter()
    elapsed = 0.0
    while elapsed < seconds:
        session = Session.start(compiled, playthroughs)
        result = play(session, {cell: RandomPolicy(playthroughs)}, max_choices=MAX_CHOICES)
        choices += result.choices
        playthroughs += 1
        elapsed = time.perf_counter() - started
    return {
        "choice steps/s": choices / elapsed,
        "playthroughs/s": playthroughs / elapsed,
        "choices per playthrough": choices / playthroughs,
    }


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key:<28} {value:,.1f}")
