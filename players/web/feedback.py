"""The HSEEP participant feedback form, offered on every cell's and evaluator's seat at the hotwash.

Strengths, areas for improvement, what to change, and a rating of the exercise from 1 to 5,
recorded with the seat's cell and, if given, the person's name. A form is sent like a choice:
journaled on arrival (through the console's desk), by the page's idempotency key, after the
seat's token, anti-forgery, size and rate checks.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response

from engine.audience import Audience, AudienceKind
from engine.play import commands as c
from engine.play.evaluation import MAX_FEEDBACK, MAX_NAME
from engine.play.lifecycle import Phase
from engine.play.session import Session
from players.web.access import BadPost, idempotency_key

if TYPE_CHECKING:
    from players.web.app import Room

QUESTIONS = (
    ("strengths", "What were the exercise's strengths?"),
    ("improvements", "What are the areas for improvement?"),
    ("changes", "What would you change in the exercise?"),
)
"""The form's questions (HSEEP's participant feedback form), by field."""
OPEN_IN = (Phase.HOTWASH, Phase.ENDED)


@dataclass(frozen=True, slots=True)
class FeedbackForm:
    """The form as a seat shows it: open or not, and how many this seat has sent."""

    open: bool
    sent: int
    name: str
    """The name to offer (an evaluator's own); a player types theirs, or leaves it blank."""
    signature: str
    """Changes after each form the seat sends, so the page draws a fresh, empty form."""


def feedback_form(session: Session, audience: Audience, seat: str = "") -> dict[str, Any]:
    """The `feedback` part of a seat's page context (None where no form is offered)."""
    if audience.kind not in (AudienceKind.CELL, AudienceKind.EVALUATOR):
        return {"feedback": None}
    state = session.state
    mine = [
        form
        for form in state.feedback_forms
        if (form["cell"] == audience.cell) and (audience.cell or form["name"] == audience.name)
    ]
    stamp = f"{seat}:{len(mine)}:{mine[-1]['seq'] if mine else -1}"
    return {
        "feedback": FeedbackForm(
            open=state.phase in OPEN_IN,
            sent=len(mine),
            name=audience.name or "",
            signature=hashlib.sha256(stamp.encode()).hexdigest()[:12],
        ),
        "feedback_questions": QUESTIONS,
        "max_feedback": MAX_FEEDBACK,
    }


def feedback_command(fields: Mapping[str, str], cell: str | None, name: str) -> c.SubmitFeedback:
    """The command a posted form asks for.

    Raises:
        ValueError: a field is too long or the rating is not 1 to 5, in the seat's words.
    """
    answers = {key: fields.get(key, "").strip() for key, _ in QUESTIONS}
    for key, question in QUESTIONS:
        if len(answers[key]) > MAX_FEEDBACK:
            raise ValueError(f"“{question}” is too long (at most {MAX_FEEDBACK} characters).")
    person = name or fields.get("name", "").strip()
    if len(person) > MAX_NAME:
        raise ValueError(f"A name has at most {MAX_NAME} characters.")
    rating = fields.get("rating", "").strip()
    if rating not in ("", "1", "2", "3", "4", "5"):
        raise ValueError("Rate the exercise from 1 to 5.")
    return c.SubmitFeedback(
        key=idempotency_key(fields),
        cell=cell,
        person=person,
        rating=int(rating or 0),
        **answers,
    )


async def submit(room: Room, request: Request) -> Response:
    """A seat's feedback form: journaled on arrival, then "thank you"."""
    seat, audience, fields = await room.read_post(request)
    try:
        command = feedback_command(fields, audience.cell, audience.name or "")
    except ValueError as error:
        raise BadPost(400, str(error)) from None
    room.run_once(command.key, command, seat)
    return room.answer(request, "Thank you: your feedback is recorded.")
