"""The mechanics every command's rules share: delivering injects, opening and resolving
decisions, rolling, ending, starting turns. Each is a function of the session that emits events
through it; `engine.play.handlers` decides what each command does and calls these, and
`Session.execute` sweeps for due injects after every command that can make one due.

Order of effects when a decision resolves (documented in docs/architecture.md): cells in the
order the decision lists them; for each, the option's effects, its releases, its cancels, then
its adjudication roll and the outcome's effects, releases and cancels; an ending stops the
rest. Decisions resolved in the adjudication phase go in the order they were opened.
"""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

from engine.bounds import RANGE, out_of_range
from engine.errors import CommandRefused
from engine.expressions import Effect, ExpressionState
from engine.format.model import Combine, Resolve
from engine.play.compiled import CompiledDecision, CompiledInject, CompiledOption, CompiledOutcome
from engine.play.context import Context
from engine.play.phase import RUNNING
from engine.play.state import InjectStatus


def seeded_roll(decision: str, cell: str, seed: int) -> int:
    """The engine's own die: the same seed, decision and cell always give the same roll."""
    return random.Random(f"{seed}:{decision}:{cell}").randint(1, 100)


def pick_outcome(
    outcomes: tuple[CompiledOutcome, ...], roll: int, state: ExpressionState
) -> CompiledOutcome:
    """The outcome a d100 roll lands on: each outcome's share of the die, stacked in order."""
    total = 0
    for outcome, share in zip(outcomes, outcome_shares(outcomes, state), strict=True):
        total += share
        if roll <= total:
            return outcome
    return outcomes[-1]


def outcome_shares(outcomes: tuple[CompiledOutcome, ...], state: ExpressionState) -> list[int]:
    """How many of the d100's faces each outcome gets in `state` (they add up to 100): its
    chance, less what the outcomes before it already took; the last takes what is left."""
    shares: list[int] = []
    left = 100
    for index, outcome in enumerate(outcomes):
        share = left if index == len(outcomes) - 1 else min(outcome.chance_in(state), left)
        shares.append(share)
        left -= share
    return shares


def require(condition: bool, message: str) -> None:
    """Refuse the command (nothing has changed yet) unless `condition` holds."""
    if not condition:
        raise CommandRefused(message)


def require_running(session: Context, what: str) -> None:
    """Refuse unless the exercise is in a phase of a turn."""
    require(
        session.state.phase in RUNNING,
        f"cannot {what} during {session.state.phase.value.replace('_', ' ')}",
    )


def require_inject(session: Context, inject: str) -> CompiledInject | None:
    """The inject (None for an ad-hoc one), or refuse: there is no such inject."""
    if inject in session.compiled.injects:
        return session.compiled.injects[inject]
    require(inject in session.state.adhoc, f"no inject {inject!r} in this scenario")
    return None


def set_values(session: Context, changes: dict[str, Any], cause: str) -> None:
    """Set variables by hand; only those that change are recorded."""
    changed = {key: value for key, value in changes.items() if session.state.values[key] != value}
    if changed:
        session.emit({"type": "variables_changed", "changes": changed, "cause": cause})


def _size(value: object) -> str:
    """A number too large to print in full (Python refuses past 4,300 digits), described."""
    if isinstance(value, int) and abs(value) >= 10**30:
        return f"a number of about {value.bit_length() * 0.30103:,.0f} digits"
    return str(value)


def run_effects(session: Context, effects: tuple[Effect, ...], cause: str) -> None:
    """Apply a list of effects in order, each seeing the ones before it."""
    if not effects:
        return
    changes: dict[str, Any] = {}
    values = session.state.values
    for effect in effects:
        new = effect.compute(session.state)
        if out_of_range(new):
            raise CommandRefused(
                f"the effect '{effect.text}' of {cause} would make {effect.target} {_size(new)},"
                f" outside the range the engine allows ({RANGE}); nothing was changed"
            )
        changes[effect.target] = new
        values[effect.target] = new  # later effects of the same list see earlier ones
    session.emit({"type": "variables_changed", "changes": changes, "cause": cause})


def deliver_inject(session: Context, inject: CompiledInject) -> None:
    """Deliver an inject: its text rendered now, then its effects and its decision."""
    session.emit(
        {
            "type": "inject_delivered",
            "inject": inject.id,
            "title": inject.title.render(session.state.values),
            "body": inject.body.render(session.state.values),
        }
    )
    if inject.effects:  # most injects have none: no call, no cause text
        run_effects(session, inject.effects, f"inject:{inject.id}")
    if inject.decision is not None:
        open_decision(session, session.compiled.decisions[inject.decision])


def open_decision(session: Context, decision: CompiledDecision) -> None:
    """Open a decision for the cells (once: never reopened once resolved)."""
    if decision.id in session.state.open_decisions or decision.id in session.state.resolved:
        return
    deadline = (
        session.state.clock + decision.time_limit if decision.time_limit is not None else None
    )
    session.emit({"type": "decision_opened", "decision": decision.id, "deadline": deadline})


def is_due(session: Context, inject: CompiledInject, scheduled: bool) -> bool:
    """Whether an inject's trigger holds (a released one needs only its turn and time)."""
    return inject.trigger.due(session.state, scheduled=scheduled)


def sweep(session: Context) -> None:
    """Deliver every inject whose triggers now hold, until nothing more is due.

    An inject marked `confirm` is not delivered: it waits for the facilitator (`awaiting`).
    """
    injects = session.compiled.injects
    state = session.state
    status = state.status
    progress = True
    while progress and state.phase in RUNNING:
        progress = False
        for inject_id in session.compiled.watched:
            if inject_id not in status and injects[inject_id].trigger.due_now(state):
                _come_due(session, injects[inject_id])
                progress = True
        for inject_id in list(state.scheduled):
            if injects[inject_id].trigger.due_released(state):
                _come_due(session, injects[inject_id])
                progress = True


def _come_due(session: Context, inject: CompiledInject) -> None:
    """An inject fell due: delivered, or (with `confirm`) queued for the facilitator."""
    if inject.confirm:
        session.emit({"type": "inject_status_changed", "inject": inject.id, "status": "awaiting"})
    else:
        deliver_inject(session, inject)


def release_inject(session: Context, inject_id: str) -> None:
    """Release an inject: delivered now if due, else scheduled until it is."""
    current = session.state.status.get(inject_id)
    if current is not None:
        return  # delivered, held or cancelled: a release changes nothing
    inject = session.compiled.injects[inject_id]
    if is_due(session, inject, scheduled=True):
        deliver_inject(session, inject)
    else:
        session.emit({"type": "inject_status_changed", "inject": inject_id, "status": "scheduled"})


def cancel_inject(session: Context, inject_id: str) -> None:
    """Make sure an inject is never delivered (a delivered one stays delivered)."""
    if session.state.status.get(inject_id) in (
        None,
        InjectStatus.SCHEDULED,
        InjectStatus.HELD,
        InjectStatus.AWAITING,
    ):
        session.emit({"type": "inject_status_changed", "inject": inject_id, "status": "cancelled"})


def consequences(
    session: Context,
    effects: tuple[Effect, ...],
    releases: tuple[str, ...],
    cancels: tuple[str, ...],
    ending: str | None,
    cause: str,
) -> bool:
    """Apply one option's or outcome's consequences; True when they end the exercise."""
    run_effects(session, effects, cause)
    for inject_id in releases:
        release_inject(session, inject_id)
    for inject_id in cancels:
        cancel_inject(session, inject_id)
    if ending is not None:
        end_exercise(session, ending)
        return True
    return False


def applied_choices(decision: CompiledDecision, choices: dict[str, str]) -> list[tuple[str, str]]:
    """The (cell, option) pairs whose consequences apply, in order (`choices` in the order
    they were recorded): every cell's for `each`, else the one that decides."""
    if decision.combine is Combine.EACH or not choices:
        return [(cell, choices[cell]) for cell in decision.cells]
    if decision.combine is Combine.FIRST:
        cell = next(iter(choices))
        return [(cell, choices[cell])]
    counts = Counter(choices.values())
    most = max(counts.values())
    cell = next(cell for cell, option in choices.items() if counts[option] == most)
    return [(cell, choices[cell])]


def resolve_decision(session: Context, decision: CompiledDecision) -> None:
    """Apply the choices that take effect (`applied_choices`), then close the decision."""
    choices = session.state.open_decisions[decision.id].choices
    for cell, chosen in applied_choices(decision, choices):
        option = decision.options[chosen]
        session.emit(
            {"type": "option_resolved", "decision": decision.id, "cell": cell, "option": option.id}
        )
        cause = f"option:{decision.id}.{option.id}"
        if consequences(
            session, option.effects, option.releases, option.cancels, option.ending, cause
        ):
            break
        if option.outcomes and roll_for(session, decision, cell, option):
            break
    if decision.id in session.state.open_decisions:
        session.emit({"type": "decision_closed", "decision": decision.id})


def roll_for(
    session: Context, decision: CompiledDecision, cell: str, option: CompiledOption
) -> bool:
    """Roll the cell's adjudication (or take the facilitator's override); True when it ends the
    exercise."""
    roll = session.roller(decision.id, cell, session.seed)
    forced = session.state.overrides.get((decision.id, cell))
    outcome = pick_outcome(option.outcomes, roll, session.state)
    if forced is not None:
        outcome = next(row for row in option.outcomes if row.id == forced)
    session.emit(
        {
            "type": "roll_made",
            "decision": decision.id,
            "cell": cell,
            "option": option.id,
            "roll": roll,
            "outcome": outcome.id,
            "overridden": forced is not None,
        }
    )
    return consequences(
        session,
        outcome.effects,
        outcome.releases,
        outcome.cancels,
        outcome.ending,
        f"outcome:{decision.id}.{outcome.id}",
    )


def stop_clock(session: Context, reason: str) -> None:
    """Stop the running clock (nothing happens when it is not running)."""
    if session.state.clock_rate is not None:
        session.emit({"type": "clock_stopped", "reason": reason})


def end_exercise(session: Context, ending: str | None) -> None:
    """Reach an ending (None: no ending) and go to the hotwash; nothing after an end."""
    if session.finished:
        return
    # the lifecycle's `finish`: the clock stops, the ending is recorded, then the hotwash
    session.move("finish", ending)


def start_turn(session: Context, turn: int) -> None:
    """Start a turn: its clock, its due injects, its turn decisions."""
    compiled = session.compiled
    clock = max(session.state.clock, compiled.turn_start(turn))
    session.emit({"type": "turn_started", "turn": turn, "clock": clock})
    sweep(session)
    for decision in compiled.turn_decisions:
        if decision.turn == turn and (decision.when is None or decision.when(session.state)):
            open_decision(session, decision)


def check_endings(session: Context) -> None:
    """At a turn's end: the first ending whose condition holds, or the last turn's end."""
    for ending in session.compiled.endings:
        if ending.condition is not None and ending.condition(session.state):
            end_exercise(session, ending.id)
            return
    if session.state.turn >= session.compiled.turn_count:
        session.emit({"type": "turns_exhausted"})
        end_exercise(session, None)


def missing_choices(session: Context) -> list[str]:
    """What keeps the adjudication phase from starting: decisions still waiting for cells."""
    missing = []
    for open_decision in session.state.open_decisions.values():
        decision = session.compiled.decisions[open_decision.id]
        if decision.resolve is not Resolve.AT_ADJUDICATION:
            continue
        waiting = [cell for cell in decision.cells if cell not in open_decision.choices]
        if waiting and decision.default is None:
            missing.append(f"decision {decision.id!r} is waiting for {', '.join(waiting)}")
    return missing


def fill_defaults(session: Context, decision: CompiledDecision) -> None:
    """Record the default option for every cell that has not chosen."""
    open_decision = session.state.open_decisions[decision.id]
    for cell in decision.cells:
        if cell not in open_decision.choices and decision.default is not None:
            session.emit(
                {
                    "type": "choice_recorded",
                    "decision": decision.id,
                    "cell": cell,
                    "option": decision.default,
                    "rationale": "",
                    "defaulted": True,
                }
            )


def expire_decision(session: Context, decision: CompiledDecision) -> None:
    """A decision's time ran out: defaults for the cells that did not choose, then resolve."""
    fill_defaults(session, decision)
    if decision.resolve is not Resolve.AT_ADJUDICATION:
        resolve_decision(session, decision)
