"""Fixtures for the console's tests: the mini scenario and a journaled exercise in tmp."""

from __future__ import annotations

from pathlib import Path

import pytest
from console_support import MINI, SEED, compile_file, fixed_wall
from textual.widgets import Input, TextArea

from engine.journal.journaled_session import JournaledSession
from engine.play.compiled import CompiledScenario


@pytest.fixture
def mini() -> CompiledScenario:
    """The console's test scenario."""
    return compile_file(MINI)


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    """Where a test's journal goes."""
    return tmp_path / "exercise.jsonl"


@pytest.fixture
def exercise(mini: CompiledScenario, journal_path: Path) -> JournaledSession:
    """A fresh journaled exercise on the mini scenario, in the briefing."""
    return JournaledSession.create(mini, SEED, journal_path, wall=fixed_wall)


@pytest.fixture(autouse=True)
def steady_cursors(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text fields' cursors stay shown: their blink is a half-second timer, and on a busy
    machine a snapshot taken a little late would catch the cursor off (a false mismatch)."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)
