"""The state of an exercise: a plain object that events are folded into.

Nothing here decides anything; `engine.play.session` decides, and `engine.play.fold` applies events.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from engine.play.events import (
    AdHoc,
    CapabilityRated,
    ChoiceRecorded,
    FeedbackRecorded,
    FeedbackSubmitted,
    NoteAdded,
    RatingSettled,
    RosterEntry,
    TaskRated,
    Value,
)
from engine.play.phase import Phase


class InjectStatus(StrEnum):
    """Where an inject is on its way to the players."""

    PENDING = "pending"
    """Waiting for its triggers (or for a release, when it has none)."""
    SCHEDULED = "scheduled"
    """Released, waiting only for its turn or time."""
    DELIVERED = "delivered"
    HELD = "held"
    """Held by the facilitator: not delivered while held."""
    AWAITING = "awaiting"
    """Due, and waiting for the facilitator to confirm its release (an inject with `confirm`)."""
    CANCELLED = "cancelled"


@dataclass(slots=True)
class OpenDecision:
    """A decision the cells are deliberating on."""

    id: str
    opened_turn: int
    opened_clock: int
    deadline: int | None
    choices: dict[str, str] = field(default_factory=dict)
    """The option each cell has chosen so far."""


class SubmissionStatus(StrEnum):
    """Where a cell's submission from its seat is."""

    WAITING = "waiting"
    """Received and journaled; the facilitator has not answered yet."""
    ACCEPTED = "accepted"
    """Accepted: it is the cell's recorded choice."""
    RETURNED = "returned"
    """Sent back to the cell with a word why."""
    SETTLED = "settled"
    """Still waiting when the cell's choice was recorded another way (at the console) or the
    decision closed: no longer the facilitator's to answer (derived by the fold, no event)."""


@dataclass(slots=True)
class Submission:
    """A choice a cell sent from its seat, by its idempotency key."""

    key: str
    decision: str
    cell: str
    option: str
    rationale: str
    status: SubmissionStatus = SubmissionStatus.WAITING
    reason: str = ""
    """The facilitator's word when it was sent back."""

    def copy(self) -> Submission:
        """An independent copy."""
        return replace(self)


# --- the feed: cells' posts (issue 17) -----------------------------------------------------
class PostStatus(StrEnum):
    """Where a cell's post is on its way to the room."""

    WAITING = "waiting"
    """Received and journaled; the facilitator has not answered yet."""
    RELEASED = "released"
    """Released: in the room's feed (as sent, or as the facilitator edited it)."""
    RETURNED = "returned"
    """Sent back to the cell with a word why."""
    SETTLED = "settled"
    """Still waiting when the cell's choice was recorded another way (at the console) or the
    decision closed: no longer the facilitator's to answer (derived by the fold, no event)."""


@dataclass(slots=True)
class Post:
    """A post a cell wrote from its seat, by its idempotency key."""

    key: str
    channel: str
    cell: str
    actor: str
    text: str
    """As the cell wrote it, then as released."""
    status: PostStatus = PostStatus.WAITING
    reason: str = ""
    """The facilitator's word when it was sent back."""
    edited: bool = False
    """Whether the facilitator changed the text before releasing it."""

    def copy(self) -> Post:
        """An independent copy."""
        return replace(self)


# --- end of the feed's posts ---------------------------------------------------------------
@dataclass(slots=True)
class ExerciseState:
    """Everything an exercise is at one moment (the expressions read it directly)."""

    phase: Phase
    turn: int
    clock: int
    values: dict[str, Value]
    delivered: set[str] = field(default_factory=set)
    delivered_at: dict[str, int] = field(default_factory=dict)
    status: dict[str, InjectStatus] = field(default_factory=dict)
    """Injects that are not pending (pending is the default)."""
    scheduled: dict[str, None] = field(default_factory=dict)
    """Injects released but waiting for their turn or time, in release order."""
    chosen: set[tuple[str, str]] = field(default_factory=set)
    rolled: set[tuple[str, str]] = field(default_factory=set)
    open_decisions: dict[str, OpenDecision] = field(default_factory=dict)
    resolved: set[str] = field(default_factory=set)
    overrides: dict[tuple[str, str], str] = field(default_factory=dict)
    paused_from: Phase | None = None
    ending: str | None = None
    last_inject: str | None = None
    adhoc: dict[str, AdHoc] = field(default_factory=dict)
    notes: list[NoteAdded] = field(default_factory=list)
    ratings: dict[tuple[str, str], TaskRated] = field(default_factory=dict)
    """The facilitator's (or lead's) own rating of each task: a rating that names no
    evaluator, as every rating of a 0.1.0 journal. Named ones are in `evaluator_ratings`."""
    capability_ratings: dict[str, CapabilityRated] = field(default_factory=dict)
    """The evaluation team's overall rating of each objective's capability (latest counts)."""
    feedback: list[FeedbackRecorded] = field(default_factory=list)
    choice_log: list[ChoiceRecorded] = field(default_factory=list)
    """Every `choice_recorded` event still in effect, in order: each cell's past decisions."""
    submissions: dict[str, Submission] = field(default_factory=dict)
    """Choices sent from the cells' seats, by idempotency key, in the order received."""
    turn_values: list[dict[str, Value]] = field(default_factory=list)
    """The variables at the start of each turn (index 0 is turn 1), for trends."""
    clock_rate: float | None = None
    """The running clock's rate (scenario minutes per real minute); None while it is stopped."""
    posts: dict[str, Post] = field(default_factory=dict)
    """Posts written at the cells' seats, by idempotency key, in the order received."""
    posted: set[tuple[str, str]] = field(default_factory=set)
    """(channel, cell) of every post released: what `on_post` triggers wait for."""
    # evaluators, roster and feedback (issue 17): never changed in place (the fold replaces
    # them), so a copy shares them; the model checker copies a state for every move it tries
    roster: Mapping[str, RosterEntry] = field(default_factory=dict)
    """The people taking part, by name, in the order they were added."""
    evaluator_ratings: Mapping[tuple[str, str], Mapping[str, TaskRated]] = field(
        default_factory=dict
    )
    """Each evaluator's latest rating of each task: (objective, task) → evaluator → rating."""
    settled: Mapping[tuple[str, str], RatingSettled] = field(default_factory=dict)
    """The rating the facilitator or lead evaluator settled on, per (objective, task)."""
    granted: frozenset[str] = frozenset()
    """The evaluators allowed to see the control notes."""
    feedback_forms: tuple[FeedbackSubmitted, ...] = ()
    """The participants' feedback forms, in the order received."""
    received: frozenset[str] = frozenset()
    """The idempotency keys of what the evaluators' and feedback seats sent."""

    def status_of(self, inject: str) -> InjectStatus:
        """The delivery status of an inject."""
        return self.status.get(inject, InjectStatus.PENDING)

    def copy(self) -> ExerciseState:
        """An independent copy (for exploring branches)."""
        return ExerciseState(
            phase=self.phase,
            turn=self.turn,
            clock=self.clock,
            values=dict(self.values),
            delivered=set(self.delivered),
            delivered_at=dict(self.delivered_at),
            status=dict(self.status),
            scheduled=dict(self.scheduled),
            chosen=set(self.chosen),
            rolled=set(self.rolled),
            open_decisions={
                key: OpenDecision(
                    item.id, item.opened_turn, item.opened_clock, item.deadline, dict(item.choices)
                )
                for key, item in self.open_decisions.items()
            },
            resolved=set(self.resolved),
            overrides=dict(self.overrides),
            paused_from=self.paused_from,
            ending=self.ending,
            last_inject=self.last_inject,
            adhoc=dict(self.adhoc),
            notes=list(self.notes),
            ratings=dict(self.ratings),
            capability_ratings=dict(self.capability_ratings),
            feedback=list(self.feedback),
            choice_log=list(self.choice_log),
            submissions={key: item.copy() for key, item in self.submissions.items()},
            turn_values=list(self.turn_values),
            clock_rate=self.clock_rate,
            posts={key: item.copy() for key, item in self.posts.items()},
            posted=set(self.posted),
            roster=self.roster,
            evaluator_ratings=self.evaluator_ratings,
            settled=self.settled,
            granted=self.granted,
            feedback_forms=self.feedback_forms,
            received=self.received,
        )

    def key(self, timed: Collection[str] | None = None) -> tuple[object, ...]:
        """A hashable summary of everything that can change what happens next.

        Notes, ratings and feedback are left out: they never change the story. `timed` limits
        the delivery times kept to those injects (the model checker passes the injects some
        `after` trigger waits for: no other delivery time changes what happens next).
        """
        delivered_at = self.delivered_at
        if timed is not None:
            delivered_at = {k: v for k, v in delivered_at.items() if k in timed}
        return (
            self.phase,
            self.turn,
            self.clock,
            frozenset(self.values.items()),
            frozenset(self.status.items()),
            frozenset(delivered_at.items()),
            frozenset(self.chosen),
            frozenset(self.rolled),
            tuple(
                (key, frozenset(item.choices.items()), item.deadline)
                for key, item in self.open_decisions.items()
            ),
            frozenset(self.resolved),
            self.ending,
            self.paused_from,
            frozenset(self.posted),
        )
