"""The room's pages: seats by token, submissions journaled before "received", bounded posts."""

from __future__ import annotations

import html
import re
import stat
from pathlib import Path

import httpx
from fixtures.room import ADHOC_TITLE
from starlette.testclient import TestClient

from engine.journal.store import read_journal
from engine.play import commands as c
from engine.play.state import SubmissionStatus
from players.web.desk import ExerciseDesk
from players.web.tokens import SeatBook, cell_seat, seats_path


def join(client: TestClient, seats: SeatBook, seat: str) -> str:
    """Open a seat's link; returns the page it leads to."""
    response = client.get(f"/join/{seats.token(seat)}")
    assert response.status_code == 200
    target = re.search(r'url=([^"]+)"', response.text)
    assert target
    return target.group(1)


def submit(client: TestClient, seats: SeatBook, cell: str, **fields: str) -> httpx.Response:
    data = {"csrf": seats.csrf(cell_seat(cell)), "key": "k1", "decision": "d_respond"} | fields
    response: httpx.Response = client.post(
        f"/cell/{cell}/submit", data=data, headers={"HX-Request": "true"}
    )
    return response


def test_a_seats_link_sets_an_httponly_strict_cookie_scoped_to_its_page(
    client: TestClient, seats: SeatBook
) -> None:
    response = client.get(f"/join/{seats.token('cell:blue')}")
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert "Path=/cell/blue" in cookie
    assert client.get("/cell/blue").status_code == 200


def test_a_missing_or_wrong_token_gets_403_and_nothing_else(
    client: TestClient, seats: SeatBook
) -> None:
    for path in ("/room", "/cell/blue", "/cell/blue/live", "/control", "/join/nope", "/cell/x"):
        response = client.get(path)
        assert (response.status_code, response.text) == (403, "Forbidden"), path
    join(client, seats, "cell:red")
    assert client.get("/cell/blue").status_code == 403  # red's cookie opens red's page only


def test_a_cells_seat_shows_its_inbox_newest_first_and_its_open_decision(
    client: TestClient, seats: SeatBook
) -> None:
    join(client, seats, "cell:red")
    page = html.unescape(client.get("/cell/red").text)
    assert page.index(ADHOC_TITLE) < page.index("Tag them!")  # newest first
    assert "Does the troll farm amplify the post?" in page
    assert "How does public affairs respond" not in page  # blue's decision


def test_a_submission_is_journaled_before_the_seat_hears_received(
    client: TestClient, seats: SeatBook, desk: ExerciseDesk, tmp_path: Path
) -> None:
    join(client, seats, "cell:blue")
    response = submit(client, seats, "blue", option="rebut", rationale="Facts, fast.")
    assert response.status_code == 200
    assert "Received: waiting for the facilitator." in response.text
    records = read_journal(tmp_path / "room.jsonl").records
    submitted = [r for r in records if r["type"] == "choice_submitted"]
    assert [(r["key"], r["cell"], r["option"]) for r in submitted] == [("k1", "blue", "rebut")]


def test_a_retried_submission_is_answered_again_but_recorded_once(
    client: TestClient, seats: SeatBook, tmp_path: Path
) -> None:
    join(client, seats, "cell:blue")
    for _ in range(3):
        assert submit(client, seats, "blue", option="rebut").status_code == 200
    records = read_journal(tmp_path / "room.jsonl").records
    assert sum(r["type"] == "choice_submitted" for r in records) == 1


def test_a_submission_key_another_seat_already_used_is_refused_with_409(
    client: TestClient, seats: SeatBook, desk: ExerciseDesk
) -> None:
    join(client, seats, "cell:blue")
    assert submit(client, seats, "blue", option="rebut").status_code == 200
    join(client, seats, "cell:red")
    taken = submit(client, seats, "red", decision="d_red", option="amplify")  # blue's key
    assert (taken.status_code, taken.text) == (409, "That submission belongs to another seat.")
    assert [item.cell for item in desk.session.state.submissions.values()] == ["blue"]


def test_accepting_and_undoing_show_on_the_seat(
    client: TestClient, seats: SeatBook, desk: ExerciseDesk
) -> None:
    join(client, seats, "cell:blue")
    submit(client, seats, "blue", option="rebut")
    desk.execute(c.AcceptSubmission("k1"))
    accepted = client.get("/cell/blue/live").text  # the decision resolved on the choice
    assert "<strong>How does public affairs respond to the post?</strong> → Rebut it" in accepted
    desk.execute(c.Undo())
    assert desk.session.state.submissions["k1"].status is SubmissionStatus.WAITING
    assert "waiting for the facilitator" in client.get("/cell/blue/live").text


def test_a_returned_submission_shows_the_facilitators_word(
    client: TestClient, seats: SeatBook, desk: ExerciseDesk
) -> None:
    join(client, seats, "cell:blue")
    submit(client, seats, "blue", option="rebut")
    desk.execute(c.ReturnSubmission("k1", "Who signs it?"))
    assert "Sent back: “Who signs it?”. Choose again." in client.get("/cell/blue/live").text


def test_a_submission_for_a_closed_decision_is_refused_with_a_message(
    client: TestClient, seats: SeatBook, desk: ExerciseDesk
) -> None:
    join(client, seats, "cell:blue")
    desk.execute(c.RecordChoice("d_respond", "blue", "ignore"))
    response = submit(client, seats, "blue", option="rebut")
    assert (response.status_code, response.text) == (409, "This decision is closed.")


def test_a_reissued_seat_is_refused_and_its_old_link_no_longer_works(
    client: TestClient, seats: SeatBook
) -> None:
    old = seats.token("cell:blue")
    join(client, seats, "cell:blue")
    seats.reissue("cell:blue")
    assert submit(client, seats, "blue", option="rebut").status_code == 403
    assert client.get(f"/join/{old}").status_code == 403
    join(client, seats, "cell:blue")
    assert client.get("/cell/blue").status_code == 200


def test_a_post_without_the_seats_anti_forgery_value_is_refused(
    client: TestClient, seats: SeatBook
) -> None:
    join(client, seats, "cell:blue")
    data = {"key": "k1", "decision": "d_respond", "option": "rebut", "csrf": "0" * 64}
    assert client.post("/cell/blue/submit", data=data).status_code == 403
    good = data | {"csrf": seats.csrf("cell:blue")}
    foreign = {"Origin": "http://evil.example"}
    assert client.post("/cell/blue/submit", data=good, headers=foreign).status_code == 403
    cross = {"Sec-Fetch-Site": "cross-site"}
    assert client.post("/cell/blue/submit", data=good, headers=cross).status_code == 403


def test_a_post_too_big_or_too_fast_is_refused(client: TestClient, seats: SeatBook) -> None:
    join(client, seats, "cell:blue")
    response = submit(client, seats, "blue", option="rebut", rationale="x" * 9000)
    assert (response.status_code, response.text) == (413, "That is too long to send.")
    long = submit(client, seats, "blue", option="rebut", rationale="x" * 2001)
    assert long.text == "The rationale is too long (at most 2000 characters)."
    client.app.state.room.rate.count = 2  # type: ignore[attr-defined]
    for key in ("a", "b"):
        submit(client, seats, "blue", option="nope", key=key)
    response = submit(client, seats, "blue", option="rebut", key="c")
    assert response.status_code == 429


def test_the_seats_file_is_private_and_kept_out_of_the_journal(
    client: TestClient, seats: SeatBook, tmp_path: Path
) -> None:
    path = seats_path(tmp_path / "room.jsonl")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    journal = (tmp_path / "room.jsonl").read_text(encoding="utf-8")
    for seat in seats.seats():
        assert len(seats.token(seat)) >= 43  # 32 random bytes: 256 bits
        assert seats.token(seat) not in journal


def test_the_same_links_open_the_seats_after_a_resume(seats: SeatBook, tmp_path: Path) -> None:
    again = SeatBook.open(tmp_path / "room.jsonl", seats_scenario(tmp_path))
    assert [again.token(seat) for seat in again.seats()] == [
        seats.token(seat) for seat in seats.seats()
    ]


def seats_scenario(tmp_path: Path):  # type: ignore[no-untyped-def]
    from fixtures.room import mini

    return mini().scenario


def test_the_controller_seat_reads_everything_and_journals_a_note(
    client: TestClient, seats: SeatBook, desk: ExerciseDesk
) -> None:
    join(client, seats, "control")
    page = client.get("/control").text
    assert "The post is Red&#39;s; watch whether anyone reports it." in page
    assert "Personnel exposure" in page
    response = client.post(
        "/control/note",
        data={"csrf": seats.csrf("control"), "text": "Blue hesitated."},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert desk.session.state.notes[-1]["text"] == "Blue hesitated."
    desk.execute(c.AddNote("FACNOTE: Red pulled the list early.", "observation"))
    live = client.get("/control/live").text
    assert "<li>observation: FACNOTE: Red pulled the list early.</li>" in live
    assert "Blue hesitated." in live  # the note typed at the seat, listed like the console's
    join(client, seats, "cell:blue")
    assert "FACNOTE" not in client.get("/cell/blue/live").text  # a cell never sees them


def test_after_a_killed_console_and_a_resume_the_old_links_see_the_same_state(
    client: TestClient, seats: SeatBook, desk: ExerciseDesk, tmp_path: Path
) -> None:
    from engine.journal.journaled_session import JournaledSession
    from players.web.app import create_app
    from players.web.hub import Hub

    join(client, seats, "cell:blue")
    submit(client, seats, "blue", option="rebut", rationale="Facts, fast.")
    before = client.get("/cell/blue/live").text
    desk.exercise.close()  # type: ignore[attr-defined]  # the console is gone
    resumed = JournaledSession.resume(tmp_path / "room.jsonl").exercise
    try:
        again = ExerciseDesk(resumed)
        book = SeatBook.open(tmp_path / "room.jsonl", again.session.compiled.scenario)
        app = create_app(again, book, Hub())
        with TestClient(app, base_url="http://127.0.0.1:8000", cookies=client.cookies) as fresh:
            after = fresh.get("/cell/blue/live")
            assert after.status_code == 200
            assert after.text == before
    finally:
        resumed.close()


def test_no_page_loads_anything_from_the_internet(client: TestClient, seats: SeatBook) -> None:
    for seat, page in (("room", "/room"), ("cell:blue", "/cell/blue"), ("control", "/control")):
        join(client, seats, seat)
        text = client.get(page).text
        assert not re.search(r"""(src|href|action)\s*=\s*["']?\s*(https?:)?//""", text), page
        assert "default-src 'self'" in client.get(page).headers["content-security-policy"]
    for asset in ("htmx.min.js", "room.js", "room.css"):
        assert client.get(f"/static/{asset}").status_code == 200


def test_a_seat_shows_only_the_recorded_choice_once_the_facilitator_records_it(
    client: TestClient, seats: SeatBook, desk: ExerciseDesk
) -> None:
    """Red's seat showed "Recorded: …" and "Sent back: 'no'. Choose again." at once after the
    facilitator recorded Red's choice with `c` (a facilitator's review of the flagship)."""
    join(client, seats, "cell:red")
    submit(client, seats, "red", key="r1", decision="d_red", option="amplify")
    desk.execute(c.ReturnSubmission("r1", "no"))
    submit(client, seats, "red", key="r2", decision="d_red", option="quiet")
    desk.execute(c.RecordChoice("d_red", "red", "amplify"))
    page = html.unescape(client.get("/cell/red/live").text)
    assert "Recorded: <strong>Amplify with bot accounts</strong>" in page
    assert "Sent back" not in page
    assert "waiting for the facilitator" not in page
