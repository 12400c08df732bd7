"""The vocabulary bench replays exactly the real loop's events (a smoke test, not a measurement)."""

from __future__ import annotations

import pytest

from bench import bench_vocabulary
from bench.bench_play import scenario
from engine.play.session import Session
from players.autoplay import play
from players.policies import RandomPolicy


def test_the_vocabulary_bench_reports_the_rates_and_the_share() -> None:
    figures = bench_vocabulary.run(playthroughs=4, rounds=1, n_injects=60)
    assert set(figures) == {
        "real loop choice steps/s",
        "vocabulary alone choice steps/s",
        "coarse vocabulary alone choice steps/s",
        "events per step",
        "vocabulary share of a step ratio",
        "coarse events could save at most ratio",
    }
    assert figures["events per step"] > 3  # command, choice, resolution, delivery, opening...


@pytest.mark.parametrize("coarse", [False, True])
def test_both_replays_reach_the_real_loops_state_and_a_lost_event_shows(coarse: bool) -> None:
    compiled = scenario(60)
    session = Session.start(compiled, 3)
    play(session, {"council": RandomPolicy(3)}, max_choices=50)

    def replay(events: list[dict[str, object]]) -> bool:
        if coarse:
            folded = bench_vocabulary.fold_coarse(compiled, bench_vocabulary.coarse_steps(events))
        else:
            folded = bench_vocabulary.fold(compiled, bench_vocabulary.fields_of(events))
        return bench_vocabulary.same_state(session.state, folded)

    events = [dict(event) for event in session.events]
    assert replay(events)
    lost = [event for event in events if event["type"] != "variables_changed"]
    assert not replay(lost)
