"""The rules of each command: what it checks, and the events it emits through the session.

Each handler checks first (raising CommandRefused) and returns early on a dry run, so a
refused command leaves no trace; then it acts by emitting events through the session. The
mechanics they share (delivering, resolving, rolling, ending) are the session's methods.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from engine.bounds import RANGE, out_of_range
from engine.errors import CommandRefused
from engine.format.model import Resolve
from engine.play import clock, rules
from engine.play import commands as c
from engine.play.lifecycle import CHOOSING, RUNNING, Phase
from engine.play.state import InjectStatus, Submission, SubmissionStatus

if TYPE_CHECKING:
    from engine.play.session import Session

RATINGS = {
    "P": "Performed without Challenges",
    "S": "Performed with Some Challenges",
    "M": "Performed with Major Challenges",
    "U": "Unable to be Performed",
}
NOTE_KINDS = ("observation", "strength", "improvement", "action", "hotwash")
CAPABILITY_ELEMENTS = ("", "planning", "organisation", "equipment", "training", "exercise")


Handler = Callable[["Session", Any, bool], None]


def _open_briefing(session: Session, command: c.OpenBriefing, dry_run: bool) -> None:
    rules.move_phase(session, "open_briefing", dry_run=dry_run)
    if not dry_run:
        session._emit(
            "session_started",
            scenario=session.compiled.scenario.id,
            content_hash=session.compiled.content_hash,
            seed=session.seed,
        )


def _begin(session: Session, command: c.Begin, dry_run: bool) -> None:
    rules.move_phase(session, "begin", dry_run=dry_run)
    if not dry_run:
        rules.start_turn(session, 1)


def _next_phase(session: Session, command: c.NextPhase, dry_run: bool) -> None:
    phase = session.state.phase
    if phase is Phase.TURN_END:
        rules.move_phase(session, "next_turn", dry_run=dry_run)
        if not dry_run:
            turn = session.state.turn + 1
            # the clock never jumps over a moment something falls due: what the ending turn
            # still had scheduled goes out at its own time before the next turn starts
            clock.catch_up(session, session.compiled.turn_start(turn))
            if not session.finished:
                rules.start_turn(session, turn)
        return
    if phase is Phase.DECISIONS:
        missing = rules.missing_choices(session)
        rules.require(not missing, "cannot adjudicate yet: " + "; ".join(missing))
    rules.move_phase(session, "advance", dry_run=dry_run)
    if dry_run:
        return
    if session.state.phase is Phase.ADJUDICATION:
        for open_decision in list(session.state.open_decisions.values()):
            decision = session.compiled.decisions[open_decision.id]
            if decision.resolve is Resolve.AT_ADJUDICATION and not session.finished:
                rules.fill_defaults(session, decision)
                rules.resolve_decision(session, decision)
    elif session.state.phase is Phase.TURN_END:
        rules.check_endings(session)


def _pause(session: Session, command: c.Pause, dry_run: bool) -> None:
    rules.require(session.state.phase in RUNNING, "only a running exercise can be paused")
    if not dry_run:
        rules.stop_clock(session, "pause")  # a paused exercise's clock never runs
        session.lifecycle.paused_from = session.state.phase
        session.state.paused_from = session.state.phase
    rules.move_phase(session, "pause", dry_run=dry_run)


def _resume(session: Session, command: c.Resume, dry_run: bool) -> None:
    rules.move_phase(session, "resume", dry_run=dry_run)


def _record_choice(session: Session, command: c.RecordChoice, dry_run: bool) -> None:
    # The hottest handler (every bot step): messages are built only when a check fails.
    state = session.state
    if state.phase not in CHOOSING:
        raise CommandRefused(
            f"choices are recorded during delivery, deliberation or decisions, not during "
            f"{state.phase.value.replace('_', ' ')}"
        )
    decision = session.compiled.decisions.get(command.decision)
    if decision is None:
        raise CommandRefused(f"no decision {command.decision!r} in this scenario")
    open_decision = state.open_decisions.get(decision.id)
    if open_decision is None:
        raise CommandRefused(f"decision {decision.id!r} is not open")
    if command.cell not in decision.cells:
        raise CommandRefused(
            f"cell {command.cell!r} does not take part in decision {decision.id!r}"
        )
    option = decision.options.get(command.option)
    if option is None:
        raise CommandRefused(f"decision {decision.id!r} has no option {command.option!r}")
    if dry_run:
        if not session.option_available(option):
            raise CommandRefused(f"option {option.id!r} is not available now")
        return
    session._emit(
        "choice_recorded",
        decision=decision.id,
        cell=command.cell,
        option=option.id,
        rationale=command.rationale,
    )
    everyone = len(open_decision.choices) == len(decision.cells)  # choices hold only its cells
    if everyone and decision.resolve is Resolve.ON_CHOICE:
        rules.resolve_decision(session, decision)


MAX_KEY = 100
"""The longest idempotency key a seat may send."""


def _waiting_submission(session: Session, key: str) -> Submission:
    submission = session.state.submissions.get(key)
    if submission is None:
        raise CommandRefused(f"no submission {key!r}")
    if submission.status is not SubmissionStatus.WAITING:
        raise CommandRefused(f"the submission {key!r} was already {submission.status.value}")
    return submission


def _submit_choice(session: Session, command: c.SubmitChoice, dry_run: bool) -> None:
    state = session.state
    rules.require(
        0 < len(command.key) <= MAX_KEY, f"a submission's key has 1 to {MAX_KEY} characters"
    )
    rules.require(command.key not in state.submissions, "this submission was already received")
    open_decision = state.open_decisions.get(command.decision)
    rules.require(open_decision is not None and state.phase in CHOOSING, "this decision is closed")
    decision = session.compiled.decisions[command.decision]
    rules.require(command.cell in decision.cells, "your cell does not take part in this decision")
    option = decision.options.get(command.option)
    rules.require(option is not None, "this decision has no such option")
    assert option is not None
    rules.require(session.option_available(option), f"“{option.label}” is not available now")
    rules.require(
        not any(
            item.status is SubmissionStatus.WAITING
            and (item.decision, item.cell) == (command.decision, command.cell)
            for item in state.submissions.values()
        ),
        "your earlier submission is still waiting for the facilitator",
    )
    if not dry_run:
        session._emit(
            "choice_submitted",
            key=command.key,
            decision=command.decision,
            cell=command.cell,
            option=command.option,
            rationale=command.rationale,
        )


def _accept_submission(session: Session, command: c.AcceptSubmission, dry_run: bool) -> None:
    submission = _waiting_submission(session, command.key)
    choice = c.RecordChoice(
        submission.decision, submission.cell, submission.option, submission.rationale
    )
    _record_choice(session, choice, True)  # re-checked now: the option must still be available
    if not dry_run:
        session._emit("submission_accepted", key=command.key)
        _record_choice(session, choice, False)


def _return_submission(session: Session, command: c.ReturnSubmission, dry_run: bool) -> None:
    _waiting_submission(session, command.key)
    if not dry_run:
        session._emit("submission_returned", key=command.key, reason=command.reason)


def _expire_decision(session: Session, command: c.ExpireDecision, dry_run: bool) -> None:
    rules.require_running(session, "expire a decision")
    decision = session.compiled.decisions.get(command.decision)
    rules.require(
        decision is not None and decision.id in session.state.open_decisions,
        f"decision {command.decision!r} is not open",
    )
    assert decision is not None
    rules.require(decision.default is not None, f"decision {decision.id!r} has no default option")
    if not dry_run:
        rules.expire_decision(session, decision)


def _override_outcome(session: Session, command: c.OverrideOutcome, dry_run: bool) -> None:
    decision = session.compiled.decisions.get(command.decision)
    rules.require(decision is not None, f"no decision {command.decision!r} in this scenario")
    assert decision is not None
    target = None
    for group in reversed(session._effective):
        events = session._groups[group]
        if any(
            event["type"] == "roll_made"
            and event["decision"] == command.decision
            and event["cell"] == command.cell
            for event in events
        ):
            target = group
            break
    rules.require(target is not None, f"no roll for {command.cell} on {command.decision!r}")
    assert target is not None
    current = session._group if not dry_run else None  # the override's own group is live
    rules.require(
        target == session.undoable(before=current),
        "only the latest action's roll can be overridden; undo back to it first",
    )
    roll = next(
        event
        for event in session._groups[target]
        if event["type"] == "roll_made" and event["cell"] == command.cell
    )
    option = decision.options[roll["option"]]
    rules.require(
        any(outcome.id == command.outcome for outcome in option.outcomes),
        f"option {option.id!r} has no outcome {command.outcome!r}",
    )
    rules.require(
        command.outcome != roll["outcome"],
        f"the roll already landed on {command.outcome!r}: an override picks another outcome",
    )
    rules.require(bool(command.reason.strip()), "an override needs a reason")
    if dry_run:
        return
    original = session._commands[target]
    origin = target
    while isinstance(original, c.OverrideOutcome):  # overriding an override: re-run the action
        origin = next(
            event["target"]
            for event in session._groups[origin]
            if event["type"] == "outcome_overridden"
        )
        original = session._commands[origin]
    session._emit(
        "outcome_overridden",
        target=target,
        decision=command.decision,
        cell=command.cell,
        outcome=command.outcome,
        rolled=roll["outcome"],
        roll=roll["roll"],
        reason=command.reason,
    )
    HANDLERS[type(original)](session, original, False)


def _release_inject(session: Session, command: c.ReleaseInject, dry_run: bool) -> None:
    rules.require_running(session, "release an inject")
    inject = rules.require_inject(session, command.inject)
    status = session.state.status_of(command.inject)
    rules.require(
        status not in (InjectStatus.DELIVERED, InjectStatus.CANCELLED),
        f"inject {command.inject!r} is already {status.value}",
    )
    if not dry_run and inject is not None:
        rules.deliver_inject(session, inject)


def _hold_inject(session: Session, command: c.HoldInject, dry_run: bool) -> None:
    rules.require_running(session, "hold an inject")
    rules.require_inject(session, command.inject)
    status = session.state.status_of(command.inject)
    rules.require(
        status in (InjectStatus.PENDING, InjectStatus.SCHEDULED, InjectStatus.AWAITING),
        f"inject {command.inject!r} is {status.value}; only a pending inject can be held",
    )
    if not dry_run:
        session._emit("inject_status_changed", inject=command.inject, status="held")


def _unhold_inject(session: Session, command: c.UnholdInject, dry_run: bool) -> None:
    rules.require_running(session, "unhold an inject")
    rules.require_inject(session, command.inject)
    status = session.state.status_of(command.inject)
    rules.require(status is InjectStatus.HELD, f"inject {command.inject!r} is not held")
    if not dry_run:
        session._emit("inject_status_changed", inject=command.inject, status="pending")


def _cancel_inject(session: Session, command: c.CancelInject, dry_run: bool) -> None:
    rules.require_running(session, "cancel an inject")
    rules.require_inject(session, command.inject)
    status = session.state.status_of(command.inject)
    rules.require(
        status not in (InjectStatus.DELIVERED, InjectStatus.CANCELLED),
        f"inject {command.inject!r} is already {status.value}",
    )
    if not dry_run:
        session._emit("inject_status_changed", inject=command.inject, status="cancelled")


def _add_inject(session: Session, command: c.AddInject, dry_run: bool) -> None:
    rules.require_running(session, "add an inject")
    rules.require(bool(command.title.strip()), "an ad-hoc inject needs a title")
    channels = {channel.id for channel in session.compiled.scenario.channels}
    rules.require(
        not command.channel or command.channel in channels,
        f"no channel {command.channel!r} in this scenario",
    )
    actors = {actor.id for actor in session.compiled.scenario.actors}
    rules.require(
        not command.sender or command.sender in actors,
        f"no actor {command.sender!r} in this scenario",
    )
    if dry_run:
        return
    inject_id = f"adhoc_{len(session.state.adhoc) + 1}"
    session._emit(
        "inject_delivered",
        inject=inject_id,
        title=command.title,
        body=command.body,
        adhoc={
            "title": command.title,
            "body": command.body,
            "channel": command.channel,
            "to": list(command.to),
            "notes": command.notes,
            **({"from": command.sender} if command.sender else {}),
        },
    )


def _set_variable(session: Session, command: c.SetVariable, dry_run: bool) -> None:
    rules.require_running(session, "set a variable")
    spec = session.compiled.symbols.variables.get(command.variable)
    rules.require(spec is not None, f"no variable {command.variable!r} in this scenario")
    assert spec is not None
    value = command.value
    if spec.type == "int":
        rules.require(
            isinstance(value, int) and not isinstance(value, bool),
            f"{command.variable} takes a whole number",
        )
        assert isinstance(value, int)
        rules.require(
            not out_of_range(value),
            f"{command.variable} must stay within {RANGE}",
        )
        low, high = spec.minimum, spec.maximum
        rules.require(
            (low is None or value >= low) and (high is None or value <= high),
            f"{command.variable} must stay within {low}..{high}",
        )
    elif spec.type == "bool":
        rules.require(isinstance(value, bool), f"{command.variable} takes true or false")
    elif spec.type == "enum":
        rules.require(
            value in spec.values, f"{command.variable} takes one of {', '.join(spec.values)}"
        )
    else:
        rules.require(isinstance(value, str), f"{command.variable} takes text")
    rules.require(bool(command.reason.strip()), "setting a variable needs a reason")
    if not dry_run:
        rules.set_values(session, {command.variable: value}, f"facilitator:{command.reason}")


def _advance_clock(session: Session, command: c.AdvanceClock, dry_run: bool) -> None:
    rules.require_running(session, "move the clock")
    rules.require(command.minutes > 0, "the clock only moves forward")
    if not dry_run:
        clock.advance(session, command.minutes)


def _start_clock(session: Session, command: c.StartClock, dry_run: bool) -> None:
    rules.require_running(session, "start the clock")
    state = session.state
    rules.require(state.clock_rate is None, "the clock is already running")
    rules.require(command.rate > 0, "the clock runs at a rate above 0 scenario minutes a minute")
    end = session.compiled.turn_end(state.turn)
    rules.require(
        state.clock < end,
        f"turn {state.turn}'s time ran out at {session.compiled.time_label(end)}; "
        "begin the next turn to run the clock again",
    )
    if not dry_run:
        session._emit("clock_started", rate=command.rate)


def _stop_clock(session: Session, command: c.StopClock, dry_run: bool) -> None:
    rules.require(session.state.clock_rate is not None, "the clock is not running")
    if not dry_run:
        rules.stop_clock(session, "facilitator")


def _require_recording(session: Session) -> None:
    rules.require(
        session.state.phase is not Phase.SETUP, "nothing can be recorded before the briefing"
    )


def _add_note(session: Session, command: c.AddNote, dry_run: bool) -> None:
    _require_recording(session)
    scenario = session.compiled.scenario
    rules.require(bool(command.text.strip()), "a note needs some text")
    rules.require(command.kind in NOTE_KINDS, f"a note's kind is one of {', '.join(NOTE_KINDS)}")
    rules.require(
        command.capability_element in CAPABILITY_ELEMENTS,
        f"capability element is one of {', '.join(CAPABILITY_ELEMENTS[1:])}",
    )
    if command.inject is not None:
        rules.require_inject(session, command.inject)
    tags = (
        (command.decision, session.compiled.decisions, "decision"),
        (command.objective, {o.id for o in scenario.objectives}, "objective"),
        (command.cell, {cell.id for cell in scenario.cells}, "cell"),
    )
    for value, known, what in tags:
        rules.require(value is None or value in known, f"no {what} {value!r} in this scenario")
    if not dry_run:
        session._emit("note_added", **{k: v for k, v in command.to_dict().items() if k != "name"})


def _rate_task(session: Session, command: c.RateTask, dry_run: bool) -> None:
    _require_recording(session)
    objective = next(
        (o for o in session.compiled.scenario.objectives if o.id == command.objective), None
    )
    rules.require(objective is not None, f"no objective {command.objective!r}")
    assert objective is not None
    rules.require(
        any(task.id == command.task for task in objective.critical_tasks),
        f"objective {objective.id!r} has no critical task {command.task!r}",
    )
    rules.require(command.rating in RATINGS, "a rating is P, S, M or U")
    if not dry_run:
        named = {"evaluator": command.evaluator} if command.evaluator else {}
        session._emit(  # no evaluator field when none is named: a 0.1.0 journal's bytes
            "task_rated",
            objective=command.objective,
            task=command.task,
            rating=command.rating,
            observation=command.observation,
            **named,
        )


def _rate_capability(session: Session, command: c.RateCapability, dry_run: bool) -> None:
    _require_recording(session)
    objectives = {o.id for o in session.compiled.scenario.objectives}
    rules.require(command.objective in objectives, f"no objective {command.objective!r}")
    rules.require(command.rating in RATINGS, "a rating is P, S, M or U")
    if not dry_run:
        session._emit(
            "capability_rated",
            objective=command.objective,
            rating=command.rating,
            reason=command.reason,
            evaluator=command.evaluator,
        )


def _record_feedback(session: Session, command: c.RecordFeedback, dry_run: bool) -> None:
    _require_recording(session)
    rules.require(bool(command.text.strip()), "feedback needs some text")
    cells = {cell.id for cell in session.compiled.scenario.cells}
    rules.require(command.cell is None or command.cell in cells, f"no cell {command.cell!r}")
    if not dry_run:
        session._emit(
            "feedback_recorded",
            text=command.text,
            participant=command.participant,
            cell=command.cell,
        )


def _present_inject(session: Session, command: c.PresentInject, dry_run: bool) -> None:
    state = session.state
    rules.require(
        command.inject in state.delivered or command.inject in state.adhoc,
        f"inject {command.inject!r} has not been delivered",
    )
    if not dry_run:
        session._emit("inject_presented", inject=command.inject)


def _undo(session: Session, command: c.Undo, dry_run: bool) -> None:
    target = session.undoable()
    rules.require(target is not None, "nothing to undo")
    if not dry_run and target is not None:
        session._emit("undone", target=target, command=session._commands[target].name)


def _redo(session: Session, command: c.Redo, dry_run: bool) -> None:
    rules.require(session.can_redo(), "nothing to redo")
    if not dry_run:
        target = session._redo[-1]
        session._emit("redone", target=target, command=session._commands[target].name)


def _end_exercise(session: Session, command: c.EndExercise, dry_run: bool) -> None:
    endings = {ending.id for ending in session.compiled.scenario.endings}
    rules.require(
        command.ending is None or command.ending in endings, f"no ending {command.ending!r}"
    )
    rules.move_phase(session, "finish", dry_run=True)
    if not dry_run:
        rules.end_exercise(session, command.ending)


def _close_exercise(session: Session, command: c.CloseExercise, dry_run: bool) -> None:
    rules.move_phase(session, "close", dry_run=dry_run)


HANDLERS: dict[type[c.Command], Handler] = {
    c.OpenBriefing: _open_briefing,
    c.Begin: _begin,
    c.NextPhase: _next_phase,
    c.Pause: _pause,
    c.Resume: _resume,
    c.RecordChoice: _record_choice,
    c.SubmitChoice: _submit_choice,
    c.AcceptSubmission: _accept_submission,
    c.ReturnSubmission: _return_submission,
    c.ExpireDecision: _expire_decision,
    c.OverrideOutcome: _override_outcome,
    c.ReleaseInject: _release_inject,
    c.HoldInject: _hold_inject,
    c.UnholdInject: _unhold_inject,
    c.CancelInject: _cancel_inject,
    c.AddInject: _add_inject,
    c.SetVariable: _set_variable,
    c.AdvanceClock: _advance_clock,
    c.StartClock: _start_clock,
    c.StopClock: _stop_clock,
    c.AddNote: _add_note,
    c.RateTask: _rate_task,
    c.RateCapability: _rate_capability,
    c.RecordFeedback: _record_feedback,
    c.PresentInject: _present_inject,
    c.Undo: _undo,
    c.Redo: _redo,
    c.EndExercise: _end_exercise,
    c.CloseExercise: _close_exercise,
}
