"""The feed's routes in the room: a cell's post from its seat, and the injects' attachments.

A post follows a seat's submitted choice step for step: the seat's cookie, the page's origin
and anti-forgery value, the body's size and the seat's rate are checked (`Room.read_post`),
the idempotency key makes a retry answer "received" without recording twice, and the post is
journaled (`submit_post`, fsync) before the seat hears it was received. An attachment is sent
only to a seat whose audience may see its inject, once the inject is delivered; any other ask
gets the same bare 403 as a wrong cookie.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import FileResponse, Response

from engine.format.attachments import KINDS, attachment_path
from engine.play import commands as c
from engine.play.posts import MAX_POST
from players.web.access import SECURITY_HEADERS, Forbidden, bounded_text, new_key
from players.web.feed import attachment_of

if TYPE_CHECKING:
    from players.web.app import Room

IMAGES = frozenset(kind for kind in KINDS.values() if kind.startswith("image/"))


async def write_post(room: Room, request: Request) -> Response:
    """A cell's post: journaled on arrival, then "received"; refused in plain words."""
    seat, audience, fields = await room.read_post(request)
    cell = str(audience.cell)
    text = bounded_text(fields, "text", MAX_POST, "post")
    key = new_key(fields, room.desk.session.state.posts, cell, "post")
    if key is not None:  # a retry of a received post is answered, not recorded again
        command = c.SubmitPost(key, fields.get("channel", ""), cell, fields.get("actor", ""), text)
        room.run(command, seat)
    return room.answer(request, "Received: your post waits for the facilitator to release it.")


async def attachment(room: Room, request: Request) -> Response:
    """An inject's attachment, for a seat that may see the inject (`room.folder`: where from)."""
    _, audience = room.checked_seat(request)
    index = int(request.path_params["index"])
    found = attachment_of(room.desk.session, audience, request.path_params["inject"], index)
    path = attachment_path(room.folder, found.file) if found and room.folder else None
    if found is None or not isinstance(path, Path):
        raise Forbidden
    kind = KINDS[path.suffix.lower()]
    disposition = "inline" if kind in IMAGES else "attachment"
    name = f"attachment-{index}{path.suffix.lower()}"
    return FileResponse(
        path,
        media_type=kind,
        headers={
            **SECURITY_HEADERS,
            "Content-Disposition": f'{disposition}; filename="{name}"',
        },
    )
