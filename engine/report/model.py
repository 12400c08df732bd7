"""The after-action report as data: what every output format (HTML, Markdown, JSON) renders.

The report is built once from a journal (`build_report`) and then rendered by templates; the
JSON output is this model as it stands. Every finding keeps the journal events it rests on as
`EventRef`s, so a reader can follow it back to the timeline (`#ev-<seq>` in the HTML).
Blank improvement-plan fields stay `None` here: the templates say "to be assigned".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.journal.store import JournalContents
    from engine.report.branches import Explorer

Value = int | bool | str


@dataclass(frozen=True, slots=True)
class EventRef:
    """A journal event a finding rests on."""

    seq: int
    kind: str
    """`inject`, `decision`, `choice`, `roll`, `note`, `rating`..."""
    label: str
    turn: int
    clock: str
    """Scenario time, such as `D+0 08:00`."""


@dataclass(frozen=True, slots=True)
class ObjectiveInfo:
    """An exercise objective and its critical tasks, as planned."""

    id: str
    text: str
    capability: str
    tasks: list[str]


@dataclass(frozen=True, slots=True)
class Participant:
    """An actor played by a cell (or a background actor when `cell` is None)."""

    name: str
    role: str
    handle: str


@dataclass(frozen=True, slots=True)
class CellInfo:
    """A cell at the table and the actors it plays."""

    id: str
    name: str
    side: str
    description: str
    actors: list[Participant]


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """A document the scenario rests on."""

    id: str
    title: str
    file: str
    """The local file's name; empty for a web address or a citation alone."""
    citation: str
    url: str = ""


@dataclass(frozen=True, slots=True)
class CitedQuote:
    """One source an inject cites, and the words it quotes."""

    source: str
    """The source's title (its id when it has none)."""
    quote: str


@dataclass(frozen=True, slots=True)
class InjectProvenance:
    """Where one inject's content comes from, for the appendix of sources."""

    inject: str
    title: str
    cites: list[CitedQuote]
    based_on: list[str]
    """Titles of the sources it is drawn from while its details are invented."""
    fictional: bool


@dataclass(frozen=True, slots=True)
class Overview:
    """Exercise overview: the HSEEP AAR's first section."""

    name: str
    scenario_id: str
    classification: str
    date: str
    """When the journal was created (ISO wall time)."""
    started: str | None
    ended: str | None
    duration: str
    """From the first to the last journaled wall time, such as `1h 23m`."""
    scope: str
    mission_area: str
    threat: str
    summary: str
    authors: list[str]
    objectives: list[ObjectiveInfo]
    capabilities: list[str]
    cells: list[CellInfo]
    background_actors: list[Participant]
    sources: list[SourceInfo]
    provenance: list[InjectProvenance]
    """Which inject cites or is based on what, in scenario order."""
    seed: int
    turns_played: int
    turns_planned: int


@dataclass(frozen=True, slots=True)
class Status:
    """Whether the exercise reached an ending, and if not, why the report is INCOMPLETE."""

    complete: bool
    ending: str | None
    ending_title: str
    ending_summary: str
    how: str
    """`ending`, `turns exhausted`, `ended by the facilitator` or `incomplete`."""
    problems: list[str]
    """Why the report is incomplete, or what was dropped from the journal."""


@dataclass(frozen=True, slots=True)
class Change:
    """One variable's change."""

    variable: str
    label: str
    before: Value | None
    after: Value


@dataclass(frozen=True, slots=True)
class PathStep:
    """A choice on the path the exercise took."""

    decision: str
    prompt: str
    cell: str
    cell_name: str
    option: str
    option_label: str
    defaulted: bool
    outcome: str | None
    """The adjudicated outcome's label, when the option was rolled for."""
    changes: list[Change]
    """What the option and its outcome changed (causes `option:` and `outcome:`)."""
    ref: EventRef


@dataclass(frozen=True, slots=True)
class RatingCount:
    """How many critical tasks got one rating."""

    code: str
    words: str
    count: int


@dataclass(frozen=True, slots=True)
class ExecutiveSummary:
    """What happened, drafted from the journal for the planner to edit."""

    paragraphs: list[str]
    path: list[PathStep]
    key_decisions: list[PathStep]
    """Steps whose consequences changed a variable."""
    ratings: list[RatingCount]
    unrated_tasks: int


@dataclass(frozen=True, slots=True)
class TaskRating:
    """A critical task's P/S/M/U rating."""

    id: str
    text: str
    rating: str | None
    rating_words: str
    observation: str
    refs: list[EventRef]


@dataclass(frozen=True, slots=True)
class Finding:
    """A strength or an area for improvement, with the events it rests on."""

    text: str
    kind: str
    cell: str | None
    refs: list[EventRef]


@dataclass(frozen=True, slots=True)
class ObjectiveAnalysis:
    """Analysis of one objective's core capability."""

    id: str
    text: str
    capability: str
    tasks: list[TaskRating]
    strengths: list[Finding]
    improvements: list[Finding]


@dataclass(frozen=True, slots=True)
class Analysis:
    """Analysis of capabilities, per objective; untagged findings go under `general_*`."""

    objectives: list[ObjectiveAnalysis]
    general_strengths: list[Finding]
    general_improvements: list[Finding]


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One line of the timeline."""

    seq: int
    group: int
    turn: int
    clock: str
    wall: str
    kind: str
    """`turn`, `inject`, `decision`, `choice`, `roll`, `override`, `intervention`,
    `change`, `ending`, `note`, `rating`, `feedback`."""
    title: str
    detail: str
    who: str
    """The cell, channel and addressees, or `facilitator`."""
    taken_back: str
    """Empty while in effect; `undone` (taken back and never redone) or `overridden` (a
    roll and its consequences the facilitator replaced)."""
    decide_seconds: float | None = None
    """For a choice: wall seconds from the decision opening to the choice."""


@dataclass(frozen=True, slots=True)
class BranchOption:
    """An option of a decision, chosen or not."""

    id: str
    label: str
    chosen_by: list[str]
    available: bool | None
    """Whether it could be chosen when the decision opened (None: not analysed)."""
    leads_to: str | None
    """The ending the option itself reaches, if any."""


@dataclass(frozen=True, slots=True)
class BranchPoint:
    """A decision on the path, the options not taken, and the endings still reachable."""

    decision: str
    prompt: str
    turn: int
    clock: str
    seq: int
    options: list[BranchOption]
    reachable_before: list[str] | None
    """Ending titles reachable when the decision opened; None when not computed."""
    reachable_after: list[str] | None
    """Ending titles reachable once the choices were recorded; None when not computed."""
    note: str
    """Why reachability is missing (`not computed (budget)`...), or empty."""


@dataclass(frozen=True, slots=True)
class Series:
    """An int variable over the turns: its value at each turn's start, then at the end."""

    variable: str
    label: str
    minimum: int | None
    maximum: int | None
    points: list[tuple[str, int]]


@dataclass(frozen=True, slots=True)
class FinalValue:
    """A variable's value at the start and at the end."""

    variable: str
    label: str
    initial: Value
    final: Value


@dataclass(frozen=True, slots=True)
class PlanRow:
    """One row of the improvement plan matrix."""

    capability: str | None
    objective: str | None
    issue: str
    kind: str
    corrective_action: str | None
    capability_element: str | None
    responsible: str | None
    contact: str | None
    start: str | None
    completion: str | None
    ref: EventRef


@dataclass(frozen=True, slots=True)
class NoteEntry:
    """A note in the appendix."""

    seq: int
    kind: str
    text: str
    tags: list[str]
    turn: int
    clock: str
    wall: str


@dataclass(frozen=True, slots=True)
class FeedbackEntry:
    """A participant's feedback."""

    seq: int
    text: str
    participant: str
    cell: str | None
    clock: str


@dataclass(frozen=True, slots=True)
class Appendix:
    """Notes, feedback and the journal's identity."""

    notes: list[NoteEntry]
    feedback: list[FeedbackEntry]
    journal: str
    journal_sha256: str | None
    engine_version: str
    report_engine_version: str
    scenario_hash: str
    forked_from: str | None
    records: int


@dataclass(frozen=True, slots=True)
class Report:
    """The whole after-action report and improvement plan."""

    overview: Overview
    status: Status
    summary: ExecutiveSummary
    analysis: Analysis
    timeline: list[TimelineEntry]
    branches: list[BranchPoint]
    branch_note: str
    series: list[Series]
    final_values: list[FinalValue]
    plan: list[PlanRow]
    appendix: Appendix


def build_report(
    contents: JournalContents,
    *,
    journal_sha256: str | None = None,
    explorer: Explorer | None = None,
    budget: int | None = None,
    max_points: int | None = None,
) -> Report:
    """Build the report from a journal's contents (pure: reads nothing, writes nothing).

    Args:
        contents: the journal, as `engine.journal.store.read_journal` returns it.
        journal_sha256: the hash of the journal file's bytes, for the appendix.
        explorer: how to find the endings reachable from a session (default:
            `engine.explore.search.reachable_endings`); None from it means "search incomplete".
        budget: the explorer's budget per analysed point.
        max_points: how many decisions get a reachability analysis at most.

    Raises:
        JournalError: the journal's header or records do not fit a scenario.
    """
    from engine.report.build import assemble  # the builders import this module's classes

    return assemble(
        contents,
        journal_sha256=journal_sha256,
        explorer=explorer,
        budget=budget,
        max_points=max_points,
    )
