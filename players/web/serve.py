"""`wargame run --serve`: the console and the room's web server on one asyncio loop.

One `asyncio.run` awaits the Textual app's `run_async()` beside `uvicorn.Server.serve()`, so
every request is handled on the loop the console runs on, between its key presses: the
console stays the one writer of the journal, and nothing needs a lock. Uvicorn's signal
handlers and logging are off (Textual owns the terminal and Ctrl+C); the socket is bound
before the console starts, so a port in use is a clean error, not a broken screen.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import socket
import sys
from collections import Counter
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn

from engine.errors import UserError
from engine.journal.journaled_session import JournaledSession
from engine.play.commands import Command, RateTask, SubmitChoice, SubmitPost
from engine.play.evaluation import evaluators
from engine.play.events import Event
from players.console.app import ConsoleApp, Notice
from players.console.keys import key_for
from players.web.app import create_app
from players.web.desk import ExerciseDesk
from players.web.evaluator import keep_evaluator_seats
from players.web.hub import Hub
from players.web.tokens import SeatBook

LOOPBACK = "127.0.0.1"
PUBLISH_AFTER = 0.02
"""Seconds the seats' "update" waits after a change, so the console redraws first (a key's
screen is the facilitator's; a seat's 20 ms more is nothing) and a burst is told once."""


def parse_address(text: str) -> tuple[str, int]:
    """`8000` → (127.0.0.1, 8000); `0.0.0.0:8000` → (0.0.0.0, 8000); port 0 picks a free one.

    Raises:
        UserError: not [HOST:]PORT.
    """
    host, colon, port = text.rpartition(":")
    host = host.strip("[]") if colon else LOOPBACK
    if not port.isdigit() or not 0 <= int(port) <= 65535 or (colon and not host):
        raise UserError(f"--serve takes [HOST:]PORT, such as 8000 or 0.0.0.0:8000 (got {text!r})")
    return host, int(port)


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach `host`."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str, port: int) -> str | None:
    """What to print when the room listens beyond this machine (None on loopback)."""
    if is_loopback(host):
        return None
    return (
        f"warning: the room listens on {host}:{port}, reachable from this network. Only the "
        "seats' links open it: share each link with its table only, and put a reverse proxy "
        "with TLS in front on any network you do not control."
    )


def bind(host: str, port: int) -> socket.socket:
    """A listening socket, bound before the console takes the screen.

    Raises:
        UserError: the address cannot be used (port in use, unknown host).
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        family, kind, proto, _, address = infos[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as error:
        raise UserError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    sock.setblocking(False)
    return sock


def base_url(sock: socket.socket, host: str) -> str:
    """The address the links use: the bound host and the port actually picked."""
    port = sock.getsockname()[1]
    shown = LOOPBACK if host in ("0.0.0.0", "::", "") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


@dataclass
class OpenRoom:
    """The room as the console's Seats screen sees it."""

    seats: SeatBook
    hub: Hub
    base: str
    desk: ExerciseDesk | None = None
    """The exercise, whose roster says which evaluators still have a seat (None: all)."""

    def links(self) -> list[tuple[str, str]]:
        """Every seat with its link (not those of evaluators taken off the roster)."""
        named = None if self.desk is None else evaluators(self.desk.session.state)
        return [(link.seat, link.url) for link in self.seats.links(self.base, named)]

    def connected(self) -> Counter[str]:
        """How many pages each seat has open."""
        return self.hub.connected()

    def reissue(self, seat: str) -> None:
        """A new link for a seat; its open pages are told at once."""
        self.seats.reissue(seat)
        self.hub.close_seat(seat)


class QuietServer(uvicorn.Server):
    """Uvicorn without its signal handlers: the console owns Ctrl+C and the terminal."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        """Install no signal handlers: the console keeps Ctrl+C."""
        yield


def quiet_uvicorn() -> None:
    """Keep uvicorn's log lines off the console's screen."""
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "uvicorn.asgi"):
        logger = logging.getLogger(name)
        logger.handlers = [logging.NullHandler()]
        logger.propagate = False


def server_for(
    desk: ExerciseDesk, seats: SeatBook, hub: Hub, folder: Path | None = None
) -> QuietServer:
    """The room's uvicorn server (not started); `folder`: the scenario's, for attachments."""
    quiet_uvicorn()
    config = uvicorn.Config(
        create_app(desk, seats, hub, folder=folder),
        log_config=None,
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=1,
    )
    return QuietServer(config)


_FROM_THE_ROOM: dict[type[Command], tuple[str, str, str]] = {
    SubmitChoice: ("sent a choice", "answer_submissions", "answer"),
    SubmitPost: ("wrote a post", "answer_posts", "release it"),  # the feed (issue 17)
}
"""What the console says when a seat sends a command: what came, the action that answers it
(its key comes from the key table), and what the key does."""


def follow(app: ConsoleApp, desk: ExerciseDesk, hub: Hub) -> None:
    """Connect the desk's changes to the seats (always) and the console (for the room's posts)."""

    pending: list[asyncio.TimerHandle] = []

    def publish() -> None:
        pending.clear()
        hub.publish()

    def changed(command: Command, events: list[Event], origin: str) -> None:
        if not pending:
            pending.append(asyncio.get_running_loop().call_later(PUBLISH_AFTER, publish))
        if origin != "console":  # the console redraws itself after its own commands
            # A seat's command arrives in the server's request task, outside the console's
            # own context (Textual's active app is not set there): the console is told
            # through its message queue and redraws in its own context.
            app.call_later(tell_console, command)

    def tell_console(command: Command) -> None:
        app.refresh_views()
        told = _FROM_THE_ROOM.get(type(command))
        if told is not None:
            what, action, then = told
            cells = {cell.id: cell.name for cell in desk.session.compiled.scenario.cells}
            cell = str(getattr(command, "cell", ""))
            app.notify(
                f"{cells.get(cell, cell)} {what}. Press {key_for(action)} to {then}.",
                title="From the room",
                timeout=15,
            )
        elif isinstance(command, RateTask) and command.evaluator:  # evaluators' seats (#17)
            app.notify(
                f"{command.evaluator} rated a task {command.rating}. "
                f"Press {key_for('settle_ratings')} to compare.",
                title="From the room",
                timeout=8,
            )

    desk.listeners.append(changed)


async def run_with_room(app: ConsoleApp, server: QuietServer, sock: socket.socket) -> None:
    """Run the console and the server together; the server stops when the console quits."""
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        await app.run_async()
    finally:
        server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await task


def run_room(
    exercise: JournaledSession,
    options: dict[str, Any],
    listen: tuple[str, socket.socket],
    url: str | None,
    folder: Path | None = None,
) -> int:
    """Open the console on `exercise` with the room served on the bound socket.

    Returns:
        The console's exit code (1 when it crashed).
    """
    host, sock = listen
    warning = exposure_warning(host, sock.getsockname()[1])
    if warning:
        print(warning, file=sys.stderr)
    named = evaluators(exercise.session.state)
    seats = SeatBook.open(exercise.journal.path, exercise.session.compiled.scenario, named)
    base = url or base_url(sock, host)
    seats.remember_base(base)
    if folder is not None:
        seats.remember_folder(folder)
    folder = seats.folder  # a resume without SCENARIO serves what the room served before
    desk = ExerciseDesk(exercise)
    keep_evaluator_seats(desk, seats)
    hub = Hub()
    notices: list[Notice] = [
        *options.pop("notices", ()),
        (f"The room is open at {base}: press l for the seats' links.", "information"),
    ]
    if warning:
        notices.append((warning.removeprefix("warning: "), "warning"))
    room = OpenRoom(seats, hub, base, desk)
    app = ConsoleApp(desk, room=room, notices=notices, **options)
    follow(app, desk, hub)
    asyncio.run(run_with_room(app, server_for(desk, seats, hub, folder), sock))
    return app.return_code or 0
