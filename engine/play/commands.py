"""Commands: what a facilitator, a cell or a bot asks the exercise to do.

A command is plain data. The session turns it into events (or refuses it); the journal keeps
both, so a report can show who asked for what.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, ClassVar

from engine.errors import CommandRefused

_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(item.name for item in fields(kind))
    return names


@dataclass(frozen=True, slots=True)
class Command:
    """Base of every command; `name` is how it is written in journals and scripts."""

    name: ClassVar[str] = ""
    written_when_set: ClassVar[frozenset[str]] = frozenset()
    """Fields added after journals were written without them: left out while empty, so the
    same commands still write the same journal (a 0.1.0 journal byte for byte)."""

    def to_dict(self) -> dict[str, Any]:
        """The command as JSON-ready data, with its name."""
        data: dict[str, Any] = {"name": self.name}
        optional = self.written_when_set
        names = _FIELD_NAMES.get(type(self))  # the cache read inline: the hot path
        for name in _field_names(type(self)) if names is None else names:
            value = getattr(self, name)
            if name in optional and not value:
                continue
            data[name] = list(value) if isinstance(value, tuple) else value
        return data


@dataclass(frozen=True, slots=True)
class OpenBriefing(Command):
    """Show the briefing (setup → briefing)."""

    name: ClassVar[str] = "open_briefing"


@dataclass(frozen=True, slots=True)
class Begin(Command):
    """Start turn 1 after the briefing."""

    name: ClassVar[str] = "begin"


@dataclass(frozen=True, slots=True)
class NextPhase(Command):
    """Move to the next phase of the turn (or the next turn after the turn's end)."""

    name: ClassVar[str] = "next_phase"


@dataclass(frozen=True, slots=True)
class Pause(Command):
    """Pause the exercise."""

    name: ClassVar[str] = "pause"


@dataclass(frozen=True, slots=True)
class Resume(Command):
    """Resume a paused exercise in the phase it was paused in."""

    name: ClassVar[str] = "resume"


@dataclass(frozen=True, slots=True)
class RecordChoice(Command):
    """A cell's choice in an open decision, with the cell's reasons."""

    name: ClassVar[str] = "record_choice"
    decision: str
    cell: str
    option: str
    rationale: str = ""


@dataclass(frozen=True, slots=True)
class SubmitChoice(Command):
    """A cell's choice sent from its seat in the room, waiting for the facilitator.

    `key` is the seat's idempotency key: a browser that retries after a lost answer sends the
    same key, and the second copy is refused rather than recorded twice. Only the record of the
    submission is kept; the choice is made when the facilitator accepts it.
    """

    name: ClassVar[str] = "submit_choice"
    key: str
    decision: str
    cell: str
    option: str
    rationale: str = ""


@dataclass(frozen=True, slots=True)
class AcceptSubmission(Command):
    """The facilitator accepts a waiting submission: it becomes the cell's recorded choice."""

    name: ClassVar[str] = "accept_submission"
    key: str


@dataclass(frozen=True, slots=True)
class ReturnSubmission(Command):
    """The facilitator sends a waiting submission back to its cell, with a word why."""

    name: ClassVar[str] = "return_submission"
    key: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class ExpireDecision(Command):
    """A decision's time limit ran out: cells that have not chosen take the default."""

    name: ClassVar[str] = "expire_decision"
    decision: str


@dataclass(frozen=True, slots=True)
class OverrideOutcome(Command):
    """The facilitator replaces a rolled outcome with another, giving a reason."""

    name: ClassVar[str] = "override_outcome"
    decision: str
    cell: str
    outcome: str
    reason: str


@dataclass(frozen=True, slots=True)
class ReleaseInject(Command):
    """Deliver an inject now: early, held, or one only the facilitator releases."""

    name: ClassVar[str] = "release_inject"
    inject: str


@dataclass(frozen=True, slots=True)
class HoldInject(Command):
    """Keep an inject from being delivered until it is released or unheld."""

    name: ClassVar[str] = "hold_inject"
    inject: str


@dataclass(frozen=True, slots=True)
class UnholdInject(Command):
    """Let a held inject be delivered again when its triggers hold."""

    name: ClassVar[str] = "unhold_inject"
    inject: str


@dataclass(frozen=True, slots=True)
class CancelInject(Command):
    """Make sure an inject is never delivered."""

    name: ClassVar[str] = "cancel_inject"
    inject: str


@dataclass(frozen=True, slots=True)
class AddInject(Command):
    """An ad-hoc inject written by the facilitator during the exercise, delivered at once."""

    name: ClassVar[str] = "add_inject"
    title: str
    body: str = ""
    channel: str = ""
    to: tuple[str, ...] = ()
    notes: str = ""
    sender: str = ""
    """The actor it comes from (an actor id; empty: no author)."""
    written_when_set: ClassVar[frozenset[str]] = frozenset({"sender"})


@dataclass(frozen=True, slots=True)
class SetVariable(Command):
    """The facilitator sets a variable, giving a reason."""

    name: ClassVar[str] = "set_variable"
    variable: str
    value: int | bool | str
    reason: str


@dataclass(frozen=True, slots=True)
class AdvanceClock(Command):
    """Move scenario time forward by some minutes."""

    name: ClassVar[str] = "advance_clock"
    minutes: int


@dataclass(frozen=True, slots=True)
class StartClock(Command):
    """Start the running clock: `rate` scenario minutes pass per real minute."""

    name: ClassVar[str] = "start_clock"
    rate: float


@dataclass(frozen=True, slots=True)
class StopClock(Command):
    """Stop the running clock where it stands."""

    name: ClassVar[str] = "stop_clock"


@dataclass(frozen=True, slots=True)
class AddNote(Command):
    """A facilitator's note, tagged for the after-action report.

    kind is one of observation, strength, improvement (an area for improvement), action (an
    improvement action, which may carry the improvement-plan fields) and hotwash. The text is
    the HSEEP observation; reference, analysis and recommendation are the finding's other
    three parts.
    """

    name: ClassVar[str] = "add_note"
    written_when_set: ClassVar[frozenset[str]] = frozenset(
        {"reference", "analysis", "recommendation", "evaluator", "key"}
    )
    text: str
    kind: str = "observation"
    inject: str | None = None
    decision: str | None = None
    objective: str | None = None
    cell: str | None = None
    reference: str = ""
    analysis: str = ""
    recommendation: str = ""
    corrective_action: str = ""
    capability_element: str = ""
    responsible: str = ""
    contact: str = ""
    start: str = ""
    completion: str = ""
    evaluator: str = ""
    """The evaluator who wrote it from their seat (empty: the facilitator)."""
    key: str = ""
    """The seat's idempotency key (empty from the console)."""


@dataclass(frozen=True, slots=True)
class RateTask(Command):
    """An HSEEP rating (P, S, M or U) of an objective's critical task, with the observation."""

    name: ClassVar[str] = "rate_task"
    written_when_set: ClassVar[frozenset[str]] = frozenset({"evaluator", "key"})
    objective: str
    task: str
    rating: str
    observation: str = ""
    evaluator: str = ""
    """Who rated it, so ratings from several evaluators can be told apart."""
    key: str = ""
    """The evaluator's seat's idempotency key (empty from the console)."""


@dataclass(frozen=True, slots=True)
class RateCapability(Command):
    """The evaluation team's P/S/M/U rating of an objective's core capability, overall.

    HSEEP leaves this rating to the evaluators; the report proposes one from the critical
    tasks' ratings until this command sets it (the latest counts).
    """

    name: ClassVar[str] = "rate_capability"
    objective: str
    rating: str
    reason: str = ""
    evaluator: str = ""


@dataclass(frozen=True, slots=True)
class RecordFeedback(Command):
    """A participant's feedback, for the report's appendix."""

    name: ClassVar[str] = "record_feedback"
    text: str
    participant: str = ""
    cell: str | None = None


@dataclass(frozen=True, slots=True)
class PresentInject(Command):
    """The facilitator puts a delivered inject in front of the room (record only).

    Which inject is being presented changes nothing in the story; it is journaled so that the
    players' view shows the inject the console is presenting, and a resume presents it again.
    """

    name: ClassVar[str] = "present_inject"
    inject: str


@dataclass(frozen=True, slots=True)
class Undo(Command):
    """Take back the last exercise action (not notes, ratings or feedback)."""

    name: ClassVar[str] = "undo"


@dataclass(frozen=True, slots=True)
class Redo(Command):
    """Apply again, exactly as it was, the action last taken back."""

    name: ClassVar[str] = "redo"


@dataclass(frozen=True, slots=True)
class EndExercise(Command):
    """End the exercise now, at an ending or none, and go to the hotwash."""

    name: ClassVar[str] = "end_exercise"
    ending: str | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class CloseExercise(Command):
    """Close the hotwash: the exercise is over."""

    name: ClassVar[str] = "close_exercise"


# --- the feed: cells' posts (issue 17) -----------------------------------------------------
@dataclass(frozen=True, slots=True)
class SubmitPost(Command):
    """A cell's post written at its seat, as one of its actors, waiting for the facilitator.

    `key` is the seat's idempotency key, as for `SubmitChoice`: a retry is refused, not
    recorded twice. Only the record is kept; the room sees the post once it is released.
    """

    name: ClassVar[str] = "submit_post"
    key: str
    channel: str
    cell: str
    actor: str
    text: str


@dataclass(frozen=True, slots=True)
class ReleasePost(Command):
    """The facilitator releases a waiting post to the room, as sent or with `text` edited."""

    name: ClassVar[str] = "release_post"
    key: str
    text: str = ""
    """The text to release instead of the cell's (empty: as the cell wrote it)."""


@dataclass(frozen=True, slots=True)
class ReturnPost(Command):
    """The facilitator sends a waiting post back to its cell, with a word why."""

    name: ClassVar[str] = "return_post"
    key: str
    reason: str = ""


# --- end of the feed's posts ---------------------------------------------------------------
# ------------------------------------------------------------------------- evaluators, roster and
# participant feedback (issue 17); their rules are in engine/play/evaluation.py
@dataclass(frozen=True, slots=True)
class SetRoster(Command):
    """The roster of the people taking part, whole (from a file, or replacing the last one).

    Each participant is a dict with `name`, `organisation`, `cell` (a cell id or empty) and
    `role` (player, evaluator, controller or observer).
    """

    name: ClassVar[str] = "set_roster"
    participants: tuple[dict[str, str], ...]
    source: str = ""
    """Where it came from (the file's name), for the record."""


@dataclass(frozen=True, slots=True)
class AddParticipant(Command):
    """Add one person to the roster (replacing the entry of the same name)."""

    name: ClassVar[str] = "add_participant"
    person: str
    organisation: str = ""
    cell: str = ""
    role: str = "player"


@dataclass(frozen=True, slots=True)
class RemoveParticipant(Command):
    """Take a person off the roster."""

    name: ClassVar[str] = "remove_participant"
    person: str


@dataclass(frozen=True, slots=True)
class SettleRating(Command):
    """The facilitator or the lead evaluator settles a critical task's rating, whatever the
    evaluators gave: the settled rating is the one the report rates with."""

    name: ClassVar[str] = "settle_rating"
    objective: str
    task: str
    rating: str
    settled_by: str = ""
    """The lead evaluator's name (empty: the facilitator)."""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class GrantEvaluator(Command):
    """Let an evaluator's seat show the control notes (inject notes, discussion questions,
    facilitator-only variables and the facilitator's notes), or take that back."""

    name: ClassVar[str] = "grant_evaluator"
    evaluator: str
    granted: bool = True


@dataclass(frozen=True, slots=True)
class SubmitFeedback(Command):
    """A participant's HSEEP feedback form, sent from a seat at the hotwash.

    `key` is the seat's idempotency key, as for a submitted choice.
    """

    name: ClassVar[str] = "submit_feedback"
    key: str
    cell: str | None = None
    person: str = ""
    """The participant's name, if they gave it."""
    strengths: str = ""
    improvements: str = ""
    changes: str = ""
    """What they would change in the exercise."""
    rating: int = 0
    """The exercise rated 1 (poor) to 5 (excellent); 0 when not given."""


EVALUATION_COMMANDS: tuple[type[Command], ...] = (
    SetRoster,
    AddParticipant,
    RemoveParticipant,
    SettleRating,
    GrantEvaluator,
    SubmitFeedback,
)
"""The roster's, the evaluators' and the feedback form's commands: all record only."""


COMMANDS: dict[str, type[Command]] = {
    kind.name: kind
    for kind in (
        OpenBriefing,
        Begin,
        NextPhase,
        Pause,
        Resume,
        RecordChoice,
        SubmitChoice,
        AcceptSubmission,
        ReturnSubmission,
        ExpireDecision,
        OverrideOutcome,
        ReleaseInject,
        HoldInject,
        UnholdInject,
        CancelInject,
        AddInject,
        SetVariable,
        AdvanceClock,
        StartClock,
        StopClock,
        AddNote,
        RateTask,
        RateCapability,
        RecordFeedback,
        PresentInject,
        Undo,
        Redo,
        EndExercise,
        CloseExercise,
        SubmitPost,  # the feed's posts (issue 17)
        ReleasePost,
        ReturnPost,
    )
}
COMMANDS.update({kind.name: kind for kind in EVALUATION_COMMANDS})  # issue 17's, listed above

RECORD_ONLY = frozenset(
    {AddNote.name, RateTask.name, RateCapability.name, RecordFeedback.name, SubmitChoice.name}
    | {PresentInject.name}
    | {SubmitPost.name}  # the feed's posts: a record of what a cell wrote (issue 17)
    | {kind.name for kind in EVALUATION_COMMANDS}
)
"""Commands that record and never change the exercise: undo passes over them (a submission
is a record of what a cell sent; accepting it is the action undo takes back; which inject is
presented to the room changes no story)."""

CLOCK_CONTROL = frozenset({StartClock.name, StopClock.name})
"""Commands that start and stop the running clock: they change no story, so undo passes over
them too (what the clock delivers is undone step by step, as `advance_clock` groups)."""

UNDO_PASSES_OVER = RECORD_ONLY | CLOCK_CONTROL
"""Every command undo never takes back."""


def command_from_dict(data: dict[str, Any]) -> Command:
    """Rebuild a command from `Command.to_dict` output (from a journal or a script).

    Raises:
        CommandRefused: the name is unknown or the fields do not fit.
    """
    kind = COMMANDS.get(str(data.get("name")))
    if kind is None:
        raise CommandRefused(f"unknown command {data.get('name')!r}")
    names = {item.name for item in fields(kind)}
    extra = set(data) - names - {"name"}
    if extra:
        raise CommandRefused(f"{kind.name} has no field {sorted(extra)[0]!r}")
    values = {key: value for key, value in data.items() if key != "name"}
    for key in ("to", "participants"):  # lists in JSON, tuples in a (frozen) command
        if isinstance(values.get(key), list):
            values[key] = tuple(values[key])
    try:
        return kind(**values)
    except TypeError as error:
        raise CommandRefused(f"{kind.name}: {error}") from None
