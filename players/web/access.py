"""What every answer of the room carries, and the two ways a request is refused.

Shared by the room's routes (`players.web.app`) and the feed's (`players.web.posts`).
"""

from __future__ import annotations

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class Forbidden(Exception):
    """The request does not carry the right seat: 403, and nothing else."""


class BadPost(Exception):
    """A post that is too big, too fast or malformed, with its status and a short message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
