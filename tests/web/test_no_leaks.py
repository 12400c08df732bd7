"""Every response the room sent to a player during a played exercise, searched for secrets.

A recording wrapper keeps the body of every response the server sends. The exercise is played
to its end, with every seat's page, live fragment and posts fetched after every step; then each
facilitator-only text (notes, discussion questions, expected actions, hidden variables, other
cells' private injects) is looked for in everything each player's seat received.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from fixtures.room import ADHOC_NOTE, ADHOC_TITLE
from starlette.testclient import TestClient

from engine.audience import Audience, addressed_cells
from engine.format.model import Channel, Inject
from engine.play import commands as c
from players.web.app import RateLimit, create_app
from players.web.desk import ExerciseDesk
from players.web.hub import Hub
from players.web.tokens import SeatBook, cell_seat

Received = dict[str, list[str]]


class Recorder:
    """An ASGI wrapper that keeps every response body, by the page path it answered."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.bodies: Received = defaultdict(list)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        chunks: list[bytes] = []

        async def keep(message: Any) -> None:
            if message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    self.bodies[path].append(b"".join(chunks).decode("utf-8", "replace"))
            await send(message)

        await self.app(scope, receive, keep)


@pytest.fixture
def recorded(
    desk: ExerciseDesk, seats: SeatBook, hub: Hub
) -> Iterator[tuple[TestClient, Recorder]]:
    recorder = Recorder(create_app(desk, seats, hub, rate=RateLimit(count=10_000)))
    with TestClient(recorder, base_url="http://127.0.0.1:8000") as client:
        yield client, recorder


def secrets_for(desk: ExerciseDesk, audience: Audience) -> set[str]:
    """Every text `audience` must never receive."""
    scenario = desk.session.compiled.scenario
    found = {ADHOC_NOTE}
    for inject in scenario.injects:
        found |= {inject.notes, *inject.questions, *inject.expected_actions} - {""}
        restricted = addressed_cells(inject.to, scenario)
        if restricted and audience.cell not in restricted:
            found |= {inject.title, inject.body.strip().splitlines()[0]}
    if audience.cell != "red":
        found.add(ADHOC_TITLE)
    injects = {inject.id: inject for inject in scenario.injects}
    for decision in desk.session.compiled.decisions.values():
        restricted = addressed_cells(decision.cells, scenario)
        if audience.cell is not None:  # a cell: only its own decisions
            secret = audience.cell not in decision.cells
        elif decision.inject is not None:  # the room: as public as the inject that opens it
            secret = bool(addressed_cells(injects[decision.inject].to, scenario))
        else:  # the room, a decision of no inject: private when for only some cells
            secret = bool(restricted)
        if secret:
            found.add(decision.source.prompt)
    for variable in scenario.variables:
        if variable.visibility.value == "facilitator":
            found |= {variable.label, variable.id}
    return found


def test_no_player_ever_receives_a_facilitator_only_text(
    recorded: tuple[TestClient, Recorder], desk: ExerciseDesk, seats: SeatBook
) -> None:
    client, recorder = recorded
    players = {"room": "/room", "cell:blue": "/cell/blue", "cell:red": "/cell/red"}

    def look() -> None:
        for seat, page in players.items():
            client.cookies.clear()
            client.get(f"/join/{seats.token(seat)}")
            client.get(page)
            client.get(f"{page}/live")

    def post(cell: str, key: str, decision: str, option: str) -> None:
        client.cookies.clear()
        client.get(f"/join/{seats.token(cell_seat(cell))}")
        data = {"csrf": seats.csrf(cell_seat(cell)), "key": key, "decision": decision}
        client.post(f"/cell/{cell}/submit", data=data | {"option": option, "rationale": "why"},
                    headers={"HX-Request": "true"})  # fmt: skip

    look()
    post("blue", "b1", "d_respond", "rebut")
    post("red", "r0", "d_respond", "rebut")  # not red's decision: refused
    post("red", "r1", "d_red", "amplify")
    look()
    desk.execute(c.AcceptSubmission("b1"))
    desk.execute(c.ReturnSubmission("r1", "Say why"))
    look()
    post("red", "r2", "d_red", "quiet")
    desk.execute(c.AcceptSubmission("r2"))
    steps = [c.ReleaseInject("i_spare")] + [c.NextPhase()] * 4 + [c.NextPhase()] * 4
    for command in steps:
        try:
            desk.execute(command)
        except Exception:  # the exercise ended: nothing more to advance
            break
        look()
    assert desk.session.finished, "the exercise should have been played to its end"
    look()

    pages = {"room": ("/room",), "cell:blue": ("/cell/blue",), "cell:red": ("/cell/red",)}
    audiences = {"room": Audience.room(), "cell:blue": Audience.of_cell("blue"),
                 "cell:red": Audience.of_cell("red")}  # fmt: skip
    checked = 0
    for seat, prefixes in pages.items():
        received = "\n".join(
            html.unescape(body)
            for path, bodies in recorder.bodies.items()
            if path.startswith((*prefixes, "/join/"))
            for body in bodies
        )
        assert received
        for secret in secrets_for(desk, audiences[seat]):
            assert secret not in received, f"{seat} received {secret!r}"
            checked += 1
    assert checked > 20
    everything_red_saw = "\n".join(
        html.unescape(b) for p, bodies in recorder.bodies.items() if p.startswith("/cell/red")
        for b in bodies
    )  # fmt: skip
    assert ADHOC_TITLE in everything_red_saw  # the test can see a private inject when allowed


# --- the feed (issue 17): posts, engagement and attachments ------------------------------------
def test_no_player_receives_hidden_text_through_the_feed_posts_or_attachments(
    tmp_path: Any,
) -> None:
    from fixtures.room import FEED, SEED, feed

    from engine.journal.journaled_session import JournaledSession

    exercise = JournaledSession.create(feed(), SEED, tmp_path / "feed.jsonl")
    desk = ExerciseDesk(exercise)
    desk.execute(c.Begin())
    desk.execute(c.NextPhase())
    seats = SeatBook.open(tmp_path / "feed.jsonl", desk.session.compiled.scenario)
    hub = Hub()
    desk.listeners.append(lambda command, events, origin: hub.publish())
    recorder = Recorder(
        create_app(desk, seats, hub, rate=RateLimit(count=10_000), folder=FEED.parent)
    )
    players = {"room": "/room", "cell:blue": "/cell/blue", "cell:red": "/cell/red"}
    injects = [i.id for i in desk.session.compiled.scenario.injects]
    with TestClient(recorder, base_url="http://127.0.0.1:8000") as client:

        def look() -> None:
            for seat, page in players.items():
                client.cookies.clear()
                client.get(f"/join/{seats.token(seat)}")
                client.get(page)
                client.get(f"{page}/live")
                for inject in injects:  # every attachment, allowed or not
                    client.get(f"{page}/attachment/{inject}/0")

        def write(cell: str, key: str, actor: str, text: str) -> None:
            client.cookies.clear()
            client.get(f"/join/{seats.token(cell_seat(cell))}")
            data = {"csrf": seats.csrf(cell_seat(cell)), "key": key, "channel": "app"}
            client.post(f"/cell/{cell}/post", data=data | {"actor": actor, "text": text},
                        headers={"HX-Request": "true"})  # fmt: skip

        look()
        write("blue", "b1", "pao", "Blue's draft, never released")
        write("red", "r1", "troll", "Red's draft, sent back")
        write("red", "r2", "troll", "Red's draft, waiting")
        look()
        desk.execute(c.ReturnPost("r1", "Control's word to Red only"))
        desk.execute(c.ReleasePost("b1", "Blue's post as control released it"))
        look()
        for command in [c.NextPhase()] * 8:
            try:
                desk.execute(command)
            except Exception:  # the exercise ended: nothing more to advance
                break
            look()
    exercise.close()

    scenario = desk.session.compiled.scenario
    owners: tuple[Channel | Inject, ...] = (*scenario.channels, *scenario.injects)
    expressions = {
        text
        for owner in owners
        if owner.engagement is not None
        for text in owner.engagement.model_dump().values()
        if text
    }
    pdf = (FEED.parent / "roster.pdf").read_text(encoding="latin-1")
    private_to_red = {"The roster template Red fills in", pdf}
    drafts = {"Blue's draft, never released"}
    for seat in players:
        received = "\n".join(
            html.unescape(body)
            for path, bodies in recorder.bodies.items()
            if path.startswith((players[seat], "/join/"))
            for body in bodies
        )
        audience = Audience.room() if seat == "room" else Audience.of_cell(seat.split(":")[1])
        secrets = secrets_for(desk, audience) | expressions
        if audience.cell != "red":
            secrets |= private_to_red | {"Red's draft, sent back", "Red's draft, waiting"}
            secrets |= {"Control's word to Red only"}
        if audience.cell != "blue":
            secrets |= drafts
        for secret in secrets:
            assert secret not in received, f"{seat} received {secret!r}"
        assert "Blue's post as control released it" in received  # released: the room's
    red = "\n".join(
        b for p, bodies in recorder.bodies.items() if p.startswith("/cell/red") for b in bodies
    )
    assert pdf in red and "Control's word to Red only" in html.unescape(red)
# ------------------------------------------------------------------------- evaluators' seats (#17)
def test_an_evaluator_never_receives_the_control_notes_unless_the_facilitator_grants_them(
    recorded: tuple[TestClient, Recorder], desk: ExerciseDesk, seats: SeatBook
) -> None:
    from players.web.evaluator import keep_evaluator_seats
    from players.web.tokens import evaluator_seat

    client, recorder = recorded
    keep_evaluator_seats(desk, seats)
    desk.execute(c.AddParticipant("Dana Reyes", role="evaluator"))
    desk.execute(c.AddNote("The facilitator's own aside."))
    seat = evaluator_seat("Dana Reyes")

    def look() -> str:
        recorder.bodies.clear()
        client.cookies.clear()
        client.get(f"/join/{seats.token(seat)}")
        client.get("/evaluator/dana-reyes")
        client.get("/evaluator/dana-reyes/live")
        return "\n".join(html.unescape(b) for bodies in recorder.bodies.values() for b in bodies)

    scenario = desk.session.compiled.scenario
    notes = {ADHOC_NOTE, "The facilitator's own aside."}
    for inject in scenario.injects:
        notes |= {inject.notes, *inject.questions} - {""}
    hidden = {v.label for v in scenario.variables if v.visibility.value == "facilitator"}
    for command in [c.NextPhase()] * 3:
        received = look()
        for secret in notes | hidden:
            assert secret not in received, f"the evaluator received {secret!r}"
        assert "Public affairs flags the account to the platform." in received  # expected action
        assert ADHOC_TITLE in received  # every cell's injects, red's private one too
        desk.execute(command)
    desk.execute(c.GrantEvaluator("Dana Reyes"))
    received = look()
    assert ADHOC_NOTE in received and "The facilitator's own aside." in received
    assert all(label in received for label in hidden)
    desk.execute(c.GrantEvaluator("Dana Reyes", granted=False))
    received = look()
    assert "The facilitator's own aside." not in received
