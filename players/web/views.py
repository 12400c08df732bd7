"""What a seat's page shows, as plain data built through the audience filter.

Every page (projector, cell seat, controller seat) is drawn from one `PageView`, and a
`PageView` is only ever built here, from `engine.audience`: the templates cannot reach a text
the filter left out, because they are never handed the session.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markupsafe import Markup

from engine import audience as a
from engine.format.model import Attachment, ChannelKind, SocialPost
from engine.format.scenario_time import format_clock
from engine.play.events import NoteAdded
from engine.play.session import Session
from engine.play.state import Submission, SubmissionStatus
from players.console.content import content_for
from players.console.widgets.situation import phase_label

_MARKDOWN = MarkdownIt("commonmark", {"html": False})
"""Inject bodies are Markdown; raw HTML in them is shown as text, never run."""


def markdown(text: str) -> Markup:
    """An inject's Markdown body as safe HTML (raw HTML escaped, unsafe links refused)."""
    return Markup(_MARKDOWN.render(text))


@dataclass(frozen=True, slots=True)
class Card:
    """One inject as a page draws it, in its channel's look."""

    id: str
    kind: str
    channel: str
    title: str
    body: Markup
    sender: str
    handle: str
    recipients: tuple[str, ...]
    when: str
    post: SocialPost | None
    private: bool
    notes: str = ""
    questions: tuple[str, ...] = ()
    expected_actions: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    """The inject's pictures and files (the page links them by index, served by the room)."""


@dataclass(frozen=True, slots=True)
class OptionView:
    """An option of an open decision, with why it is unavailable if it is."""

    id: str
    label: str
    available: bool
    reason: str


@dataclass(frozen=True, slots=True)
class SubmissionView:
    """A submission as its cell (or control) sees it."""

    key: str
    decision: str
    cell: str
    option: str
    rationale: str
    status: str
    reason: str


@dataclass(frozen=True, slots=True)
class DecisionView:
    """An open decision: its prompt, the cells that have chosen, and (for a seat) its options."""

    id: str
    prompt: str
    cells: tuple[str, ...]
    chosen: tuple[str, ...]
    options: tuple[OptionView, ...]
    my_choice: str | None = None
    submission: SubmissionView | None = None

    @property
    def signature(self) -> str:
        """Changes whenever the form must be drawn afresh (so a half-typed form is kept)."""
        available = "".join("1" if option.available else "0" for option in self.options)
        status = self.submission.key + self.submission.status if self.submission else ""
        drawn = hashlib.sha256(f"{available}:{status}:{self.my_choice}".encode()).hexdigest()
        return f"{self.id}-{drawn[:12]}"  # an id htmx can find with a plain `#id` selector


@dataclass(frozen=True, slots=True)
class PastChoice:
    """A recorded choice the audience may see."""

    prompt: str
    cell: str
    option: str
    rationale: str


@dataclass(frozen=True, slots=True)
class PageView:
    """Everything one seat's page shows."""

    title: str
    classification: str
    audience: str
    status: str
    clock: str
    variables: tuple[tuple[str, str], ...]
    inbox: tuple[Card, ...]
    """Newest first."""
    decisions: tuple[DecisionView, ...]
    past: tuple[PastChoice, ...]
    submissions: tuple[SubmissionView, ...] = field(default=())
    ending: str = ""
    notes: tuple[str, ...] = field(default=())
    """The facilitator's journaled notes, newest first (the controller seat only)."""


def inject_card(session: Session, inject: str, audience: a.Audience) -> Card:
    """One delivered inject as `audience` may see it, in its channel's look."""
    content = content_for(session, inject, audience)
    private = bool(a.addressed_cells(content.to, session.compiled.scenario))
    return Card(
        id=content.id,
        kind=content.kind.value if isinstance(content.kind, ChannelKind) else str(content.kind),
        channel=content.channel,
        title=content.title,
        body=markdown(content.body),
        sender=content.sender,
        handle=content.sender_handle,
        recipients=content.recipients,
        when=format_clock(content.clock) if content.clock is not None else "",
        post=content.post,
        private=private,
        notes=content.notes,
        questions=content.questions,
        expected_actions=content.expected_actions,
        attachments=content.attachments,
    )


def _submission(item: Submission, session: Session) -> SubmissionView:
    decision = session.compiled.decisions[item.decision]
    option = decision.options.get(item.option)
    return SubmissionView(
        key=item.key,
        decision=decision.source.prompt,
        cell=_cell_names(session).get(item.cell, item.cell),
        option=option.label if option else item.option,
        rationale=item.rationale,
        status=item.status.value,
        reason=item.reason,
    )


def _cell_names(session: Session) -> dict[str, str]:
    return {cell.id: cell.name for cell in session.compiled.scenario.cells}


def _decision(session: Session, decision: str, audience: a.Audience) -> DecisionView:
    compiled = session.compiled.decisions[decision]
    names = _cell_names(session)
    choices = session.state.open_decisions[decision].choices
    options: tuple[OptionView, ...] = ()
    my_choice = None
    submission = None
    if audience.cell is not None or audience.kind is a.AudienceKind.CONTROL:
        sources = {option.id: option for option in compiled.source.options}
        options = tuple(
            OptionView(
                option.id,
                option.label,
                available,
                "" if available else a.unavailable_reason(audience, session, sources[option.id]),
            )
            for option, available in session.options(decision)
        )
    if audience.cell is not None:
        chosen = choices.get(audience.cell)
        my_choice = compiled.options[chosen].label if chosen else None
        mine = [s for s in a.submissions(session, audience) if s.decision == decision]
        if chosen:  # once recorded, the seat shows the recorded choice, not what was sent back
            mine = [s for s in mine if s.status is SubmissionStatus.ACCEPTED]
        submission = _submission(mine[-1], session) if mine else None
    return DecisionView(
        id=decision,
        prompt=compiled.source.prompt,
        cells=tuple(names.get(cell, cell) for cell in compiled.cells),
        chosen=tuple(names.get(cell, cell) for cell in compiled.cells if cell in choices),
        options=options,
        my_choice=my_choice,
        submission=submission,
    )


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def page_view(session: Session, audience: a.Audience, label: str) -> PageView:
    """What `audience` may see of the exercise now; `label` names the seat on the page."""
    scenario = session.compiled.scenario
    state = session.state
    names = _cell_names(session)
    prompts = {
        d: session.compiled.decisions[d].source.prompt
        for d in {str(e["decision"]) for e in state.choice_log}
    }
    past = tuple(
        PastChoice(
            prompts[str(event["decision"])],
            names.get(str(event["cell"]), str(event["cell"])),
            session.compiled.decisions[str(event["decision"])].options[str(event["option"])].label,
            str(event.get("rationale") or ""),
        )
        for event in reversed(a.past_choices(session, audience))
    )
    ending = next((e.title for e in scenario.endings if e.id == state.ending), "")
    return PageView(
        title=scenario.title,
        classification=scenario.classification,
        audience=label,
        status=phase_label(session),
        clock=format_clock(state.clock),
        variables=tuple(
            (variable.label or variable.id, _value(state.values.get(variable.id)))
            for variable in a.visible_variables(audience, scenario)
        ),
        inbox=tuple(
            inject_card(session, i, audience) for i in reversed(a.inbox(session, audience))
        ),
        decisions=tuple(
            _decision(session, d, audience) for d in a.open_decisions(session, audience)
        ),
        past=past,
        submissions=tuple(
            _submission(item, session)
            for item in a.submissions(session, audience)
            if audience.kind is a.AudienceKind.CONTROL
        ),
        ending=ending,
        notes=tuple(
            _note(note)
            for note in reversed(a.facilitator_notes(session, audience))
            if audience.kind is a.AudienceKind.CONTROL
        ),
    )


def _note(note: NoteAdded) -> str:
    """A note as the controller seat lists it: its kind, its words, who wrote it if not control."""
    by = f" — {note['evaluator']}" if note.get("evaluator") else ""
    return f"{note['kind']}: {note['text']}{by}"
