"""The cells' posts in the report: timeline lines, and the posts that brought injects about.

A released post is journaled as player-authored (`post_released`, with its cell and actor),
so the timeline shows it as a line of its own, and an objective exercised by an inject that
a post made due (`on_post`, delivered in the same group as the release) cites the post too.
"""

from __future__ import annotations

from engine.play.events import Record
from engine.report.model import EventRef
from engine.report.names import Names, ref, shorten
from engine.report.walk import Walk

TEXT_LIMIT = 240
"""Characters of a post the timeline line shows (cut at a word)."""


def post_label(event: Record, names: Names) -> str:
    """`Public affairs posted on TikTok as MAJ Lena Ortiz`."""
    channel = names.channels.get(str(event["channel"]), str(event["channel"]))
    actor = names.recipient(str(event["actor"]))
    return f"{names.cell(str(event['cell']))} posted on {channel} as {actor}"


Described = tuple[str, str, str, str] | None


def released(event: Record, walk: Walk, names: Names) -> Described:
    """A timeline line for a released post (player-authored: who is the cell)."""
    edited = " (edited by the facilitator before release)" if event.get("edited") else ""
    detail = shorten(str(event.get("text", "")), TEXT_LIMIT) + edited
    return "post", post_label(event, names), detail, names.cell(str(event["cell"]))


def returned(event: Record, walk: Walk, names: Names) -> Described:
    """A timeline line for a post the facilitator sent back."""
    post = next(
        (e for e in walk.records if e["type"] == "post_submitted" and e["key"] == event["key"]),
        None,
    )
    cell = names.cell(str(post["cell"])) if post is not None else ""
    title = f"Post sent back to {cell or 'its cell'}"
    return "intervention", title, str(event["reason"]), "facilitator"


def posts_behind(inject_event: Record, walk: Walk, names: Names) -> list[EventRef]:
    """The released posts that made this delivered inject due (same group, `on_post`)."""
    group = int(inject_event["group"])
    return [
        ref(event, "post", post_label(event, names))
        for event in walk.effective
        if event["type"] == "post_released" and int(event["group"]) == group
    ]
