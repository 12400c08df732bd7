"""Every event an exercise can produce, defined once (as h11's `_events.py` does).

An event is a `TypedDict` whose `type` is a `Literal`: mypy checks every field a rule emits
and every field a reader takes, and a misspelled event name fails `mypy` (under `strict` a
comparison with a name no event has is a non-overlapping check). At run time an event stays a
plain `dict`: a dict costs ~0.4 µs to build against ~1.9 µs for a frozen dataclass, and a play
step emits about seven events, so the play loop keeps its speed.

Each event is two classes: `...Fields` is what a rule emits (its `type` and its own fields,
through `Session`'s emit, which stamps `seq`, `group`, `turn` and `clock`), and the event
itself adds that stamp (`Stamp`). `EVENTS` maps every name to its class; the fold dispatches on
the name, `engine.journal.codec` validates every journaled record against its class, and the
table in `docs/architecture.md` is generated from these classes (`events_table()`; a test keeps
the two the same).
"""

from collections.abc import Mapping
from typing import Any, Literal, NotRequired, TypedDict, Union, get_args, get_type_hints

from engine.play.phase import Phase

Value = int | bool | str
"""What a scenario variable holds."""

InjectState = Literal["scheduled", "held", "pending", "cancelled", "awaiting"]


class Stamp(TypedDict):
    """What every event carries: where it is in the journal and when it happened."""

    seq: int
    """Its position in the journal, from 0."""
    group: int
    """The number of the command that produced it, from 0."""
    turn: int
    clock: int
    """Scenario minutes when it was emitted."""
    wall: NotRequired[str]
    """The wall-clock time, added by the journal (the only non-deterministic field)."""
    size: NotRequired[int]
    """On a group's first record only: how many records the group has (added by the journal)."""


AdHoc = TypedDict(
    "AdHoc",
    {
        "title": str,
        "body": str,
        "channel": str,
        "to": list[str],
        "notes": str,
        "from": NotRequired[str],
    },
)
"""An ad-hoc inject's text and addressing, as the facilitator wrote it (`from`: the actor it
comes from, when one is named)."""


# ------------------------------------------------------------------------- what rules emit
class CommandFields(TypedDict):
    """The fields a rule emits for `CommandEvent`."""

    type: Literal["command"]
    command: dict[str, Any]


class SessionStartedFields(TypedDict):
    """The fields a rule emits for `SessionStarted`."""

    type: Literal["session_started"]
    scenario: str
    content_hash: str
    seed: int


class PhaseChangedFields(TypedDict):
    """The fields a rule emits for `PhaseChanged`."""

    type: Literal["phase_changed"]
    phase: Phase
    paused_from: Phase | None


class TurnStartedFields(TypedDict):
    """The fields a rule emits for `TurnStarted`."""

    type: Literal["turn_started"]
    turn: int
    clock: int


class ClockSetFields(TypedDict):
    """The fields a rule emits for `ClockSet`."""

    type: Literal["clock_set"]
    clock: int


class ClockStartedFields(TypedDict):
    """The fields a rule emits for `ClockStarted`."""

    type: Literal["clock_started"]
    rate: float | int


class ClockStoppedFields(TypedDict):
    """The fields a rule emits for `ClockStopped`."""

    type: Literal["clock_stopped"]
    reason: str


class VariablesChangedFields(TypedDict):
    """The fields a rule emits for `VariablesChanged`."""

    type: Literal["variables_changed"]
    changes: dict[str, Value]
    cause: str


class InjectDeliveredFields(TypedDict):
    """The fields a rule emits for `InjectDelivered`."""

    type: Literal["inject_delivered"]
    inject: str
    title: str
    body: str
    adhoc: NotRequired[AdHoc]


class InjectStatusChangedFields(TypedDict):
    """The fields a rule emits for `InjectStatusChanged`."""

    type: Literal["inject_status_changed"]
    inject: str
    status: InjectState


class DecisionOpenedFields(TypedDict):
    """The fields a rule emits for `DecisionOpened`."""

    type: Literal["decision_opened"]
    decision: str
    deadline: int | None


class ChoiceRecordedFields(TypedDict):
    """The fields a rule emits for `ChoiceRecorded`."""

    type: Literal["choice_recorded"]
    decision: str
    cell: str
    option: str
    rationale: str
    defaulted: NotRequired[bool]


class OptionResolvedFields(TypedDict):
    """The fields a rule emits for `OptionResolved`."""

    type: Literal["option_resolved"]
    decision: str
    cell: str
    option: str


class RollMadeFields(TypedDict):
    """The fields a rule emits for `RollMade`."""

    type: Literal["roll_made"]
    decision: str
    cell: str
    option: str
    roll: int
    outcome: str
    overridden: bool


class OutcomeOverriddenFields(TypedDict):
    """The fields a rule emits for `OutcomeOverridden`."""

    type: Literal["outcome_overridden"]
    target: int
    decision: str
    cell: str
    outcome: str
    rolled: str
    roll: int
    reason: str


class DecisionClosedFields(TypedDict):
    """The fields a rule emits for `DecisionClosed`."""

    type: Literal["decision_closed"]
    decision: str


class EndingReachedFields(TypedDict):
    """The fields a rule emits for `EndingReached`."""

    type: Literal["ending_reached"]
    ending: str | None


class TurnsExhaustedFields(TypedDict):
    """The fields a rule emits for `TurnsExhausted`."""

    type: Literal["turns_exhausted"]


class NoteAddedFields(TypedDict):
    """The fields a rule emits for `NoteAdded`."""

    type: Literal["note_added"]
    text: str
    kind: str
    inject: str | None
    decision: str | None
    objective: str | None
    cell: str | None
    reference: NotRequired[str]
    analysis: NotRequired[str]
    recommendation: NotRequired[str]
    evaluator: NotRequired[str]
    key: NotRequired[str]
    corrective_action: str
    capability_element: str
    responsible: str
    contact: str
    start: str
    completion: str


class TaskRatedFields(TypedDict):
    """The fields a rule emits for `TaskRated`."""

    type: Literal["task_rated"]
    objective: str
    task: str
    rating: str
    observation: str
    evaluator: NotRequired[str]
    key: NotRequired[str]


class CapabilityRatedFields(TypedDict):
    """The fields a rule emits for `CapabilityRated`."""

    type: Literal["capability_rated"]
    objective: str
    rating: str
    reason: str
    evaluator: str


class FeedbackRecordedFields(TypedDict):
    """The fields a rule emits for `FeedbackRecorded`."""

    type: Literal["feedback_recorded"]
    text: str
    participant: str
    cell: str | None


class InjectPresentedFields(TypedDict):
    """The fields a rule emits for `InjectPresented`."""

    type: Literal["inject_presented"]
    inject: str


class ChoiceSubmittedFields(TypedDict):
    """The fields a rule emits for `ChoiceSubmitted`."""

    type: Literal["choice_submitted"]
    key: str
    decision: str
    cell: str
    option: str
    rationale: str


class SubmissionAcceptedFields(TypedDict):
    """The fields a rule emits for `SubmissionAccepted`."""

    type: Literal["submission_accepted"]
    key: str


class SubmissionReturnedFields(TypedDict):
    """The fields a rule emits for `SubmissionReturned`."""

    type: Literal["submission_returned"]
    key: str
    reason: str


# --- the feed: cells' posts (issue 17) ---------------------------------------------------
class PostSubmittedFields(TypedDict):
    """The fields a rule emits for `PostSubmitted`."""

    type: Literal["post_submitted"]
    key: str
    channel: str
    cell: str
    actor: str
    text: str


class PostReleasedFields(TypedDict):
    """The fields a rule emits for `PostReleased`."""

    type: Literal["post_released"]
    key: str
    channel: str
    cell: str
    actor: str
    text: str
    """The text as released (the facilitator's edit, when `edited`)."""
    edited: bool


class PostReturnedFields(TypedDict):
    """The fields a rule emits for `PostReturned`."""

    type: Literal["post_returned"]
    key: str
    reason: str


# --- end of the feed's posts ---------------------------------------------------------------
class UndoneFields(TypedDict):
    """The fields a rule emits for `Undone`."""

    type: Literal["undone"]
    target: int
    command: str


class RedoneFields(TypedDict):
    """The fields a rule emits for `Redone`."""

    type: Literal["redone"]
    target: int
    command: str


# ------------------------------------------------------------------------- the events
class CommandEvent(Stamp, CommandFields):
    """What was asked (the command's name and fields); every group starts with one."""


class SessionStarted(Stamp, SessionStartedFields):
    """The first group: which scenario, which version of it, which seed."""


class PhaseChanged(Stamp, PhaseChangedFields):
    """A lifecycle move."""


class TurnStarted(Stamp, TurnStartedFields):
    """A new turn; the state records the variables at its start."""


class ClockSet(Stamp, ClockSetFields):
    """The facilitator moved the clock."""


class ClockStarted(Stamp, ClockStartedFields):
    """The running clock started, at `rate` scenario minutes a real minute."""


class ClockStopped(Stamp, ClockStoppedFields):
    """The running clock stopped (`reason`: facilitator, pause, ending, turn end...)."""


class VariablesChanged(Stamp, VariablesChangedFields):
    """Effects applied (`cause`: `inject:ID`, `option:D.O`, `outcome:D.O`, `facilitator:WHY`)."""


class InjectDelivered(Stamp, InjectDeliveredFields):
    """An inject reached the players (`title` and `body` rendered; `adhoc` for ad-hoc ones)."""


class InjectStatusChanged(Stamp, InjectStatusChangedFields):
    """An inject was scheduled, held, unheld (pending), cancelled, or is awaiting confirmation."""


class DecisionOpened(Stamp, DecisionOpenedFields):
    """A decision is open."""


class ChoiceRecorded(Stamp, ChoiceRecordedFields):
    """A cell chose (`defaulted` when its time ran out)."""


class OptionResolved(Stamp, OptionResolvedFields):
    """The option's consequences follow."""


class RollMade(Stamp, RollMadeFields):
    """Adjudication: the d100 and the outcome it landed on (or the override it took)."""


class OutcomeOverridden(Stamp, OutcomeOverriddenFields):
    """The facilitator replaced an outcome; the target group is taken back and its command run
    again with the new outcome."""


class DecisionClosed(Stamp, DecisionClosedFields):
    """All its choices are applied."""


class EndingReached(Stamp, EndingReachedFields):
    """The exercise goes to the hotwash (`ending` is null when no ending was reached)."""


class TurnsExhausted(Stamp, TurnsExhaustedFields):
    """The last turn ended with no ending's condition true."""


class NoteAdded(Stamp, NoteAddedFields):
    """A facilitator note, with its tags and improvement-plan fields."""


class TaskRated(Stamp, TaskRatedFields):
    """An HSEEP rating (P/S/M/U) of a critical task."""


class CapabilityRated(Stamp, CapabilityRatedFields):
    """The evaluation team's overall P/S/M/U rating of an objective's capability (the latest
    counts)."""


class FeedbackRecorded(Stamp, FeedbackRecordedFields):
    """Participant feedback."""


class InjectPresented(Stamp, InjectPresentedFields):
    """The facilitator put a delivered inject in front of the room (record only)."""


class ChoiceSubmitted(Stamp, ChoiceSubmittedFields):
    """A cell sent a choice from its seat, by idempotency `key` (record only: undo passes it)."""


class SubmissionAccepted(Stamp, SubmissionAcceptedFields):
    """The facilitator accepted it; a `choice_recorded` follows in the same group."""


class SubmissionReturned(Stamp, SubmissionReturnedFields):
    """The facilitator sent it back to the cell, with a word why."""


# --- the feed: cells' posts (issue 17) ---------------------------------------------------
class PostSubmitted(Stamp, PostSubmittedFields):
    """A cell wrote a post at its seat as one of its actors, by idempotency `key` (record
    only: undo passes it)."""


class PostReleased(Stamp, PostReleasedFields):
    """The facilitator released a cell's post to the room: player-authored (`cell`, `actor`),
    as sent or `edited`."""


class PostReturned(Stamp, PostReturnedFields):
    """The facilitator sent a cell's post back, with a word why."""


# --- end of the feed's posts ---------------------------------------------------------------
class Undone(Stamp, UndoneFields):
    """Undo: the target group is taken back."""


class Redone(Stamp, RedoneFields):
    """Redo: the target group's events apply again exactly as they were."""


# ------------------------------------------------------------------------- evaluators, roster and
# participant feedback (issue 17): what the roster, the evaluators' seats and the feedback form add
class RosterEntry(TypedDict):
    """A person on the roster: who took part, not a role-play character."""

    name: str
    organisation: str
    cell: str
    """The cell's id, or empty (control, evaluators, observers)."""
    role: str
    """player, evaluator, controller or observer."""


class RosterSetFields(TypedDict):
    """The fields a rule emits for `RosterSet`."""

    type: Literal["roster_set"]
    participants: list[RosterEntry]
    source: str


class ParticipantAddedFields(TypedDict):
    """The fields a rule emits for `ParticipantAdded`."""

    type: Literal["participant_added"]
    participant: RosterEntry


class ParticipantRemovedFields(TypedDict):
    """The fields a rule emits for `ParticipantRemoved`."""

    type: Literal["participant_removed"]
    name: str


class RatingSettledFields(TypedDict):
    """The fields a rule emits for `RatingSettled`."""

    type: Literal["rating_settled"]
    objective: str
    task: str
    rating: str
    settled_by: str
    reason: str


class EvaluatorAccessSetFields(TypedDict):
    """The fields a rule emits for `EvaluatorAccessSet`."""

    type: Literal["evaluator_access_set"]
    evaluator: str
    granted: bool


class FeedbackSubmittedFields(TypedDict):
    """The fields a rule emits for `FeedbackSubmitted`."""

    type: Literal["feedback_submitted"]
    key: str
    cell: str | None
    name: str
    strengths: str
    improvements: str
    changes: str
    rating: int


class RosterSet(Stamp, RosterSetFields):
    """The roster, whole (loaded from a file or replaced): `source` says from where."""


class ParticipantAdded(Stamp, ParticipantAddedFields):
    """A person added to the roster from the console (one of the same name is replaced)."""


class ParticipantRemoved(Stamp, ParticipantRemovedFields):
    """A person taken off the roster."""


class RatingSettled(Stamp, RatingSettledFields):
    """The facilitator or lead evaluator settled a task's rating: the one the report rates with."""


class EvaluatorAccessSet(Stamp, EvaluatorAccessSetFields):
    """The facilitator granted (or withdrew) an evaluator's view of the control notes."""


class FeedbackSubmitted(Stamp, FeedbackSubmittedFields):
    """A participant's HSEEP feedback form from a seat (`rating` 1 to 5, 0 when not given)."""


Event = Union[  # noqa: UP007 (a union of TypedDicts reads better as a list)
    CommandEvent,
    SessionStarted,
    PhaseChanged,
    TurnStarted,
    ClockSet,
    ClockStarted,
    ClockStopped,
    VariablesChanged,
    InjectDelivered,
    InjectStatusChanged,
    DecisionOpened,
    ChoiceRecorded,
    OptionResolved,
    RollMade,
    OutcomeOverridden,
    DecisionClosed,
    EndingReached,
    TurnsExhausted,
    NoteAdded,
    TaskRated,
    CapabilityRated,
    FeedbackRecorded,
    InjectPresented,
    ChoiceSubmitted,
    SubmissionAccepted,
    SubmissionReturned,
    # the feed's posts (issue 17)
    PostSubmitted,
    PostReleased,
    PostReturned,
    Undone,
    Redone,
    # evaluators, roster and feedback (issue 17)
    RosterSet,
    ParticipantAdded,
    ParticipantRemoved,
    RatingSettled,
    EvaluatorAccessSet,
    FeedbackSubmitted,
]
"""Any event."""

Record = Mapping[str, Any]
"""An event as a reader that looks across kinds sees it (a report's timeline, say): any event
is one, and a reader that needs an event's own fields narrows on `record["type"]` first."""

Fields = Union[  # noqa: UP007
    CommandFields,
    SessionStartedFields,
    PhaseChangedFields,
    TurnStartedFields,
    ClockSetFields,
    ClockStartedFields,
    ClockStoppedFields,
    VariablesChangedFields,
    InjectDeliveredFields,
    InjectStatusChangedFields,
    DecisionOpenedFields,
    ChoiceRecordedFields,
    OptionResolvedFields,
    RollMadeFields,
    OutcomeOverriddenFields,
    DecisionClosedFields,
    EndingReachedFields,
    TurnsExhaustedFields,
    NoteAddedFields,
    TaskRatedFields,
    CapabilityRatedFields,
    FeedbackRecordedFields,
    InjectPresentedFields,
    ChoiceSubmittedFields,
    SubmissionAcceptedFields,
    SubmissionReturnedFields,
    # the feed's posts (issue 17)
    PostSubmittedFields,
    PostReleasedFields,
    PostReturnedFields,
    UndoneFields,
    RedoneFields,
    # evaluators, roster and feedback (issue 17)
    RosterSetFields,
    ParticipantAddedFields,
    ParticipantRemovedFields,
    RatingSettledFields,
    EvaluatorAccessSetFields,
    FeedbackSubmittedFields,
]
"""What a rule emits: any event without its stamp."""

EventName = Literal[
    "command",
    "session_started",
    "phase_changed",
    "turn_started",
    "clock_set",
    "clock_started",
    "clock_stopped",
    "variables_changed",
    "inject_delivered",
    "inject_status_changed",
    "decision_opened",
    "choice_recorded",
    "option_resolved",
    "roll_made",
    "outcome_overridden",
    "decision_closed",
    "ending_reached",
    "turns_exhausted",
    "note_added",
    "task_rated",
    "capability_rated",
    "feedback_recorded",
    "inject_presented",
    "choice_submitted",
    "submission_accepted",
    "submission_returned",
    # the feed's posts (issue 17)
    "post_submitted",
    "post_released",
    "post_returned",
    "undone",
    "redone",
    # evaluators, roster and feedback (issue 17)
    "roster_set",
    "participant_added",
    "participant_removed",
    "rating_settled",
    "evaluator_access_set",
    "feedback_submitted",
]


def _name_of(kind: type) -> str:
    literal = get_type_hints(kind)["type"]
    (name,) = literal.__args__
    return str(name)


EVENTS: dict[str, type] = {_name_of(kind): kind for kind in get_args(Event)}
"""Every event's name and its class, in the order of the table."""

FIELDS: dict[str, type] = {_name_of(kind): kind for kind in get_args(Fields)}
"""Every event's name and the class of what a rule emits for it."""

STAMP_FIELDS = frozenset(get_type_hints(Stamp))
"""The fields every event carries besides its own."""


def own_fields(name: str) -> dict[str, Any]:
    """An event's own fields (neither `type` nor the stamp) and their types, in order."""
    hints = get_type_hints(FIELDS[name])
    return {key: kind for key, kind in hints.items() if key != "type"}


def events_table() -> str:
    """The Markdown table of every event (as `docs/architecture.md` shows it)."""
    rows = ["| event | fields | meaning |", "|---|---|---|"]
    for name, kind in EVENTS.items():
        optional: frozenset[str] = getattr(FIELDS[name], "__optional_keys__", frozenset())
        shown = [f"`{key}`?" if key in optional else f"`{key}`" for key in own_fields(name)]
        meaning = " ".join((kind.__doc__ or "").split())
        rows.append(f"| `{name}` | {', '.join(shown)} | {meaning} |")
    return "\n".join(rows) + "\n"
