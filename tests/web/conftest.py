"""Fixtures for the room's tests: a journaled mini exercise in deliberation, its seats, a client,
and a headless Chromium for the real-browser tests (`room_harness`)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fixtures import browser
from fixtures.room import ADHOC_NOTE, ADHOC_TITLE, SEED, mini
from room_harness import chromium_driver

with warnings.catch_warnings():  # Starlette now prefers httpx2; httpx still works the same
    warnings.simplefilter("ignore", UserWarning)
    from starlette.testclient import TestClient

from engine.journal.journaled_session import JournaledSession
from engine.play import commands as c
from players.web.app import RateLimit, create_app
from players.web.desk import ExerciseDesk
from players.web.hub import Hub
from players.web.tokens import SeatBook


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[ExerciseDesk]:
    """The mini exercise journaled in tmp, in turn 1's deliberation, a private ad-hoc inject."""
    exercise = JournaledSession.create(mini(), SEED, tmp_path / "room.jsonl")
    desk = ExerciseDesk(exercise)
    desk.execute(c.Begin())
    desk.execute(c.AddInject(ADHOC_TITLE, body="Push the roster.", to=("red",), notes=ADHOC_NOTE))
    desk.execute(c.NextPhase())
    yield desk
    exercise.close()


@pytest.fixture
def seats(desk: ExerciseDesk, tmp_path: Path) -> SeatBook:
    """The exercise's seat tokens (the file beside the journal)."""
    return SeatBook.open(tmp_path / "room.jsonl", desk.session.compiled.scenario)


@pytest.fixture
def hub(desk: ExerciseDesk) -> Hub:
    """The live channel, told of every change."""
    hub = Hub()
    desk.listeners.append(lambda command, events, origin: hub.publish())
    return hub


@pytest.fixture
def client(desk: ExerciseDesk, seats: SeatBook, hub: Hub) -> Iterator[TestClient]:
    """A browser-like client of the room (no cookie yet)."""
    app = create_app(desk, seats, hub, rate=RateLimit(count=1000))
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        yield client


@pytest.fixture
def driver() -> Iterator[Any]:
    """A headless Chromium (Selenium's driver), quit after the test."""
    browser.chromium()
    browser.chromedriver()
    driver = chromium_driver()
    yield driver
    driver.quit()
