"""The room's seats under attack (issue #23): a fuzz target for every request handler, and the
attacks a hostile player on the room's network would try.

Whatever arrives — any path, method, cookie, form field, header or body — the room answers with
a page or a 4xx, never a server error or a traceback, and the session always equals its
journal: a refused request writes nothing. `WARGAME_FUZZ=2000` runs 2,000 examples (40 by
default; CI runs the default, reproducibly).
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from engine.journal.store import read_journal
from engine.play import commands as c
from players.web.app import RateLimit, create_app
from players.web.desk import ExerciseDesk
from players.web.hub import Hub
from players.web.serve import bind, server_for
from players.web.tokens import SeatBook

EXAMPLES = int(os.environ.get("WARGAME_FUZZ", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
SEATS = ["room", "control", "cell:blue", "cell:red", None]
"""Whose cookie the request carries (None: no seat at all)."""
PAGES = ["/room", "/control", "/cell/{x}", "/evaluator/{x}"]
ACTIONS = [
    ("POST", "/cell/{x}/submit"),
    ("POST", "/cell/{x}/post"),
    ("POST", "/cell/{x}/feedback"),
    ("POST", "/control/note"),
    ("POST", "/evaluator/{x}/rate"),
    ("POST", "/evaluator/{x}/observe"),
    ("POST", "/evaluator/{x}/feedback"),
    ("GET", "/join/{x}"),
    ("GET", "/cell/{x}/attachment/{x}/0"),
    ("GET", "/room/attachment/{x}/99999999999999999999"),
    ("GET", "/static/{x}"),
    ("GET", "/{x}"),
]
"""Every handler (the live `/events` streams never end, so they are left to the browser tests)."""
FIELDS = [
    "csrf", "key", "decision", "option", "rationale", "channel", "actor", "text", "objective",
    "task", "rating", "observation", "strengths", "improvements", "changes", "name", "kind",
]  # fmt: skip
HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "blue", "red", "d_respond", "rebut", "obj_info", "P", "9" * 400,
                     "\x00", "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
                     "[/]", "<script>alert(1)</script>", "../../etc/passwd", "%00", "x" * 9000]),
)  # fmt: skip


@st.composite
def requests(draw: st.DrawFn) -> dict[str, Any]:
    """One request as a hostile seat would send it."""
    segment = draw(HOSTILE_TEXT)
    if draw(st.booleans()):
        method, shape = "GET", draw(st.sampled_from(PAGES))
        shape += draw(st.sampled_from(["", "/live"]))
    else:
        method, shape = draw(st.sampled_from(ACTIONS))
    form = draw(st.dictionaries(st.sampled_from(FIELDS), HOSTILE_TEXT, max_size=6))
    headers = draw(
        st.dictionaries(
            st.sampled_from(["HX-Request", "Origin", "X-CSRF-Token", "Content-Type", "Referer"]),
            st.sampled_from(["true", "http://evil.example", "", "text/plain", "x" * 300]),
            max_size=3,
        )
    )
    return {
        "method": method,
        "path": shape.replace("{x}", quote(segment, safe="") or "x"),  # the server decodes it
        "seat": draw(st.sampled_from(SEATS)),
        "real_csrf": draw(st.booleans()),
        "form": form,
        "headers": headers,
        "raw": draw(st.one_of(st.none(), st.binary(max_size=200))),
    }


def _send(client: TestClient, seats: SeatBook, request: dict[str, Any]) -> Any:
    client.cookies.clear()
    seat = request["seat"]
    if seat is not None:
        client.get(f"/join/{seats.token(seat)}")
    form = dict(request["form"])
    if seat is not None and request["real_csrf"]:
        form["csrf"] = seats.csrf(seat)
    if request["method"] == "GET":
        return client.get(request["path"], headers=request["headers"])
    if request["raw"] is not None:
        return client.post(request["path"], content=request["raw"], headers=request["headers"])
    return client.post(request["path"], data=form, headers=request["headers"])


def test_every_handler_answers_any_request_with_a_page_or_a_4xx_and_the_journal_holds(
    desk: ExerciseDesk, seats: SeatBook, hub: Hub, tmp_path: Path
) -> None:
    app = create_app(desk, seats, hub, rate=RateLimit(count=1_000_000))
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:

        @FUZZ
        @given(request=requests())
        def one(request: dict[str, Any]) -> None:
            response = _send(client, seats, request)  # a handler's exception would raise here
            assert response.status_code < 500, (request, response.text[:300])
            assert "Traceback" not in response.text

        one()
    journaled = read_journal(tmp_path / "room.jsonl").records  # the desk fixture's journal
    assert len(journaled) == len(desk.session.events)


def test_a_wrong_token_a_thousand_times_is_refused_every_time_and_changes_nothing(
    desk: ExerciseDesk, seats: SeatBook, hub: Hub
) -> None:
    app = create_app(desk, seats, hub, rate=RateLimit(count=1_000_000))
    before = len(desk.session.events)
    real = seats.token("cell:blue")
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        for attempt in range(1000):
            forged = f"{attempt:04d}{real[4:]}"  # all but the first characters right
            response = client.get(f"/join/{forged}")
            assert (response.status_code, response.text) == (403, "Forbidden")
        assert client.get("/cell/blue").status_code == 403  # no cookie was ever set
        client.get(f"/join/{real}")
        assert client.get("/cell/blue").status_code == 200  # the real link still works
    assert len(desk.session.events) == before


def test_an_anti_forgery_value_with_non_ascii_characters_is_refused_not_a_crash(
    client: TestClient, seats: SeatBook
) -> None:
    client.get(f"/join/{seats.token('cell:blue')}")
    data = {"csrf": "é" * 43, "key": "k1", "decision": "d_respond", "option": "rebut"}
    response = client.post("/cell/blue/submit", data=data, headers={"HX-Request": "true"})
    assert (response.status_code, response.text) == (403, "Forbidden")


def test_two_hundred_slow_clients_hold_connections_and_a_seat_is_still_served(
    desk: ExerciseDesk, seats: SeatBook, hub: Hub
) -> None:
    """Slowloris: 200 connections each send half a request and hang; the real server still
    answers a seat at once, and the exercise goes on (the console's desk takes a command)."""
    sock = bind("127.0.0.1", 0)
    host, port = sock.getsockname()[:2]
    server = server_for(desk, seats, hub)
    token = seats.token("cell:blue")
    timings: list[float] = []

    async def attack() -> None:
        task = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started:
            await asyncio.sleep(0.01)
        hanging = []
        for _ in range(200):
            _, writer = await asyncio.open_connection(host, port)
            writer.write(b"POST /cell/blue/submit HTTP/1.1\r\nHost: x\r\nContent-Length: 900")
            await writer.drain()
            hanging.append(writer)
        started = time.perf_counter()
        async with httpx.AsyncClient(base_url=f"http://{host}:{port}") as client:
            await client.get(f"/join/{token}")
            page = await client.get("/cell/blue")
            timings.append(time.perf_counter() - started)
            assert page.status_code == 200 and "How does public affairs" in page.text
        desk.execute(c.AddNote("The room held."))  # the console's side is not blocked
        for writer in hanging:
            writer.close()
        server.should_exit = True
        await task

    asyncio.run(attack())
    assert timings[0] < 5.0  # not waiting behind the 200 (typically a few milliseconds)
