"""Which inject is in front of the room: the one presented, and the delivered ones waiting.

Several injects often arrive with one key (a new turn delivers three). The console presents
them one at a time, and which one it presents is journaled (`present_inject`, a record-only
command whose `inject_presented` event changes nothing in the story), so the players' view
shows the inject the console is presenting and a resume presents it again. Pure queries on a
session; the console and the players' view both use them.
"""

from __future__ import annotations

from collections.abc import Callable

from engine.play.session import Session


def delivered_in_order(session: Session) -> list[str]:
    """The injects delivered and still in effect, in the order they were (last) delivered."""
    delivered = session.state.delivered
    order: dict[str, None] = {}
    for event in session.events:
        if event["type"] == "inject_delivered" and event["inject"] in delivered:
            order.pop(event["inject"], None)
            order[event["inject"]] = None
    return list(order)


def presentations(session: Session) -> list[str]:
    """Every inject presented, oldest first, left out those no longer delivered (undone)."""
    delivered = session.state.delivered
    return [
        event["inject"]
        for event in session.events
        if event["type"] == "inject_presented" and event["inject"] in delivered
    ]


def presented(session: Session, visible: Callable[[str], bool] = lambda _: True) -> str | None:
    """The inject presented now (the latest presentation `visible` allows), if any."""
    return next((inject for inject in reversed(presentations(session)) if visible(inject)), None)


def waiting(session: Session) -> list[str]:
    """Delivered injects never presented yet, in delivery order (the queue to step through)."""
    shown = set(presentations(session))
    return [inject for inject in delivered_in_order(session) if inject not in shown]
