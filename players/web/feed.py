"""The feed: what a seat sees of the scenario's social, news and email channels, as plain data.

Each channel with something to show becomes a `ChannelFeed`, newest first: the injects the
audience filter lets this seat see, and the cells' posts the facilitator has released (a
released post is for the whole room). A social channel draws as a timeline, a news channel as
a front page, an email channel as an inbox. Engagement counts are computed here, on the
server, from the variables (`engine.play.engagement`): a seat receives the numbers only. A
cell also sees its own posts still waiting or sent back; the controller seat sees every one.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from markupsafe import Markup

from engine import audience as a
from engine.format.model import Attachment, Channel, ChannelKind, Scenario
from engine.format.scenario_time import format_clock
from engine.play.posts import actors_for
from engine.play.session import Session
from engine.play.state import Post, PostStatus
from players.console.content import content_for
from players.console.presenting import presented
from players.web.views import Card, inject_card, markdown

FEED_KINDS = (ChannelKind.SOCIAL, ChannelKind.NEWS, ChannelKind.EMAIL)
"""The channel kinds drawn as a feed (the others stay in the seat's inbox)."""
_HASHTAG_IN_HTML = re.compile(r"(?<![\w#&/\"'=])#(\w{1,60})")
"""A hashtag in rendered text: not an entity (`&#39;`), a link's anchor or an attribute."""
COUNT_LABELS = (
    ("views", "views"),
    ("likes", "likes"),
    ("shares", "shares"),
    ("comments", "replies"),
)
"""(count, the word shown with it), in the order shown."""


@dataclass(frozen=True, slots=True)
class Avatar:
    """An account's picture drawn from its initials: nothing is loaded from anywhere."""

    initials: str
    colour: str
    """A background colour (`#rrggbb`) chosen from the account's handle, the same every time."""


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One post, story or email as the feed draws it."""

    id: str
    """`inject-ID` or `post-KEY`: unique on the page."""
    inject: str | None
    """The inject's id (None for a cell's post)."""
    when: str
    name: str
    handle: str
    avatar: Avatar
    title: str
    body: Markup
    hashtags: tuple[str, ...]
    counts: tuple[tuple[str, str], ...]
    """(label, number as shown: `1.2M`), for social posts."""
    attachments: tuple[Attachment, ...]
    recipients: tuple[str, ...] = ()
    by_cell: str = ""
    """For a cell's post: the cell's name (shown to that cell and to control only)."""
    mine: bool = False
    """A post by the seat's own cell."""
    edited: bool = False


@dataclass(frozen=True, slots=True)
class ChannelFeed:
    """One channel's feed for one seat."""

    id: str
    kind: str
    name: str
    items: tuple[FeedItem, ...]
    """Newest first."""
    actors: tuple[tuple[str, str], ...] = ()
    """(actor id, label) this seat's cell may post as here; empty: it may not post."""
    signature: str = ""
    """Changes when the compose form must be drawn afresh (so a half-typed post is kept)."""


@dataclass(frozen=True, slots=True)
class PostView:
    """A cell's post not (yet) in the feed: waiting, or sent back."""

    key: str
    channel: str
    cell: str
    actor: str
    text: str
    status: str
    reason: str


@dataclass(frozen=True, slots=True)
class FeedView:
    """Every feed channel a seat sees, and the posts it may follow."""

    channels: tuple[ChannelFeed, ...]
    posts: tuple[PostView, ...]
    """For a cell: its own posts waiting or sent back; for control: every waiting post."""


AVATAR_COLOURS = (
    "#1f5fa8",
    "#a3262a",
    "#21703a",
    "#7b3fa0",
    "#a15c00",
    "#00707a",
    "#5d6875",
    "#b03a78",
)
"""Backgrounds an avatar is drawn on (white initials read on each)."""


def avatar(name: str, handle: str) -> Avatar:
    """Initials of `name` (two at most) on a colour picked from the handle."""
    words = [w for w in re.split(r"[\s_.@-]+", name) if w[:1].isalnum()]
    initials = "".join(w[0] for w in words[:2]).upper() or "?"
    digest = hashlib.sha256((handle or name).encode()).digest()
    return Avatar(initials, AVATAR_COLOURS[digest[0] % len(AVATAR_COLOURS)])


def tagged(text: str) -> Markup:
    """A cell's post as HTML (Markdown, raw HTML shown as text), its hashtags marked."""
    rendered = str(markdown(text))
    return Markup(_HASHTAG_IN_HTML.sub(r'<span class="tag">#\1</span>', rendered))


def compact(number: int) -> str:
    """A count as platforms show it: `870`, `12.4K`, `1.1M`."""
    for size, suffix in ((1_000_000_000, "B"), (1_000_000, "M"), (1_000, "K")):
        if number >= size:
            shown = f"{number / size:.1f}".removesuffix(".0")
            return f"{shown}{suffix}"
    return str(number)


def _counts(counts: dict[str, int]) -> tuple[tuple[str, str], ...]:
    return tuple((label, compact(counts[name])) for name, label in COUNT_LABELS)


def _inject_item(
    session: Session, inject: str, audience: a.Audience, kind: ChannelKind
) -> FeedItem:
    content = content_for(session, inject, audience)
    post = content.post
    name = (post.display_name if post and post.display_name else "") or content.sender
    handle = (post.handle if post else "") or content.sender_handle
    counts: tuple[tuple[str, str], ...] = ()
    source = session.compiled.injects.get(inject)
    if kind is ChannelKind.SOCIAL and source is not None:
        table = session.compiled.engagement
        counts = _counts(table.counts(session.state, source.source.channel, inject, post))
    return FeedItem(
        id=f"inject-{inject}",
        inject=inject,
        when=format_clock(content.clock) if content.clock is not None else "",
        name=name or ("—" if kind is ChannelKind.EMAIL else content.channel),
        handle=handle,
        avatar=avatar(name or content.channel, handle),
        title=content.title,
        body=markdown(content.body),
        hashtags=post.hashtags if post else (),
        counts=counts,
        attachments=content.attachments,
        recipients=content.recipients,
    )


def _post_item(session: Session, post: Post, clock: int, audience: a.Audience) -> FeedItem:
    scenario = session.compiled.scenario
    actor = next((item for item in scenario.actors if item.id == post.actor), None)
    name = actor.name if actor else post.actor
    handle = (actor.handle if actor else "") or f"@{post.actor}"
    counts = session.compiled.engagement.counts(session.state, post.channel)
    mine = audience.cell == post.cell
    sees_author = mine or audience.kind is a.AudienceKind.CONTROL
    return FeedItem(
        id=f"post-{post.key}",
        inject=None,
        when=format_clock(clock),
        name=name,
        handle=handle,
        avatar=avatar(name, handle),
        title="",
        body=tagged(post.text),
        hashtags=(),  # marked in the text itself
        counts=_counts(counts),
        attachments=(),
        by_cell=_cell_names(scenario).get(post.cell, post.cell) if sees_author else "",
        mine=mine,
        edited=post.edited and sees_author,
    )


def _cell_names(scenario: Scenario) -> dict[str, str]:
    return {cell.id: cell.name for cell in scenario.cells}


def _items_by_channel(session: Session, audience: a.Audience) -> dict[str, list[FeedItem]]:
    """Every feed item this audience may see, by channel id, oldest first."""
    scenario = session.compiled.scenario
    kinds = {channel.id: channel.kind for channel in scenario.channels}
    shown = set(a.inbox(session, audience))
    found: dict[str, list[FeedItem]] = {}
    seen: set[str] = set()
    posts = session.state.posts
    for event in session.events:
        if event["type"] == "inject_delivered":
            inject = event["inject"]
            channel = _channel_of(session, inject)
            kind = kinds.get(channel)
            if inject in shown and inject not in seen and kind in FEED_KINDS:
                seen.add(inject)
                assert kind is not None
                found.setdefault(channel, []).append(_inject_item(session, inject, audience, kind))
        elif event["type"] == "post_released":
            post = posts.get(event["key"])
            if post is not None and post.status is PostStatus.RELEASED and post.key not in seen:
                seen.add(post.key)
                item = _post_item(session, post, event["clock"], audience)
                found.setdefault(post.channel, []).append(item)
    return found


def _channel_of(session: Session, inject: str) -> str:
    if inject in session.state.adhoc:
        return str(session.state.adhoc[inject].get("channel") or "")
    return session.compiled.injects[inject].source.channel


def _actor_labels(scenario: Scenario, channel: Channel, cell: str) -> tuple[tuple[str, str], ...]:
    actors = {actor.id: actor for actor in scenario.actors}
    labels = []
    for actor_id in actors_for(channel, cell):
        actor = actors.get(actor_id)
        name, handle = (actor.name, actor.handle) if actor else (actor_id, "")
        labels.append((actor_id, f"{name} ({handle})" if handle else name))
    return tuple(labels)


def _post_view(post: Post, scenario: Scenario) -> PostView:
    channels = {channel.id: channel.name for channel in scenario.channels}
    actors = {actor.id: actor.name for actor in scenario.actors}
    return PostView(
        key=post.key,
        channel=channels.get(post.channel, post.channel),
        cell=_cell_names(scenario).get(post.cell, post.cell),
        actor=actors.get(post.actor, post.actor),
        text=post.text,
        status=post.status.value,
        reason=post.reason,
    )


def feed_view(session: Session, audience: a.Audience) -> FeedView:
    """What `audience` may see of the feed channels now."""
    scenario = session.compiled.scenario
    items = _items_by_channel(session, audience)
    cell = audience.cell
    mine = [p for p in session.state.posts.values() if cell is not None and p.cell == cell]
    channels = []
    for channel in scenario.channels:
        if channel.kind not in FEED_KINDS:
            continue
        actors = _actor_labels(scenario, channel, cell) if cell is not None else ()
        shown = tuple(reversed(items.get(channel.id, [])))
        if not shown and not actors:
            continue
        count = sum(post.channel == channel.id for post in mine)
        channels.append(
            ChannelFeed(
                id=channel.id,
                kind=channel.kind.value,
                name=channel.name,
                items=shown,
                actors=actors,
                signature=f"{channel.id}-{count}",
            )
        )
    if cell is not None:
        followed = [p for p in mine if p.status is not PostStatus.RELEASED]
    elif audience.kind is a.AudienceKind.CONTROL:
        followed = [p for p in session.state.posts.values() if p.status is PostStatus.WAITING]
    else:
        followed = []
    return FeedView(tuple(channels), tuple(_post_view(p, scenario) for p in followed))


def attachment_of(
    session: Session, audience: a.Audience, inject: str, index: int
) -> Attachment | None:
    """An inject's attachment, if this audience may see the inject and it was delivered."""
    if inject not in session.compiled.injects or inject not in session.state.delivered:
        return None
    if not a.sees_inject(audience, session, inject):
        return None
    attachments = session.compiled.injects[inject].source.attachments
    return attachments[index] if 0 <= index < len(attachments) else None


def presenting_card(session: Session, audience: a.Audience) -> Card | None:
    """The inject the console presents to the room, if this audience may see it."""
    inject = presented(session, lambda item: a.sees_inject(audience, session, item))
    return inject_card(session, inject, audience) if inject is not None else None
