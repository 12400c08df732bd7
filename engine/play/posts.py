"""The rules of the cells' posts: a post written at a seat, then released, edited or returned.

A post follows a seat's submitted choice: `submit_post` records what the cell wrote (journaled
on arrival, record only), and the facilitator answers it: `release_post` puts it in the room's
feed (journaled as player-authored, with its cell and actor; an edit is released in place of
the cell's text) and may make `on_post` injects due, which the session's sweep then delivers;
`return_post` sends it back with a word why. Who may post where, as whom, is the channel's
`posting` list.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.format.model import Channel
from engine.play import commands as c
from engine.play import rules
from engine.play.context import Context
from engine.play.phase import RUNNING
from engine.play.state import Post, PostStatus

MAX_KEY = 100
"""The longest idempotency key a seat may send."""
MAX_POST = 1000
"""The longest post, in characters (a statement, not a document)."""
MAX_WAITING = 5
"""The most posts one cell may have waiting for the facilitator at once."""


def channel_of(session: Context, channel_id: str) -> Channel | None:
    """The scenario's channel with this id, if any."""
    return next((ch for ch in session.compiled.scenario.channels if ch.id == channel_id), None)


def actors_for(channel: Channel, cell: str) -> tuple[str, ...]:
    """The actors `cell` may post as on `channel` (none: it may not post there)."""
    return tuple(actor for right in channel.posting if right.cell == cell for actor in right.actors)


def _text(text: str) -> str:
    text = text.strip()
    rules.require(bool(text), "a post needs some text")
    rules.require(len(text) <= MAX_POST, f"a post has at most {MAX_POST} characters")
    return text


def _check_submit(session: Context, command: c.SubmitPost) -> None:
    state = session.state
    rules.require(0 < len(command.key) <= MAX_KEY, f"a post's key has 1 to {MAX_KEY} characters")
    rules.require(command.key not in state.posts, "this post was already received")
    rules.require(state.phase in RUNNING, "posts are sent while the exercise runs")
    channel = channel_of(session, command.channel)
    rules.require(channel is not None, f"no channel {command.channel!r}")
    assert channel is not None
    actors = actors_for(channel, command.cell)
    rules.require(bool(actors), f"your cell may not post on {channel.name}")
    names = {actor.id: actor.name for actor in session.compiled.scenario.actors}
    who = names.get(command.actor, command.actor)
    rules.require(command.actor in actors, f"your cell may not post as {who} on {channel.name}")
    _text(command.text)
    waiting = [p for p in state.posts.values() if p.cell == command.cell and _waiting(p)]
    rules.require(
        len(waiting) < MAX_WAITING,
        f"{MAX_WAITING} of your posts are still waiting for the facilitator",
    )


def _submit(session: Context, command: c.SubmitPost, checked: None) -> None:
    session.emit(
        {
            "type": "post_submitted",
            "key": command.key,
            "channel": command.channel,
            "cell": command.cell,
            "actor": command.actor,
            "text": command.text.strip(),
        }
    )


def _waiting(post: Post) -> bool:
    return post.status is PostStatus.WAITING


def waiting_post(session: Context, key: str) -> Post:
    """The waiting post with this key, or refuse."""
    post = session.state.posts.get(key)
    rules.require(post is not None, f"no post {key!r}")
    assert post is not None
    rules.require(_waiting(post), f"the post {key!r} was already {post.status.value}")
    return post


def _check_release(session: Context, command: c.ReleasePost) -> str:
    post = waiting_post(session, command.key)
    rules.require_running(session, "release a post")
    return _text(command.text) if command.text.strip() else post.text


def _release(session: Context, command: c.ReleasePost, text: str) -> None:
    post = session.state.posts[command.key]
    session.emit(
        {
            "type": "post_released",
            "key": post.key,
            "channel": post.channel,
            "cell": post.cell,
            "actor": post.actor,
            "text": text,
            "edited": text != post.text,
        }
    )


def _check_return(session: Context, command: c.ReturnPost) -> None:
    waiting_post(session, command.key)


def _return(session: Context, command: c.ReturnPost, checked: None) -> None:
    session.emit({"type": "post_returned", "key": command.key, "reason": command.reason})


Check = Callable[[Context, Any], Any]
Apply = Callable[[Context, Any, Any], None]

POST_RULES: dict[type[c.Command], tuple[Check, Apply]] = {
    c.SubmitPost: (_check_submit, _submit),
    c.ReleasePost: (_check_release, _release),
    c.ReturnPost: (_check_return, _return),
}
"""Each post command's check and apply (registered in `engine.play.handlers.RULES`)."""
