"""Decision support: the ending odds of each option, exact or sampled (`engine.explore.odds`)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fixtures.engine import HERE
from fixtures.engine import compiled as load_fixture

from engine.errors import CommandRefused
from engine.explore import odds as odds_module
from engine.explore.odds import (
    Allowance,
    DecisionOdds,
    TooCostly,
    all_decision_odds,
    decision_odds,
)
from engine.play import commands as c
from engine.play.session import Session

ROOT = Path(__file__).resolve().parent.parent
ODDS = HERE / "odds.yaml"


def _at_first_decision(path: Path = ODDS) -> Session:
    session = Session.start(load_fixture(path), 3)
    session.execute(c.Begin())
    return session


def _by_option(odds: DecisionOdds) -> dict[str, dict[str | None, float]]:
    return {o.option: {k: round(v, 6) for k, v in o.endings.items()} for o in odds.options}


def test_exact_odds_weigh_rolls_by_their_chances_and_later_choices_uniformly() -> None:
    odds = decision_odds(_at_first_decision(), "act")
    assert (odds.decision, odds.cell, odds.method, odds.samples) == ("act", "blue", "exact", 0)
    assert _by_option(odds) == {
        "safe": {"calm": 1.0},
        "gamble": {"win": 0.3, "loss": 0.7},
        "pass": {"late_win": 0.5, None: 0.5},
        "secret": {},
    }


def test_an_unavailable_option_is_marked_and_has_no_odds() -> None:
    odds = decision_odds(_at_first_decision(), "act")
    [secret] = [o for o in odds.options if o.option == "secret"]
    assert not secret.available
    assert secret.endings == {}
    assert all(o.available for o in odds.options if o.option != "secret")


def test_the_session_is_left_as_it_was() -> None:
    session = _at_first_decision()
    before = (session.state.key(), len(session.events), session.pending_choices())
    all_decision_odds(session)
    assert (session.state.key(), len(session.events), session.pending_choices()) == before


def test_past_its_budget_it_samples_and_says_how_many_playthroughs() -> None:
    odds = decision_odds(_at_first_decision(), "act", budget=0, samples=2000, seed=5)
    assert (odds.method, odds.samples) == ("sample", 2000)
    shares = _by_option(odds)
    assert shares["safe"] == {"calm": 1.0}
    assert shares["gamble"]["win"] == pytest.approx(0.3, abs=0.05)
    assert shares["pass"][None] == pytest.approx(0.5, abs=0.05)
    assert sum(shares["gamble"].values()) == pytest.approx(1.0)


def test_a_sample_is_the_same_for_the_same_seed_and_differs_for_another() -> None:
    session = _at_first_decision()
    first = decision_odds(session, "act", budget=0, samples=300, seed=1)
    assert decision_odds(session, "act", budget=0, samples=300, seed=1) == first
    assert decision_odds(session, "act", budget=0, samples=300, seed=2) != first


def test_a_decision_that_is_not_open_or_a_cell_that_chose_is_refused() -> None:
    session = _at_first_decision()
    with pytest.raises(CommandRefused, match="decision 'late' is not open"):
        decision_odds(session, "late")
    both = _at_first_decision(HERE / "session.yaml")
    both.execute(c.RecordChoice("press", "blue", "deny"))
    with pytest.raises(CommandRefused, match="no choice is waiting for cell 'blue'"):
        decision_odds(both, "press", "blue")
    assert decision_odds(both, "press").cell == "red"


def test_a_dead_end_counts_as_stuck_not_as_an_ending() -> None:
    session = _at_first_decision(HERE / "broken.yaml")
    while not session.pending_choices():
        session.execute(c.NextPhase())
    for odds in all_decision_odds(session):
        for option in odds.options:
            if option.available:
                assert sum(option.endings.values()) + option.stuck == pytest.approx(1.0)
    assert any(o.stuck > 0 for odds in all_decision_odds(session) for o in odds.options)


def test_every_open_decision_of_the_flagship_gets_exact_odds() -> None:
    session = _at_first_decision(ROOT / "scenarios" / "portrait")
    seen = 0
    while not session.finished:
        pending = session.pending_choices()
        if not pending:
            session.execute(c.NextPhase())
            continue
        started = time.perf_counter()
        for odds in all_decision_odds(session):
            assert odds.method == "exact"
            for option in odds.options:
                if option.available:
                    assert sum(option.endings.values()) == pytest.approx(1.0)
        # Under a second each on an idle machine (docs/performance.md); loose for a busy one.
        assert time.perf_counter() - started < 30
        seen += 1
        decision, cell = pending[0]
        session.execute(c.RecordChoice(decision, cell, session.available_options(decision)[0].id))
    assert seen >= 5


def test_an_allowance_bounds_the_commands_run_and_one_shared_allowance_is_drawn_down() -> None:
    session = _at_first_decision()
    with pytest.raises(TooCostly, match="more than 5 commands to compute"):
        decision_odds(session, "act", allowance=Allowance(5))
    with pytest.raises(TooCostly):  # sampling counts each playthrough's steps as well
        decision_odds(session, "act", budget=0, samples=1000, allowance=Allowance(500))
    shared = Allowance(100_000)
    decision_odds(session, "act", allowance=shared)
    used = shared.steps - shared.left
    assert used > 0
    decision_odds(session, "act", allowance=shared)
    assert shared.steps - shared.left == 2 * used


def test_an_exact_walk_past_its_memory_samples_instead(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(odds_module, "_MEMORY_EVERY", 1)
    odds = decision_odds(_at_first_decision(), "act", allowance=Allowance(memory=-(2**62)))
    assert odds.method == "sample"
