"""An evaluator's seat: the exercise evaluation guide, and ratings and observations as it runs.

`/evaluator/<name>` shows, for each objective, its core capability and critical tasks and the
injects and decisions that exercise each task (whether the exercise has reached them yet), with
a P/S/M/U rating form per task. What the evaluator sends is journaled on arrival through the
console's desk, tagged with their name, like a cell's choice: by the page's idempotency key,
after the seat's token, anti-forgery, size and rate checks. Several evaluators rate at once;
each keeps their own rating (`engine.play.evaluation`).

An evaluator sees the objectives and every inject's expected actions, never the facilitator's
notes, discussion questions or hidden variables unless the facilitator grants it (journaled):
the page is drawn through `engine.audience` like every other.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response

from engine import audience as a
from engine.format.model import CriticalTask, Objective
from engine.play import commands as c
from engine.play.evaluation import RATINGS, evaluators
from engine.play.session import Session
from players.web.access import BadPost, bounded_text, idempotency_key

if TYPE_CHECKING:
    from players.web.app import Room
    from players.web.desk import ExerciseDesk
    from players.web.tokens import SeatBook

MAX_OBSERVATION = 2000
"""The longest observation, in characters."""


@dataclass(frozen=True, slots=True)
class Exercised:
    """An inject or decision that exercises a task, and whether the exercise reached it."""

    kind: str
    title: str
    reached: bool


@dataclass(frozen=True, slots=True)
class TaskGuide:
    """A critical task as the evaluator's guide shows it, with their own rating so far."""

    objective: str
    id: str
    text: str
    exercised_by: tuple[Exercised, ...]
    rating: str
    """The evaluator's own latest rating (empty: not rated yet)."""
    observation: str
    signature: str
    """Changes after each rating the evaluator sends, so a fresh form (and key) is drawn."""


@dataclass(frozen=True, slots=True)
class ObjectiveGuide:
    """An objective's page of the exercise evaluation guide."""

    id: str
    capability: str
    text: str
    tasks: tuple[TaskGuide, ...]
    injects: tuple[Exercised, ...]
    """The injects that name this objective."""
    observations: tuple[str, ...]
    """What this evaluator observed about it so far."""


@dataclass(frozen=True, slots=True)
class EvaluatorGuide:
    """Everything an evaluator's seat shows besides the shared page."""

    name: str
    granted: bool
    objectives: tuple[ObjectiveGuide, ...]
    notes: tuple[str, ...]
    """The facilitator's notes, only when granted."""
    ratings: tuple[tuple[str, str], ...]
    """The four ratings and their words."""


def _exercised(session: Session, task: CriticalTask) -> tuple[Exercised, ...]:
    compiled, state = session.compiled, session.state
    found = [
        Exercised("inject", compiled.injects[i].source.title, i in state.delivered)
        for i in task.injects
        if i in compiled.injects
    ]
    found += [
        Exercised(
            "decision",
            compiled.decisions[d].source.prompt,
            d in state.open_decisions or d in state.resolved,
        )
        for d in task.decisions
        if d in compiled.decisions
    ]
    return tuple(found)


def _task(session: Session, objective: Objective, task: CriticalTask, name: str) -> TaskGuide:
    mine = session.state.evaluator_ratings.get((objective.id, task.id), {}).get(name)
    stamp = f"{name}:{objective.id}:{task.id}:{mine['seq'] if mine else -1}"
    return TaskGuide(
        objective=objective.id,
        id=task.id,
        text=task.text,
        exercised_by=_exercised(session, task),
        rating=mine["rating"] if mine else "",
        observation=str(mine.get("observation", "")) if mine else "",
        signature=f"rate-{hashlib.sha256(stamp.encode()).hexdigest()[:16]}",
    )


def evaluator_guide(session: Session, audience: a.Audience) -> EvaluatorGuide:
    """The evaluation guide for one evaluator, drawn through the audience filter."""
    name = audience.name or ""
    state = session.state
    mine = a.facilitator_notes(session, audience)
    objectives = tuple(
        ObjectiveGuide(
            id=objective.id,
            capability=objective.capability,
            text=objective.text,
            tasks=tuple(_task(session, objective, task, name) for task in objective.critical_tasks),
            injects=tuple(
                Exercised("inject", inject.title, inject.id in state.delivered)
                for inject in session.compiled.scenario.injects
                if objective.id in inject.objectives
            ),
            observations=tuple(
                str(note["text"])
                for note in mine
                if note.get("objective") == objective.id and note.get("evaluator") == name
            ),
        )
        for objective in session.compiled.scenario.objectives
    )
    notes = tuple(
        str(note["text"]) for note in mine if audience.granted and not note.get("evaluator")
    )
    return EvaluatorGuide(name, audience.granted, objectives, notes, tuple(RATINGS.items()))


def guide_context(session: Session, audience: a.Audience, seat: str) -> dict[str, Any]:
    """The `guide` part of a seat's page context (evaluators' seats only)."""
    if audience.kind is not a.AudienceKind.EVALUATOR or not audience.name:
        return {"guide": None}
    return {"guide": evaluator_guide(session, audience), "max_observation": MAX_OBSERVATION}


async def rate(room: Room, request: Request) -> Response:
    """An evaluator's rating of a task: journaled on arrival, tagged with their name."""
    seat, audience, fields = await room.read_post(request)
    observation = bounded_text(fields, "observation", MAX_OBSERVATION, "observation")
    rating = fields.get("rating", "")
    if rating not in RATINGS:
        raise BadPost(400, "Choose a rating: P, S, M or U.")
    key = idempotency_key(fields)
    command = c.RateTask(
        fields.get("objective", ""),
        fields.get("task", ""),
        rating,
        observation,
        evaluator=str(audience.name),
        key=key,
    )
    room.run_once(key, command, seat)
    return room.answer(request, f"Rating received: {rating} ({RATINGS[rating]}).")


async def observe(room: Room, request: Request) -> Response:
    """An evaluator's observation about an objective, journaled as a note with their name."""
    seat, audience, fields = await room.read_post(request)
    text = bounded_text(fields, "text", MAX_OBSERVATION, "observation")
    if not text:
        raise BadPost(400, "Write the observation first.")
    key = idempotency_key(fields)
    objective = fields.get("objective") or None
    command = c.AddNote(
        text, "observation", objective=objective, evaluator=str(audience.name), key=key
    )
    room.run_once(key, command, seat)
    return room.answer(request, "Observation received.")


def keep_evaluator_seats(desk: ExerciseDesk, seats: SeatBook) -> None:
    """Give every evaluator added to the roster during the run a seat of their own."""
    from players.web.tokens import evaluator_seat

    def changed(command: c.Command, events: object, origin: str) -> None:
        if isinstance(command, (c.SetRoster, c.AddParticipant)):
            seats.add(evaluator_seat(name) for name in evaluators(desk.session.state))

    desk.listeners.append(changed)
