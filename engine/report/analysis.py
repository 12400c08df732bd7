"""The path taken, the analysis of capabilities, the improvement plan and the appendix."""

from __future__ import annotations

from typing import Any

import engine
from engine.format.model import Scenario
from engine.journal.store import JournalContents
from engine.play.fold import Event
from engine.play.session import RATINGS, Session
from engine.report.model import (
    Analysis,
    Appendix,
    Change,
    EventRef,
    FeedbackEntry,
    Finding,
    NoteEntry,
    ObjectiveAnalysis,
    PathStep,
    PlanRow,
    RatingCount,
    TaskRating,
)
from engine.report.names import Names, ref
from engine.report.walk import Walk

INTERVENTIONS = (
    "release_inject",
    "hold_inject",
    "unhold_inject",
    "cancel_inject",
    "add_inject",
    "set_variable",
    "advance_clock",
    "expire_decision",
    "override_outcome",
    "undo",
    "redo",
    "pause",
    "resume",
    "end_exercise",
)
"""Commands that count as facilitator interventions."""


def path_steps(walked: Walk, names: Names) -> list[PathStep]:
    """Every choice still in effect, with its outcome and what it changed."""
    steps: list[dict[str, Any]] = []
    by_cell: dict[tuple[str, str], dict[str, Any]] = {}
    current: dict[str, Any] | None = None
    for event in walked.effective:
        kind = event["type"]
        if kind == "choice_recorded":
            step: dict[str, Any] = {"event": event, "outcome": None, "changes": []}
            steps.append(step)
            by_cell[(event["decision"], event["cell"])] = step
        elif kind == "option_resolved":
            current = by_cell.get((event["decision"], event["cell"]))
        elif kind == "roll_made" and current is not None:
            current["outcome"] = names.outcome(event["decision"], event["option"], event["outcome"])
        elif kind == "variables_changed" and current is not None:
            cause = str(event.get("cause", ""))
            decision = current["event"]["decision"]
            if cause.startswith((f"option:{decision}.", f"outcome:{decision}.")):
                before = walked.before.get(int(event["seq"]), {})
                current["changes"] += [
                    Change(name, names.variable(name), before.get(name), value)
                    for name, value in (event.get("changes") or {}).items()
                ]
        elif kind == "decision_closed":
            current = None
    return [_step(step, walked, names) for step in steps]


def _step(step: dict[str, Any], walked: Walk, names: Names) -> PathStep:
    event: Event = walked.original(step["event"])
    label = names.option(event["decision"], event["option"])
    return PathStep(
        decision=event["decision"],
        prompt=names.prompt(event["decision"]),
        cell=event["cell"],
        cell_name=names.cell(event["cell"]),
        option=event["option"],
        option_label=label,
        defaulted=bool(event.get("defaulted")),
        outcome=step["outcome"],
        changes=step["changes"],
        ref=ref(event, "choice", f"{names.cell(event['cell'])} chose: {label}"),
    )


def rating_counts(session: Session, scenario: Scenario) -> tuple[list[RatingCount], int]:
    """How many critical tasks got each rating, and how many none."""
    counts = dict.fromkeys(RATINGS, 0)
    unrated = 0
    for objective in scenario.objectives:
        for task in objective.critical_tasks:
            rated = session.state.ratings.get((objective.id, task.id))
            if rated is None:
                unrated += 1
            else:
                counts[rated["rating"]] = counts.get(rated["rating"], 0) + 1
    return [RatingCount(code, RATINGS[code], counts[code]) for code in RATINGS], unrated


def _rests_on(note: Event, walked: Walk, names: Names) -> list[EventRef]:
    """A note's own event, then the inject and decision it is tagged with."""
    refs = [ref(note, "note", f"Note ({note.get('kind', 'observation')})")]
    inject = note.get("inject")
    if inject and inject in walked.delivered:
        delivered = walked.delivered[inject]
        refs.append(ref(delivered, "inject", str(delivered.get("title", inject))))
    decision = note.get("decision")
    if decision and decision in walked.opened:
        refs.append(ref(walked.opened[decision], "decision", names.prompt(decision)))
        for choice in map(walked.original, walked.choices.get(decision, [])):
            label = names.option(decision, choice["option"])
            refs.append(ref(choice, "choice", f"{names.cell(choice['cell'])} chose: {label}"))
    return refs


def _finding(note: Event, walked: Walk, names: Names) -> Finding:
    return Finding(
        text=str(note.get("text", "")),
        kind=str(note.get("kind", "")),
        cell=names.cell(note.get("cell")) or None,
        refs=_rests_on(note, walked, names),
    )


def build_analysis(session: Session, walked: Walk, names: Names) -> Analysis:
    """Per objective: its tasks' ratings, its strengths and its areas for improvement."""
    notes = session.state.notes
    objectives = []
    for objective in names.scenario.objectives:
        exercised = [
            ref(event, "inject", str(event.get("title", inject)))
            for inject, event in walked.delivered.items()
            if inject in names.injects and objective.id in names.injects[inject].objectives
        ]
        exercised.sort(key=lambda r: r.seq)
        tasks = []
        for task in objective.critical_tasks:
            rated = session.state.ratings.get((objective.id, task.id))
            refs = [ref(rated, "rating", f"Rated {rated['rating']}")] if rated else []
            code = rated["rating"] if rated else None
            tasks.append(
                TaskRating(
                    id=task.id,
                    text=task.text,
                    rating=code,
                    rating_words=RATINGS.get(code, code) if code else "Not rated",
                    observation=str(rated.get("observation", "")) if rated else "",
                    refs=refs + exercised,
                )
            )
        objectives.append(
            ObjectiveAnalysis(
                id=objective.id,
                text=objective.text,
                capability=objective.capability,
                tasks=tasks,
                strengths=_tagged(notes, "strength", objective.id, walked, names),
                improvements=_tagged(notes, "improvement", objective.id, walked, names),
            )
        )
    return Analysis(
        objectives=objectives,
        general_strengths=_tagged(notes, "strength", None, walked, names),
        general_improvements=_tagged(notes, "improvement", None, walked, names),
    )


def _tagged(
    notes: list[Event], kind: str, objective: str | None, walked: Walk, names: Names
) -> list[Finding]:
    return [
        _finding(note, walked, names)
        for note in notes
        if note.get("kind") == kind
        and (note.get("objective") or None) == objective
    ]


def _blank(value: object) -> str | None:
    text = str(value or "").strip()
    return text or None


def build_plan(session: Session, walked: Walk, names: Names) -> list[PlanRow]:
    """The improvement plan: one row per note of kind improvement or action."""
    rows = []
    for note in session.state.notes:
        if note.get("kind") not in ("improvement", "action"):
            continue
        objective = names.objectives.get(str(note.get("objective")))
        rows.append(
            PlanRow(
                capability=objective.capability if objective else None,
                objective=objective.id if objective else None,
                issue=str(note.get("text", "")),
                kind=str(note["kind"]),
                corrective_action=_blank(note.get("corrective_action")),
                capability_element=_blank(note.get("capability_element")),
                responsible=_blank(note.get("responsible")),
                contact=_blank(note.get("contact")),
                start=_blank(note.get("start")),
                completion=_blank(note.get("completion")),
                ref=ref(note, "note", f"Note ({note['kind']})"),
            )
        )
    return rows


def _tags(note: Event, names: Names) -> list[str]:
    tags = []
    if note.get("objective"):
        tags.append(f"objective: {note['objective']}")
    if note.get("inject"):
        tags.append(f"inject: {names.inject_title(str(note['inject']))}")
    if note.get("decision"):
        tags.append(f"decision: {note['decision']}")
    if note.get("cell"):
        tags.append(f"cell: {names.cell(str(note['cell']))}")
    return tags


def build_appendix(
    session: Session, names: Names, contents: JournalContents, sha256: str | None
) -> Appendix:
    """Every note, all participant feedback, and what identifies the journal."""
    forked = contents.header.get("forked_from")
    return Appendix(
        notes=[
            NoteEntry(
                seq=int(note["seq"]),
                kind=str(note.get("kind", "observation")),
                text=str(note.get("text", "")),
                tags=_tags(note, names),
                turn=int(note.get("turn", 0)),
                clock=names.time(int(note.get("clock", 0))),
                wall=str(note.get("wall", "")),
            )
            for note in session.state.notes
        ],
        feedback=[
            FeedbackEntry(
                seq=int(item["seq"]),
                text=str(item.get("text", "")),
                participant=str(item.get("participant", "")),
                cell=names.cell(item.get("cell")) or None,
                clock=names.time(int(item.get("clock", 0))),
            )
            for item in session.state.feedback
        ],
        journal=contents.path.name,
        journal_sha256=sha256,
        engine_version=str(contents.header.get("engine_version", "")),
        report_engine_version=engine.__version__,
        scenario_hash=str(contents.header.get("scenario_hash", "")),
        forked_from=(
            f"{forked.get('journal')} at step {forked.get('step')}"
            if isinstance(forked, dict)
            else None
        ),
        records=len(contents.records),
    )
