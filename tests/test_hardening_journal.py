"""Hand-edited and hostile journals (issue #23): refused in words, never a hang or a lie.

`tests/hostile/noted.journal.jsonl` is a real journal with two notes; the tests edit copies.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from test_hardening_loader import within

from engine.errors import JournalError
from engine.journal.journaled_session import JournaledSession
from engine.journal.store import MAX_LINE_BYTES, Journal, encode_record, read_journal
from engine.report import report_journal

JOURNAL = Path(__file__).resolve().parent / "hostile" / "noted.journal.jsonl"
EDITED = "the journal was edited, and cannot be trusted from this line on"


@pytest.fixture
def lines() -> list[bytes]:
    return JOURNAL.read_bytes().splitlines(keepends=True)


def write(tmp_path: Path, lines: list[bytes]) -> Path:
    path = tmp_path / "edited.jsonl"
    path.write_bytes(b"".join(lines))
    return path


def test_the_kept_journal_reads_whole_and_reports_complete() -> None:
    report, _ = report_journal(JOURNAL, "json", budget=0, max_points=0)
    assert report.status.complete
    assert len(read_journal(JOURNAL).records) == 18


def test_a_fifo_as_the_journal_is_refused_by_report_and_resume(tmp_path: Path) -> None:
    fifo = tmp_path / "journal.jsonl"
    os.mkfifo(fifo)
    message = f"{fifo}: cannot read the journal: not a regular file: it is a FIFO (named pipe)"
    with within(10):
        with pytest.raises(JournalError, match="FIFO") as reported:
            report_journal(fifo, "markdown", budget=0)
        with pytest.raises(JournalError) as resumed:
            JournaledSession.resume(fifo)
    assert str(reported.value) == str(resumed.value) == message


def test_a_deleted_note_is_named_by_its_line_and_resume_refuses(
    tmp_path: Path, lines: list[bytes]
) -> None:
    path = write(tmp_path, lines[:12] + lines[14:])  # the second note's two lines
    with pytest.raises(JournalError) as caught:
        JournaledSession.resume(path)
    assert str(caught.value) == (
        f"{path}:13: records out of order (seq 13 where seq 11 was due (2 record(s) missing"
        f" or moved)); {EDITED}"
    )


def test_the_report_of_a_journal_missing_lines_is_refused_like_resume(
    tmp_path: Path, lines: list[bytes]
) -> None:
    path = write(tmp_path, lines[:12] + lines[14:])
    with pytest.raises(JournalError) as caught:
        report_journal(path, "markdown", budget=0, max_points=0)
    assert str(caught.value) == (
        f"{path}:13: records out of order (seq 13 where seq 11 was due (2 record(s) missing"
        f" or moved)); {EDITED}"
    )


@pytest.mark.parametrize(
    ("edit", "line", "reason"),
    [
        (
            lambda lines: [*lines[:10], lines[9], *lines[10:]],
            11,
            "seq 8 comes again after seq 8 (a line duplicated or moved)",
        ),
        (
            lambda lines: [*lines[:5], lines[6], lines[5], *lines[7:]],
            6,
            "seq 5 where seq 4 was due (1 record(s) missing or moved)",
        ),
    ],
    ids=["a duplicated line", "two lines swapped"],
)
def test_a_line_duplicated_or_moved_is_named(
    tmp_path: Path,
    lines: list[bytes],
    edit: Callable[[list[bytes]], list[bytes]],
    line: int,
    reason: str,
) -> None:
    path = write(tmp_path, edit(lines))
    with pytest.raises(JournalError) as caught:
        read_journal(path)
    assert str(caught.value) == f"{path}:{line}: records out of order ({reason}); {EDITED}"


def test_a_whole_group_moved_to_the_end_is_named(tmp_path: Path, lines: list[bytes]) -> None:
    path = write(tmp_path, [*lines[:8], *lines[10:], *lines[8:10]])  # the first note
    with pytest.raises(JournalError, match=r":9: records out of order \(seq 9 where seq 7"):
        read_journal(path)


def test_a_header_too_long_to_read_back_is_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    path = tmp_path / "big.jsonl"
    header = {"kind": "header", "scenario": "x" * MAX_LINE_BYTES}
    with pytest.raises(JournalError) as caught:
        Journal.create(path, header)
    assert str(caught.value) == (
        f"{path}: the scenario is too large to journal: its header would be"
        f" {len(encode_record(header)):,} bytes, and a journal line may be at most 16 MiB"
    )
    assert not path.exists()


def test_a_journal_copied_whole_still_resumes(tmp_path: Path) -> None:
    path = tmp_path / "copy.jsonl"
    shutil.copy(JOURNAL, path)
    with JournaledSession.resume(path).exercise as exercise:
        assert len(exercise.session.events) == 18
