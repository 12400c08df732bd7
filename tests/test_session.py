"""The session's rules, played on a small fixture scenario (tests/fixtures/engine/session.yaml)."""

from __future__ import annotations

import pytest
from fixtures.engine import compiled as load_fixture

from engine.errors import CommandRefused
from engine.play import commands as c
from engine.play.compiled import CompiledScenario
from engine.play.events import Event
from engine.play.lifecycle import Phase
from engine.play.session import Session, seeded_roll
from engine.play.state import InjectStatus


@pytest.fixture(scope="module")
def scenario() -> CompiledScenario:
    return load_fixture()


def started(scenario: CompiledScenario, seed: int = 1) -> Session:
    """A session in turn 1's delivery phase."""
    session = Session.start(scenario, seed)
    session.execute(c.Begin())
    return session


def phase(session: Session) -> Phase:
    """The phase, read afresh: mypy keeps the narrowing of an `is` check on `session.phase`
    across `execute` and would call the next check impossible."""
    return session.phase


def types(events: list[Event]) -> list[str]:
    return [event["type"] for event in events]


def delivered(events: list[Event]) -> list[str]:
    return [event["inject"] for event in events if event["type"] == "inject_delivered"]


def to_turn_end(session: Session, budget: str = "fund") -> None:
    """From delivery, through the turn's decisions, to the turn's end."""
    while session.phase is not Phase.DECISIONS:
        session.execute(c.NextPhase())
    if ("budget", "blue") in session.pending_choices():
        session.execute(c.RecordChoice("budget", "blue", budget))
    session.execute(c.NextPhase())
    session.execute(c.NextPhase())


def seed_for(outcome: str) -> int:
    """A seed whose roll for red on `press` lands on `outcome` (found: 1-60, missed: 61-100)."""
    for seed in range(1000):
        roll = seeded_roll("press", "red", seed)
        if (roll <= 60) == (outcome == "found"):
            return seed
    raise AssertionError("no seed")


# ------------------------------------------------------------------------- lifecycle
def test_a_new_session_waits_in_the_briefing_with_its_opening_events(
    scenario: CompiledScenario,
) -> None:
    session = Session.start(scenario, 3)
    assert phase(session) is Phase.BRIEFING
    assert types(session.events) == ["command", "phase_changed", "session_started"]
    started_event = session.events[2]
    assert started_event["type"] == "session_started" and started_event["seed"] == 3


def test_a_turn_walks_through_every_phase_in_order(scenario: CompiledScenario) -> None:
    session = started(scenario)
    assert (session.phase, session.state.turn) == (Phase.DELIVERY, 1)
    session.execute(c.NextPhase())
    assert phase(session) is Phase.DELIBERATION
    session.execute(c.NextPhase())
    assert phase(session) is Phase.DECISIONS
    session.execute(c.RecordChoice("budget", "blue", "fund"))
    session.execute(c.NextPhase())
    assert phase(session) is Phase.ADJUDICATION
    session.execute(c.NextPhase())
    assert phase(session) is Phase.TURN_END
    session.execute(c.NextPhase())
    assert (session.phase, session.state.turn) == (Phase.DELIVERY, 2)
    assert session.state.clock == scenario.start_clock + 24 * 60


def test_a_choice_during_adjudication_is_refused_with_a_clear_message(
    scenario: CompiledScenario,
) -> None:
    session = started(scenario)
    session.execute(c.NextPhase())
    session.execute(c.NextPhase())
    session.execute(c.RecordChoice("budget", "blue", "fund"))
    session.execute(c.NextPhase())
    before = (session.state.key(), len(session.events))
    with pytest.raises(CommandRefused) as refused:
        session.execute(c.RecordChoice("press", "blue", "deny"))
    assert str(refused.value) == (
        "choices are recorded during delivery, deliberation or decisions, not during adjudication"
    )
    assert (session.state.key(), len(session.events)) == before


def test_adjudication_waits_for_every_cell_of_a_turn_decision(scenario: CompiledScenario) -> None:
    session = started(scenario)
    session.execute(c.NextPhase())
    session.execute(c.NextPhase())
    with pytest.raises(CommandRefused, match="cannot adjudicate yet: decision 'budget' is waiting"):
        session.execute(c.NextPhase())
    assert phase(session) is Phase.DECISIONS


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (c.Begin(), "cannot begin during delivery"),
        (c.Resume(), "cannot resume during delivery"),
        (c.RecordChoice("press", "green", "deny"), "cell 'green' does not take part"),
        (c.RecordChoice("press", "blue", "flee"), "decision 'press' has no option 'flee'"),
        (c.RecordChoice("budget", "blue", "alarm"), "option 'alarm' is not available now"),
        (c.RecordChoice("timed", "blue", "act"), "decision 'timed' is not open"),
        (c.ReleaseInject("nowhere"), "no inject 'nowhere' in this scenario"),
        (c.ReleaseInject("opening"), "inject 'opening' is already delivered"),
        (c.Redo(), "nothing to redo"),
        (c.AdvanceClock(0), "the clock only moves forward"),
    ],
)
def test_an_impossible_command_is_refused_and_changes_nothing(
    scenario: CompiledScenario, command: c.Command, message: str
) -> None:
    session = started(scenario)
    before = (session.state.key(), len(session.events))
    with pytest.raises(CommandRefused, match=message):
        session.execute(command)
    assert (session.state.key(), len(session.events)) == before


def test_pause_and_resume_come_back_to_the_same_phase(scenario: CompiledScenario) -> None:
    session = started(scenario)
    session.execute(c.NextPhase())
    session.execute(c.Pause())
    assert phase(session) is Phase.PAUSED
    with pytest.raises(CommandRefused):
        session.execute(c.RecordChoice("press", "blue", "deny"))
    session.execute(c.Resume())
    assert phase(session) is Phase.DELIBERATION


def test_nothing_runs_before_the_briefing_is_over(scenario: CompiledScenario) -> None:
    session = Session.start(scenario, 1)
    with pytest.raises(CommandRefused, match="cannot release an inject during briefing"):
        session.execute(c.ReleaseInject("manual"))


# ------------------------------------------------------------------------- injects
def test_an_inject_with_a_turn_arrives_at_the_start_of_its_turn(scenario: CompiledScenario) -> None:
    session = Session.start(scenario, 1)
    assert delivered(session.execute(c.Begin())) == ["opening"]
    to_turn_end(session)
    assert delivered(session.execute(c.NextPhase())) == ["follow_up", "evening", "day_two"]


def test_an_inject_with_a_time_arrives_when_the_clock_reaches_it(
    scenario: CompiledScenario,
) -> None:
    session = started(scenario)
    assert delivered(session.execute(c.AdvanceClock(12 * 60 - 1))) == ["follow_up"]
    assert delivered(session.execute(c.AdvanceClock(1))) == ["evening"]


def test_an_inject_after_another_waits_for_its_delay(scenario: CompiledScenario) -> None:
    session = started(scenario)
    assert delivered(session.execute(c.AdvanceClock(119))) == []
    assert delivered(session.execute(c.AdvanceClock(1))) == ["follow_up"]
    assert session.state.delivered_at["follow_up"] == scenario.start_clock + 120


def test_an_inject_with_a_condition_arrives_once_it_holds_with_its_effects(
    scenario: CompiledScenario,
) -> None:
    session = started(scenario)
    session.execute(c.RecordChoice("press", "blue", "deny"))
    events = session.execute(c.RecordChoice("press", "red", "deny"))
    assert delivered(events) == ["doubts"]
    assert session.state.values["trust"] == 50 - 10 - 10 - 2


def test_an_option_releases_a_contingency_inject(scenario: CompiledScenario) -> None:
    session = started(scenario)
    session.execute(c.RecordChoice("press", "blue", "admit"))
    assert "admitted" not in session.state.delivered
    assert delivered(session.execute(c.RecordChoice("press", "red", "deny"))) == ["admitted"]


def test_the_facilitator_releases_an_inject_no_trigger_would(scenario: CompiledScenario) -> None:
    session = started(scenario)
    to_turn_end(session)
    session.execute(c.NextPhase())
    assert "manual" not in session.state.delivered
    assert delivered(session.execute(c.ReleaseInject("manual"))) == ["manual"]


def test_a_held_inject_waits_until_it_is_unheld(scenario: CompiledScenario) -> None:
    session = started(scenario)
    session.execute(c.HoldInject("day_two"))
    assert session.state.status_of("day_two") is InjectStatus.HELD
    to_turn_end(session)
    assert delivered(session.execute(c.NextPhase())) == ["follow_up", "evening"]
    assert delivered(session.execute(c.UnholdInject("day_two"))) == ["day_two"]
    assert "timed" in session.state.open_decisions


def test_a_cancelled_inject_never_arrives(scenario: CompiledScenario) -> None:
    session = started(scenario)
    session.execute(c.CancelInject("day_two"))
    to_turn_end(session)
    assert delivered(session.execute(c.NextPhase())) == ["follow_up", "evening"]
    with pytest.raises(CommandRefused, match="inject 'day_two' is already cancelled"):
        session.execute(c.ReleaseInject("day_two"))


# ------------------------------------------------------------------------- decisions
def test_an_inject_decision_resolves_as_soon_as_every_cell_has_chosen(
    scenario: CompiledScenario,
) -> None:
    session = started(scenario)
    first = session.execute(c.RecordChoice("press", "blue", "admit"))
    assert "option_resolved" not in types(first)
    second = session.execute(c.RecordChoice("press", "red", "admit"))
    assert types(second).count("option_resolved") == 2
    assert "press" in session.state.resolved
    assert session.state.values["trust"] == 60


def test_a_turn_decision_waits_for_the_adjudication_phase(scenario: CompiledScenario) -> None:
    session = started(scenario)
    session.execute(c.RecordChoice("budget", "blue", "cut"))
    assert session.state.values["trust"] == 50
    session.execute(c.NextPhase())
    session.execute(c.NextPhase())
    events = session.execute(c.NextPhase())
    assert types(events)[:3] == ["command", "phase_changed", "option_resolved"]
    assert delivered(events) == ["doubts"]  # 50 - 20 < 45
    assert session.state.values["trust"] == 30 - 2


def test_cells_resolve_in_the_order_the_decision_lists_them_not_the_order_they_chose(
    scenario: CompiledScenario,
) -> None:
    session = started(scenario)
    session.execute(c.RecordChoice("press", "red", "deny"))
    events = session.execute(c.RecordChoice("press", "blue", "admit"))
    resolved = [(e["cell"], e["option"]) for e in events if e["type"] == "option_resolved"]
    assert resolved == [("blue", "admit"), ("red", "deny")]
    changes = [e["changes"] for e in events if e["type"] == "variables_changed"]
    assert changes[:2] == [{"trust": 55}, {"trust": 45}]


def test_an_option_behind_a_condition_opens_up_when_it_holds(scenario: CompiledScenario) -> None:
    session = Session.start(scenario, seed_for("found"))
    session.execute(c.Begin())
    assert {o.id: ok for o, ok in session.options("budget")}["alarm"] is False
    session.execute(c.RecordChoice("press", "blue", "admit"))
    session.execute(c.RecordChoice("press", "red", "probe"))
    assert session.state.values["alert"] is True
    assert {o.id: ok for o, ok in session.options("budget")}["alarm"] is True


# ------------------------------------------------------------------------- rolls
def probe(scenario: CompiledScenario, seed: int) -> list[Event]:
    session = started(scenario, seed)
    session.execute(c.RecordChoice("press", "blue", "admit"))
    return session.execute(c.RecordChoice("press", "red", "probe"))


def rolls(events: list[Event]) -> list[tuple[int, str]]:
    return [(e["roll"], e["outcome"]) for e in events if e["type"] == "roll_made"]


def test_a_roll_is_the_seeds_own_die_and_lands_on_the_stacked_chances(
    scenario: CompiledScenario,
) -> None:
    for seed in range(20):
        [(roll, outcome)] = rolls(probe(scenario, seed))
        assert roll == seeded_roll("press", "red", seed)
        assert outcome == ("found" if roll <= 60 else "missed")


def test_the_same_seed_rolls_the_same_and_both_outcomes_occur(scenario: CompiledScenario) -> None:
    assert rolls(probe(scenario, 5)) == rolls(probe(scenario, 5))
    outcomes = {rolls(probe(scenario, seed))[0][1] for seed in range(20)}
    assert outcomes == {"found", "missed"}


def test_an_override_replaces_the_latest_roll_and_its_consequences(
    scenario: CompiledScenario,
) -> None:
    session = started(scenario, seed_for("found"))
    session.execute(c.RecordChoice("press", "blue", "admit"))
    session.execute(c.RecordChoice("press", "red", "probe"))
    assert session.state.values == {"trust": 55, "alert": True}
    with pytest.raises(CommandRefused, match="an override needs a reason"):
        session.execute(c.OverrideOutcome("press", "red", "missed", " "))
    events = session.execute(c.OverrideOutcome("press", "red", "missed", "the press found it"))
    assert session.state.values == {"trust": 54, "alert": False}
    assert rolls(events) == [(seeded_roll("press", "red", seed_for("found")), "missed")]
    assert ("press", "missed") in session.state.rolled
    assert ("press", "found") not in session.state.rolled
    replayed = Session.replay(scenario, session.seed, session.events)
    assert replayed.state.key() == session.state.key()


def test_only_the_latest_actions_roll_can_be_overridden(scenario: CompiledScenario) -> None:
    session = started(scenario, 1)
    session.execute(c.RecordChoice("press", "blue", "admit"))
    session.execute(c.RecordChoice("press", "red", "probe"))
    session.execute(c.NextPhase())
    with pytest.raises(CommandRefused, match="only the latest action's roll"):
        session.execute(c.OverrideOutcome("press", "red", "missed", "why not"))


# ------------------------------------------------------------------------- time limits
def in_turn_two(scenario: CompiledScenario) -> Session:
    session = started(scenario)
    to_turn_end(session)
    session.execute(c.NextPhase())
    return session


def test_a_time_limited_decision_has_a_deadline(scenario: CompiledScenario) -> None:
    session = in_turn_two(scenario)
    opened = session.state.open_decisions["timed"]
    assert opened.deadline == session.state.clock + 60


def test_an_expired_decision_takes_its_default_for_every_silent_cell(
    scenario: CompiledScenario,
) -> None:
    session = in_turn_two(scenario)
    trust = session.state.values["trust"]
    assert isinstance(trust, int)
    events = session.execute(c.ExpireDecision("timed"))
    [choice] = [e for e in events if e["type"] == "choice_recorded"]
    assert (choice["option"], choice["defaulted"]) == ("wait", True)
    assert session.state.values["trust"] == trust - 5
    assert "timed" in session.state.resolved


def test_a_decision_without_default_cannot_expire(scenario: CompiledScenario) -> None:
    session = started(scenario)
    with pytest.raises(CommandRefused, match="decision 'press' has no default option"):
        session.execute(c.ExpireDecision("press"))


def test_moving_the_clock_past_a_deadline_expires_the_decision(scenario: CompiledScenario) -> None:
    session = in_turn_two(scenario)
    session.execute(c.AdvanceClock(59))
    assert "timed" in session.state.open_decisions
    events = session.execute(c.AdvanceClock(1))
    assert "decision_closed" in types(events)
    assert session.state.open_decisions.get("timed") is None


# ------------------------------------------------------------------------- endings
def test_an_ending_condition_is_checked_at_the_end_of_the_turn(scenario: CompiledScenario) -> None:
    session = started(scenario)
    session.execute(c.RecordChoice("press", "blue", "deny"))
    session.execute(c.RecordChoice("press", "red", "deny"))  # 50 - 20 - 2 (doubts) = 28
    session.execute(c.NextPhase())
    session.execute(c.NextPhase())
    session.execute(c.RecordChoice("budget", "blue", "cut"))
    session.execute(c.NextPhase())
    assert session.state.values["trust"] == 8
    assert phase(session) is Phase.ADJUDICATION  # below the threshold, but not yet the turn's end
    events = session.execute(c.NextPhase())
    assert [e["ending"] for e in events if e["type"] == "ending_reached"] == ["collapse"]
    assert phase(session) is Phase.HOTWASH
    assert session.finished


def test_an_option_with_an_ending_ends_the_exercise_at_once(scenario: CompiledScenario) -> None:
    session = in_turn_two(scenario)
    session.execute(c.RecordChoice("timed", "blue", "wait"))
    to_turn_end(session)
    session.execute(c.NextPhase())
    events = session.execute(c.RecordChoice("final", "blue", "settle"))
    ending = types(events).index("ending_reached")
    changed = events[ending + 1]
    assert changed["type"] == "phase_changed" and changed["phase"] == "hotwash"
    assert session.state.ending == "settled"
    assert phase(session) is Phase.HOTWASH


def test_the_last_turn_ending_with_no_condition_true_exhausts_the_turns(
    scenario: CompiledScenario,
) -> None:
    session = in_turn_two(scenario)
    session.execute(c.RecordChoice("timed", "blue", "wait"))
    to_turn_end(session)
    session.execute(c.NextPhase())
    session.execute(c.RecordChoice("final", "blue", "fight"))
    to_turn_end(session)
    assert session.state.ending is None
    assert phase(session) is Phase.HOTWASH
    assert "turns_exhausted" in types(session.events)


def test_the_hotwash_closes_into_the_end(scenario: CompiledScenario) -> None:
    session = started(scenario)
    session.execute(c.EndExercise("settled", "out of time"))
    assert session.state.ending == "settled"
    session.execute(c.CloseExercise())
    assert phase(session) is Phase.ENDED
    with pytest.raises(CommandRefused):
        session.execute(c.NextPhase())


# ------------------------------------------------------------------------- undo and redo
def group_events(session: Session, group: int) -> list[Event]:
    return [e for e in session.events if e["group"] == group]


def test_undo_takes_back_a_roll_and_redo_restores_its_events_without_rolling_again(
    scenario: CompiledScenario,
) -> None:
    session = started(scenario, seed_for("found"))
    session.execute(c.RecordChoice("press", "blue", "admit"))
    before = session.state.key()
    done = session.execute(c.RecordChoice("press", "red", "probe"))
    after = session.state.key()
    session.execute(c.Undo())
    assert session.state.key() == before
    session.roller = lambda decision, cell, seed: 100  # a new roll would now miss
    redone = session.execute(c.Redo())
    assert types(redone) == ["command", "redone"]
    redo = redone[1]
    assert redo["type"] == "redone" and redo["target"] == done[0]["group"]
    assert session.state.key() == after
    assert session.state.values["alert"] is True
    replayed = Session.replay(scenario, session.seed, session.events)
    assert replayed.state.key() == after


def test_a_new_action_clears_what_could_be_redone(scenario: CompiledScenario) -> None:
    session = started(scenario)
    session.execute(c.RecordChoice("press", "blue", "admit"))
    session.execute(c.Undo())
    assert session.can_redo()
    session.execute(c.RecordChoice("press", "blue", "deny"))
    assert not session.can_redo()


def test_undo_passes_over_notes_and_ratings_and_keeps_them(scenario: CompiledScenario) -> None:
    session = started(scenario)
    session.execute(c.RecordChoice("press", "blue", "admit"))
    session.execute(c.AddNote("Blue admitted quickly", kind="strength"))
    session.execute(c.RateTask("obj", "speak", "S", "Spoke within the hour"))
    session.execute(c.RecordFeedback("Good pace", participant="Ana"))
    events = session.execute(c.Undo())
    undo = events[1]
    assert undo["type"] == "undone" and undo["command"] == "record_choice"
    assert ("press", "blue") in session.pending_choices()
    assert [note["text"] for note in session.state.notes] == ["Blue admitted quickly"]
    assert session.state.ratings[("obj", "speak")]["rating"] == "S"
    assert len(session.state.feedback) == 1


def test_undo_stops_at_the_start_of_the_exercise(scenario: CompiledScenario) -> None:
    session = started(scenario)
    session.execute(c.Undo())
    assert phase(session) is Phase.BRIEFING
    with pytest.raises(CommandRefused, match="nothing to undo"):
        session.execute(c.Undo())


def test_a_replayed_session_equals_the_live_one(scenario: CompiledScenario) -> None:
    session = started(scenario, 4)
    session.execute(c.RecordChoice("press", "red", "probe"))
    session.execute(c.AddNote("red probes"))
    session.execute(c.RecordChoice("press", "blue", "deny"))
    session.execute(c.Undo())
    session.execute(c.Redo())
    session.execute(c.HoldInject("day_two"))
    replayed = Session.replay(scenario, 4, session.events)
    assert replayed.state.key() == session.state.key()
    assert replayed.state.notes == session.state.notes
    assert replayed.undoable() == session.undoable()
    assert replayed.can_redo() == session.can_redo()


def test_overriding_an_override_reruns_the_original_action(scenario: CompiledScenario) -> None:
    session = started(scenario, seed_for("found"))
    session.execute(c.RecordChoice("press", "blue", "admit"))
    session.execute(c.RecordChoice("press", "red", "probe"))
    session.execute(c.OverrideOutcome("press", "red", "missed", "first thoughts"))
    session.execute(c.OverrideOutcome("press", "red", "found", "second thoughts"))
    assert session.state.values == {"trust": 55, "alert": True}
    assert ("press", "red") not in session.pending_choices()
    replayed = Session.replay(scenario, session.seed, session.events)
    assert replayed.state.key() == session.state.key()
    session.execute(c.Undo())
    assert ("press", "red") in session.pending_choices()


def test_the_decision_table_gets_as_a_mapping_does_compiling_on_first_use() -> None:
    decisions = load_fixture().decisions  # a fresh table: nothing looked up yet
    ids = list(decisions)
    assert decisions.get(ids[0]) is decisions[ids[0]]  # compiled once, the same object after
    assert [decisions.get(i) for i in ids] == [decisions[i] for i in ids]
    marker = decisions[ids[0]]
    assert decisions.get("no_such_decision") is None
    assert decisions.get("no_such_decision", marker) is marker
