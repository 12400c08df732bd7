"""Journals written by version 0.1.0 stay what they were, and stay readable.

The fixtures in `tests/fixtures/journals/` were written before the engine's events became
types; the same scenario, seed and commands must still give the same journal, byte for byte
once wall times and checksums are set aside, and the committed journals must still resume,
fork, view and report.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from journal_fixtures import FIXTURES, MAKERS, make_again

from engine.audience import Audience, inbox
from engine.journal.journaled_session import JournaledSession, fork
from engine.journal.store import read_journal
from engine.report import render, report_journal

NAMES = sorted(MAKERS)
_VOLATILE_HEADER = ("created", "engine_version", "scenario", "scenario_hash")
"""Header fields that may differ: the date and version, and the embedded scenario (and its
hash), which change when a bundled scenario is edited or the format gains a default; the
events are what must match."""


def _comparable(path: Path) -> list[bytes]:
    """Each line as sorted compact JSON without `wall` and `crc` (header: without its date)."""
    lines = []
    for number, raw in enumerate(path.read_bytes().splitlines()):
        record: dict[str, Any] = json.loads(raw)
        # session_started repeats the scenario's hash, which moves with the format's defaults.
        volatile = _VOLATILE_HEADER if number == 0 else ("wall", "content_hash")
        for key in (*volatile, "crc"):
            record.pop(key, None)
        lines.append(
            json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        )
    return lines


@pytest.mark.parametrize("name", NAMES)
def test_the_same_scenario_seed_and_commands_write_the_committed_journal(
    name: str, tmp_path: Path
) -> None:
    make_again(name, tmp_path / name)
    assert _comparable(tmp_path / name) == _comparable(FIXTURES / name)


@pytest.mark.parametrize("name", NAMES)
def test_a_committed_journal_resumes_to_the_state_its_events_record(
    name: str, tmp_path: Path
) -> None:
    copy = tmp_path / name
    copy.write_bytes((FIXTURES / name).read_bytes())
    resumed = JournaledSession.resume(copy)
    with resumed.exercise as exercise:
        assert resumed.torn is None
        assert exercise.session.finished
        assert len(exercise.session.events) == len(read_journal(FIXTURES / name).records)
    assert copy.read_bytes() == (FIXTURES / name).read_bytes()


@pytest.mark.parametrize("name", NAMES)
def test_a_committed_journal_forks_from_its_middle(name: str, tmp_path: Path) -> None:
    records = read_journal(FIXTURES / name).records
    middle = int(records[len(records) // 2]["group"])
    with fork(FIXTURES / name, middle, tmp_path / "branch.jsonl") as branch:
        assert not branch.session.finished or middle == int(records[-1]["group"])
    copied = read_journal(tmp_path / "branch.jsonl").records
    assert copied == [r for r in records if int(r["group"]) <= middle]


@pytest.mark.parametrize("name", NAMES)
def test_a_committed_journal_reports_in_every_format(name: str) -> None:
    report, html = report_journal(FIXTURES / name, "html")
    assert b"<html" in html
    assert "# After-Action Report" in render(report, "markdown")
    assert json.loads(render(report, "json"))


def test_the_console_journal_keeps_its_notes_ratings_override_and_ad_hoc_inject() -> None:
    _, raw = report_journal(FIXTURES / "portrait-console.jsonl", "markdown")
    markdown = raw.decode()
    assert "Designate one spokesperson." in markdown
    assert "Slow but sound." in markdown
    assert "Press call" in markdown
    assert "Good pace, too few injects for press." in markdown


@pytest.mark.parametrize("name", NAMES)
def test_a_committed_journal_shows_the_players_what_was_delivered(
    name: str, tmp_path: Path
) -> None:
    copy = tmp_path / name
    copy.write_bytes((FIXTURES / name).read_bytes())
    with JournaledSession.resume(copy).exercise as exercise:
        shown = inbox(exercise.session, Audience.room())
    assert shown
    assert set(shown) <= exercise.session.state.delivered
