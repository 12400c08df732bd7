"""A room reopened on a resumed journal serves what the first room served (the review's finding:
pictures stopped loading after a crash-resume without SCENARIO)."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest
from fixtures.room import FEED, SEED, feed

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)
    from starlette.testclient import TestClient

from engine.journal.journaled_session import JournaledSession
from engine.play import commands as c
from players.web import serve
from players.web.serve import bind
from players.web.tokens import SeatBook


def _serve_once(
    monkeypatch: pytest.MonkeyPatch, exercise: JournaledSession, folder: Path | None
) -> Any:
    """`run_room` as `wargame run --serve` calls it; returns the room's web app, not served."""
    served: list[Any] = []

    async def keep(app: object, server: Any, sock: object) -> None:
        served.append(server.config.app)

    monkeypatch.setattr(serve, "run_with_room", keep)
    sock = bind("127.0.0.1", 0)
    try:
        serve.run_room(exercise, {}, ("127.0.0.1", sock), None, folder)
    finally:
        sock.close()
    return served[0]


def _attachment(app: Any, seats: SeatBook) -> int:
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        assert client.get(f"/join/{seats.token('room')}").status_code == 200
        status: int = client.get("/room/attachment/i_post/0").status_code
        return status


def test_a_room_resumed_without_its_scenario_still_serves_the_injects_attachments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = tmp_path / "feed.jsonl"
    with JournaledSession.create(feed(), SEED, journal) as exercise:
        exercise.execute(c.Begin())
        exercise.execute(c.NextPhase())
        first = _serve_once(monkeypatch, exercise, FEED.parent)
        seats = SeatBook.open(journal, exercise.session.compiled.scenario)
        assert _attachment(first, seats) == 200
    resumed = JournaledSession.resume(journal)
    with resumed.exercise as exercise:
        again = _serve_once(monkeypatch, exercise, None)  # `wargame run --resume J --serve`
        assert _attachment(again, seats) == 200
