"""The feed's routes in the room: a cell's post from its seat, and the injects' attachments.

A post follows a seat's submitted choice step for step: the seat's cookie, the page's origin
and anti-forgery value, the body's size and the seat's rate are checked (`Room._post`), the
idempotency key makes a retry answer "received" without recording twice, and the post is
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
from players.web.access import (
    SECURITY_HEADERS,
    BadPost,
    Forbidden,
    bounded_text,
    idempotency_key,
)
from players.web.feed import attachment_of

if TYPE_CHECKING:
    from engine.audience import Audience
    from players.web.app import Desk

IMAGES = frozenset(kind for kind in KINDS.values() if kind.startswith("image/"))


class FeedRoutes:
    """The feed's routes, mixed into `players.web.app.Room` (which gives the checks)."""

    desk: Desk
    folder: Path | None
    """The scenario's folder, where attachments are read from (None: not known, not served)."""

    # what the room provides (players.web.app.Room)
    def _seat(self, request: Request, wanted: str) -> str:
        raise NotImplementedError

    def _wanted(self, request: Request) -> tuple[str, Audience, str]:
        raise NotImplementedError

    async def _post(self, request: Request, seat: str) -> dict[str, str]:
        raise NotImplementedError

    def _execute(self, command: c.Command, seat: str) -> None:
        raise NotImplementedError

    def _answer(self, request: Request, message: str) -> Response:
        raise NotImplementedError

    async def write_post(self, request: Request) -> Response:
        """A cell's post: journaled on arrival, then "received"; refused in plain words."""
        seat, audience, _ = self._wanted(request)
        self._seat(request, seat)
        fields = await self._post(request, seat)
        cell = str(audience.cell)
        text = bounded_text(fields, "text", MAX_POST, "post")
        key = idempotency_key(fields)
        known = self.desk.session.state.posts.get(key)
        if known is not None and known.cell != cell:
            raise BadPost(409, "That post belongs to another seat.")
        if known is None:  # a retry of a received post is answered, not recorded again
            command = c.SubmitPost(
                key, fields.get("channel", ""), cell, fields.get("actor", ""), text
            )
            self._execute(command, seat)
        return self._answer(request, "Received: your post waits for the facilitator to release it.")

    async def attachment(self, request: Request) -> Response:
        """An inject's attachment, for a seat that may see the inject."""
        seat, audience, _ = self._wanted(request)
        self._seat(request, seat)
        index = int(request.path_params["index"])
        found = attachment_of(self.desk.session, audience, request.path_params["inject"], index)
        path = attachment_path(self.folder, found.file) if found and self.folder else None
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
