"""The lifecycle: its remembered answers are the `transitions` machine's own."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
from transitions import Machine, MachineError

from engine.errors import CommandRefused
from engine.play.lifecycle import RUNNING, TRANSITIONS, Lifecycle, Phase

TRIGGERS = sorted({str(row["trigger"]) for row in TRANSITIONS})


class _Model:
    """A model registered with a machine of its own, the way transitions is usually used."""

    state: str
    trigger: Callable[[str], bool]
    """Added by the machine: fire the named trigger (MachineError when it cannot)."""

    def __init__(self, phase: Phase, paused_from: Phase | None) -> None:
        self.paused_from = paused_from
        self.machine = Machine(
            model=self,
            states=list(Phase),
            transitions=TRANSITIONS,
            initial=phase,
            auto_transitions=False,
            send_event=True,
        )


def _reference(trigger: str, phase: Phase, paused_from: Phase | None) -> Phase | None:
    model = _Model(phase, paused_from)
    try:
        moved = model.trigger(trigger)
    except MachineError:
        return None
    return Phase(model.state) if moved else None


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_every_move_goes_where_a_registered_model_of_the_machine_goes(trigger: str) -> None:
    for phase, paused_from in itertools.product(Phase, [None, *RUNNING]):
        expected = _reference(trigger, phase, paused_from)
        lifecycle = Lifecycle(phase)
        lifecycle.paused_from = paused_from
        assert lifecycle.can(trigger) is (expected is not None), (trigger, phase, paused_from)
        if expected is None:
            with pytest.raises(CommandRefused):
                lifecycle.move(trigger)
            assert lifecycle.phase is phase
        else:
            assert lifecycle.move(trigger) is expected
            assert lifecycle.phase is expected


def test_a_refused_move_says_what_and_when() -> None:
    lifecycle = Lifecycle(Phase.BRIEFING)
    with pytest.raises(CommandRefused, match=r"^cannot next turn during briefing$"):
        lifecycle.move("next_turn")
    with pytest.raises(CommandRefused, match=r"^cannot next turn during briefing$"):
        lifecycle.check("next_turn")  # the dry run refuses in the same words
    assert lifecycle.check("begin") is Phase.DELIVERY
    assert lifecycle.phase is Phase.BRIEFING  # a check never moves


def test_resume_returns_to_the_phase_the_exercise_was_paused_in() -> None:
    lifecycle = Lifecycle(Phase.DECISIONS)
    lifecycle.paused_from = Phase.DECISIONS
    assert lifecycle.move("pause") is Phase.PAUSED
    assert lifecycle.move("resume") is Phase.DECISIONS
    lifecycle = Lifecycle(Phase.PAUSED)
    lifecycle.paused_from = Phase.TURN_END
    assert lifecycle.move("resume") is Phase.TURN_END
