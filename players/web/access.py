"""What every answer of the room carries, and the two ways a request is refused.

Shared by the room's routes (`players.web.app`), the feed's (`players.web.posts`) and the
evaluators' and feedback seats' (`players.web.evaluator`, `players.web.feedback`), with the
rules every seat's post follows: a bounded text field, an idempotency key, and a key another
seat already used is refused.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Protocol

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


def bounded_text(fields: Mapping[str, str], name: str, limit: int, what: str) -> str:
    """The posted field `name`, stripped; a `BadPost` (400) when it has more than `limit`
    characters, saying "The {what} is too long"."""
    text = fields.get(name, "").strip()
    if len(text) > limit:
        raise BadPost(400, f"The {what} is too long (at most {limit} characters).")
    return text


def idempotency_key(fields: Mapping[str, str]) -> str:
    """The key the seat's page script sent (a retry sends the same), or a fresh one."""
    return fields.get("key") or secrets.token_urlsafe(16)


class Owned(Protocol):
    """Something a cell sent from its seat (a submission, a post), kept by its key."""

    @property
    def cell(self) -> str:
        """The cell whose seat sent it."""
        ...


def new_key(
    fields: Mapping[str, str], known: Mapping[str, Owned], cell: str, what: str
) -> str | None:
    """The post's idempotency key if nothing is kept under it yet; None for a retry of this
    cell's own (answered, not recorded again); a `BadPost` (409), "That {what} belongs to
    another seat.", when another cell's is kept under it."""
    key = idempotency_key(fields)
    found = known.get(key)
    if found is None:
        return key
    if found.cell != cell:
        raise BadPost(409, f"That {what} belongs to another seat.")
    return None
