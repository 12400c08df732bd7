"""Evaluators' seats and the feedback form over HTTP: links, access, bounds, journaling."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from engine.errors import UserError
from engine.journal.store import read_journal
from engine.play import commands as c
from players.cli import main
from players.roster_file import roster_command
from players.web.desk import ExerciseDesk
from players.web.evaluator import keep_evaluator_seats
from players.web.tokens import SeatBook, cell_seat, evaluator_seat

DANA, LEE = evaluator_seat("Dana Reyes"), evaluator_seat("Lee Park")
ROSTER = """\
participants:
  - {name: Dana Reyes, organisation: FEMA Region 4, role: evaluator}
  - {name: Lee Park, organisation: State EMA, role: evaluator}
  - {name: Sam Okafor, organisation: County EOC, cell: blue}
"""


@pytest.fixture
def rostered(desk: ExerciseDesk, seats: SeatBook, tmp_path: Path) -> ExerciseDesk:
    keep_evaluator_seats(desk, seats)
    (tmp_path / "roster.yaml").write_text(ROSTER, encoding="utf-8")
    command = roster_command(desk.session, tmp_path / "roster.yaml")
    assert command is not None
    desk.execute(command)
    return desk


def _join(client: TestClient, seats: SeatBook, seat: str) -> None:
    client.cookies.clear()
    assert client.get(f"/join/{seats.token(seat)}").status_code == 200


def _rate(client: TestClient, seats: SeatBook, seat: str, **fields: str) -> httpx.Response:
    data = {"csrf": seats.csrf(seat), "objective": "obj_info", "task": "answer_press"} | fields
    path = f"/evaluator/{seat.removeprefix('evaluator:')}/rate"
    response: httpx.Response = client.post(path, data=data, headers={"HX-Request": "true"})
    return response


def test_seats_lists_one_seat_per_evaluator_on_the_roster(
    rostered: ExerciseDesk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["seats", str(tmp_path / "room.jsonl")]) == 0
    seats = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert seats == ["room", "control", "cell:blue", "cell:red", DANA, LEE]
    rostered.execute(c.RemoveParticipant("Lee Park"))
    assert main(["seats", str(tmp_path / "room.jsonl")]) == 0
    seats = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert seats == ["room", "control", "cell:blue", "cell:red", DANA]



def test_the_consoles_seats_screen_leaves_out_an_evaluator_taken_off_the_roster(
    rostered: ExerciseDesk, seats: SeatBook
) -> None:
    from players.web.hub import Hub
    from players.web.serve import OpenRoom

    room = OpenRoom(seats, Hub(), "http://10.0.0.5:8000", rostered)
    assert [seat for seat, _ in room.links()][-2:] == [DANA, LEE]
    rostered.execute(c.RemoveParticipant("Lee Park"))
    assert [seat for seat, _ in room.links()] == ["room", "control", "cell:blue", "cell:red", DANA]

def test_the_roster_file_is_journaled_once(rostered: ExerciseDesk, tmp_path: Path) -> None:
    assert roster_command(rostered.session, tmp_path / "roster.yaml") is None
    records = read_journal(tmp_path / "room.jsonl").records
    assert [r["source"] for r in records if r["type"] == "roster_set"] == ["roster.yaml"]


def test_a_bad_roster_line_is_named_at_its_place(desk: ExerciseDesk, tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_text("name,organisation,cell,role\nAnn,EOC,blue,player\nBo,EOC,green,player\n")
    with pytest.raises(UserError) as error:
        roster_command(desk.session, path)
    assert str(error.value) == f"{path}:3: Bo: no cell 'green' (the cells: blue, red)"


def test_two_evaluators_rate_the_same_task_and_both_ratings_are_kept(
    rostered: ExerciseDesk, seats: SeatBook, client: TestClient
) -> None:
    _join(client, seats, DANA)
    page = client.get("/evaluator/dana-reyes").text
    assert "Exercise evaluation guide" in page and "Answer the journalist" in page
    assert "private to its cells" in page and "for your cell only" not in page  # red's tasking
    assert _rate(client, seats, DANA, rating="S", key="d1", observation="late").status_code == 200
    assert _rate(client, seats, DANA, rating="S", key="d1").status_code == 200  # a retry
    _join(client, seats, LEE)
    assert _rate(client, seats, LEE, rating="M", key="l1").status_code == 200
    kept = rostered.session.state.evaluator_ratings[("obj_info", "answer_press")]
    assert {name: r["rating"] for name, r in kept.items()} == {"Dana Reyes": "S", "Lee Park": "M"}
    assert len([e for e in rostered.session.events if e["type"] == "task_rated"]) == 2


def test_an_evaluators_observation_is_a_note_with_their_name_only_they_see(
    rostered: ExerciseDesk, seats: SeatBook, client: TestClient
) -> None:
    _join(client, seats, DANA)
    data = {"csrf": seats.csrf(DANA), "key": "o1", "objective": "obj_info", "text": "PAO hesitated"}
    answer = client.post("/evaluator/dana-reyes/observe", data=data, headers={"HX-Request": "true"})
    assert "Observation received." in answer.text and "PAO hesitated" in answer.text
    client.post("/evaluator/dana-reyes/observe", data=data, headers={"HX-Request": "true"})
    (note,) = rostered.session.state.notes
    assert (note["text"], note["objective"], note.get("evaluator")) == (
        "PAO hesitated",
        "obj_info",
        "Dana Reyes",
    )
    _join(client, seats, LEE)
    assert "PAO hesitated" not in client.get("/evaluator/lee-park").text


def test_an_evaluators_posts_need_their_own_seat_and_stay_bounded(
    rostered: ExerciseDesk, seats: SeatBook, client: TestClient
) -> None:
    _join(client, seats, LEE)
    assert client.get("/evaluator/dana-reyes").status_code == 403  # another evaluator's page
    assert client.get("/evaluator/nobody").status_code == 403
    forged = client.post("/evaluator/lee-park/rate", data={"csrf": "x", "rating": "S"})
    assert forged.status_code == 403
    long = _rate(client, seats, LEE, rating="S", observation="x" * 2001)
    assert (long.status_code, long.text) == (
        400,
        "The observation is too long (at most 2000 characters).",
    )
    bad = _rate(client, seats, LEE, rating="Q")
    assert (bad.status_code, bad.text) == (400, "Choose a rating: P, S, M or U.")
    huge = _rate(client, seats, LEE, rating="S", observation="x" * 9000)
    assert huge.status_code == 413
    assert rostered.session.state.evaluator_ratings == {}


def test_feedback_forms_from_two_seats_are_journaled_with_their_cell(
    rostered: ExerciseDesk, seats: SeatBook, client: TestClient
) -> None:
    _join(client, seats, cell_seat("blue"))
    assert (
        "Participant feedback" not in client.get("/cell/blue/live").text
    )  # not before the hotwash
    rostered.execute(c.EndExercise())
    assert "Participant feedback" in client.get("/cell/blue/live").text
    form = {"csrf": seats.csrf(cell_seat("blue")), "key": "f1", "name": "Sam Okafor",
            "strengths": "Clear injects", "improvements": "Too fast", "changes": "Longer turn 2",
            "rating": "4"}  # fmt: skip
    answer = client.post("/cell/blue/feedback", data=form, headers={"HX-Request": "true"})
    assert "Thank you" in answer.text
    _join(client, seats, DANA)
    form = {"csrf": seats.csrf(DANA), "key": "f2", "strengths": "Good evaluator guide"}
    client.post("/evaluator/dana-reyes/feedback", data=form, headers={"HX-Request": "true"})
    forms = rostered.session.state.feedback_forms
    assert [(f["cell"], f["name"], f["rating"]) for f in forms] == [
        ("blue", "Sam Okafor", 4),
        (None, "Dana Reyes", 0),
    ]


def test_run_with_a_roster_journals_it_and_a_bad_one_is_a_clean_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from fixtures.room import MINI

    from players.console.app import ConsoleApp

    monkeypatch.setattr(ConsoleApp, "run", lambda self, **_: None)
    monkeypatch.setattr("players.console.terminal.reset_terminal", lambda: None)
    roster = tmp_path / "roster.yaml"
    roster.write_text(ROSTER, encoding="utf-8")
    journal = tmp_path / "run.jsonl"
    args = ["run", str(MINI), "--journal", str(journal), "--roster", str(roster)]
    assert main(args) == 0
    kinds = [r["type"] for r in read_journal(journal).records]
    assert kinds.count("roster_set") == 1
    assert main(["run", "--resume", str(journal), "--roster", str(roster)]) == 0
    assert [r["type"] for r in read_journal(journal).records].count("roster_set") == 1
    roster.write_text("participants:\n  - {name: Bo, role: umpire}\n", encoding="utf-8")
    assert main(["run", "--resume", str(journal), "--roster", str(roster)]) == 1
    assert (
        capsys.readouterr()
        .err.strip()
        .endswith(
            f"{roster}:2: Bo: the role is one of player, evaluator, controller, observer "
            "(not 'umpire')"
        )
    )


def test_on_the_flagship_two_evaluators_rate_one_task_and_the_report_names_both(
    tmp_path: Path,
) -> None:
    from engine.journal.journaled_session import JournaledSession
    from engine.report import build_report, render
    from players.console.launch import bundled_scenario, load
    from players.web.app import RateLimit, create_app
    from players.web.hub import Hub

    journal = tmp_path / "portrait.jsonl"
    exercise = JournaledSession.create(load(bundled_scenario()), 1, journal)
    desk = ExerciseDesk(exercise)
    seats = SeatBook.open(journal, desk.session.compiled.scenario)
    keep_evaluator_seats(desk, seats)
    roster = (
        {"name": "Dana Reyes", "role": "evaluator"},
        {"name": "Lee Park", "role": "evaluator"},
    )
    for command in (c.SetRoster(roster), c.Begin()):
        desk.execute(command)
    objective = desk.session.compiled.scenario.objectives[0]
    task = objective.critical_tasks[0]
    app = create_app(desk, seats, Hub(), rate=RateLimit(count=1000))
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        for seat, rating in ((DANA, "P"), (LEE, "S")):
            _join(client, seats, seat)
            page = client.get(f"/evaluator/{seat.removeprefix('evaluator:')}").text
            assert all(o.capability in page for o in desk.session.compiled.scenario.objectives)
            data = {"objective": objective.id, "task": task.id, "rating": rating, "key": seat}
            assert _rate(client, seats, seat, **data).status_code == 200
    exercise.close()
    report = render(build_report(read_journal(journal), budget=0), "markdown")
    assert "Dana Reyes: **P**; Lee Park: **S**" in report


def test_a_new_run_with_a_bad_roster_writes_no_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from fixtures.room import MINI

    from players.console.app import ConsoleApp

    monkeypatch.setattr(ConsoleApp, "run", lambda self, **_: None)
    roster = tmp_path / "roster.csv"
    roster.write_text("name,organisation,cell,role\nAnn,EOC,blue,player\nBo,EOC,green,player\n")
    journal = tmp_path / "run.jsonl"
    assert main(["run", str(MINI), "--journal", str(journal), "--roster", str(roster)]) == 1
    assert capsys.readouterr().err == (
        f"wargame: error: {roster}:3: Bo: no cell 'green' (the cells: blue, red)\n"
    )
    assert list(tmp_path.iterdir()) == [roster]
