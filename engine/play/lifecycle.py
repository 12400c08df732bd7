"""The exercise lifecycle: every phase, every legal move, its guards and what it does, in one table.

setup → briefing → turns (delivery → deliberation → decisions → adjudication → turn end, then
the next turn's delivery) → hotwash → ended, with pause and resume from any running phase and
an early end from any running or paused phase. Everything that decides which phase may follow
which, what must hold first (`conditions`: the guards) and what a move does (`before` and
`after`: calling the rules) is declared here, in `TRANSITIONS`, as h11 keeps its whole state
machine in one module; the handlers only name the move (`fire(session, "advance")`).

The phase is stored once, in the session's state (`ExerciseState.phase`, with `paused_from`),
and only the fold changes it: a move *records* itself as a `phase_changed` event. The
`transitions` machine's model (`_Bound`) reads the phase from the state, and setting it emits
that event. Replaying a journal folds the recorded events and never fires a move, so no
callback runs again (the events already hold their effects).

The machine is built once (`_MACHINE`) from the declaration. Firing it costs ~15 µs a move
and binding a model ~70 µs, too much for the model checker's millions of moves, so the
session fires a table compiled from the machine's own transitions (`PLANS`: per trigger and
phase, each candidate's destination, guards and callbacks, in the order `transitions` runs
them). `fire_through_machine` fires the machine itself; tests/test_lifecycle.py proves the two
agree on every (phase, trigger, guard) combination.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from transitions import Machine, MachineError

from engine.errors import CommandRefused
from engine.format.model import Resolve
from engine.play import clock, rules
from engine.play.context import Context
from engine.play.phase import CHOOSING, FINISHED, RUNNING, Phase

__all__ = [
    "CHOOSING",
    "FINISHED",
    "PLANS",
    "RUNNING",
    "TRANSITIONS",
    "Guard",
    "Phase",
    "Plan",
    "check",
    "fire",
    "fire_through_machine",
    "next_trigger",
]

Callback = Callable[..., None]
"""A move's effect: called with the session (and the trigger's arguments: `finish`'s ending)."""


class Guard:
    """A condition a move needs (`transitions` calls it), and what to say when it fails."""

    __slots__ = ("holds", "name", "refusal")

    def __init__(
        self,
        name: str,
        holds: Callable[[Context], bool],
        refusal: Callable[[Context], str] | None = None,
    ) -> None:
        self.name = name
        self.holds = holds
        self.refusal = refusal
        """The refusal's words (None: the lifecycle's own, "cannot X during Y")."""

    def __call__(self, session: Context, *_: object) -> bool:
        """Whether the move may happen (as `transitions` asks a condition)."""
        return self.holds(session)

    def __repr__(self) -> str:
        return f"Guard({self.name})"


# --- guards -------------------------------------------------------------------------------
def _paused_in(phase: Phase) -> Guard:
    """Resume goes back to the phase the exercise was paused in."""
    return Guard(f"paused in {phase.value}", lambda session: session.state.paused_from is phase)


ALL_CHOSEN = Guard(
    "every cell has chosen",
    lambda session: not rules.missing_choices(session),
    lambda session: "cannot adjudicate yet: " + "; ".join(rules.missing_choices(session)),
)
"""The adjudication starts only when no decision resolved there still waits for a cell."""


# --- what the moves do (each calls the rules) ---------------------------------------------
def _session_started(session: Context, *_: object) -> None:
    session.emit(
        {
            "type": "session_started",
            "scenario": session.compiled.scenario.id,
            "content_hash": session.compiled.content_hash,
            "seed": session.seed,
        }
    )


def _first_turn(session: Context, *_: object) -> None:
    rules.start_turn(session, 1)


def _next_turn(session: Context, *_: object) -> None:
    turn = session.state.turn + 1
    # the clock never jumps over a moment something falls due: what the ending turn still
    # had scheduled goes out at its own time before the next turn starts
    clock.catch_up(session, session.compiled.turn_start(turn))
    if not session.finished:
        rules.start_turn(session, turn)


def _adjudicate(session: Context, *_: object) -> None:
    """Every open decision resolved at adjudication takes its defaults and resolves, in the
    order they were opened."""
    for open_decision in list(session.state.open_decisions.values()):
        decision = session.compiled.decisions[open_decision.id]
        if decision.resolve is Resolve.AT_ADJUDICATION and not session.finished:
            rules.fill_defaults(session, decision)
            rules.resolve_decision(session, decision)


def _stop_for_pause(session: Context, *_: object) -> None:
    rules.stop_clock(session, "pause")  # a paused exercise's clock never runs


def _stop_for_ending(session: Context, *_: object) -> None:
    rules.stop_clock(session, "ending")


def _ending_reached(session: Context, ending: str | None = None, *_: object) -> None:
    session.emit({"type": "ending_reached", "ending": ending})


def _end_turn(session: Context, *_: object) -> None:
    rules.check_endings(session)


# trigger, source(s), destination, guards, effects — the whole lifecycle.
TRANSITIONS: list[dict[str, Any]] = [
    {
        "trigger": "open_briefing",
        "source": Phase.SETUP,
        "dest": Phase.BRIEFING,
        "after": [_session_started],
    },
    {"trigger": "begin", "source": Phase.BRIEFING, "dest": Phase.DELIVERY, "after": [_first_turn]},
    {"trigger": "advance", "source": Phase.DELIVERY, "dest": Phase.DELIBERATION},
    {"trigger": "advance", "source": Phase.DELIBERATION, "dest": Phase.DECISIONS},
    {
        "trigger": "advance",
        "source": Phase.DECISIONS,
        "dest": Phase.ADJUDICATION,
        "conditions": [ALL_CHOSEN],
        "after": [_adjudicate],
    },
    {
        "trigger": "advance",
        "source": Phase.ADJUDICATION,
        "dest": Phase.TURN_END,
        "after": [_end_turn],
    },
    {
        "trigger": "next_turn",
        "source": Phase.TURN_END,
        "dest": Phase.DELIVERY,
        "after": [_next_turn],
    },
    {
        "trigger": "pause",
        "source": list(RUNNING),
        "dest": Phase.PAUSED,
        "before": [_stop_for_pause],
    },
    *[
        {
            "trigger": "resume",
            "source": Phase.PAUSED,
            "dest": phase,
            "conditions": [_paused_in(phase)],
        }
        for phase in RUNNING
    ],
    {
        "trigger": "finish",
        "source": [*RUNNING, Phase.PAUSED],
        "dest": Phase.HOTWASH,
        "before": [_stop_for_ending, _ending_reached],
    },
    {"trigger": "close", "source": Phase.HOTWASH, "dest": Phase.ENDED},
]

REFUSALS = {"pause": "only a running exercise can be paused"}
"""A trigger's own words when the phase has no move for it (else "cannot X during Y")."""


def next_trigger(phase: Phase) -> str:
    """The move that takes the exercise to the next phase: the next turn after a turn's end."""
    return "next_turn" if phase is Phase.TURN_END else "advance"


# --- the machine ----------------------------------------------------------------------------
def _record(session: Context, source: Phase, dest: Phase) -> None:
    """The move's change of phase, recorded (the fold puts it in the state)."""
    session.emit(
        {
            "type": "phase_changed",
            "phase": dest,
            "paused_from": source if dest is Phase.PAUSED else None,
        }
    )


class _Bound:
    """The machine's model for one move of one session: its `state` is the session's phase,
    and setting it records the move (so the phase is never stored a second time)."""

    __slots__ = ("moved_to", "session")

    def __init__(self, session: Context) -> None:
        self.session = session
        self.moved_to: Phase | None = None

    @property
    def state(self) -> Phase:
        return self.session.state.phase

    @state.setter
    def state(self, phase: Phase) -> None:
        self.moved_to = Phase(phase)
        _record(self.session, self.session.state.phase, self.moved_to)


_MACHINE = Machine(
    model=None,
    states=list(Phase),
    transitions=TRANSITIONS,
    initial=Phase.SETUP,
    auto_transitions=False,
    send_event=False,
)


def fire_through_machine(session: Context, trigger: str, *args: object) -> Phase:
    """Make a move by firing the `transitions` machine itself (what `fire` does, slower).

    Raises:
        CommandRefused: the move is not legal now (nothing has changed).
    """
    event = _MACHINE.events.get(trigger)
    bound = _Bound(session)
    try:
        moved = event is not None and event.trigger(bound, session, *args)
    except MachineError:
        moved = False
    if not moved or bound.moved_to is None:
        raise CommandRefused(_refusal(session, trigger, PLANS.get((trigger, session.state.phase))))
    return bound.moved_to


# --- the table compiled from the machine --------------------------------------------------
class Plan(NamedTuple):
    """One candidate move of a trigger from a phase, as the machine would run it."""

    dest: Phase
    guards: tuple[Callable[..., bool], ...]
    before: tuple[Callback, ...]
    """The machine's `before_state_change`, the transition's `before`, the source's `on_exit`."""
    after: tuple[Callback, ...]
    """The destination's `on_enter`, the transition's `after`, then the machine's
    `after_state_change`."""


def _functions(callbacks: Sequence[object]) -> tuple[Callable[..., Any], ...]:
    """Callbacks as the functions they are (never names for `transitions` to look up)."""
    found: list[Callable[..., Any]] = [c for c in callbacks if callable(c)]
    assert len(found) == len(callbacks), "lifecycle callbacks are functions, not names"
    return tuple(found)


def _phase(state: object) -> Phase:
    assert isinstance(state, Phase)
    return state


def _compile(machine: Machine) -> dict[tuple[str, Phase], tuple[Plan, ...]]:
    """Each (trigger, phase)'s candidate moves, in the machine's order, read off the machine."""
    plans: dict[tuple[str, Phase], tuple[Plan, ...]] = {}
    for name, event in machine.events.items():
        for source_name, candidates in event.transitions.items():
            source = machine.get_state(source_name)
            found = []
            for move in candidates:
                assert move.dest is not None, "every move of the lifecycle changes the phase"
                dest = machine.get_state(move.dest)
                assert all(condition.target for condition in move.conditions), "guards hold"
                found.append(
                    Plan(
                        dest=_phase(dest.value),
                        guards=_functions([condition.func for condition in move.conditions]),
                        before=_functions(
                            [*machine.before_state_change, *move.before, *source.on_exit]
                        ),
                        after=_functions(
                            [*dest.on_enter, *move.after, *machine.after_state_change]
                        ),
                    )
                )
            plans[(name, _phase(source.value))] = tuple(found)
    return plans


PLANS = _compile(_MACHINE)
"""Per (trigger, phase): the candidate moves, tried in order; the first whose guards hold."""


def _chosen(session: Context, trigger: str, args: tuple[object, ...]) -> Plan:
    plans = PLANS.get((trigger, session.state.phase))
    if plans:
        for plan in plans:
            if all(guard(session, *args) for guard in plan.guards):
                return plan
    raise CommandRefused(_refusal(session, trigger, plans))


def _refusal(session: Context, trigger: str, plans: tuple[Plan, ...] | None) -> str:
    """Why a trigger cannot move now: the first failing guard's words, or the lifecycle's."""
    for plan in plans or ():
        for guard in plan.guards:
            if isinstance(guard, Guard) and guard.refusal is not None and not guard(session):
                return guard.refusal(session)
    if not plans and trigger in REFUSALS:
        return REFUSALS[trigger]
    phase = session.state.phase.value.replace("_", " ")
    return f"cannot {trigger.replace('_', ' ')} during {phase}"


def check(session: Context, trigger: str, *args: object) -> Phase:
    """The phase the move would lead to, without moving (nothing is emitted).

    Raises:
        CommandRefused: the move is not legal now.
    """
    return _chosen(session, trigger, args).dest


def fire(session: Context, trigger: str, *args: object) -> Phase:
    """Make a move: its `before` effects, the recorded change of phase, its `after` effects;
    return the phase it moved to (its effects may have moved on since: a turn's end may end).

    Raises:
        CommandRefused: the move is not legal now (nothing has changed).
    """
    plan = _chosen(session, trigger, args)
    for effect in plan.before:
        effect(session, *args)
    _record(session, session.state.phase, plan.dest)
    for effect in plan.after:
        effect(session, *args)
    return plan.dest
