"""The scenario format: pydantic models for every section of a scenario file.

Every model forbids unknown keys, and every field carries a docstring: the JSON Schema and the
authoring reference are generated from these docstrings, so they cannot drift from the code.
Expressions (conditions and effects) are kept here as text; `engine.expressions` compiles them.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from engine.format.scenario_time import parse_clock, parse_duration

FORMAT_VERSION = 1

# The type aliases carry no `description`: one set here would replace the docstring of every
# field typed with the alias (`use_attribute_docstrings` only fills empty descriptions).
Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
"""An id: lower-case letters, digits and underscores, starting with a letter."""
ClockText = Annotated[str, "scenario time"]
"""A scenario time such as `D+1 08:00` (or, when `turns.start` is a date, `2018-01-27 10:00`)."""
DurationText = Annotated[str, "duration"]
"""A duration such as `2h`, `30m` or `1h30m`."""
ExpressionText = Annotated[str, Field(min_length=1)]
"""A condition such as `exposure >= 60 and not lockdown`."""
EffectText = Annotated[str, Field(min_length=1)]
"""An assignment such as `trust -= 10` or `lockdown = true`."""


class Strict(BaseModel):
    """Base of every scenario model: unknown keys are errors, field docstrings are descriptions."""

    model_config = ConfigDict(
        extra="forbid",
        use_attribute_docstrings=True,
        frozen=True,
        str_strip_whitespace=False,
    )


def _check_clock(value: str | None) -> str | None:
    if value is not None:
        parse_clock(value)
    return value


def _check_duration(value: str | None) -> str | None:
    if value is not None:
        parse_duration(value)
    return value


class Source(Strict):
    """A document the scenario rests on: a local file, a web address, or a citation alone."""

    id: Identifier
    """How injects cite this document."""
    file: str | None = Field(default=None, min_length=1)
    """The document's file name, looked up in the folder given to `wargame validate --sources`;
    without one, quotes from this source are not checked (and `validate --sources` says so)."""
    url: str = ""
    """The document's web address (`http://` or `https://`), for the report; never fetched."""
    title: str = ""
    """What the document is, for the report's list of sources."""
    citation: str = ""
    """A full citation string (publisher, date, address) for the report."""

    @field_validator("url")
    @classmethod
    def _check_url(cls, url: str) -> str:
        if url and not re.fullmatch(r"https?://\S+", url):
            raise ValueError("a source's `url` starts with http:// or https:// and has no spaces")
        return url

    @model_validator(mode="after")
    def _check_locator(self) -> Source:
        if self.file is None and not self.url and not self.citation:
            raise ValueError("a source needs a `file`, a `url` or a `citation`")
        return self


class Citation(Strict):
    """Where an inject's fact comes from: a declared source and a short quote from it."""

    document: Identifier
    """The id of a source declared under `sources`."""
    quote: str = Field(min_length=3)
    """Words copied from the document (whitespace and quote marks may differ)."""


class Side(StrEnum):
    """The colour of a cell or actor."""

    BLUE = "blue"
    RED = "red"
    WHITE = "white"
    GREEN = "green"
    OTHER = "other"


class Goal(Strict):
    """A machine-readable goal of a cell: a variable it wants raised or lowered."""

    variable: Identifier
    """The variable the cell cares about."""
    direction: Literal["raise", "lower"]
    """Whether the cell wants the variable higher (or true) or lower (or false)."""
    weight: float = Field(default=1.0, gt=0, le=100)
    """How much this goal counts beside the cell's other goals."""


class Cell(Strict):
    """A team at a table that makes decisions (blue, red, white control...)."""

    id: Identifier
    """The cell's id, used by decisions and players' views."""
    name: str = Field(min_length=1)
    """The cell's name as shown to the room."""
    side: Side
    """The cell's colour: blue, red, white (control), green or other."""
    description: str = ""
    """Who sits at this table and what they represent."""
    mission: str = ""
    """The cell's goals in prose, for the briefing."""
    goals: tuple[Goal, ...] = ()
    """The cell's goals as variables to raise or lower, so bots can pursue them."""


class Actor(Strict):
    """A person or organisation in the story."""

    id: Identifier
    """The actor's id, used in an inject's `from` and `to`."""
    name: str = Field(min_length=1)
    """The actor's name as shown on injects."""
    role: str = ""
    """What the actor is in the story."""
    cell: Identifier | None = None
    """The cell that plays this actor; none for green or background actors."""
    handle: str = ""
    """The actor's handle on social media, such as `@sgt_miller`."""


class VariableType(StrEnum):
    """The kinds of value a variable holds."""

    INT = "int"
    BOOL = "bool"
    ENUM = "enum"
    TEXT = "text"


class Visibility(StrEnum):
    """Who may see a variable."""

    PLAYERS = "players"
    FACILITATOR = "facilitator"


class Variable(Strict):
    """A piece of exercise state: a typed value that injects read and options change."""

    id: Identifier
    """The variable's name in expressions and `{interpolation}`."""
    type: VariableType = VariableType.INT
    """int (with bounds), bool, enum (one of `values`) or text."""
    initial: int | bool | str
    """The value at the start of the exercise."""
    min: int | None = None
    """The lowest value an int may take (effects stop there)."""
    max: int | None = None
    """The highest value an int may take (effects stop there)."""
    values: tuple[str, ...] = ()
    """The allowed values of an enum."""
    label: str = ""
    """A short label for the situation display; the id when empty."""
    description: str = ""
    """What the variable measures."""
    visibility: Visibility = Visibility.FACILITATOR
    """`players` to show it in the players' view, `facilitator` to keep it hidden."""
    cells: tuple[Identifier, ...] = ()
    """With `visibility: players`: the only cells shown it (their seats and views; not the
    room's screen). Empty: every cell and the room."""
    words: dict[str, str] = {}
    """How a bool or enum variable's values read in a text: `{true: in lockdown, false:
    open}` makes `{lockdown}` print "in lockdown" rather than "true"."""

    @field_validator("words", mode="before")
    @classmethod
    def _bool_keys_as_written(cls, words: object) -> object:
        # YAML reads `true:` as a bool: the key is kept as it was written.
        if isinstance(words, dict):
            return {str(k).lower() if isinstance(k, bool) else k: v for k, v in words.items()}
        return words

    @model_validator(mode="after")
    def _check_type(self) -> Variable:
        kind = self.type
        if kind is VariableType.INT:
            if isinstance(self.initial, bool) or not isinstance(self.initial, int):
                raise ValueError("an int variable needs a whole-number `initial`")
            if self.min is not None and self.max is not None and self.min > self.max:
                raise ValueError(f"`min` ({self.min}) is above `max` ({self.max})")
            if (self.min is not None and self.initial < self.min) or (
                self.max is not None and self.initial > self.max
            ):
                raise ValueError(f"`initial` ({self.initial}) is outside `min`..`max`")
        elif kind is VariableType.BOOL:
            if not isinstance(self.initial, bool):
                raise ValueError("a bool variable needs `initial: true` or `initial: false`")
        elif kind is VariableType.ENUM:
            if not self.values:
                raise ValueError("an enum variable needs a list of `values`")
            if self.initial not in self.values:
                raise ValueError(f"`initial` ({self.initial!r}) is not one of `values`")
        elif not isinstance(self.initial, str):
            raise ValueError("a text variable needs a text `initial`")
        if kind is not VariableType.INT and (self.min is not None or self.max is not None):
            raise ValueError("only int variables take `min` and `max`")
        if kind is not VariableType.ENUM and self.values:
            raise ValueError("only enum variables take `values`")
        self._check_words(kind)
        if self.cells and self.visibility is not Visibility.PLAYERS:
            raise ValueError(
                "`cells` shows a variable to some cells: it needs `visibility: players`"
            )
        return self

    def _check_words(self, kind: VariableType) -> None:
        if not self.words:
            return
        if kind is VariableType.BOOL:
            known: tuple[str, ...] = ("true", "false")
        elif kind is VariableType.ENUM:
            known = self.values
        else:
            raise ValueError("only bool and enum variables take `words`")
        for value in self.words:
            if value not in known:
                raise ValueError(f"`words` names {value!r}, not one of {', '.join(known)}")


class ChannelKind(StrEnum):
    """How an inject is delivered, which decides how it is rendered."""

    NEWS = "news"
    SOCIAL = "social"
    EMAIL = "email"
    INTEL = "intel"
    BRIEFING = "briefing"
    PHONE = "phone"
    CHAT = "chat"
    OTHER = "other"


# --- the feed and cells' posts (issue 17) ----------------------------------------------------
class Engagement(Strict):
    """Engagement counts that move with the story: each an int expression over the variables,
    such as `1000 + narrative_reach * 250`, read whenever a screen draws the post (never below
    0). On an inject, a count replaces the same count of its `post`; on a channel, it is the
    count of every post there that writes no number of its own (the cells' posts too)."""

    views: ExpressionText | None = None
    """The views shown under the post."""
    likes: ExpressionText | None = None
    """The likes shown under the post."""
    shares: ExpressionText | None = None
    """The shares shown under the post."""
    comments: ExpressionText | None = None
    """The comments shown under the post."""


class Posting(Strict):
    """A cell that may post on a channel from its seat, and the actors it may post as."""

    cell: Identifier
    """The cell that may post."""
    actors: tuple[Identifier, ...] = Field(min_length=1)
    """The actors its posts may come from (their names and handles head the post)."""


class PostTrigger(Strict):
    """An inject's trigger on the players' posts: a cell's post released on a channel."""

    channel: Identifier
    """The channel the post must be released on."""
    cell: Identifier | None = None
    """Only a post by this cell counts; any cell's when empty."""


class Channel(Strict):
    """A delivery channel: a newspaper, a social platform, an email system, an intel feed."""

    id: Identifier
    """The channel's id, used by injects."""
    kind: ChannelKind
    """news, social, email, intel, briefing, phone, chat or other."""
    name: str = Field(min_length=1)
    """The channel's name as shown on injects, such as `TikTok` or `Stars and Stripes`."""
    engagement: Engagement | None = None
    """Engagement counts of the posts on this channel, as expressions over the variables: for
    the cells' posts, and for each count an inject neither computes nor writes in its `post`."""
    posting: tuple[Posting, ...] = ()
    """The cells that may post on this channel from their seats, each with the actors it may
    post as; the facilitator releases (or edits, or returns) each post before the room sees it."""


class SocialPost(Strict):
    """How a social-media inject looks: the account and its engagement."""

    handle: str = Field(min_length=1)
    """The posting account's handle, such as `@sgt_miller`."""
    display_name: str = ""
    """The account's display name."""
    likes: int = Field(default=0, ge=0)
    """Likes shown under the post."""
    shares: int = Field(default=0, ge=0)
    """Shares shown under the post."""
    comments: int = Field(default=0, ge=0)
    """Comments shown under the post."""
    views: int = Field(default=0, ge=0)
    """Views shown under the post."""
    hashtags: tuple[str, ...] = ()
    """Hashtags shown under the post, without the `#`."""


class Attachment(Strict):
    """A picture or document shown with an inject: a file in the scenario's folder."""

    file: str = Field(min_length=1)
    """The file's path relative to the scenario's folder (it cannot leave the folder): a
    `.png`, `.jpg`, `.jpeg`, `.gif`, `.webp` or `.pdf`."""
    alt: str = Field(min_length=1)
    """What the attachment shows, in words: read where it cannot be displayed (the console,
    the Markdown report) and by screen readers."""
    title: str = ""
    """A caption."""


class Outcome(Strict):
    """One row of an adjudication table: its chance and what happens when it is rolled."""

    id: Identifier
    """The outcome's id, recorded with the roll."""
    label: str = ""
    """What happened, in a few words."""
    chance: Annotated[int, Field(ge=0, le=100)] | ExpressionText
    """The chance of this outcome in percent: a number (a table of numbers adds up to 100),
    or an int expression such as `trust // 2`, read at the roll and held within 0..100; the
    chances are stacked in order and a roll past their total lands on the last outcome."""
    effects: tuple[EffectText, ...] = ()
    """Assignments applied when this outcome is rolled."""
    releases: tuple[Identifier, ...] = ()
    """Injects released when this outcome is rolled."""
    cancels: tuple[Identifier, ...] = ()
    """Injects cancelled when this outcome is rolled."""
    ending: Identifier | None = None
    """An ending reached at once when this outcome is rolled."""


def chance_text(chance: int | str) -> str:
    """An outcome's chance as a reader sees it: `40%`, or `chance: trust // 2`."""
    return f"{chance}%" if isinstance(chance, int) else f"chance: {chance}"


class Adjudication(Strict):
    """A matrix-game adjudication: an argument, and a table of outcomes rolled on a d100."""

    argument: str = ""
    """The case the cell makes for the option, shown to the facilitator before the roll."""
    outcomes: tuple[Outcome, ...] = Field(min_length=2)
    """The possible outcomes; their chances add up to 100."""

    @field_validator("outcomes")
    @classmethod
    def _chances_add_up(cls, outcomes: tuple[Outcome, ...]) -> tuple[Outcome, ...]:
        chances = [outcome.chance for outcome in outcomes]
        if not all(isinstance(chance, int) for chance in chances):
            return outcomes  # read at the roll: the last outcome takes what is left
        total = sum(chance for chance in chances if isinstance(chance, int))
        if total != 100:
            raise ValueError(f"the outcomes' chances add up to {total}, not 100")
        return outcomes


class Option(Strict):
    """A choice a cell can make in a decision."""

    id: Identifier
    """The option's id, unique within its decision."""
    label: str = Field(min_length=1)
    """The option as read out to the cell."""
    when: ExpressionText | None = None
    """A condition; the option is unavailable while it is false."""
    effects: tuple[EffectText, ...] = ()
    """Assignments applied when the option is resolved."""
    releases: tuple[Identifier, ...] = ()
    """Injects released when the option is resolved."""
    cancels: tuple[Identifier, ...] = ()
    """Injects cancelled when the option is resolved."""
    ending: Identifier | None = None
    """An ending the exercise reaches at once when this option is resolved."""
    adjudication: Adjudication | None = None
    """A table of outcomes rolled when the option is resolved, applied after its own effects."""


class Resolve(StrEnum):
    """When a decision's choices take effect."""

    ON_CHOICE = "on_choice"
    AT_ADJUDICATION = "at_adjudication"


class Combine(StrEnum):
    """Whose choices take effect when several cells share a decision."""

    EACH = "each"
    FIRST = "first"
    MAJORITY = "majority"


class Decision(Strict):
    """A decision point: the cells that decide, the prompt and the options."""

    id: Identifier
    """The decision's id, unique in the scenario; `chose('id', 'option')` refers to it."""
    cells: tuple[Identifier, ...] = Field(min_length=1)
    """The cells that each choose an option (simultaneous moves)."""
    prompt: str = Field(min_length=1)
    """The question put to the cells."""
    options: tuple[Option, ...] = Field(min_length=1)
    """The options, in the order they are shown."""
    turn: int | None = Field(default=None, ge=1)
    """For a decision under `decisions`: the turn in which it opens."""
    when: ExpressionText | None = None
    """For a decision under `decisions`: it opens only if this holds at the turn's start."""
    resolve: Resolve | None = None
    """`on_choice` (default for a decision on an inject) applies the choices as soon as every
    cell has chosen; `at_adjudication` (default for a turn's decision) waits for the turn's
    adjudication phase."""
    time_limit: DurationText | None = None
    """How long in scenario time the cells have; when it runs out the default option is taken."""
    default: Identifier | None = None
    """The option taken for a cell that has not chosen when the time limit runs out."""
    combine: Combine = Combine.EACH
    """With several cells: `each` applies every cell's option (in the order `cells` lists
    them, each with its own roll); `first` applies only the option chosen first; `majority`
    applies once the option most cells chose (a tie goes to the one chosen first)."""

    _check_limit = field_validator("time_limit")(_check_duration)

    @model_validator(mode="after")
    def _check_default(self) -> Decision:
        if self.time_limit is not None and self.default is None:
            raise ValueError("a decision with a `time_limit` needs a `default` option")
        return self


_TURN_DECISIONS_ONLY = (
    "'{key}' belongs to decisions under top-level `decisions`; an inject's decision opens when"
    " its inject is delivered"
)


class InjectDecision(Decision):
    """A decision on an inject: it opens when its inject is delivered, so it has no `turn` or
    `when` of its own."""

    turn: None = None
    """Not on an inject's decision: give the inject a `turn`, or move the decision under
    `decisions`."""
    when: None = None
    """Not on an inject's decision: give the inject a `when`, or move the decision under
    `decisions`."""

    @field_validator("turn", "when", mode="before")
    @classmethod
    def _reject_opening(cls, value: object, info: ValidationInfo) -> None:
        if value is None:  # a scenario dumped whole (a journal's header) writes `turn: null`
            return
        key = info.field_name or ""
        raise PydanticCustomError(
            "misplaced_key",
            _TURN_DECISIONS_ONLY.format(key=key),
            {
                "suggestion": f"put `{key}:` on the inject, or move the decision under `decisions`"
            },
        )


class Inject(Strict):
    """An event delivered to the players: a news story, a post, an email, an intel report."""

    id: Identifier
    """The inject's id, unique in the scenario."""
    title: str = Field(min_length=1)
    """A headline or subject line; also the MSEL's event synopsis."""
    channel: Identifier
    """The channel it arrives on."""
    from_: Identifier | None = Field(default=None, alias="from")
    """The actor it comes from."""
    to: tuple[Identifier, ...] = ()
    """The actors or cells it is addressed to; empty for the whole room. An inject addressed
    only to one cell's actors shows only in that cell's view."""
    body: str = ""
    """The text, in Markdown; `{variable}` is replaced by the variable's value."""
    turn: int | None = Field(default=None, ge=1)
    """Delivered at the start of this turn (or later, if other conditions wait)."""
    time: ClockText | None = None
    """Delivered once the scenario clock reaches this time."""
    after: Identifier | None = None
    """Delivered after this other inject has been delivered (plus `delay`)."""
    delay: DurationText = "0m"
    """With `after`: how long after the other inject."""
    when: ExpressionText | None = None
    """Delivered once this condition holds (together with any of turn, time and after)."""
    confirm: bool = False
    """When it falls due it waits for the facilitator to confirm its release (one key) instead
    of going out by itself; bots confirm it at once."""
    contingency: bool = False
    """A contingency inject, released only by the facilitator or an option: no warning that
    no trigger releases it."""
    effects: tuple[EffectText, ...] = ()
    """Assignments applied when the inject is delivered."""
    expected_actions: tuple[str, ...] = ()
    """What the players are expected to do (the MSEL's expected action)."""
    objectives: tuple[Identifier, ...] = ()
    """The objectives this inject exercises."""
    notes: str = ""
    """Facilitator-only notes: never shown to the players."""
    questions: tuple[str, ...] = ()
    """Discussion questions for the facilitator to put to the room."""
    source: Citation | None = None
    """The document and quote this inject's fact rests on."""
    sources: tuple[Citation, ...] = ()
    """More documents and quotes this inject's facts rest on (besides `source`)."""
    based_on: tuple[Identifier, ...] = ()
    """Sources this inject is drawn from while its details are invented: it may be
    `fictional: true` and needs no quote."""
    fictional: bool = False
    """True when the inject is invented for the exercise: it cites no `source` (it may still
    be `based_on` one)."""
    post: SocialPost | None = None
    """For a social-media inject: the account and engagement shown with the post."""
    attachments: tuple[Attachment, ...] = ()
    """Pictures or PDFs shown with the inject, from the scenario's folder."""
    engagement: Engagement | None = None
    """For a post: engagement counts as expressions over the variables (the numbers move with
    the story); each replaces the same count of `post` and of the channel's `engagement`."""
    on_post: PostTrigger | None = None
    """Delivered once a cell's post is released on this channel (together with any of turn,
    time, after and when); bots never post, so simulated play never fires it."""
    decision: InjectDecision | None = None
    """A decision that opens when this inject is delivered."""

    _check_time = field_validator("time")(_check_clock)
    _check_delay = field_validator("delay")(_check_duration)

    @model_validator(mode="after")
    def _check_delay_after(self) -> Inject:
        if self.delay != "0m" and self.after is None:
            raise ValueError("`delay` needs `after`: the inject the delay counts from")
        return self

    def citations(self) -> tuple[Citation, ...]:
        """Every document and quote the inject cites: `source`, then `sources`."""
        return self.sources if self.source is None else (self.source, *self.sources)


class Ending(Strict):
    """A way the exercise can end."""

    id: Identifier
    """The ending's id; options lead to it with `ending: id`."""
    title: str = Field(min_length=1)
    """The ending's title."""
    condition: ExpressionText | None = None
    """Checked at the end of every turn, in the order endings are listed; the first that holds
    ends the exercise. Without a condition the ending is reached only through an option."""
    summary: str = ""
    """What this ending means, read out at the hotwash and written in the report."""
    hotwash: str = ""
    """The question the facilitator puts to the room at the hotwash for this ending (a prompt,
    not a finding: the after-action report leaves it out)."""


class CriticalTask(Strict):
    """A critical task of an objective, rated P, S, M or U during the exercise."""

    id: Identifier
    """The task's id, unique within its objective."""
    text: str = Field(min_length=1)
    """What must be done."""
    injects: tuple[Identifier, ...] = ()
    """The injects that exercise this task: where evaluators should look, and what the
    report links the task's rating to."""
    decisions: tuple[Identifier, ...] = ()
    """The decisions that exercise this task."""


class Term(Strict):
    """An acronym or term of art, explained for the room and the report."""

    term: str = Field(min_length=1)
    """The acronym or term as it is written, such as `PAO`."""
    meaning: str = Field(min_length=1)
    """What it stands for or means, such as `Public Affairs Officer`."""


class Objective(Strict):
    """An HSEEP exercise objective tied to a core capability."""

    id: Identifier
    """The objective's id; injects list the objectives they exercise."""
    text: str = Field(min_length=1)
    """The objective, written SMART."""
    capability: str = Field(min_length=1)
    """The HSEEP core capability, such as `Intelligence and Information Sharing`."""
    critical_tasks: tuple[CriticalTask, ...] = Field(min_length=1)
    """The tasks rated P, S, M or U during the exercise."""


class Turns(Strict):
    """The turn structure: how many turns and how much scenario time each covers."""

    count: int = Field(ge=1, le=1000)
    """The number of turns."""
    length: DurationText = "1d"
    """The scenario time one turn covers."""
    lengths: tuple[DurationText, ...] = ()
    """When turns differ in length: the scenario time of each turn, in order, one per turn
    (`length` is then not used)."""
    start: ClockText = "D+0 08:00"
    """The scenario time when the first turn starts: `D+0 08:00`, or a calendar date and time
    such as `2018-01-27 08:00` (D+0 is then that date, and times are shown as dates)."""
    rate: float | None = Field(default=None, gt=0, le=1440)
    """The running clock's default rate: scenario minutes per real minute
    (`wargame run --rate` overrides it). Without a rate the clock moves only by hand."""

    _check_length = field_validator("length")(_check_duration)
    _check_start = field_validator("start")(_check_clock)

    @field_validator("lengths")
    @classmethod
    def _check_lengths(cls, lengths: tuple[str, ...]) -> tuple[str, ...]:
        for text in lengths:
            if parse_duration(text) <= 0:
                raise ValueError(f"a turn lasts some time, not '{text}'")
        return lengths

    @model_validator(mode="after")
    def _lengths_match_count(self) -> Turns:
        if self.lengths and len(self.lengths) != self.count:
            raise ValueError(
                f"`lengths` gives {len(self.lengths)} turn lengths for {self.count} turns"
            )
        return self

    def starts(self) -> tuple[int, ...]:
        """When each turn starts, then when the last one ends, in scenario minutes."""
        lengths = [parse_duration(text) for text in self.lengths]
        lengths = lengths or [parse_duration(self.length)] * self.count
        starts = [parse_clock(self.start)]
        for length in lengths:
            starts.append(starts[-1] + length)
        return tuple(starts)


class Scenario(Strict):
    """A whole scenario: metadata, the people, the state, the events and how it can end."""

    format: Literal[1]
    """The format version of this file; this engine reads version 1."""
    id: Identifier
    """The scenario's id."""
    title: str = Field(min_length=1)
    """The exercise's name."""
    classification: str = "UNCLASSIFIED // FOR EXERCISE USE ONLY"
    """The classification banner shown on every screen and report page."""
    summary: str = ""
    """The scenario in a paragraph, for the briefing and the report."""
    authors: tuple[str, ...] = ()
    """Who wrote the scenario."""
    mission_area: str = ""
    """The HSEEP mission area (Prevention, Protection, Mitigation, Response, Recovery)."""
    threat: str = ""
    """The threat or hazard the exercise is about."""
    scope: str = ""
    """The exercise's scope, for the report's overview."""
    exercise_type: str = "Tabletop exercise (TTX)"
    """The HSEEP exercise type, for the report's overview."""
    location: str = ""
    """Where the exercise is held, for the report's overview."""
    sponsor: str = ""
    """The organisation that sponsors the exercise, for the report's overview."""
    point_of_contact: str = ""
    """The exercise's point of contact (name, organisation, email or phone), for the report."""
    organisations: tuple[str, ...] = ()
    """The organisations taking part, for the report's overview (the people who attend come
    from the room's roster, not from the scenario's role-play actors)."""
    include: tuple[str, ...] = ()
    """Other files, relative to this one, whose lists are added to this scenario's."""
    sources: tuple[Source, ...] = ()
    """The documents injects cite."""
    turns: Turns
    """How many turns and how long each is."""
    objectives: tuple[Objective, ...] = ()
    """The exercise objectives and their critical tasks."""
    cells: tuple[Cell, ...] = Field(min_length=1)
    """The teams that decide."""
    actors: tuple[Actor, ...] = ()
    """The people and organisations in the story."""
    variables: tuple[Variable, ...] = ()
    """The exercise state."""
    channels: tuple[Channel, ...] = Field(min_length=1)
    """How injects are delivered."""
    injects: tuple[Inject, ...] = ()
    """The events delivered to the players (the MSEL)."""
    decisions: tuple[Decision, ...] = ()
    """Decisions that open at the start of a turn rather than on an inject."""
    endings: tuple[Ending, ...] = Field(min_length=1)
    """How the exercise can end."""
    glossary: tuple[Term, ...] = ()
    """Acronyms and terms of art: shown in the console's help and the report's appendix."""

    def all_decisions(self) -> list[Decision]:
        """Every decision: those on injects (in inject order), then those of turns."""
        on_injects = [inject.decision for inject in self.injects if inject.decision is not None]
        return [*on_injects, *self.decisions]
