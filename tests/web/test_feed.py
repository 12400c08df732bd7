"""The room's feed (issue 17): posts from the seats, released by the console, in every feed.

The feed's scenario (tests/fixtures/room/feed) is the mini scenario with cells that post on
TikTok, engagement counts computed from the variables, an inject gated on Blue's post and
attachments (an image for the room, a PDF for Red only).
"""

from __future__ import annotations

import html
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from fixtures.room import FEED, SEED, feed

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)
    from starlette.testclient import TestClient

from engine.journal.journaled_session import JournaledSession
from engine.journal.store import read_journal
from engine.play import commands as c
from engine.play.state import PostStatus
from players.web.app import RateLimit, create_app
from players.web.desk import ExerciseDesk
from players.web.hub import Hub
from players.web.tokens import SeatBook, cell_seat

POST = "Facts, fast: the training site is public. #army"


@pytest.fixture
def room(tmp_path: Path) -> Iterator[tuple[ExerciseDesk, SeatBook, TestClient]]:
    """The feed's exercise in turn 1's deliberation, its seats and a client of its room."""
    exercise = JournaledSession.create(feed(), SEED, tmp_path / "feed.jsonl")
    desk = ExerciseDesk(exercise)
    desk.execute(c.Begin())
    desk.execute(c.NextPhase())
    seats = SeatBook.open(tmp_path / "feed.jsonl", desk.session.compiled.scenario)
    hub = Hub()
    desk.listeners.append(lambda command, events, origin: hub.publish())
    app = create_app(desk, seats, hub, rate=RateLimit(count=1000), folder=FEED.parent)
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        yield desk, seats, client
    exercise.close()


def join(client: TestClient, seats: SeatBook, seat: str) -> None:
    client.cookies.clear()
    assert client.get(f"/join/{seats.token(seat)}").status_code == 200


def post(client: TestClient, seats: SeatBook, cell: str, **fields: str) -> object:
    data = {"csrf": seats.csrf(cell_seat(cell)), "key": "p1", "channel": "app", "text": POST}
    data |= {"actor": "pao" if cell == "blue" else "troll"} | fields
    return client.post(f"/cell/{cell}/post", data=data, headers={"HX-Request": "true"})


def shown(client: TestClient, page: str) -> str:
    return html.unescape(client.get(f"{page}/live").text)


def test_a_post_is_journaled_before_the_seat_hears_received_and_a_retry_is_recorded_once(
    room: tuple[ExerciseDesk, SeatBook, TestClient], tmp_path: Path
) -> None:
    _desk, seats, client = room
    join(client, seats, "cell:blue")
    for _ in range(3):
        response = post(client, seats, "blue")
        assert response.status_code == 200  # type: ignore[attr-defined]
        text = response.text  # type: ignore[attr-defined]
        assert "Received: your post waits for the facilitator to release it." in text
    records = read_journal(tmp_path / "feed.jsonl").records
    submitted = [r for r in records if r["type"] == "post_submitted"]
    assert [(r["key"], r["cell"], r["actor"], r["text"]) for r in submitted] == [
        ("p1", "blue", "pao", POST)
    ]
    assert "Waiting for the facilitator" in shown(client, "/cell/blue")


def test_a_released_post_is_in_every_feed_and_its_gated_inject_follows(
    room: tuple[ExerciseDesk, SeatBook, TestClient],
) -> None:
    desk, seats, client = room
    join(client, seats, "cell:blue")
    post(client, seats, "blue")
    join(client, seats, "cell:red")
    assert POST not in shown(client, "/cell/red")  # not before the facilitator releases it
    desk.execute(c.ReleasePost("p1"))
    red = shown(client, "/cell/red")
    assert POST.removesuffix(" #army") in red and "MAJ Lena Ortiz" in red
    assert "Reporter asks public affairs to go on record" in red  # the `on_post` inject
    assert "Public affairs" not in red.split('id="post-p1"')[1].split("</article>")[0]
    join(client, seats, "room")
    assert POST.removesuffix(" #army") in shown(client, "/room")
    join(client, seats, "cell:blue")
    blue = shown(client, "/cell/blue")
    assert "your cell's post" in blue
    assert 'the training site is public. <span class="tag">#army</span>' in blue


def test_an_edited_post_shows_the_edit_and_a_returned_one_says_why(
    room: tuple[ExerciseDesk, SeatBook, TestClient],
) -> None:
    desk, seats, client = room
    join(client, seats, "cell:blue")
    post(client, seats, "blue")
    post(client, seats, "blue", key="p2", text="Second thoughts")
    desk.execute(c.ReleasePost("p1", "Cleared statement: we are looking into it."))
    desk.execute(c.ReturnPost("p2", "Too vague"))
    blue = shown(client, "/cell/blue")
    assert "Cleared statement: we are looking into it." in blue
    assert "edited by the facilitator" in blue
    assert "Sent back: “Too vague”" in blue
    join(client, seats, "cell:red")
    red = shown(client, "/cell/red")
    assert "Cleared statement" in red and "edited by the facilitator" not in red
    assert "Second thoughts" not in red


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ({"channel": "bugle"}, 409, "Your cell may not post on The Daily Bugle."),
        ({"actor": "troll"}, 409, "Your cell may not post as Freedom Frontline on TikTok."),
        ({"text": "  "}, 409, "A post needs some text."),
        ({"text": "x" * 1001}, 400, "The post is too long (at most 1000 characters)."),
        ({"text": "x" * 9000}, 413, "That is too long to send."),
    ],
)
def test_a_post_that_breaks_a_rule_is_refused_in_plain_words(
    room: tuple[ExerciseDesk, SeatBook, TestClient],
    fields: dict[str, str],
    status: int,
    message: str,
) -> None:
    desk, seats, client = room
    join(client, seats, "cell:blue")
    response = post(client, seats, "blue", **fields)
    assert (response.status_code, response.text) == (status, message)  # type: ignore[attr-defined]
    assert desk.session.state.posts == {}


def test_a_forged_or_foreign_post_is_refused(
    room: tuple[ExerciseDesk, SeatBook, TestClient],
) -> None:
    desk, seats, client = room
    join(client, seats, "cell:blue")
    data = {"csrf": "0" * 64, "key": "p1", "channel": "app", "actor": "pao", "text": POST}
    assert client.post("/cell/blue/post", data=data).status_code == 403
    good = data | {"csrf": seats.csrf("cell:blue")}
    assert client.post("/cell/red/post", data=good).status_code == 403  # another seat's page
    foreign = {"Origin": "http://evil.example"}
    assert client.post("/cell/blue/post", data=good, headers=foreign).status_code == 403
    join(client, seats, "room")
    assert client.post("/room/post", data=good).status_code in (403, 404, 405)
    join(client, seats, "cell:blue")
    post(client, seats, "blue")
    join(client, seats, "cell:red")
    taken = post(client, seats, "red")  # the same key from another seat
    refused = (taken.status_code, taken.text)  # type: ignore[attr-defined]
    assert refused == (409, "That post belongs to another seat.")
    assert [p.cell for p in desk.session.state.posts.values()] == ["blue"]


def test_attachments_are_drawn_and_served_only_to_seats_that_may_see_their_inject(
    room: tuple[ExerciseDesk, SeatBook, TestClient],
) -> None:
    _desk, seats, client = room
    join(client, seats, "cell:blue")
    page = client.get("/cell/blue/live").text
    assert '<img src="/cell/blue/attachment/i_post/0" alt="A still from the video' in page
    image = client.get("/cell/blue/attachment/i_post/0")
    assert (image.status_code, image.headers["content-type"]) == (200, "image/png")
    assert image.content == (FEED.parent / "still.png").read_bytes()
    for path in ("/cell/blue/attachment/i_tasking/0", "/cell/blue/attachment/i_post/9",
                 "/cell/blue/attachment/i_mail/0", "/cell/blue/attachment/nope/0",
                 "/cell/red/attachment/i_tasking/0"):  # fmt: skip
        assert (client.get(path).status_code, client.get(path).text) == (403, "Forbidden"), path
    join(client, seats, "cell:red")
    assert "/cell/red/attachment/i_tasking/0" in client.get("/cell/red/live").text
    pdf = client.get("/cell/red/attachment/i_tasking/0")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("attachment;")
    join(client, seats, "room")
    assert client.get("/room/attachment/i_post/0").status_code == 200
    assert client.get("/room/attachment/i_tasking/0").status_code == 403


def test_engagement_counts_are_computed_on_the_server_and_move_with_the_story(
    room: tuple[ExerciseDesk, SeatBook, TestClient],
) -> None:
    desk, seats, client = room
    join(client, seats, "cell:blue")
    counts = re.findall(r"<strong>([^<]+)</strong> views", shown(client, "/cell/blue"))
    assert counts == ["1M"]  # 1,000,000 + exposure (30) × 1,000
    desk.execute(c.SetVariable("exposure", 100, "test"))
    counts = re.findall(r"<strong>([^<]+)</strong> views", shown(client, "/cell/blue"))
    assert counts == ["1.1M"]
    assert "exposure" not in client.get("/cell/blue").text.lower()
    join(client, seats, "room")
    desk.execute(c.PresentInject("i_post"))
    desk.execute(c.SetVariable("exposure", 70, "test"))
    assert "1,070,000 views" in shown(client, "/room")  # the presented card's count too


def test_the_projector_shows_the_inject_the_console_presents(
    room: tuple[ExerciseDesk, SeatBook, TestClient],
) -> None:
    desk, seats, client = room
    join(client, seats, "room")
    first = shown(client, "/room").split('<aside class="side">')[0]
    assert "Soldiers' videos give away training site" in first  # the newest by default
    desk.execute(c.PresentInject("i_post"))
    presenting = shown(client, "/room").split('<aside class="side">')[0]
    assert "Who are these soldiers? Tag them!" in presenting
    assert "Soldiers' videos give away training site" not in presenting
    desk.execute(c.PresentInject("i_tasking"))  # Red's own: the room keeps what it showed
    presenting = shown(client, "/room").split('<aside class="side">')[0]
    assert "Tasking" not in presenting and "Who are these soldiers?" in presenting


def test_a_waiting_post_shows_on_the_controller_seat_and_nowhere_else(
    room: tuple[ExerciseDesk, SeatBook, TestClient],
) -> None:
    desk, seats, client = room
    join(client, seats, "cell:blue")
    post(client, seats, "blue")
    join(client, seats, "control")
    assert "Posts waiting for release" in shown(client, "/control")
    for seat, page in (("room", "/room"), ("cell:red", "/cell/red")):
        join(client, seats, seat)
        assert POST not in shown(client, page)
    assert desk.session.state.posts["p1"].status is PostStatus.WAITING
