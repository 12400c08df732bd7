"""The exercise lifecycle: every phase and every legal move between phases, in one table.

setup → briefing → turns (delivery → deliberation → decisions → adjudication → turn end, then
the next turn's delivery) → hotwash → ended, with pause and resume from any running phase and
an early end from any running or paused phase. Everything that decides which phase may follow
which lives here (as h11 keeps its whole state machine in one module).

One `transitions` machine serves every session: each session's `Lifecycle` is a small object
whose phase the machine's events move, so a session costs no machine of its own.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from transitions import Machine, MachineError

from engine.errors import CommandRefused


class Phase(StrEnum):
    """Where the exercise is in its lifecycle."""

    SETUP = "setup"
    BRIEFING = "briefing"
    DELIVERY = "delivery"
    DELIBERATION = "deliberation"
    DECISIONS = "decisions"
    ADJUDICATION = "adjudication"
    TURN_END = "turn_end"
    PAUSED = "paused"
    HOTWASH = "hotwash"
    ENDED = "ended"


RUNNING = (Phase.DELIVERY, Phase.DELIBERATION, Phase.DECISIONS, Phase.ADJUDICATION, Phase.TURN_END)
"""The phases of a turn, in order: the exercise is live in any of them."""

CHOOSING = (Phase.DELIVERY, Phase.DELIBERATION, Phase.DECISIONS)
"""The phases in which cells may record choices."""


def _paused_from(phase: Phase) -> Any:
    def condition(event: Any) -> bool:
        return bool(event.model.paused_from == phase)

    return condition


# trigger, source(s), destination — the whole lifecycle.
TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "open_briefing", "source": Phase.SETUP, "dest": Phase.BRIEFING},
    {"trigger": "begin", "source": Phase.BRIEFING, "dest": Phase.DELIVERY},
    {"trigger": "advance", "source": Phase.DELIVERY, "dest": Phase.DELIBERATION},
    {"trigger": "advance", "source": Phase.DELIBERATION, "dest": Phase.DECISIONS},
    {"trigger": "advance", "source": Phase.DECISIONS, "dest": Phase.ADJUDICATION},
    {"trigger": "advance", "source": Phase.ADJUDICATION, "dest": Phase.TURN_END},
    {"trigger": "next_turn", "source": Phase.TURN_END, "dest": Phase.DELIVERY},
    {"trigger": "pause", "source": list(RUNNING), "dest": Phase.PAUSED},
    *[
        {
            "trigger": "resume",
            "source": Phase.PAUSED,
            "dest": phase,
            "conditions": [_paused_from(phase)],
        }
        for phase in RUNNING
    ],
    {"trigger": "finish", "source": [*RUNNING, Phase.PAUSED], "dest": Phase.HOTWASH},
    {"trigger": "close", "source": Phase.HOTWASH, "dest": Phase.ENDED},
]


class Lifecycle:
    """One session's place in the lifecycle: its phase, moved only by the shared machine.

    The lifecycle is never added to the machine as a model (`add_model` binds some thirty
    methods to each model, which costs more than a whole turn of play): it fires the machine's
    events directly. The machine keeps the phase in the `state` attribute.
    """

    __slots__ = ("paused_from", "state")

    def __init__(self, phase: Phase = Phase.SETUP) -> None:
        self.state: Phase = phase
        self.paused_from: Phase | None = None

    @property
    def phase(self) -> Phase:
        """The current phase."""
        return Phase(self.state)

    def move(self, trigger: str) -> Phase:
        """Fire a lifecycle trigger and return the new phase.

        Raises:
            CommandRefused: the trigger is not legal in the current phase.
        """
        try:
            moved = _MACHINE.events[trigger].trigger(self)
        except MachineError:
            moved = False
        if not moved:
            raise CommandRefused(
                f"cannot {trigger.replace('_', ' ')} during {self.phase.value.replace('_', ' ')}"
            )
        return self.phase

    def can(self, trigger: str) -> bool:
        """Whether the trigger is legal now (it is fired on a scratch copy)."""
        probe = Lifecycle(self.phase)
        probe.paused_from = self.paused_from
        try:
            probe.move(trigger)
        except CommandRefused:
            return False
        return True

    def jump(self, phase: Phase) -> None:
        """Put the lifecycle in a phase without checks: for replaying journaled phase changes."""
        self.state = phase


_MACHINE = Machine(
    model=None,
    states=list(Phase),
    transitions=TRANSITIONS,
    initial=Phase.SETUP,
    auto_transitions=False,
    send_event=True,
)
