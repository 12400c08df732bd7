"""What a Textual app told its user: every notice, in order, through the public `App.notify`.

Textual keeps only the notices still on screen, in a private field; tests read this record
instead (`told(app)`), filled by the autouse fixture in tests/conftest.py.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any

from textual.app import App


@dataclass(frozen=True)
class Notice:
    """One notice as the user saw it."""

    message: str
    severity: str
    title: str


_TOLD: weakref.WeakKeyDictionary[App[Any], list[Notice]] = weakref.WeakKeyDictionary()


def record(app: App[Any], message: str, severity: str, title: str) -> None:
    """Keep a notice `app` showed."""
    _TOLD.setdefault(app, []).append(Notice(str(message), severity, title))


def told(app: App[Any]) -> list[Notice]:
    """Every notice `app` showed so far, oldest first."""
    return list(_TOLD.get(app, ()))


def messages(app: App[Any]) -> list[str]:
    """The messages of `told(app)`."""
    return [notice.message for notice in told(app)]
