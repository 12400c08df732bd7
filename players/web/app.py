"""The room's web server: the projector, a seat per cell and the controller seat (Starlette).

Requests become the same commands the console's keys make and go through the same `Desk`
(the console's journaled exercise), on the console's own event loop, so the console stays the
one writer of the journal. A submission is journaled (with fsync) before the browser hears
"received". Each page is drawn by `players.web.views` through the audience filter.

Access: `/join/<token>` trades a seat's token for an HttpOnly, SameSite=Strict cookie scoped
to that seat's pages; any request without the right cookie gets a bare 403. Posts must also
carry the seat's anti-forgery value and come from the page's own origin; bodies are bounded
in size and each seat in rate.
"""

from __future__ import annotations

import secrets
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from engine.audience import Audience, evaluator_audience
from engine.errors import CommandRefused, JournalError
from engine.play import commands as c
from engine.play.evaluation import evaluator_by_slug
from engine.play.events import Event
from engine.play.posts import MAX_POST
from engine.play.session import Session
from players.web import evaluator, feedback, posts
from players.web.access import SECURITY_HEADERS, BadPost, Forbidden, bounded_text, new_key
from players.web.feed import feed_view, presenting_card
from players.web.hub import Hub
from players.web.tokens import CONTROL, ROOM, SeatBook, cell_seat, evaluator_seat, seat_path
from players.web.views import page_view

HERE = Path(__file__).resolve().parent
COOKIE = "wargame_seat"
MAX_BODY = 8 * 1024
"""The largest post a seat may send (a rationale is a paragraph, not a document)."""
MAX_TEXT = 2000
"""The longest rationale or note, in characters."""


class Desk(Protocol):
    """What the server needs of the console: the exercise, and the one way to change it."""

    @property
    def session(self) -> Session:
        """The live session (read only)."""
        ...

    def execute(self, command: c.Command, origin: str = "console") -> list[Event]:
        """Journal a command (fsync) and redraw everyone; raises CommandRefused if refused."""
        ...


@dataclass
class RateLimit:
    """At most `count` posts per seat in any `window` seconds."""

    count: int = 12
    window: float = 60.0
    clock: Callable[[], float] = time.monotonic
    _recent: dict[str, deque[float]] = field(default_factory=dict)

    def allow(self, seat: str) -> bool:
        """Count a post from `seat`; False when it is one too many."""
        now = self.clock()
        recent = self._recent.setdefault(seat, deque())
        while recent and now - recent[0] > self.window:
            recent.popleft()
        if len(recent) >= self.count:
            return False
        recent.append(now)
        return True


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["max_rationale"] = MAX_TEXT
    return env


class Room:
    """The routes of the room, around one desk, its seats and its live channel.

    Its public helpers (`checked_seat`, `read_post`, `run`, `answer`) are the checks and the
    answers every seat's request goes through: the other modules' routes (`players.web.posts`,
    `players.web.evaluator`, `players.web.feedback`) are functions of a room and a request,
    registered in `create_app`'s route table, that call them.
    """

    def __init__(
        self,
        desk: Desk,
        seats: SeatBook,
        hub: Hub,
        *,
        rate: RateLimit | None = None,
        folder: Path | None = None,
    ) -> None:
        self.desk = desk
        self.folder = folder
        """The scenario's folder, where the feed's attachments are read from
        (`players.web.posts`; None: not known, not served)."""
        self.seats = seats
        self.hub = hub
        self.rate = rate or RateLimit()
        self.templates = _environment()
        self._drawn: dict[tuple[str, str], tuple[int, str]] = {}
        """Each seat's live part as last drawn, with the hub's version it was drawn at: the
        forty phones of a room ask for a handful of different pages after each change."""
        self.context_parts: list[Callable[[Session, Audience, str], dict[str, Any]]] = []
        """What other modules add to every seat's page (the evaluation guide, the feedback
        form), each drawn from the session through the seat's audience."""

    # ------------------------------------------------------------------ access
    def checked_seat(self, request: Request) -> tuple[str, Audience]:
        """The seat a request's path belongs to and its audience; 403 for no such seat, or
        unless the request carries that seat's cookie."""
        seat, audience, _ = self._wanted(request)
        if self.seats.seat_of(request.cookies.get(COOKIE, "")) != seat:
            raise Forbidden
        return seat, audience

    def _wanted(self, request: Request) -> tuple[str, Audience, str]:
        """The seat a path belongs to, its audience and the label on its page."""
        kind = request.url.path.split("/")[1]
        if kind == "cell":
            cell = request.path_params["cell"]
            names = {item.id: item.name for item in self.desk.session.compiled.scenario.cells}
            if cell not in names:
                raise Forbidden
            return cell_seat(cell), Audience.of_cell(cell), names[cell]
        if kind == "evaluator":  # an evaluator on the roster (issue 17)
            name = evaluator_by_slug(self.desk.session.state, request.path_params["name"])
            if name is None:
                raise Forbidden
            return evaluator_seat(name), evaluator_audience(self.desk.session, name), name
        if kind == ROOM:
            return ROOM, Audience.room(), "Projector"
        return CONTROL, Audience.control(), "Controller (read only)"

    async def read_post(self, request: Request) -> tuple[str, Audience, dict[str, str]]:
        """A post's seat and audience (`checked_seat`) and its fields, after the origin,
        anti-forgery, size and rate checks."""
        seat, audience = self.checked_seat(request)
        site = request.headers.get("sec-fetch-site")
        origin = request.headers.get("origin")
        expected = f"{request.url.scheme}://{request.headers.get('host', '')}"
        if (site is not None and site not in ("same-origin", "none")) or (
            origin is not None and origin != expected
        ):
            raise Forbidden
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY):
            raise BadPost(413, "That is too long to send.")
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                raise BadPost(413, "That is too long to send.")
        try:
            parsed = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=10)
        except (UnicodeDecodeError, ValueError):
            raise BadPost(400, "That could not be read; reload the page and try again.") from None
        fields = {key: values[0] for key, values in parsed.items()}
        token = request.headers.get("x-csrf-token") or fields.get("csrf", "")
        if not secrets.compare_digest(token.encode(), self.seats.csrf(seat).encode()):
            raise Forbidden
        if not self.rate.allow(seat):
            raise BadPost(429, "Too many sends at once; wait a moment and try again.")
        return seat, audience, fields

    # ------------------------------------------------------------------ pages
    def _context(self, request: Request, **extra: Any) -> dict[str, Any]:
        seat, audience, label = self._wanted(request)
        base = seat_path(seat)
        session = self.desk.session
        return {
            "view": page_view(session, audience, label),
            "seat": seat,
            "kind": audience.kind.value,
            "base": base,
            "csrf": self.seats.csrf(seat),
            "live": f"live_{'cell' if audience.cell else audience.kind.value}.html",
            "message": "",
            "message_kind": "",
            # the feed (issue 17): players.web.feed, drawn through the audience filter
            "feed": feed_view(self.desk.session, audience),
            "presenting": presenting_card(self.desk.session, audience),
            "files": self.folder is not None,
            "max_post": MAX_POST,
            **self._parts(session, audience, seat),
            **extra,
        }

    def _parts(self, session: Session, audience: Audience, seat: str) -> dict[str, Any]:
        drawn: dict[str, Any] = {}
        for part in self.context_parts:
            drawn.update(part(session, audience, seat))
        return drawn

    def _render(self, template: str, context: dict[str, Any], status: int = 200) -> Response:
        html = self.templates.get_template(template).render(context)
        return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)

    async def page(self, request: Request) -> Response:
        """A seat's whole page."""
        seat, _ = self.checked_seat(request)
        context = self._context(request)
        return self._render("control.html" if seat == CONTROL else "base.html", context)

    async def live(self, request: Request) -> Response:
        """The part of a seat's page that follows the exercise (fetched on every update)."""
        seat, _ = self.checked_seat(request)
        drawn = (seat, self.seats.csrf(seat))  # a reissued seat's page is drawn afresh
        version, html = self._drawn.get(drawn, (-1, ""))
        if version != self.hub.version:
            context = self._context(request)
            html = self.templates.get_template(context["live"]).render(context)
            self._drawn[drawn] = (self.hub.version, html)
        return HTMLResponse(html, headers=SECURITY_HEADERS)

    async def events(self, request: Request) -> Response:
        """The seat's live channel: "update" whenever the exercise changes."""
        seat, _ = self.checked_seat(request)
        headers = {**SECURITY_HEADERS, "X-Accel-Buffering": "no"}
        return StreamingResponse(
            self.hub.stream(seat), media_type="text/event-stream", headers=headers
        )

    async def join(self, request: Request) -> Response:
        """Trade a seat's token for its cookie, then open the seat's page."""
        seat = self.seats.seat_of(request.path_params["token"])
        if seat is None:
            raise Forbidden
        target = seat_path(seat)
        label = seat.removeprefix("cell:")
        response = self._render("joined.html", {"target": target, "label": label})
        response.set_cookie(
            COOKIE,
            request.path_params["token"],
            max_age=14 * 24 * 3600,
            path=target,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )
        return response

    async def submit(self, request: Request) -> Response:
        """A cell's choice: journaled on arrival, then "received"; refused in plain words."""
        seat, audience, fields = await self.read_post(request)
        cell = str(audience.cell)
        rationale = bounded_text(fields, "rationale", MAX_TEXT, "rationale")
        key = new_key(fields, self.desk.session.state.submissions, cell, "submission")
        if key is not None:  # a retry of a received submission is answered, not recorded again
            command = c.SubmitChoice(
                key, fields.get("decision", ""), cell, fields.get("option", ""), rationale
            )
            self.run(command, seat)
        return self.answer(request, "Received: waiting for the facilitator.")

    async def note(self, request: Request) -> Response:
        """A note from the controller seat, journaled through the console."""
        seat, _, fields = await self.read_post(request)
        text = bounded_text(fields, "text", MAX_TEXT, "note")
        self.run(c.AddNote(text), seat)
        return self.answer(request, "Note added.")

    def run(self, command: c.Command, seat: str) -> None:
        """Journal a seat's command through the desk; refused in plain words (409, 503)."""
        try:
            self.desk.execute(command, seat)
        except CommandRefused as refused:
            raise BadPost(409, _sentence(str(refused))) from None
        except JournalError:
            raise BadPost(503, "The console could not record that; try again.") from None

    def run_once(self, key: str, command: c.Command, seat: str) -> None:
        """`run` a command sent under an idempotency key, unless that key was already received
        (a retry after a lost answer is answered again, not recorded twice)."""
        if key not in self.desk.session.state.received:
            self.run(command, seat)

    def answer(self, request: Request, message: str) -> Response:
        """The seat's live part with a message (or a redirect to its page without script)."""
        if request.headers.get("hx-request") != "true":
            return RedirectResponse(seat_path(self._wanted(request)[0]), status_code=303)
        context = self._context(request, message=message, message_kind="ok")
        return self._render(context["live"], context)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


async def _forbidden(request: Request, exc: Exception) -> Response:
    return PlainTextResponse("Forbidden", status_code=403, headers=SECURITY_HEADERS)


async def _bad_post(request: Request, exc: Exception) -> Response:
    status = exc.status if isinstance(exc, BadPost) else 400
    return PlainTextResponse(str(exc), status_code=status, headers=SECURITY_HEADERS)


def create_app(
    desk: Desk,
    seats: SeatBook,
    hub: Hub,
    *,
    rate: RateLimit | None = None,
    folder: Path | None = None,
) -> Starlette:
    """The room's ASGI application (`folder`: the scenario's, for the injects' attachments)."""
    room = Room(desk, seats, hub, rate=rate, folder=folder)
    pages: list[tuple[str, Callable[[Request], Awaitable[Response]], list[str]]] = []
    for prefix in ("/room", "/control", "/cell/{cell}", "/evaluator/{name}"):
        pages += [
            (prefix, room.page, ["GET"]),
            (f"{prefix}/live", room.live, ["GET"]),
            (f"{prefix}/events", room.events, ["GET"]),
        ]
    pages += [
        ("/cell/{cell}/submit", room.submit, ["POST"]),
        ("/control/note", room.note, ["POST"]),
        ("/join/{token}", room.join, ["GET"]),
    ]
    room.context_parts += [evaluator.guide_context, feedback.feedback_form]
    pages += [  # the other modules' routes: functions of the room and the request
        ("/cell/{cell}/post", partial(posts.write_post, room), ["POST"]),  # the feed (issue 17)
        *(
            (f"{p}/attachment/{{inject}}/{{index:int}}", partial(posts.attachment, room), ["GET"])
            for p in ("/room", "/control", "/cell/{cell}")
        ),
        ("/evaluator/{name}/rate", partial(evaluator.rate, room), ["POST"]),
        ("/evaluator/{name}/observe", partial(evaluator.observe, room), ["POST"]),
        ("/evaluator/{name}/feedback", partial(feedback.submit, room), ["POST"]),
        ("/cell/{cell}/feedback", partial(feedback.submit, room), ["POST"]),
    ]
    routes: list[Route | Mount] = [Route(path, call, methods=m) for path, call, m in pages]
    routes.append(Mount("/static", StaticFiles(directory=HERE / "static"), name="static"))
    app = Starlette(routes=routes, exception_handlers={Forbidden: _forbidden, BadPost: _bad_post})
    app.state.room = room
    return app
