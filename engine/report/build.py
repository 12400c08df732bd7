"""Assembling the report from a journal: each section drawn from the events it rests on."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from engine.errors import JournalError
from engine.format.model import Scenario
from engine.journal.journaled_session import journal_scenario
from engine.journal.store import JournalContents
from engine.play.evaluation import evaluators
from engine.play.events import Event
from engine.play.session import Session
from engine.report import analysis
from engine.report.branches import (
    DEFAULT_BUDGET,
    DEFAULT_MAX_POINTS,
    Explorer,
    build_branches,
    default_explorer,
    needed_states,
)
from engine.report.charts import build_series
from engine.report.evaluators import attendees
from engine.report.model import (
    CellInfo,
    CitedQuote,
    ExecutiveSummary,
    FinalValue,
    GlossaryEntry,
    InjectProvenance,
    ObjectiveInfo,
    Overview,
    Participant,
    Report,
    SourceInfo,
    Status,
)
from engine.report.names import Names
from engine.report.replay import session_in, states_at
from engine.report.timeline import build_timeline
from engine.report.walk import Walk, walk, wall_time


def assemble(
    contents: JournalContents,
    *,
    journal_sha256: str | None,
    explorer: Explorer | None,
    budget: int | None,
    max_points: int | None,
) -> Report:
    """See `engine.report.model.build_report`."""
    compiled = journal_scenario(contents)
    records, cut = _whole_groups(contents.records)
    contents = JournalContents(contents.header, records, contents.torn, contents.path)
    seed = _seed(contents)
    explorer = explorer if explorer is not None else default_explorer()
    max_points = max_points if max_points is not None else DEFAULT_MAX_POINTS
    try:
        walked = walk(records, dict(compiled.initial_values))
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise JournalError(
            f"{contents.path}: a record does not fit the scenario ({error!r}); "
            "the journal cannot be replayed"
        ) from None
    ends = needed_states(walked, max_points) if explorer is not None else set()
    states = states_at(compiled, records, {*ends, len(records)}, contents.path)
    session = session_in(compiled, seed, states[len(records)])
    scenario = compiled.scenario
    names = Names(scenario)
    status = _status(session, walked, names, contents, cut)
    steps = analysis.path_steps(walked, names)
    overview = _overview(scenario, contents, session, walked, names)
    branches, branch_note = build_branches(
        walked,
        names,
        compiled,
        seed,
        states,
        explorer=explorer,
        budget=budget if budget is not None else DEFAULT_BUDGET,
        max_points=max_points,
    )
    return Report(
        overview=overview,
        status=status,
        summary=_summary(overview, status, steps, walked, session, names),
        analysis=analysis.build_analysis(session, walked, names),
        timeline=build_timeline(walked, names),
        branches=branches,
        branch_note=branch_note,
        series=build_series(
            scenario, session.state.turn_values, session.state.values, _moves(steps)
        ),
        final_values=[
            FinalValue(
                variable.id,
                names.variable(variable.id),
                variable.initial,
                session.state.values.get(variable.id, variable.initial),
            )
            for variable in scenario.variables
        ],
        plan=analysis.build_plan(session, walked, names),
        appendix=analysis.build_appendix(session, walked, names, contents, journal_sha256),
    )


def _moves(steps: list[Any]) -> dict[str, list[tuple[int, str]]]:
    """Per variable, the turns in which a choice changed it, and the choice in words."""
    moves: dict[str, list[tuple[int, str]]] = {}
    for step in steps:
        for change in step.changes:
            moves.setdefault(change.variable, []).append(
                (step.ref.turn, f"{step.cell_name}: {step.option_label}")
            )
    return moves


def _seed(contents: JournalContents) -> int:
    try:
        return int(contents.header.get("seed", 0))
    except (TypeError, ValueError):
        raise JournalError(f"{contents.path}: the journal's header has no usable seed") from None


def _whole_groups(records: list[Event]) -> tuple[list[Event], str]:
    """Drop the last group when a crash cut it short (its command says how many records)."""
    if not records:
        return records, ""
    start = len(records)
    while start > 0 and records[start - 1].get("group") == records[-1].get("group"):
        start -= 1
    size = records[start].get("size", 0)
    if not isinstance(size, int) or size <= len(records) - start:
        return records, ""
    dropped = len(records) - start
    return records[:start], (
        f"the last step's events were cut short ({dropped} of {size} records); it is left out"
    )


def _overview(
    scenario: Scenario, contents: JournalContents, session: Session, walked: Walk, names: Names
) -> Overview:
    walls = [t for t in (wall_time(r) for r in contents.records) if t is not None]
    started, ended = (walls[0], walls[-1]) if walls else (None, None)
    start_clock = names.time(session.compiled.start_clock)
    cells = [
        CellInfo(
            cell.id,
            cell.name,
            cell.side.value,
            cell.description,
            [
                Participant(actor.name, actor.role, actor.handle)
                for actor in scenario.actors
                if actor.cell == cell.id
            ],
        )
        for cell in scenario.cells
    ]
    capabilities = list(dict.fromkeys(o.capability for o in scenario.objectives))
    return Overview(
        name=scenario.title,
        scenario_id=scenario.id,
        classification=scenario.classification,
        date=str(contents.header.get("created", "")),
        dates=_dates(started, ended),
        started=started.isoformat() if started else None,
        ended=ended.isoformat() if ended else None,
        duration=_duration((ended - started).total_seconds()) if started and ended else "unknown",
        scenario_span=f"{start_clock} to {names.time(session.state.clock)}",
        exercise_type=scenario.exercise_type,
        location=scenario.location,
        sponsor=scenario.sponsor,
        point_of_contact=scenario.point_of_contact,
        organisations=list(scenario.organisations),
        attendees=attendees(session, list(contents.header.get("roster") or [])),
        evaluators=list(dict.fromkeys([*evaluators(session.state), *_evaluators(walked)])),
        scope=scenario.scope,
        mission_area=scenario.mission_area,
        threat=scenario.threat,
        summary=scenario.summary,
        authors=list(scenario.authors),
        objectives=[
            ObjectiveInfo(o.id, o.text, o.capability, [t.text for t in o.critical_tasks])
            for o in scenario.objectives
        ],
        capabilities=capabilities,
        cells=cells,
        background_actors=[
            Participant(actor.name, actor.role, actor.handle)
            for actor in scenario.actors
            if actor.cell is None
        ],
        sources=[
            SourceInfo(s.id, s.title, s.file or "", s.citation, s.url) for s in scenario.sources
        ],
        provenance=_provenance(scenario, walked),
        glossary=[
            GlossaryEntry(t.term, t.meaning)
            for t in sorted(scenario.glossary, key=lambda t: t.term.casefold())
        ],
        seed=int(contents.header.get("seed", 0)),
        turns_played=session.state.turn,
        turns_planned=scenario.turns.count,
    )


def _dates(started: datetime | None, ended: datetime | None) -> str:
    """The day or days played, such as `2 June 2025` or `2–3 June 2025`."""
    if started is None or ended is None:
        return "unknown"
    first, last = started.date(), ended.date()
    if first == last:
        return f"{first.day} {first:%B %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%B %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%B} – {last.day} {last:%B %Y}"
    return f"{first.day} {first:%B %Y} – {last.day} {last:%B %Y}"


def _evaluators(walked: Walk) -> list[str]:
    """Everyone named as the evaluator of a rating, in the order they first rated."""
    named = (
        str(e.get("evaluator") or "")
        for e in walked.records
        if e["type"] in ("task_rated", "capability_rated")
    )
    return [name for name in dict.fromkeys(named) if name]


def _provenance(scenario: Scenario, walked: Walk) -> list[InjectProvenance]:
    """What each delivered inject cites or is drawn from, or that it is invented."""
    titles = {source.id: source.title or source.id for source in scenario.sources}
    return [
        InjectProvenance(
            inject.id,
            inject.title,
            [CitedQuote(titles[c.document], c.quote) for c in inject.citations()],
            [titles[source] for source in inject.based_on],
            inject.fictional,
        )
        for inject in scenario.injects
        if inject.id in walked.delivered
    ]


def _duration(seconds: float) -> str:
    if seconds < 60:
        return "under a minute (a headless run)"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes:02d}m"
    if minutes:
        return f"{minutes}m {secs:02d}s"
    return f"{secs}s"


def _status(
    session: Session, walked: Walk, names: Names, contents: JournalContents, cut: str
) -> Status:
    ended = [e for e in walked.effective if e["type"] == "ending_reached"]
    exhausted = any(e["type"] == "turns_exhausted" for e in walked.effective)
    problems = []
    if not ended:
        phase = session.state.phase.value.replace("_", " ")
        problems.append(
            f"the journal stops in turn {session.state.turn} ({phase}) before any ending"
        )
    if contents.torn is not None:
        problems.append(
            f"the last line (line {contents.torn.line}) was torn ({contents.torn.reason}) "
            "and is left out"
        )
    if cut:
        problems.append(cut)
    ending = ended[-1].get("ending") if ended else None
    found = names.endings.get(ending) if ending else None
    if not ended:
        how = "incomplete"
    elif ending:
        how = "ending"
    elif exhausted:
        how = "turns exhausted"
    else:
        how = "ended by the facilitator"
    return Status(
        complete=not problems,
        ending=ending,
        ending_title=found.title if found else ("" if not ended else names.ending(ending)),
        ending_summary=found.summary if found else "",
        how=how,
        problems=problems,
    )


def _summary(
    overview: Overview,
    status: Status,
    steps: list[Any],
    walked: Walk,
    session: Session,
    names: Names,
) -> ExecutiveSummary:
    scenario = names.scenario
    delivered = [e for e in walked.effective if e["type"] == "inject_delivered"]
    adhoc = sum(1 for e in delivered if e.get("adhoc"))
    decisions = {step.decision for step in steps}
    commands = Counter(
        str(command.get("name", ""))
        for group, command in walked.commands.items()
        if group not in walked.taken_back
    )
    interventions = sum(commands[name] for name in analysis.INTERVENTIONS)
    start = names.time(session.compiled.start_clock)
    played = (
        f"over {overview.duration} of play"
        if overview.duration[0].isdigit()
        else f"in {overview.duration}"
    )
    paragraphs = [
        f"{overview.name} was played on {overview.dates} {played}: {overview.turns_played} of "
        f"{overview.turns_planned} turns, scenario time {start} to "
        f"{names.time(session.state.clock)}. {_count(len(delivered), 'inject')} "
        f"{'was' if len(delivered) == 1 else 'were'} delivered"
        f"{f' ({adhoc} added by the facilitator)' if adhoc else ''}, and the cells made "
        f"{_count(len(steps), 'choice')} in {_count(len(decisions), 'decision')}. "
        + _interventions(interventions, commands),
        _ending_paragraph(status),
    ]
    ratings, unrated = analysis.rating_counts(session, scenario)
    rated = sum(r.count for r in ratings)
    if rated:
        parts = [f"{r.count} rated {r.words} ({r.code})" for r in ratings if r.count]
        paragraphs.append(
            f"Of {rated + unrated} critical tasks, {'; '.join(parts)}"
            f"{f'; {unrated} not rated' if unrated else ''}."
        )
    else:
        paragraphs.append("No critical task was rated during the exercise.")
    strengths, improvements = analysis.summary_findings(session, walked, names)
    return ExecutiveSummary(
        paragraphs=paragraphs,
        major_strengths=strengths,
        primary_improvements=improvements,
        path=steps,
        key_decisions=[step for step in steps if step.changes],
        ratings=ratings,
        unrated_tasks=unrated,
    )


def _interventions(total: int, commands: Counter[str]) -> str:
    if not total:
        return "The facilitator did not intervene."
    return (
        f"The facilitator intervened {_count(total, 'time')} "
        f"({_count(commands['undo'], 'undo')}, "
        f"{_count(commands['override_outcome'], 'overridden outcome')})."
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _ending_paragraph(status: Status) -> str:
    if status.how == "incomplete":
        return "INCOMPLETE: " + "; ".join(status.problems) + "."
    if status.how == "ending":
        text = f"The exercise reached the ending “{status.ending_title}”."
        return f"{text} {status.ending_summary}".strip()
    if status.how == "turns exhausted":
        return "The last turn ended without any ending's condition holding."
    return "The facilitator ended the exercise without naming an ending."
