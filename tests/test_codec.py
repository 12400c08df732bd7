"""The journal codec: every record is checked against its event's class when it is read."""

from __future__ import annotations

import contextlib
import json
import os
import re
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from journal_fixtures import FIXTURES

from engine.errors import JournalError
from engine.journal.codec import decode, encode
from engine.journal.journaled_session import JournaledSession, fork
from engine.journal.store import encode_record, read_journal
from engine.play.events import EVENTS, Event, events_table
from engine.report import report_journal

CONSOLE = FIXTURES / "portrait-console.jsonl"
ARCHITECTURE = Path(__file__).resolve().parent.parent / "docs" / "architecture.md"


def _lines() -> list[dict[str, Any]]:
    return [json.loads(line) for line in CONSOLE.read_bytes().splitlines()]


def _without_crc(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if key != "crc"}


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    """A journal of these records, every checksum recomputed (as a careful hand-editor would)."""
    path.write_bytes(b"".join(encode_record(_without_crc(record)) for record in records))
    return path


def _edited(tmp_path: Path, line: int, change: dict[str, Any], drop: str = "") -> Path:
    records = _lines()
    record = records[line - 1]
    record.update(change)
    record.pop(drop, None)
    return _write(tmp_path / "edited.jsonl", records)


def test_every_record_of_a_journal_decodes_to_the_event_it_was() -> None:
    for record in read_journal(CONSOLE).records:
        assert decode(dict(record)) == record
    assert {record["type"] for record in read_journal(CONSOLE).records} >= {
        "command",
        "note_added",
        "task_rated",
        "feedback_recorded",
        "outcome_overridden",
        "undone",
        "redone",
    }


def test_encoding_adds_the_wall_time_and_a_groups_size_and_nothing_else() -> None:
    event = read_journal(CONSOLE).records[1]
    bare = cast(Event, {key: value for key, value in event.items() if key not in ("wall", "size")})
    assert encode(bare, "2026-12-01T09:00:00+00:00") == bare | {"wall": "2026-12-01T09:00:00+00:00"}
    assert encode(bare, "w", size=3)["size"] == 3


@pytest.mark.parametrize(
    ("line", "change", "drop", "message"),
    [
        (3, {"type": "phase_change"}, "", "unknown event type 'phase_change'"),
        (3, {}, "phase", "no 'phase'"),
        (3, {"phase": 4}, "", "'phase' is 4"),
        (3, {"mood": "calm"}, "", "unexpected field 'mood'"),
        (5, {"seq": "4"}, "", "'seq' is '4'"),
        (
            2,
            {"command": {"name": "teleport"}},
            "",
            "its command is not one this engine knows: unknown command 'teleport'",
        ),
        (6, {"cell": ["blue"]}, "", "'cell' is ['blue']"),
    ],
)
def test_a_record_that_does_not_fit_its_event_is_refused_naming_its_line(
    tmp_path: Path, line: int, change: dict[str, Any], drop: str, message: str
) -> None:
    path = _edited(tmp_path, line, change, drop)
    expected = f"{path}:{line}: not a valid journal record ({message}); the journal cannot be read"
    with pytest.raises(JournalError) as refused:
        read_journal(path)
    assert str(refused.value) == expected


def test_a_boolean_is_not_taken_for_a_number(tmp_path: Path) -> None:
    with pytest.raises(JournalError, match=re.escape(":5: not a valid journal record ('seq' is")):
        read_journal(_edited(tmp_path, 5, {"seq": True}))


def test_the_event_table_in_the_architecture_guide_is_generated_from_the_events() -> None:
    guide = ARCHITECTURE.read_text(encoding="utf-8")
    table = events_table()
    assert table in guide, (
        "docs/architecture.md's event table differs from engine/play/events.py; paste the "
        "output of `python -c 'from engine.play.events import events_table as t; print(t())'`"
    )
    assert all(f"| `{name}` |" in table for name in EVENTS)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 500) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=6,
)


@st.composite
def _edit(draw: st.DrawFn) -> tuple[int, str, Any, bool]:
    records = _lines()
    line = draw(st.integers(2, len(records)))
    keys = sorted(_without_crc(records[line - 1]))
    key = draw(st.sampled_from([*keys, "extra"]))
    value = draw(_JSON | st.sampled_from([0, 1, 2, 20, -1, "blue_pa", "d_red_exploit", None]))
    return line, key, value, draw(st.booleans())


@settings(
    max_examples=int(os.environ.get("WARGAME_FUZZ", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(_edit())
def test_an_edited_record_with_a_recomputed_checksum_is_a_clean_journal_error(
    tmp_path: Path, edit: tuple[int, str, Any, bool]
) -> None:
    line, key, value, delete = edit
    records = _lines()
    if delete:
        records[line - 1].pop(key, None)
    else:
        records[line - 1][key] = value
    path = _write(tmp_path / "edited.jsonl", records)
    attempts = (
        lambda: report_journal(path, "markdown"),
        lambda: fork(path, 3, tmp_path / "fork.jsonl").close(),
        lambda: JournaledSession.resume(path).exercise.close(),
    )
    for attempt in attempts:
        (tmp_path / "fork.jsonl").unlink(missing_ok=True)
        with contextlib.suppress(JournalError):
            attempt()
    path.unlink()
