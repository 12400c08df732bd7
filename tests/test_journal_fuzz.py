"""Fuzzing the journal: no damaged journal makes resume or report fail with a traceback.

A real journal (BlueLeaks played by bots, with a note) is damaged the ways disks and editors
damage files: cut anywhere, bytes flipped, lines dropped, doubled or swapped, stray text. Every
reader must either read it or refuse it with a `UserError` that names the file; the command
line must exit 1 with one clean message.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from engine.errors import UserError
from engine.journal.journaled_session import JournaledSession
from engine.play import commands as c
from players.autoplay import play
from players.cli import main
from players.policies import RandomPolicy
from players.simulate import load_compiled

SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "blueleaks.yaml"
EXAMPLES = int(os.environ.get("WARGAME_FUZZ", "100"))


def _wall() -> datetime:
    return datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def journal_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A whole journal of a bot-played exercise, with a note."""
    path = tmp_path_factory.mktemp("journal") / "exercise.jsonl"
    compiled = load_compiled(SCENARIO)
    with JournaledSession.create(compiled, 3, path, wall=_wall) as exercise:
        exercise.execute(c.Begin())
        exercise.execute(c.AddNote('a note with ünïcode and "quotes"', kind="observation"))
        policies = {cell.id: RandomPolicy(3) for cell in compiled.scenario.cells}
        play(exercise.session, policies, execute=exercise.execute, max_choices=12)
    return path.read_bytes()


@st.composite
def damaged(draw: st.DrawFn, original: bytes) -> bytes:
    """The journal with one to three kinds of damage."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 3))):
        lines = bytes(data).splitlines(keepends=True)
        change = draw(st.sampled_from(["cut", "flip", "drop", "double", "swap", "insert"]))
        if change == "cut":
            data = data[: draw(st.integers(0, len(data)))]
        elif change == "flip" and data:
            at = draw(st.integers(0, len(data) - 1))
            data[at] = draw(st.integers(0, 255))
        elif change in ("drop", "double", "swap") and lines:
            at = draw(st.integers(0, len(lines) - 1))
            if change == "drop":
                del lines[at]
            elif change == "double":
                lines.insert(at, lines[at])
            else:
                other = draw(st.integers(0, len(lines) - 1))
                lines[at], lines[other] = lines[other], lines[at]
            data = bytearray(b"".join(lines))
        else:
            at = draw(st.integers(0, len(data)))
            junk = draw(st.sampled_from([b"\n", b"{}", b"garbage", b"\x00\xff", b'{"crc":1}\n']))
            data[at:at] = junk
    return bytes(data)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_a_damaged_journal_is_resumed_or_refused_by_name(
    data: st.DataObject, journal_bytes: bytes, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("damaged") / "exercise.jsonl"
    path.write_bytes(data.draw(damaged(journal_bytes)))
    try:
        resumed = JournaledSession.resume(path)
    except UserError as error:
        event("refused")
        assert str(path) in str(error)
        return
    event("resumed (torn end dropped)" if resumed.torn else "resumed")
    resumed.exercise.close()


@settings(
    max_examples=max(EXAMPLES // 4, 10),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_report_exits_cleanly_on_a_damaged_journal(
    data: st.DataObject,
    journal_bytes: bytes,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path_factory.mktemp("damaged")
    path = folder / "exercise.jsonl"
    path.write_bytes(data.draw(damaged(journal_bytes)))
    code = main(["report", str(path), "-o", str(folder / "aar.md"), "--budget", "50"])
    output = capsys.readouterr()
    assert code in (0, 1)
    assert "Traceback" not in output.out + output.err
    if code == 1:
        assert output.err.startswith("wargame: error: ")
