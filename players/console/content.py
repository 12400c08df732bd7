"""What an inject shows: its rendered text and its channel's look, gathered from a session.

Pure data (no Textual), shared by the facilitator console and the players' view.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from engine.audience import Audience, hidden_inject_fields
from engine.format.model import Attachment, ChannelKind, Inject, Scenario, SocialPost
from engine.format.scenario_time import calendar_date
from engine.play.events import Record
from engine.play.session import Session


@dataclass(frozen=True, slots=True)
class InjectContent:
    """Everything needed to draw one inject."""

    id: str
    title: str
    body: str
    kind: ChannelKind = ChannelKind.OTHER
    channel: str = ""
    sender: str = ""
    sender_handle: str = ""
    recipients: tuple[str, ...] = ()
    to: tuple[str, ...] = ()
    post: SocialPost | None = None
    attachments: tuple[Attachment, ...] = ()
    clock: int | None = None
    """Scenario minutes when delivered; None when not delivered yet (a preview)."""
    calendar: date | None = None
    """The date of D+0 when the scenario runs on a calendar (the time is shown as a date)."""
    status: str = "delivered"
    adhoc: bool = False
    notes: str = ""
    questions: tuple[str, ...] = ()
    expected_actions: tuple[str, ...] = ()
    objectives: tuple[str, ...] = field(default=())
    """The objectives the inject exercises, by their text (facilitator only)."""
    provenance: str = ""
    """What the inject rests on: the documents it cites, or that it is based on a source with
    invented details, or invented outright (drawn for the facilitator only)."""


def delivery_event(events: Sequence[Record], inject: str) -> Record | None:
    """The latest `inject_delivered` event of an inject, if any."""
    for event in reversed(events):
        if event["type"] == "inject_delivered" and event["inject"] == inject:
            return event
    return None


def _names(scenario: Scenario, ids: tuple[str, ...]) -> tuple[str, ...]:
    actors = {actor.id: actor.name for actor in scenario.actors}
    cells = {cell.id: cell.name for cell in scenario.cells}
    return tuple(actors.get(name) or cells.get(name) or name for name in ids)


def _channel(scenario: Scenario, channel_id: str) -> tuple[ChannelKind, str]:
    for channel in scenario.channels:
        if channel.id == channel_id:
            return channel.kind, channel.name
    return ChannelKind.OTHER, channel_id


def provenance_of(scenario: Scenario, inject: Inject) -> str:
    """One line saying whether an inject is documented, based on a source, or invented."""
    titles = {source.id: source.title or source.id for source in scenario.sources}
    based = ", ".join(titles.get(name, name) for name in inject.based_on)
    if inject.citations():
        cited = "; ".join(
            f"{titles.get(c.document, c.document)}: “{c.quote}”" for c in inject.citations()
        )
        return f"documented — {cited}" + (f" (also based on {based})" if based else "")
    if based:
        return f"based on {based}; its details are invented for the exercise"
    return "invented for the exercise" if inject.fictional else ""


def content_of(session: Session, inject: str) -> InjectContent:
    """An inject as it was delivered (rendered title and body), or a preview if not yet."""
    scenario = session.compiled.scenario
    state = session.state
    event = delivery_event(session.events, inject)
    if inject in state.adhoc:
        return adhoc_content(scenario, inject, state.adhoc[inject], event)
    compiled = session.compiled.injects[inject]
    source = compiled.source
    if event is not None and inject in state.delivered:
        title, body, clock = str(event["title"]), str(event["body"]), int(event["clock"])
    else:
        title = compiled.title.render(state.values)
        body = compiled.body.render(state.values)
        clock = None
    kind, channel = _channel(scenario, source.channel)
    sender, handle = "", ""
    if source.from_ is not None:
        actor = next((a for a in scenario.actors if a.id == source.from_), None)
        sender = actor.name if actor else source.from_
        handle = actor.handle if actor else ""
    return InjectContent(
        id=inject,
        title=title,
        body=body,
        kind=kind,
        channel=channel,
        sender=sender,
        sender_handle=handle,
        recipients=_names(scenario, source.to),
        to=source.to,
        post=live_post(session, inject, source.post),
        attachments=source.attachments,
        clock=clock,
        calendar=session.compiled.calendar,
        status=state.status_of(inject).value,
        notes=source.notes,
        questions=source.questions,
        expected_actions=source.expected_actions,
        objectives=tuple(
            next((o.text for o in scenario.objectives if o.id == objective), objective)
            for objective in source.objectives
        ),
        provenance=provenance_of(scenario, source),
    )


def live_post(session: Session, inject: str, post: SocialPost | None) -> SocialPost | None:
    """A post with its engagement counts as they stand now, where the scenario computes them
    from the variables (the feed's engagement, issue 17)."""
    channel = session.compiled.injects[inject].source.channel
    if post is None or not session.compiled.engagement.moves(channel, inject):
        return post
    counts = session.compiled.engagement.counts(session.state, channel, inject, post)
    return post.model_copy(update=counts)


def content_for(session: Session, inject: str, audience: Audience) -> InjectContent:
    """An inject as `audience` may see it: the fields it must not read are left empty."""
    content = content_of(session, inject)
    hidden = hidden_inject_fields(audience)
    return replace(content, **{name: _BLANK[name] for name in hidden}) if hidden else content


_BLANK: dict[str, Any] = {"notes": "", "questions": (), "expected_actions": (), "objectives": ()}


def adhoc_content(
    scenario: Scenario, inject: str, fields: Mapping[str, Any], event: Record | None
) -> InjectContent:
    """An ad-hoc inject written during the exercise."""
    kind, channel = _channel(scenario, str(fields.get("channel") or ""))
    to = tuple(str(name) for name in fields.get("to") or ())
    sender = str(fields.get("from") or "")
    actor = next((a for a in scenario.actors if a.id == sender), None)
    return InjectContent(
        id=inject,
        title=str(fields.get("title", "")),
        body=str(fields.get("body", "")),
        kind=kind,
        channel=channel or "ad hoc",
        sender=actor.name if actor else sender,
        sender_handle=actor.handle if actor else "",
        recipients=_names(scenario, to),
        to=to,
        clock=int(event["clock"]) if event is not None else None,
        calendar=calendar_date(scenario.turns.start),
        adhoc=True,
        notes=str(fields.get("notes", "")),
    )
