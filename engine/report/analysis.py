"""The path taken, the analysis of capabilities, the improvement plan and the appendix."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import engine
from engine.format.model import CriticalTask, Scenario
from engine.journal.store import JournalContents
from engine.play.events import Record
from engine.play.session import RATINGS, Session
from engine.report.evaluators import evaluations, feedback
from engine.report.evaluators import rated as rated_task
from engine.report.model import (
    Acronym,
    Analysis,
    Appendix,
    CapabilityRating,
    Change,
    EventRef,
    Finding,
    NoteEntry,
    ObjectiveAnalysis,
    PathStep,
    PlanRow,
    RatingCount,
    TaskRating,
)
from engine.report.names import Names, ref
from engine.report.posts import posts_behind
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
            step: dict[str, Any] = {
                "event": event, "outcome": None, "rolled": None, "changes": []
            }
            steps.append(step)
            by_cell[(event["decision"], event["cell"])] = step
        elif kind == "option_resolved":
            current = by_cell.get((event["decision"], event["cell"]))
        elif kind == "roll_made" and current is not None:
            current["outcome"] = names.outcome(event["decision"], event["option"], event["outcome"])
            if event.get("overridden"):
                rolled = _rolled(walked, event)
                current["rolled"] = (
                    names.outcome(event["decision"], event["option"], rolled) if rolled else ""
                )
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


def _rolled(walked: Walk, roll: Record) -> str:
    """What the die gave before the facilitator overrode the outcome of `roll`."""
    key = (int(roll["group"]), str(roll["decision"]), str(roll["cell"]))
    override = walked.overrides.get(key)
    return str(override.get("rolled", "")) if override is not None else ""


def _step(step: dict[str, Any], walked: Walk, names: Names) -> PathStep:
    event: Record = walked.original(step["event"])
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
        overridden_roll=step["rolled"],
        changes=step["changes"],
        ref=ref(event, "choice", f"{names.cell(event['cell'])} chose: {label}"),
    )


def rating_counts(session: Session, scenario: Scenario) -> tuple[list[RatingCount], int]:
    """How many critical tasks got each rating, and how many none."""
    counts = dict.fromkeys(RATINGS, 0)
    unrated = 0
    for objective in scenario.objectives:
        for task in objective.critical_tasks:
            rated = rated_task(session, objective.id, task.id)
            if rated is None:
                unrated += 1
            else:
                counts[rated["rating"]] = counts.get(rated["rating"], 0) + 1
    return [RatingCount(code, RATINGS[code], counts[code]) for code in RATINGS], unrated


def _rests_on(note: Record, walked: Walk, names: Names) -> list[EventRef]:
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


def _finding(note: Record, walked: Walk, names: Names) -> Finding:
    return Finding(
        text=str(note.get("text", "")),
        kind=str(note.get("kind", "")),
        cell=names.cell(note.get("cell")) or None,
        refs=_rests_on(note, walked, names),
        reference=str(note.get("reference", "") or ""),
        analysis=str(note.get("analysis", "") or ""),
        recommendation=str(note.get("recommendation", "") or ""),
        source="note",
    )


RATING_ORDER = tuple(RATINGS)
"""P, S, M, U: from the best performance to the worst."""


def capability_rating(
    session: Session, objective: Any, names: Names
) -> CapabilityRating:
    """The evaluators' overall rating of an objective's capability, or the report's proposal.

    The proposal is the median of the rated tasks' ratings, the lower one when two share the
    middle: half the tasks or more were performed at least that well.
    """
    codes = [
        str(rated["rating"])
        for task in objective.critical_tasks
        if (rated := rated_task(session, objective.id, task.id)) is not None
        and rated.get("rating") in RATINGS
    ]
    unrated = len(objective.critical_tasks) - len(codes)
    counts = [f"{codes.count(code)} {code}" for code in RATING_ORDER if code in codes]
    spread = ", ".join(counts + ([f"{unrated} not rated"] if unrated else [])) or "none rated"
    chosen = session.state.capability_ratings.get(objective.id)
    if chosen is not None:
        code = str(chosen["rating"])
        return CapabilityRating(
            code=code,
            words=RATINGS.get(code, code),
            proposed=False,
            spread=spread,
            reason=str(chosen.get("reason", "")),
            evaluator=str(chosen.get("evaluator", "")),
            ref=ref(chosen, "rating", f"Capability rated {code}"),
        )
    if not codes:
        return CapabilityRating(None, "Not rated", True, spread, "", "", None)
    ordered = sorted(codes, key=RATING_ORDER.index)
    code = ordered[len(ordered) // 2]
    return CapabilityRating(code, RATINGS[code], True, spread, "", "", None)


def _task_finding(
    objective: Any, task: Any, rated: Record, walked: Walk, names: Names
) -> Finding:
    code = str(rated["rating"])
    observation = str(rated.get("observation", "")).strip()
    text = f"{task.text.rstrip('.')}: rated {code} ({RATINGS.get(code, code)})"
    return Finding(
        text=f"{text}. {observation}" if observation else f"{text}.",
        kind="strength" if code == "P" else "improvement",
        cell=None,
        refs=[ref(rated, "rating", f"Rated {code}"), *_linked(task, walked, names)[0]],
        source="rating",
    )


def summary_findings(
    session: Session, walked: Walk, names: Names, limit: int = 5
) -> tuple[list[Finding], list[Finding]]:
    """The major strengths and primary areas for improvement, for the executive summary:
    the recorded notes first, then the critical tasks rated P (strengths) or M and U."""
    notes = session.state.notes
    strengths = [_finding(n, walked, names) for n in notes if n.get("kind") == "strength"]
    improvements = [_finding(n, walked, names) for n in notes if n.get("kind") == "improvement"]
    for objective in names.scenario.objectives:
        for task in objective.critical_tasks:
            rated = rated_task(session, objective.id, task.id)
            if rated is None:
                continue
            if rated.get("rating") == "P":
                strengths.append(_task_finding(objective, task, rated, walked, names))
            elif rated.get("rating") in ("M", "U"):
                improvements.append(_task_finding(objective, task, rated, walked, names))
    return strengths[:limit], improvements[:limit]


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
        exercised += [  # the cells' posts that brought such an inject about (issue 17)
            post
            for inject, event in walked.delivered.items()
            if inject in names.injects and objective.id in names.injects[inject].objectives
            for post in posts_behind(event, walked, names)
        ]
        exercised.sort(key=lambda r: r.seq)
        tasks = []
        for task in objective.critical_tasks:
            rated = rated_task(session, objective.id, task.id)
            refs = [ref(rated, "rating", f"Rated {rated['rating']}")] if rated else []
            code = rated["rating"] if rated else None
            linked, not_reached = _linked(task, walked, names)
            by_evaluator, settlement = evaluations(session, objective.id, task.id)
            cited = {item.seq for item in refs}  # each evaluator's own rating is cited too
            refs += [e.ref for e in by_evaluator if e.ref.seq not in cited]
            tasks.append(
                TaskRating(
                    id=task.id,
                    text=task.text,
                    rating=code,
                    rating_words=RATINGS.get(code, code) if code else "Not rated",
                    observation=str(rated.get("observation", "")) if rated else "",
                    refs=refs + linked,
                    evaluator=str(rated.get("evaluator", "")) if rated else "",
                    not_reached=not_reached,
                    by_evaluator=by_evaluator,
                    settlement=settlement,
                )
            )
        objectives.append(
            ObjectiveAnalysis(
                id=objective.id,
                text=objective.text,
                capability=objective.capability,
                tasks=tasks,
                exercised_by=exercised,
                strengths=_tagged(notes, "strength", objective.id, walked, names),
                improvements=_tagged(notes, "improvement", objective.id, walked, names),
                observations=_tagged(notes, "observation", objective.id, walked, names),
                rating=capability_rating(session, objective, names),
            )
        )
    return Analysis(
        objectives=objectives,
        general_strengths=_tagged(notes, "strength", None, walked, names),
        general_improvements=_tagged(notes, "improvement", None, walked, names),
    )


def _linked(task: CriticalTask, walked: Walk, names: Names) -> tuple[list[EventRef], list[str]]:
    """The events of the injects and decisions a task is linked to, and those never reached."""
    found: list[EventRef] = []
    missing: list[str] = []
    for inject in task.injects:
        delivered = walked.delivered.get(inject)
        if delivered is None:
            missing.append(f"inject: {names.inject_title(inject)}")
        else:
            found.append(ref(delivered, "inject", str(delivered.get("title", inject))))
    for decision in task.decisions:
        opened = walked.opened.get(decision)
        if opened is None:
            missing.append(f"decision: {names.prompt(decision)}")
        else:
            found.append(ref(opened, "decision", names.prompt(decision)))
    return sorted(found, key=lambda r: r.seq), missing


def _tagged(
    notes: Sequence[Record], kind: str, objective: str | None, walked: Walk, names: Names
) -> list[Finding]:
    return [
        _finding(note, walked, names)
        for note in notes
        if note.get("kind") == kind and (note.get("objective") or None) == objective
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
        text = _blank(note.get("text"))
        if note["kind"] == "action":
            # An action note's text is the corrective action; the issue is what it names.
            issue = _blank(note.get("issue"))
            action = _blank(note.get("corrective_action")) or text
        else:
            issue = text
            action = _blank(note.get("corrective_action")) or _blank(note.get("recommendation"))
        rows.append(
            PlanRow(
                capability=objective.capability if objective else None,
                objective=objective.text if objective else None,
                issue=issue,
                kind=str(note["kind"]),
                corrective_action=action,
                capability_element=_blank(note.get("capability_element")),
                responsible=_blank(note.get("responsible")),
                contact=_blank(note.get("contact")),
                start=_blank(note.get("start")),
                completion=_blank(note.get("completion")),
                ref=ref(note, "note", f"Note ({note['kind']})"),
            )
        )
    return rows


def _tags(note: Record, names: Names) -> list[str]:
    tags = []
    if note.get("objective"):
        tags.append(f"objective: {names.objective(str(note['objective']))}")
    if note.get("inject"):
        tags.append(f"inject: {names.inject_title(str(note['inject']))}")
    if note.get("decision"):
        tags.append(f"decision: {names.prompt(str(note['decision']))}")
    if note.get("cell"):
        tags.append(f"cell: {names.cell(str(note['cell']))}")
    if note.get("evaluator"):  # written from an evaluator's seat
        tags.append(f"evaluator: {note['evaluator']}")
    return tags


def _field(item: Any, *keys: str) -> str:
    for key in keys:
        value = item.get(key) if isinstance(item, dict) else getattr(item, key, None)
        if value:
            return str(value)
    return ""


def acronyms(scenario: Scenario) -> list[Acronym]:
    """The scenario's glossary (`glossary:`, when the format has it), sorted by term."""
    glossary: Any = getattr(scenario, "glossary", None) or ()
    if isinstance(glossary, dict):
        items = [Acronym(str(term), str(meaning)) for term, meaning in glossary.items()]
    else:
        items = [
            Acronym(_field(e, "term", "acronym", "id"), _field(e, "meaning", "definition", "text"))
            for e in glossary
        ]
    return sorted((a for a in items if a.term), key=lambda a: a.term.casefold())


def build_appendix(
    session: Session,
    walked: Walk,
    names: Names,
    contents: JournalContents,
    sha256: str | None,
) -> Appendix:
    """Every note, all participant feedback, and what identifies the journal."""
    forked = contents.header.get("forked_from")
    return Appendix(
        acronyms=acronyms(names.scenario),
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
        feedback=feedback(session, names),
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
