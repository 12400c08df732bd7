"""The evaluation team and the people in the room: the roster, evaluators' ratings, feedback.

Several evaluators rate the same critical task from their own seats; each rating is kept under
the evaluator's name (`ExerciseState.evaluator_ratings`), and the facilitator or the lead
evaluator settles the one the report rates with. A rating that names no evaluator is the
facilitator's own, as every rating of a 0.1.0 journal is, and counts as settled. Until a task is
settled, evaluators who agree count as settled; evaluators who differ count the lower
performance, marked as not settled (HSEEP asks the evaluation team to agree, and a report
should not round a disagreement up).

The commands here only record (undo passes over them). Their checks and applies are
registered with every other command's in `engine.play.handlers.RULES`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from engine.play import commands as c
from engine.play.context import Context
from engine.play.events import Record, RosterEntry, TaskRated
from engine.play.lifecycle import Phase
from engine.play.rules import require
from engine.play.state import ExerciseState

RATINGS = {
    "P": "Performed without Challenges",
    "S": "Performed with Some Challenges",
    "M": "Performed with Major Challenges",
    "U": "Unable to be Performed",
}
"""The four HSEEP ratings, from the best performance to the worst."""
ROLES = ("player", "evaluator", "controller", "observer")
"""The roles a person on the roster has."""
MAX_NAME = 100
MAX_ORGANISATION = 200
MAX_PARTICIPANTS = 500
MAX_KEY = 100
"""The longest idempotency key a seat may send."""
MAX_FEEDBACK = 2000
"""The longest answer of the feedback form, in characters."""
FEEDBACK_ANSWERS = (
    ("strengths", "Strengths"),
    ("improvements", "Areas for improvement"),
    ("changes", "What to change"),
)
"""The feedback form's written answers (HSEEP's participant feedback form), by field."""


# ------------------------------------------------------------------------- evaluators' seats
def seat_slug(name: str) -> str:
    """The part of an evaluator's seat link made from their name: `Dana Reyes` → `dana-reyes`."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", plain.lower()))


def evaluators(state: ExerciseState) -> list[str]:
    """The evaluators on the roster, in roster order."""
    return [entry["name"] for entry in state.roster.values() if entry["role"] == "evaluator"]


def evaluator_by_slug(state: ExerciseState, slug: str) -> str | None:
    """The evaluator whose seat link ends in `slug`, or None."""
    return next((name for name in evaluators(state) if seat_slug(name) == slug), None)


# ------------------------------------------------------------------------- counting ratings
@dataclass(frozen=True, slots=True)
class CountedRating:
    """The rating a task counts with, and on what it rests."""

    code: str
    basis: str
    """`settled` (settled by the facilitator or lead), `facilitator` (the facilitator's own
    rating), `agreed` (every evaluator gave it) or `lowest` (evaluators differ: not settled)."""
    by: str
    """Who settled it, or the evaluators' names."""
    event: Record
    """The event it rests on (the settlement, the rating, or the lowest evaluator's rating)."""

    @property
    def is_settled(self) -> bool:
        """False while evaluators differ and nobody has settled the task."""
        return self.basis != "lowest"


def named_ratings(state: ExerciseState, objective: str, task: str) -> list[TaskRated]:
    """Every evaluator's latest rating of a task, in the order they first rated it."""
    return list(state.evaluator_ratings.get((objective, task), {}).values())


def counted_rating(state: ExerciseState, objective: str, task: str) -> CountedRating | None:
    """The rating a task counts with (see the module's docstring); None when nobody rated it."""
    settled = state.settled.get((objective, task))
    own = state.ratings.get((objective, task))
    latest = max((e for e in (settled, own) if e is not None), key=lambda e: e["seq"], default=None)
    if latest is not None:
        if latest["type"] == "rating_settled":
            return CountedRating(latest["rating"], "settled", str(latest["settled_by"]), latest)
        return CountedRating(latest["rating"], "facilitator", "", latest)
    named = [r for r in named_ratings(state, objective, task) if r["rating"] in RATINGS]
    if not named:
        return None
    who = ", ".join(str(r.get("evaluator", "")) for r in named)
    codes = {r["rating"] for r in named}
    if len(codes) == 1:
        return CountedRating(named[-1]["rating"], "agreed", who, named[-1])
    lowest = max(named, key=lambda r: list(RATINGS).index(r["rating"]))
    return CountedRating(lowest["rating"], "lowest", who, lowest)


# ------------------------------------------------------------------------- checks
def require_new_key(session: Context, key: str) -> None:
    """Refuse a seat's second copy of what it already sent (an empty key: from the console)."""
    if key:
        require(len(key) <= MAX_KEY, f"a key has 1 to {MAX_KEY} characters")
        require(key not in session.state.received, "this was already received")


def require_task(session: Context, objective: str, task: str, rating: str) -> None:
    """Refuse unless the objective has the critical task and the rating is P, S, M or U."""
    found = next((o for o in session.compiled.scenario.objectives if o.id == objective), None)
    require(found is not None, f"no objective {objective!r}")
    assert found is not None
    require(
        any(item.id == task for item in found.critical_tasks),
        f"objective {found.id!r} has no critical task {task!r}",
    )
    require(rating in RATINGS, "a rating is P, S, M or U")


def _entry(session: Context, data: Mapping[str, Any]) -> RosterEntry:
    """A checked roster entry from a participant's fields."""
    name = str(data.get("name") or "").strip()
    require(bool(name), "every participant needs a name")
    require(len(name) <= MAX_NAME, f"a name has at most {MAX_NAME} characters ({name[:30]}…)")
    organisation = str(data.get("organisation") or "").strip()
    require(len(organisation) <= MAX_ORGANISATION, f"{name}'s organisation is too long")
    cell = str(data.get("cell") or "").strip()
    cells = [item.id for item in session.compiled.scenario.cells]
    require(not cell or cell in cells, f"{name}: no cell {cell!r} (the cells: {', '.join(cells)})")
    role = str(data.get("role") or "player").strip().lower()
    require(role in ROLES, f"{name}: the role is one of {', '.join(ROLES)} (not {role!r})")
    if role == "evaluator":
        require(bool(seat_slug(name)), f"{name}: an evaluator's name needs letters or digits")
    return {"name": name, "organisation": organisation, "cell": cell, "role": role}


def _require_distinct(entries: Iterable[RosterEntry]) -> None:
    names: set[str] = set()
    slugs: dict[str, str] = {}
    for entry in entries:
        require(entry["name"] not in names, f"{entry['name']} is on the roster twice")
        names.add(entry["name"])
        if entry["role"] == "evaluator":
            slug = seat_slug(entry["name"])
            other = slugs.setdefault(slug, entry["name"])
            require(
                other == entry["name"],
                f"{other} and {entry['name']} would share the seat /evaluator/{slug}; "
                "tell them apart (an initial, say)",
            )


# ------------------------------------------------------------------------- the rules
def _check_set_roster(session: Context, command: c.SetRoster) -> list[RosterEntry]:
    require(
        len(command.participants) <= MAX_PARTICIPANTS,
        f"a roster has at most {MAX_PARTICIPANTS} people",
    )
    entries = [_entry(session, item) for item in command.participants]
    _require_distinct(entries)
    return entries


def _set_roster(session: Context, command: c.SetRoster, checked: list[RosterEntry]) -> None:
    session.emit({"type": "roster_set", "participants": checked, "source": command.source})


def _check_add_participant(session: Context, command: c.AddParticipant) -> RosterEntry:
    entry = _entry(
        session,
        {
            "name": command.person,
            "organisation": command.organisation,
            "cell": command.cell,
            "role": command.role,
        },
    )
    others = [e for e in session.state.roster.values() if e["name"] != entry["name"]]
    require(len(others) < MAX_PARTICIPANTS, f"a roster has at most {MAX_PARTICIPANTS} people")
    _require_distinct([*others, entry])
    return entry


def _add_participant(session: Context, command: c.AddParticipant, checked: RosterEntry) -> None:
    session.emit({"type": "participant_added", "participant": checked})


def _check_remove_participant(session: Context, command: c.RemoveParticipant) -> None:
    require(command.person in session.state.roster, f"{command.person} is not on the roster")


def _remove_participant(session: Context, command: c.RemoveParticipant, checked: None) -> None:
    session.emit({"type": "participant_removed", "name": command.person})


def _check_settle_rating(session: Context, command: c.SettleRating) -> None:
    require(session.state.phase is not Phase.SETUP, "nothing can be recorded before the briefing")
    require_task(session, command.objective, command.task, command.rating)


def _settle_rating(session: Context, command: c.SettleRating, checked: None) -> None:
    session.emit(
        {
            "type": "rating_settled",
            "objective": command.objective,
            "task": command.task,
            "rating": command.rating,
            "settled_by": command.settled_by,
            "reason": command.reason,
        }
    )


def _check_grant_evaluator(session: Context, command: c.GrantEvaluator) -> None:
    require(
        command.evaluator in evaluators(session.state),
        f"{command.evaluator} is not an evaluator on the roster",
    )


def _grant_evaluator(session: Context, command: c.GrantEvaluator, checked: None) -> None:
    session.emit(
        {"type": "evaluator_access_set", "evaluator": command.evaluator, "granted": command.granted}
    )


def _check_submit_feedback(session: Context, command: c.SubmitFeedback) -> None:
    require(
        session.state.phase in (Phase.HOTWASH, Phase.ENDED),
        "the feedback form opens at the hotwash",
    )
    require(bool(command.key), "a feedback form needs its key")
    require_new_key(session, command.key)
    cells = {cell.id for cell in session.compiled.scenario.cells}
    require(command.cell is None or command.cell in cells, f"no cell {command.cell!r}")
    require(0 <= command.rating <= 5, "the exercise is rated 1 to 5")
    answers = (command.strengths, command.improvements, command.changes)
    require(
        any(text.strip() for text in answers) or command.rating > 0,
        "the form is empty: write a strength, an area for improvement or a change, or rate it",
    )
    require(
        all(len(text) <= MAX_FEEDBACK for text in (*answers, command.person)),
        f"an answer has at most {MAX_FEEDBACK} characters",
    )


def _submit_feedback(session: Context, command: c.SubmitFeedback, checked: None) -> None:
    session.emit(
        {
            "type": "feedback_submitted",
            "key": command.key,
            "cell": command.cell,
            "name": command.person.strip(),
            "strengths": command.strengths.strip(),
            "improvements": command.improvements.strip(),
            "changes": command.changes.strip(),
            "rating": command.rating,
        }
    )


Pair = tuple[Callable[[Context, Any], Any], Callable[[Context, Any, Any], None]]

EVALUATION_RULES: dict[type[c.Command], Pair] = {
    c.SetRoster: (_check_set_roster, _set_roster),
    c.AddParticipant: (_check_add_participant, _add_participant),
    c.RemoveParticipant: (_check_remove_participant, _remove_participant),
    c.SettleRating: (_check_settle_rating, _settle_rating),
    c.GrantEvaluator: (_check_grant_evaluator, _grant_evaluator),
    c.SubmitFeedback: (_check_submit_feedback, _submit_feedback),
}
"""Each command's check and apply (`engine.play.handlers.RULES` registers them)."""
