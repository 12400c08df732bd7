"""Who rated what, the rating each task counts with, the roster and the feedback forms.

The rule for which rating counts is `engine.play.evaluation.counted_rating` (the console uses
the same one); this module turns it into the report's words.
"""

from __future__ import annotations

from typing import Any

from engine.play.evaluation import RATINGS, counted_rating, named_ratings
from engine.play.events import Record
from engine.play.session import Session
from engine.report.model import Attendee, EvaluatorRating, FeedbackEntry
from engine.report.names import Names, ref
from engine.report.prose import sentences


def rated(session: Session, objective: str, task: str) -> dict[str, Any] | None:
    """The rating a task counts with, as a rating record (`rating`, `observation`,
    `evaluator` and the stamp of the event it rests on); None when nobody rated it."""
    counted = counted_rating(session.state, objective, task)
    if counted is None:
        return None
    event = counted.event
    record: dict[str, Any] = {key: event[key] for key in ("seq", "turn", "clock") if key in event}
    record["rating"] = counted.code
    if counted.basis == "facilitator":
        record["observation"] = str(event.get("observation", ""))
        record["evaluator"] = ""
        return record
    named = named_ratings(session.state, objective, task)
    observations = [
        str(r.get("observation", "")).strip()
        if len(named) == 1
        else f"{r.get('evaluator')}: {str(r.get('observation', '')).strip()}"
        for r in named
        if str(r.get("observation", "")).strip()
    ]
    if counted.basis == "settled" and str(event.get("reason", "")).strip():
        observations.insert(0, str(event["reason"]).strip())
    record["observation"] = sentences(observations)
    record["evaluator"] = counted.by if counted.basis != "settled" else _settler(counted.by)
    return record


def _settler(name: str) -> str:
    return name or "the facilitator"


def evaluations(session: Session, objective: str, task: str) -> tuple[list[EvaluatorRating], str]:
    """Each evaluator's rating of a task, and how the rating shown was reached."""
    by_evaluator = [
        EvaluatorRating(
            name=str(r.get("evaluator", "")),
            code=r["rating"],
            words=RATINGS.get(r["rating"], r["rating"]),
            observation=str(r.get("observation", "")),
            ref=ref(r, "rating", f"{r.get('evaluator')} rated {r['rating']}"),
        )
        for r in named_ratings(session.state, objective, task)
    ]
    counted = counted_rating(session.state, objective, task)
    if counted is None or (not by_evaluator and counted.basis == "facilitator"):
        return by_evaluator, ""
    settlement = {
        "settled": f"Settled on {counted.code} by {_settler(counted.by)}",
        "facilitator": f"Settled on {counted.code} by the facilitator",
        "agreed": (
            f"The evaluators agree on {counted.code}"
            if len(by_evaluator) > 1
            else "Rated by one evaluator, not settled by the facilitator or lead"
        ),
        "lowest": (
            f"Not settled: the evaluators differ; the lower rating, {counted.code}, counts "
            "until the facilitator or lead evaluator settles it"
        ),
    }[counted.basis]
    return by_evaluator, settlement


def attendees(session: Session, header_roster: list[Any]) -> list[Attendee]:
    """The people who took part: the journaled roster, or a roster in the journal's header."""
    entries: list[Any] = list(session.state.roster.values()) or header_roster
    cells = {cell.id: cell.name for cell in session.compiled.scenario.cells}
    found = []
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("name"):
            continue
        cell = str(entry.get("cell") or "")
        found.append(
            Attendee(
                name=str(entry["name"]),
                organisation=str(entry.get("organisation") or entry.get("organization") or ""),
                cell=cells.get(cell, cell),
                role=str(entry.get("role") or ""),
            )
        )
    return found


def feedback(session: Session, names: Names) -> list[FeedbackEntry]:
    """Every participant's feedback, notes and forms together, in the order received."""
    notes: list[Record] = [*session.state.feedback, *session.state.feedback_forms]
    return [
        FeedbackEntry(
            seq=int(item["seq"]),
            text=str(item.get("text", "")),
            participant=str(item.get("participant", item.get("name", ""))),
            cell=names.cell(item.get("cell")) or None,
            clock=names.time(int(item.get("clock", 0))),
            strengths=str(item.get("strengths", "")),
            improvements=str(item.get("improvements", "")),
            changes=str(item.get("changes", "")),
            rating=int(item["rating"]) if item.get("rating") else None,
        )
        for item in sorted(notes, key=lambda item: int(item["seq"]))
    ]
