"""Applying events to the state: the state of a session is a fold over its events.

Each function takes the state and one event and changes the state; none decides anything,
rolls a die or reads a clock, so replaying a journal rebuilds exactly the state it recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from engine.play import events as e
from engine.play.events import Event
from engine.play.phase import Phase
from engine.play.state import (
    ExerciseState,
    InjectStatus,
    OpenDecision,
    Post,
    PostStatus,
    Submission,
    SubmissionStatus,
)

Applier = Callable[[ExerciseState, Any], None]
"""How one kind of event changes the state (each takes its own event class)."""


def _phase_changed(state: ExerciseState, event: e.PhaseChanged) -> None:
    # Read as plain values: an event read back from a journal holds the phase's name (a str),
    # not the `Phase` its class declares, and compiled code (mypyc) checks declared types.
    fields: Mapping[str, object] = event
    state.phase = Phase(str(fields["phase"]))
    paused_from = fields.get("paused_from")
    state.paused_from = Phase(str(paused_from)) if paused_from else None


def _turn_started(state: ExerciseState, event: e.TurnStarted) -> None:
    state.turn = event["turn"]
    state.clock = event["clock"]
    state.turn_values.append(dict(state.values))


def _clock_set(state: ExerciseState, event: e.ClockSet) -> None:
    state.clock = event["clock"]


def _clock_started(state: ExerciseState, event: e.ClockStarted) -> None:
    state.clock_rate = float(event["rate"])


def _clock_stopped(state: ExerciseState, event: e.ClockStopped) -> None:
    state.clock_rate = None


def _variables_changed(state: ExerciseState, event: e.VariablesChanged) -> None:
    state.values.update(event["changes"])


def _inject_delivered(state: ExerciseState, event: e.InjectDelivered) -> None:
    inject = event["inject"]
    state.delivered.add(inject)
    state.delivered_at[inject] = event["clock"]
    state.status[inject] = InjectStatus.DELIVERED
    state.scheduled.pop(inject, None)
    state.last_inject = inject
    if event.get("adhoc"):
        state.adhoc[inject] = event["adhoc"]


def _inject_status_changed(state: ExerciseState, event: e.InjectStatusChanged) -> None:
    inject, status = event["inject"], InjectStatus(event["status"])
    if status is InjectStatus.PENDING:
        state.status.pop(inject, None)
    else:
        state.status[inject] = status
    if status is InjectStatus.SCHEDULED:
        state.scheduled[inject] = None
    else:
        state.scheduled.pop(inject, None)


def _decision_opened(state: ExerciseState, event: e.DecisionOpened) -> None:
    state.open_decisions[event["decision"]] = OpenDecision(
        event["decision"], event["turn"], event["clock"], event.get("deadline")
    )


def _choice_recorded(state: ExerciseState, event: e.ChoiceRecorded) -> None:
    state.open_decisions[event["decision"]].choices[event["cell"]] = event["option"]
    state.choice_log.append(event)
    _settle_waiting(state, event["decision"], event["cell"])


def _settle_waiting(state: ExerciseState, decision: str, cell: str | None = None) -> None:
    """The submissions still waiting for `decision` (from `cell`, or every cell) are settled:
    the choice they asked for was recorded by other means, or the decision closed."""
    for item in state.submissions.values():
        if (
            item.status is SubmissionStatus.WAITING
            and item.decision == decision
            and cell in (None, item.cell)
        ):
            item.status = SubmissionStatus.SETTLED


def _option_resolved(state: ExerciseState, event: e.OptionResolved) -> None:
    state.chosen.add((event["decision"], event["option"]))


def _roll_made(state: ExerciseState, event: e.RollMade) -> None:
    state.rolled.add((event["decision"], event["outcome"]))


def _decision_closed(state: ExerciseState, event: e.DecisionClosed) -> None:
    state.open_decisions.pop(event["decision"], None)
    state.resolved.add(event["decision"])
    _settle_waiting(state, event["decision"])


def _outcome_overridden(state: ExerciseState, event: e.OutcomeOverridden) -> None:
    state.overrides[(event["decision"], event["cell"])] = event["outcome"]


def _ending_reached(state: ExerciseState, event: e.EndingReached) -> None:
    state.ending = event["ending"]


def _note_added(state: ExerciseState, event: e.NoteAdded) -> None:
    state.notes.append(event)
    if "key" in event:
        state.received |= {event["key"]}


def _task_rated(state: ExerciseState, event: e.TaskRated) -> None:
    task = (event["objective"], event["task"])
    evaluator = event.get("evaluator")
    if evaluator:  # one rating per evaluator: a second evaluator never overwrites the first
        ratings = state.evaluator_ratings
        state.evaluator_ratings = {**ratings, task: {**ratings.get(task, {}), evaluator: event}}
    else:
        state.ratings[task] = event
    if "key" in event:
        state.received |= {event["key"]}


def _capability_rated(state: ExerciseState, event: e.CapabilityRated) -> None:
    state.capability_ratings[event["objective"]] = event


def _feedback_recorded(state: ExerciseState, event: e.FeedbackRecorded) -> None:
    state.feedback.append(event)


def _choice_submitted(state: ExerciseState, event: e.ChoiceSubmitted) -> None:
    key = event["key"]
    state.submissions[key] = Submission(
        key, event["decision"], event["cell"], event["option"], event["rationale"]
    )


def _submission_accepted(state: ExerciseState, event: e.SubmissionAccepted) -> None:
    state.submissions[event["key"]].status = SubmissionStatus.ACCEPTED


def _submission_returned(state: ExerciseState, event: e.SubmissionReturned) -> None:
    submission = state.submissions[event["key"]]
    submission.status = SubmissionStatus.RETURNED
    submission.reason = event["reason"]


# --- the feed: cells' posts (issue 17) -----------------------------------------------------
def _post_submitted(state: ExerciseState, event: e.PostSubmitted) -> None:
    key = event["key"]
    state.posts[key] = Post(key, event["channel"], event["cell"], event["actor"], event["text"])


def _post_released(state: ExerciseState, event: e.PostReleased) -> None:
    post = state.posts[event["key"]]
    post.status = PostStatus.RELEASED
    post.text = event["text"]
    post.edited = event["edited"]
    state.posted.add((event["channel"], event["cell"]))


def _post_returned(state: ExerciseState, event: e.PostReturned) -> None:
    post = state.posts[event["key"]]
    post.status = PostStatus.RETURNED
    post.reason = event["reason"]


# --- end of the feed's posts ---------------------------------------------------------------
# ------------------------------------------------------------------------- evaluators, roster and
# feedback (issue 17)
def _roster_set(state: ExerciseState, event: e.RosterSet) -> None:
    state.roster = {entry["name"]: entry for entry in event["participants"]}


# These replace what they change, never change it in place: states copied before share it.
def _participant_added(state: ExerciseState, event: e.ParticipantAdded) -> None:
    state.roster = {**state.roster, event["participant"]["name"]: event["participant"]}


def _participant_removed(state: ExerciseState, event: e.ParticipantRemoved) -> None:
    state.roster = {name: entry for name, entry in state.roster.items() if name != event["name"]}


def _rating_settled(state: ExerciseState, event: e.RatingSettled) -> None:
    state.settled = {**state.settled, (event["objective"], event["task"]): event}


def _evaluator_access_set(state: ExerciseState, event: e.EvaluatorAccessSet) -> None:
    if event["granted"]:
        state.granted |= {event["evaluator"]}
    else:
        state.granted -= {event["evaluator"]}


def _feedback_submitted(state: ExerciseState, event: e.FeedbackSubmitted) -> None:
    state.feedback_forms = (*state.feedback_forms, event)
    state.received |= {event["key"]}


def _nothing(state: ExerciseState, event: Event) -> None:
    """Events that only record (a command, a refused action's context, the session's start)."""


APPLIERS: dict[e.EventName, Applier] = {
    "session_started": _nothing,
    "command": _nothing,
    "phase_changed": _phase_changed,
    "turn_started": _turn_started,
    "clock_set": _clock_set,
    "clock_started": _clock_started,
    "clock_stopped": _clock_stopped,
    "variables_changed": _variables_changed,
    "inject_delivered": _inject_delivered,
    "inject_status_changed": _inject_status_changed,
    "decision_opened": _decision_opened,
    "choice_recorded": _choice_recorded,
    "option_resolved": _option_resolved,
    "roll_made": _roll_made,
    "decision_closed": _decision_closed,
    "outcome_overridden": _outcome_overridden,
    "ending_reached": _ending_reached,
    "turns_exhausted": _nothing,
    "note_added": _note_added,
    "task_rated": _task_rated,
    "capability_rated": _capability_rated,
    "feedback_recorded": _feedback_recorded,
    "inject_presented": _nothing,
    "choice_submitted": _choice_submitted,
    "submission_accepted": _submission_accepted,
    "submission_returned": _submission_returned,
    # the feed's posts (issue 17)
    "post_submitted": _post_submitted,
    "post_released": _post_released,
    "post_returned": _post_returned,
    "undone": _nothing,
    "redone": _nothing,
    # evaluators, roster and feedback (issue 17)
    "roster_set": _roster_set,
    "participant_added": _participant_added,
    "participant_removed": _participant_removed,
    "rating_settled": _rating_settled,
    "evaluator_access_set": _evaluator_access_set,
    "feedback_submitted": _feedback_submitted,
}
"""Every event type and how it changes the state. `undone`, `redone` and the group bookkeeping
of `outcome_overridden` are handled by the session, which owns the list of groups."""


def apply(state: ExerciseState, event: Event) -> None:
    """Fold one event into the state."""
    APPLIERS[event["type"]](state, event)
