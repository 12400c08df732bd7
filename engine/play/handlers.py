"""The rules of each command: what it checks, then what it does.

Every command has two functions, registered together in `RULES`: its *check* decides whether it
is legal now and raises `CommandRefused` with the reason if not (it changes nothing and emits
nothing, so a refused command leaves no trace), and may hand what it looked up to its *apply*,
which acts by emitting events. `Session.execute` runs the check before it starts the group, and
the apply after. The mechanics the applies share (delivering, resolving, rolling, ending) are
in `engine.play.rules`; both see the session only through `engine.play.context.Context`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from engine.bounds import RANGE, out_of_range
from engine.errors import CommandRefused
from engine.format.model import Resolve
from engine.play import clock, evaluation, lifecycle, rules
from engine.play import commands as c
from engine.play.compiled import CompiledDecision, CompiledOption
from engine.play.context import Context
from engine.play.events import AdHoc, NoteAddedFields, TaskRatedFields
from engine.play.phase import CHOOSING, Phase
from engine.play.posts import POST_RULES
from engine.play.state import InjectStatus, OpenDecision, Submission, SubmissionStatus

RATINGS = evaluation.RATINGS
NOTE_KINDS = ("observation", "strength", "improvement", "action", "hotwash")
CAPABILITY_ELEMENTS = ("", "planning", "organisation", "equipment", "training", "exercise")

C = TypeVar("C", bound=c.Command)


@dataclass(frozen=True, slots=True)
class CommandRules(Generic[C]):
    """One command's check and apply."""

    check: Callable[[Context, C], Any]
    """Refuse (CommandRefused) unless the command is legal now; what `apply` needs, if anything."""
    apply: Callable[[Context, C, Any], None]
    """Carry the checked command out by emitting events."""

    def run(self, session: Context, command: C) -> None:
        """Check, then apply (an override's re-run of the action it replaces)."""
        self.apply(session, command, self.check(session, command))


# ------------------------------------------------------------------------- the lifecycle
def _check_open_briefing(session: Context, command: c.OpenBriefing) -> None:
    lifecycle.check(session, "open_briefing")


def _open_briefing(session: Context, command: c.OpenBriefing, checked: None) -> None:
    lifecycle.fire(session, "open_briefing")


def _check_begin(session: Context, command: c.Begin) -> None:
    lifecycle.check(session, "begin")


def _begin(session: Context, command: c.Begin, checked: None) -> None:
    lifecycle.fire(session, "begin")


def _check_next_phase(session: Context, command: c.NextPhase) -> None:
    lifecycle.check(session, lifecycle.next_trigger(session.state.phase))


def _next_phase(session: Context, command: c.NextPhase, checked: None) -> None:
    lifecycle.fire(session, lifecycle.next_trigger(session.state.phase))


def _check_pause(session: Context, command: c.Pause) -> None:
    lifecycle.check(session, "pause")


def _pause(session: Context, command: c.Pause, checked: None) -> None:
    lifecycle.fire(session, "pause")


def _check_resume(session: Context, command: c.Resume) -> None:
    lifecycle.check(session, "resume")


def _resume(session: Context, command: c.Resume, checked: None) -> None:
    lifecycle.fire(session, "resume")


def _check_end_exercise(session: Context, command: c.EndExercise) -> None:
    endings = {ending.id for ending in session.compiled.scenario.endings}
    rules.require(
        command.ending is None or command.ending in endings, f"no ending {command.ending!r}"
    )
    lifecycle.check(session, "finish")


def _end_exercise(session: Context, command: c.EndExercise, checked: None) -> None:
    rules.end_exercise(session, command.ending)


def _check_close_exercise(session: Context, command: c.CloseExercise) -> None:
    lifecycle.check(session, "close")


def _close_exercise(session: Context, command: c.CloseExercise, checked: None) -> None:
    lifecycle.fire(session, "close")


# ------------------------------------------------------------------------- decisions
Choice = tuple[CompiledDecision, OpenDecision, CompiledOption]


def _check_record_choice(session: Context, command: c.RecordChoice) -> Choice:
    # The hottest check (every bot step): messages are built only when a check fails.
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
    if option.when is not None and not option.when(state):
        raise CommandRefused(f"option {option.id!r} is not available now")
    return decision, open_decision, option


def _record_choice(session: Context, command: c.RecordChoice, checked: Choice) -> None:
    decision, open_decision, option = checked
    session.emit(
        {
            "type": "choice_recorded",
            "decision": decision.id,
            "cell": command.cell,
            "option": option.id,
            "rationale": command.rationale,
        }
    )
    everyone = len(open_decision.choices) == len(decision.cells)  # choices hold only its cells
    if everyone and decision.resolve is Resolve.ON_CHOICE:
        rules.resolve_decision(session, decision)


MAX_KEY = 100
"""The longest idempotency key a seat may send."""


def _waiting_submission(session: Context, key: str) -> Submission:
    submission = session.state.submissions.get(key)
    if submission is None:
        raise CommandRefused(f"no submission {key!r}")
    if submission.status is not SubmissionStatus.WAITING:
        raise CommandRefused(f"the submission {key!r} was already {submission.status.value}")
    return submission


def _check_submit_choice(session: Context, command: c.SubmitChoice) -> None:
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
    available = option.when is None or bool(option.when(state))
    rules.require(available, f"“{option.label}” is not available now")
    rules.require(
        not any(
            item.status is SubmissionStatus.WAITING
            and (item.decision, item.cell) == (command.decision, command.cell)
            for item in state.submissions.values()
        ),
        "your earlier submission is still waiting for the facilitator",
    )


def _submit_choice(session: Context, command: c.SubmitChoice, checked: None) -> None:
    session.emit(
        {
            "type": "choice_submitted",
            "key": command.key,
            "decision": command.decision,
            "cell": command.cell,
            "option": command.option,
            "rationale": command.rationale,
        }
    )


Accepted = tuple[c.RecordChoice, Choice]


def _check_accept_submission(session: Context, command: c.AcceptSubmission) -> Accepted:
    submission = _waiting_submission(session, command.key)
    choice = c.RecordChoice(
        submission.decision, submission.cell, submission.option, submission.rationale
    )
    return choice, _check_record_choice(session, choice)  # the option must still be available


def _accept_submission(session: Context, command: c.AcceptSubmission, checked: Accepted) -> None:
    choice, checked_choice = checked
    session.emit({"type": "submission_accepted", "key": command.key})
    _record_choice(session, choice, checked_choice)


def _check_return_submission(session: Context, command: c.ReturnSubmission) -> None:
    _waiting_submission(session, command.key)


def _return_submission(session: Context, command: c.ReturnSubmission, checked: None) -> None:
    session.emit({"type": "submission_returned", "key": command.key, "reason": command.reason})


def _check_expire_decision(session: Context, command: c.ExpireDecision) -> CompiledDecision:
    rules.require_running(session, "expire a decision")
    decision = session.compiled.decisions.get(command.decision)
    rules.require(
        decision is not None and decision.id in session.state.open_decisions,
        f"decision {command.decision!r} is not open",
    )
    assert decision is not None
    rules.require(decision.default is not None, f"decision {decision.id!r} has no default option")
    return decision


def _expire_decision(
    session: Context, command: c.ExpireDecision, checked: CompiledDecision
) -> None:
    rules.expire_decision(session, checked)


def _check_override_outcome(session: Context, command: c.OverrideOutcome) -> tuple[int, Any]:
    decision = session.compiled.decisions.get(command.decision)
    rules.require(decision is not None, f"no decision {command.decision!r} in this scenario")
    assert decision is not None
    found = session.history.latest_roll(command.decision, command.cell)
    rules.require(found is not None, f"no roll for {command.cell} on {command.decision!r}")
    assert found is not None
    target, roll = found
    rules.require(
        target == session.history.undoable(),
        "only the latest action's roll can be overridden; undo back to it first",
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
    return found


def _override_outcome(
    session: Context, command: c.OverrideOutcome, checked: tuple[int, Any]
) -> None:
    target, roll = checked
    origin = target
    original = session.command_of(origin)
    while isinstance(original, c.OverrideOutcome):  # overriding an override: re-run the action
        replaced = session.history.overridden_by(origin)
        assert replaced is not None
        origin = replaced
        original = session.command_of(origin)
    session.emit(
        {
            "type": "outcome_overridden",
            "target": target,
            "decision": command.decision,
            "cell": command.cell,
            "outcome": command.outcome,
            "rolled": roll["outcome"],
            "roll": roll["roll"],
            "reason": command.reason,
        }
    )
    RULES[type(original)].run(session, original)


# ------------------------------------------------------------------------- injects
def _check_release_inject(session: Context, command: c.ReleaseInject) -> Any:
    rules.require_running(session, "release an inject")
    inject = rules.require_inject(session, command.inject)
    status = session.state.status_of(command.inject)
    rules.require(
        status not in (InjectStatus.DELIVERED, InjectStatus.CANCELLED),
        f"inject {command.inject!r} is already {status.value}",
    )
    return inject


def _release_inject(session: Context, command: c.ReleaseInject, checked: Any) -> None:
    if checked is not None:  # an ad-hoc inject is delivered already
        rules.deliver_inject(session, checked)


def _check_hold_inject(session: Context, command: c.HoldInject) -> None:
    rules.require_running(session, "hold an inject")
    rules.require_inject(session, command.inject)
    status = session.state.status_of(command.inject)
    rules.require(
        status in (InjectStatus.PENDING, InjectStatus.SCHEDULED, InjectStatus.AWAITING),
        f"inject {command.inject!r} is {status.value}; only a pending inject can be held",
    )


def _hold_inject(session: Context, command: c.HoldInject, checked: None) -> None:
    session.emit({"type": "inject_status_changed", "inject": command.inject, "status": "held"})


def _check_unhold_inject(session: Context, command: c.UnholdInject) -> None:
    rules.require_running(session, "unhold an inject")
    rules.require_inject(session, command.inject)
    status = session.state.status_of(command.inject)
    rules.require(status is InjectStatus.HELD, f"inject {command.inject!r} is not held")


def _unhold_inject(session: Context, command: c.UnholdInject, checked: None) -> None:
    session.emit({"type": "inject_status_changed", "inject": command.inject, "status": "pending"})


def _check_cancel_inject(session: Context, command: c.CancelInject) -> None:
    rules.require_running(session, "cancel an inject")
    rules.require_inject(session, command.inject)
    status = session.state.status_of(command.inject)
    rules.require(
        status not in (InjectStatus.DELIVERED, InjectStatus.CANCELLED),
        f"inject {command.inject!r} is already {status.value}",
    )


def _cancel_inject(session: Context, command: c.CancelInject, checked: None) -> None:
    session.emit({"type": "inject_status_changed", "inject": command.inject, "status": "cancelled"})


def _check_add_inject(session: Context, command: c.AddInject) -> None:
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


def _add_inject(session: Context, command: c.AddInject, checked: None) -> None:
    inject_id = f"adhoc_{len(session.state.adhoc) + 1}"
    adhoc: AdHoc = {
        "title": command.title,
        "body": command.body,
        "channel": command.channel,
        "to": list(command.to),
        "notes": command.notes,
    }
    if command.sender:
        adhoc["from"] = command.sender
    session.emit(
        {
            "type": "inject_delivered",
            "inject": inject_id,
            "title": command.title,
            "body": command.body,
            "adhoc": adhoc,
        }
    )


# ------------------------------------------------------------------------- the facilitator
def _check_set_variable(session: Context, command: c.SetVariable) -> None:
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


def _set_variable(session: Context, command: c.SetVariable, checked: None) -> None:
    rules.set_values(session, {command.variable: command.value}, f"facilitator:{command.reason}")


def _check_advance_clock(session: Context, command: c.AdvanceClock) -> None:
    rules.require_running(session, "move the clock")
    rules.require(command.minutes > 0, "the clock only moves forward")


def _advance_clock(session: Context, command: c.AdvanceClock, checked: None) -> None:
    clock.advance(session, command.minutes)


def _check_start_clock(session: Context, command: c.StartClock) -> None:
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


def _start_clock(session: Context, command: c.StartClock, checked: None) -> None:
    session.emit({"type": "clock_started", "rate": command.rate})


def _check_stop_clock(session: Context, command: c.StopClock) -> None:
    rules.require(session.state.clock_rate is not None, "the clock is not running")


def _stop_clock(session: Context, command: c.StopClock, checked: None) -> None:
    rules.stop_clock(session, "facilitator")


# ------------------------------------------------------------------------- the record
def _require_recording(session: Context) -> None:
    rules.require(
        session.state.phase is not Phase.SETUP, "nothing can be recorded before the briefing"
    )


def _check_add_note(session: Context, command: c.AddNote) -> None:
    _require_recording(session)
    evaluation.require_new_key(session, command.key)
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


def _add_note(session: Context, command: c.AddNote, checked: None) -> None:
    note: NoteAddedFields = {
        "type": "note_added",
        "text": command.text,
        "kind": command.kind,
        "inject": command.inject,
        "decision": command.decision,
        "objective": command.objective,
        "cell": command.cell,
        "corrective_action": command.corrective_action,
        "capability_element": command.capability_element,
        "responsible": command.responsible,
        "contact": command.contact,
        "start": command.start,
        "completion": command.completion,
    }
    # the HSEEP finding's other parts only when written: the same notes write a 0.1.0 journal
    if command.reference:
        note["reference"] = command.reference
    if command.analysis:
        note["analysis"] = command.analysis
    if command.recommendation:
        note["recommendation"] = command.recommendation
    if command.evaluator:
        note["evaluator"] = command.evaluator
    if command.key:
        note["key"] = command.key
    session.emit(note)


def _check_rate_task(session: Context, command: c.RateTask) -> None:
    _require_recording(session)
    evaluation.require_task(session, command.objective, command.task, command.rating)
    evaluation.require_new_key(session, command.key)


def _rate_task(session: Context, command: c.RateTask, checked: None) -> None:
    rated: TaskRatedFields = {
        "type": "task_rated",
        "objective": command.objective,
        "task": command.task,
        "rating": command.rating,
        "observation": command.observation,
    }
    if command.evaluator:  # no evaluator field when none is named: a 0.1.0 journal's bytes
        rated["evaluator"] = command.evaluator
    if command.key:
        rated["key"] = command.key
    session.emit(rated)


def _check_rate_capability(session: Context, command: c.RateCapability) -> None:
    _require_recording(session)
    objectives = {o.id for o in session.compiled.scenario.objectives}
    rules.require(command.objective in objectives, f"no objective {command.objective!r}")
    rules.require(command.rating in RATINGS, "a rating is P, S, M or U")


def _rate_capability(session: Context, command: c.RateCapability, checked: None) -> None:
    session.emit(
        {
            "type": "capability_rated",
            "objective": command.objective,
            "rating": command.rating,
            "reason": command.reason,
            "evaluator": command.evaluator,
        }
    )


def _check_record_feedback(session: Context, command: c.RecordFeedback) -> None:
    _require_recording(session)
    rules.require(bool(command.text.strip()), "feedback needs some text")
    cells = {cell.id for cell in session.compiled.scenario.cells}
    rules.require(command.cell is None or command.cell in cells, f"no cell {command.cell!r}")


def _record_feedback(session: Context, command: c.RecordFeedback, checked: None) -> None:
    session.emit(
        {
            "type": "feedback_recorded",
            "text": command.text,
            "participant": command.participant,
            "cell": command.cell,
        }
    )


def _check_present_inject(session: Context, command: c.PresentInject) -> None:
    state = session.state
    rules.require(
        command.inject in state.delivered or command.inject in state.adhoc,
        f"inject {command.inject!r} has not been delivered",
    )


def _present_inject(session: Context, command: c.PresentInject, checked: None) -> None:
    session.emit({"type": "inject_presented", "inject": command.inject})


# ------------------------------------------------------------------------- undo and redo
def _check_undo(session: Context, command: c.Undo) -> int:
    target = session.history.undoable()
    rules.require(target is not None, "nothing to undo")
    assert target is not None
    return target


def _undo(session: Context, command: c.Undo, checked: int) -> None:
    name = session.command_of(checked).name
    session.emit({"type": "undone", "target": checked, "command": name})


def _check_redo(session: Context, command: c.Redo) -> int:
    target = session.history.redo_target()
    rules.require(target is not None, "nothing to redo")
    assert target is not None
    return target


def _redo(session: Context, command: c.Redo, checked: int) -> None:
    name = session.command_of(checked).name
    session.emit({"type": "redone", "target": checked, "command": name})


RULES: dict[type[c.Command], CommandRules[Any]] = {
    c.OpenBriefing: CommandRules(_check_open_briefing, _open_briefing),
    c.Begin: CommandRules(_check_begin, _begin),
    c.NextPhase: CommandRules(_check_next_phase, _next_phase),
    c.Pause: CommandRules(_check_pause, _pause),
    c.Resume: CommandRules(_check_resume, _resume),
    c.RecordChoice: CommandRules(_check_record_choice, _record_choice),
    c.SubmitChoice: CommandRules(_check_submit_choice, _submit_choice),
    c.AcceptSubmission: CommandRules(_check_accept_submission, _accept_submission),
    c.ReturnSubmission: CommandRules(_check_return_submission, _return_submission),
    c.ExpireDecision: CommandRules(_check_expire_decision, _expire_decision),
    c.OverrideOutcome: CommandRules(_check_override_outcome, _override_outcome),
    c.ReleaseInject: CommandRules(_check_release_inject, _release_inject),
    c.HoldInject: CommandRules(_check_hold_inject, _hold_inject),
    c.UnholdInject: CommandRules(_check_unhold_inject, _unhold_inject),
    c.CancelInject: CommandRules(_check_cancel_inject, _cancel_inject),
    c.AddInject: CommandRules(_check_add_inject, _add_inject),
    c.SetVariable: CommandRules(_check_set_variable, _set_variable),
    c.AdvanceClock: CommandRules(_check_advance_clock, _advance_clock),
    c.StartClock: CommandRules(_check_start_clock, _start_clock),
    c.StopClock: CommandRules(_check_stop_clock, _stop_clock),
    c.AddNote: CommandRules(_check_add_note, _add_note),
    c.RateTask: CommandRules(_check_rate_task, _rate_task),
    c.RateCapability: CommandRules(_check_rate_capability, _rate_capability),
    c.RecordFeedback: CommandRules(_check_record_feedback, _record_feedback),
    c.PresentInject: CommandRules(_check_present_inject, _present_inject),
    c.Undo: CommandRules(_check_undo, _undo),
    c.Redo: CommandRules(_check_redo, _redo),
    c.EndExercise: CommandRules(_check_end_exercise, _end_exercise),
    c.CloseExercise: CommandRules(_check_close_exercise, _close_exercise),
}
"""Every command's check and apply."""

# --- the feed's posts (issue 17): their rules are in engine/play/posts.py
RULES.update({kind: CommandRules(check, apply) for kind, (check, apply) in POST_RULES.items()})
# evaluators, roster and feedback (issue 17): their rules are in engine/play/evaluation.py
RULES.update(
    {kind: CommandRules(*rules_of) for kind, rules_of in evaluation.EVALUATION_RULES.items()}
)
