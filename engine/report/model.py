"""The after-action report as data: what every output format (HTML, Markdown, JSON) renders.

The report is built once from a journal (`build_report`) and then rendered by templates; the
JSON output is this model as it stands. Every finding keeps the journal events it rests on as
`EventRef`s, so a reader can follow it back to the timeline (`#ev-<seq>` in the HTML).
Blank improvement-plan fields stay `None` here: every format says `TO_BE_ASSIGNED` for them
(`or_to_be_assigned`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.journal.store import JournalContents
    from engine.report.branches import Explorer

Value = int | bool | str


TO_BE_ASSIGNED = "to be assigned"
"""What every format shows for a blank improvement-plan field."""


def or_to_be_assigned(value: str | None) -> str:
    """An improvement-plan field as every format shows it: blank reads `TO_BE_ASSIGNED`."""
    return value if value else TO_BE_ASSIGNED


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
class GlossaryEntry:
    """An acronym or term and what it means."""

    term: str
    meaning: str


@dataclass(frozen=True, slots=True)
class InjectProvenance:
    """Where one inject's content comes from, for the appendix of sources."""

    inject: str
    title: str
    cites: list[CitedQuote]
    based_on: list[str]
    """Titles of the sources it is drawn from while its details are invented."""
    fictional: bool

    @property
    def standing(self) -> str:
        """Whether the inject is documented, based on a source, or invented outright."""
        if self.cites:
            return "documented"
        if self.based_on:
            return "its details invented"
        return "invented for the exercise"


@dataclass(frozen=True, slots=True)
class Attendee:
    """A person who took part, from the room's roster (not a role-play character)."""

    name: str
    organisation: str
    cell: str
    role: str


@dataclass(frozen=True, slots=True)
class Overview:
    """Exercise overview: the HSEEP AAR's first section."""

    name: str
    scenario_id: str
    classification: str
    date: str
    """When the journal was created (ISO wall time)."""
    dates: str
    """The day or days it was played, as a reader writes them (`2 June 2025`)."""
    started: str | None
    ended: str | None
    duration: str
    """The wall time played, from the first to the last journaled record (`1h 23m`), or
    `under a minute (a headless run)`."""
    scenario_span: str
    """The scenario time the exercise covered (`D+0 08:00 to D+1 16:00`)."""
    exercise_type: str
    location: str
    sponsor: str
    point_of_contact: str
    organisations: list[str]
    attendees: list[Attendee]
    """From the room's roster, when the journal has one."""
    evaluators: list[str]
    """The evaluators named on ratings."""
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
    """Which delivered inject cites or is based on what, in scenario order."""
    glossary: list[GlossaryEntry]
    """The scenario's acronyms and terms, sorted."""
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
    overridden_roll: str | None
    """When the facilitator overrode the roll: the outcome the die gave (`outcome` is the
    one the facilitator set); None when the roll stood."""
    changes: list[Change]
    """What the option and its outcome changed (causes `option:` and `outcome:`)."""
    ref: EventRef

    @property
    def outcome_words(self) -> str:
        """How the outcome came about, for the path: rolled, or set by the facilitator."""
        if self.outcome is None:
            return ""
        if self.overridden_roll is not None:
            rolled = f" (the roll gave “{self.overridden_roll}”)" if self.overridden_roll else ""
            return f"outcome set by the facilitator: {self.outcome}{rolled}"
        return f"rolled: {self.outcome}"


@dataclass(frozen=True, slots=True)
class Finding:
    """A strength or an area for improvement, with the events it rests on.

    HSEEP writes each as observation (`text`), reference, analysis and recommendation; the
    last three come from the note when the facilitator filled them in.
    """

    text: str
    kind: str
    cell: str | None
    refs: list[EventRef]
    reference: str = ""
    """The plan, policy or procedure the observation is measured against."""
    analysis: str = ""
    """Why it happened: root causes and effects."""
    recommendation: str = ""
    """What to do about it."""
    source: str = ""
    """Where the finding comes from (`note`, or `rating` of a critical task)."""


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
    major_strengths: list[Finding]
    """The recorded strengths (and tasks rated P), for the summary's first list."""
    primary_improvements: list[Finding]
    """The recorded areas for improvement (and tasks rated M or U)."""
    path: list[PathStep]
    key_decisions: list[PathStep]
    """Steps whose consequences changed a variable."""
    ratings: list[RatingCount]
    unrated_tasks: int


@dataclass(frozen=True, slots=True)
class EvaluatorRating:
    """One evaluator's rating of a critical task (several evaluators may rate the same one)."""

    name: str
    code: str
    words: str
    observation: str
    ref: EventRef


@dataclass(frozen=True, slots=True)
class TaskRating:
    """A critical task's P/S/M/U rating."""

    id: str
    text: str
    rating: str | None
    rating_words: str
    observation: str
    refs: list[EventRef]
    """What bears on this rating: the rating event, and the injects linked to this task."""
    evaluator: str = ""
    """Who rated it, when the journal says."""
    not_reached: list[str] = field(default_factory=list)
    """The injects and decisions linked to the task that the exercise never reached."""
    by_evaluator: list[EvaluatorRating] = field(default_factory=list)
    """Who rated what: each evaluator's own rating, in the order they first rated."""
    settlement: str = ""
    """How the rating shown was reached when evaluators rated (settled by whom, agreed, or
    not settled); empty for the facilitator's own rating."""


@dataclass(frozen=True, slots=True)
class ObjectiveAnalysis:
    """Analysis of one objective's core capability."""

    id: str
    text: str
    capability: str
    tasks: list[TaskRating]
    exercised_by: list[EventRef]
    """The delivered injects that exercise this objective (`objectives:` on the inject)."""
    strengths: list[Finding]
    improvements: list[Finding]
    observations: list[Finding]
    """Observation notes tagged with the objective: neither strength nor improvement yet."""
    rating: CapabilityRating


@dataclass(frozen=True, slots=True)
class CapabilityRating:
    """An objective's core capability rated overall: set by the evaluators, or proposed.

    HSEEP leaves the overall rating to the evaluation team; until it is set (the journaled
    `rate_capability` command), the report proposes the median of the critical tasks'
    ratings, rounded toward the lower performance, and shows their spread.
    """

    code: str | None
    """P, S, M or U; None when nothing was rated."""
    words: str
    proposed: bool
    """True when the report proposes it; False when an evaluator set it."""
    spread: str
    """How the tasks were rated, such as `1 P, 2 S, 1 not rated`."""
    reason: str
    evaluator: str
    ref: EventRef | None


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
    `change`, `ending`, `note`, `rating`, `feedback`, `roster`."""
    title: str
    detail: str
    who: str
    """The cell, channel and addressees, or `facilitator`."""
    taken_back: str
    """Empty while in effect; `undone` (taken back and never redone) or `overridden` (a
    roll and its consequences the facilitator replaced)."""
    decide_seconds: float | None = None
    """For a choice: wall seconds from the decision opening to the choice."""
    body: str = ""
    """For an inject: its whole body as delivered (Markdown); `detail` is its plain start."""


@dataclass(frozen=True, slots=True)
class EndingShare:
    """An ending and its share of the playthroughs that take one option, from 0 to 1."""

    ending: str
    """The ending's title (or `no ending (the turns ran out)`)."""
    share: float


@dataclass(frozen=True, slots=True)
class BranchOption:
    """An option of a decision, chosen or not."""

    id: str
    label: str
    chosen_by: list[str]
    available: bool | None
    """Whether it could be chosen when the decision opened (None: not analysed)."""
    ends_in: str | None
    """The ending the option itself reaches, if any."""
    leads_to: list[EndingShare]
    """The endings this option can still lead to and their odds, likeliest first (empty when
    not computed or the option was unavailable)."""


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
    """Ending titles some option could still lead to when it opened; None when not computed."""
    reachable_after: list[str] | None
    """Ending titles the option taken could lead to; None when not computed."""
    note: str
    """How the odds were computed (`exact, over 1,234 states`, or a sample), or why not."""
    cell: str = ""
    """The cell whose choice the odds are for (the first to choose when it opened)."""


@dataclass(frozen=True, slots=True)
class Threshold:
    """A value an ending's condition compares a variable with."""

    value: int
    op: str
    ending: str
    """The ending's title."""


@dataclass(frozen=True, slots=True)
class Series:
    """An int variable that moved, over the turns: its value at each turn's start, then at
    the end."""

    variable: str
    label: str
    minimum: int | None
    maximum: int | None
    points: list[tuple[str, int]]
    description: str = ""
    """What the variable measures (the scenario's `description`)."""
    thresholds: list[Threshold] = field(default_factory=list)
    markers: list[tuple[int, str]] = field(default_factory=list)
    """(turn, choice) for each choice that changed it: made during that turn."""


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
    issue: str | None
    """The area for improvement; None for an action note that names no issue."""
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
    """A participant's feedback: a note, or the HSEEP participant feedback form from a seat."""

    seq: int
    text: str
    participant: str
    cell: str | None
    clock: str
    strengths: str = ""
    improvements: str = ""
    changes: str = ""
    """What the participant would change in the exercise."""
    rating: int | None = None
    """The exercise rated 1 to 5 on the form, when given."""


@dataclass(frozen=True, slots=True)
class Acronym:
    """A term of the scenario's glossary."""

    term: str
    meaning: str


@dataclass(frozen=True, slots=True)
class Appendix:
    """Participants, acronyms, sources, notes, feedback and the journal's identity."""

    acronyms: list[Acronym]
    """From the scenario's glossary, when its format has one."""
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
