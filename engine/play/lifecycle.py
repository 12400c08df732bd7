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

FINISHED = (Phase.HOTWASH, Phase.ENDED)
"""The phases after the exercise's end: nothing more happens in the story."""


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
    """One session's place in the lifecycle: its phase, moved only as the shared machine says.

    Where a trigger leads depends only on the trigger, the phase and the phase paused from, so
    the machine is asked once per combination (by firing the trigger on a scratch lifecycle)
    and its answer kept: a session's move then costs a dictionary lookup, not a `transitions`
    event (about 7 µs). The lifecycle is never added to the machine as a model either
    (`add_model` binds some thirty methods to each model, which costs more than a turn).
    """

    __slots__ = ("paused_from", "state")

    def __init__(self, phase: Phase = Phase.SETUP) -> None:
        self.state: Phase = phase
        """The phase (the machine's model attribute)."""
        self.paused_from: Phase | None = None

    @property
    def phase(self) -> Phase:
        """The current phase."""
        return self.state

    def move(self, trigger: str) -> Phase:
        """Fire a lifecycle trigger and return the new phase.

        Raises:
            CommandRefused: the trigger is not legal in the current phase.
        """
        self.state = self.check(trigger)
        return self.state

    def check(self, trigger: str) -> Phase:
        """The phase the trigger would lead to, without moving (a dry run of `move`).

        Raises:
            CommandRefused: the trigger is not legal in the current phase.
        """
        destination = _destination(trigger, self.state, self.paused_from)
        if destination is None:
            raise CommandRefused(
                f"cannot {trigger.replace('_', ' ')} during {self.state.value.replace('_', ' ')}"
            )
        return destination

    def can(self, trigger: str) -> bool:
        """Whether the trigger is legal now."""
        return _destination(trigger, self.state, self.paused_from) is not None

    def jump(self, phase: Phase) -> None:
        """Put the lifecycle in a phase without checks: for replaying journaled phase changes."""
        self.state = phase


_DESTINATIONS: dict[tuple[str, Phase, Phase | None], Phase | None] = {}


def _destination(trigger: str, phase: Phase, paused_from: Phase | None) -> Phase | None:
    """Where the machine takes `trigger` from `phase` (None: nowhere, the move is illegal)."""
    key = (trigger, phase, paused_from)
    if key not in _DESTINATIONS:
        scratch = _Scratch(phase, paused_from)
        try:
            moved = _MACHINE.events[trigger].trigger(scratch)
        except MachineError:
            moved = False
        _DESTINATIONS[key] = Phase(scratch.state) if moved else None
    return _DESTINATIONS[key]


class _Scratch:
    """A throwaway model the machine moves, to learn where a trigger leads."""

    def __init__(self, phase: Phase, paused_from: Phase | None) -> None:
        self.state = phase
        self.paused_from = paused_from


_MACHINE = Machine(
    model=None,
    states=list(Phase),
    transitions=TRANSITIONS,
    initial=Phase.SETUP,
    auto_transitions=False,
    send_event=True,
)
