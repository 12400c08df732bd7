"""The journal: durable appends, torn last lines dropped and reported, corruption refused."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from engine.errors import JournalError, UserError
from engine.journal import store as journal_module
from engine.journal.store import (
    Journal,
    JournalContents,
    decode_line,
    encode_record,
    read_journal,
)
from engine.play.events import CommandEvent, Event

HEADER: dict[str, Any] = {
    "kind": "header",
    "engine_version": "0.1.0",
    "scenario_hash": "ab" * 32,
    "seed": 7,
    "forked_from": None,
    "scenario": {"id": "flood", "title": "Crue de la Seine — exercice", "turns": [1, 2.5]},
}


def event(seq: int, text: str | None = None) -> CommandEvent:
    """A valid record that starts its own group: a `command` (reading checks the order of the
    records and every record against its event)."""
    return {
        "seq": seq,
        "type": "command",
        "group": seq,
        "turn": 0,
        "clock": 0,
        "command": {"name": "add_note", "text": f"note {seq}" if text is None else text},
    }


def make_journal(path: Path, count: int) -> list[Event]:
    records: list[Event] = [event(seq) for seq in range(count)]
    with Journal.create(path, HEADER) as journal:
        journal.append(records)
    return records


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "exercise.journal.jsonl"


def test_a_header_and_records_read_back_as_written(path: Path) -> None:
    with Journal.create(path, HEADER) as journal:
        journal.append([event(0)])
        journal.append([event(1, text='{"crc": 1, "quote": "\\"crc\\":2}"}'), event(2)])
        assert journal.records_written == 3
    contents = read_journal(path)
    tricky = event(1, text='{"crc": 1, "quote": "\\"crc\\":2}"}')
    assert contents == JournalContents(HEADER, [event(0), tricky, event(2)], None, path)


def test_every_line_is_json_with_its_checksum_last(path: Path) -> None:
    make_journal(path, 2)
    lines = path.read_bytes().decode().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith('{"engine_version":"0.1.0","forked_from":null,"kind":"header"')
    assert all(line.rsplit(",", 1)[1].startswith('"crc":') for line in lines)
    assert "Crue de la Seine — exercice" in lines[0]


def test_equal_records_give_equal_bytes_whatever_their_key_order() -> None:
    forward = {"seq": 1, "type": "x", "data": {"a": 1, "b": [1, 2]}}
    backward = {"data": {"b": [1, 2], "a": 1}, "type": "x", "seq": 1}
    assert encode_record(forward) == encode_record(backward)
    assert encode_record(forward).endswith(b"}\n")


def test_an_empty_record_still_makes_a_valid_checked_line(path: Path) -> None:
    with Journal.create(path, HEADER) as journal:
        journal.append([{}])
    # The line is framed and checked; as an event it is refused (see tests/test_codec.py).
    assert decode_line(path.read_bytes().splitlines()[1]) == {}


def test_a_record_with_its_own_crc_key_is_refused_before_anything_is_written(path: Path) -> None:
    with Journal.create(path, HEADER) as journal, pytest.raises(ValueError, match="crc"):
        journal.append([event(0), {"seq": 1, "type": "x", "crc": 3}])
    assert read_journal(path).records == []


def test_the_journal_syncs_before_it_acknowledges(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real_write, real_fsync = os.write, os.fsync

    def write(fd: int, data: bytes) -> int:
        calls.append("write")
        return real_write(fd, data)

    def fsync(fd: int) -> None:
        calls.append("fsync")
        real_fsync(fd)

    journal = Journal.create(path, HEADER)
    monkeypatch.setattr(os, "write", write)
    monkeypatch.setattr(os, "fsync", fsync)
    journal.append([event(0), event(1), event(2)])
    calls.append("acknowledged")
    journal.close()
    assert calls == ["write", "fsync", "acknowledged"]


def test_creating_a_journal_syncs_the_file_and_its_directory(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append("dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    Journal.create(path, HEADER).close()
    assert synced == ["file", "dir"]


def test_creating_never_overwrites_an_existing_file(path: Path) -> None:
    path.write_text("precious\n")
    with pytest.raises(JournalError, match="already exists"):
        Journal.create(path, HEADER)
    assert path.read_text() == "precious\n"


def test_a_cut_anywhere_in_the_last_record_drops_it_and_a_reopen_repairs_the_file(
    path: Path, tmp_path: Path
) -> None:
    records = make_journal(path, 3)
    data = path.read_bytes()
    last_start = data.rindex(b"\n", 0, len(data) - 1) + 1
    cut_path = tmp_path / "cut.jsonl"
    for cut in range(last_start + 1, len(data)):
        cut_path.write_bytes(data[:cut])
        contents = read_journal(cut_path)
        assert contents.records == records[:2], cut
        assert contents.torn is not None
        assert (contents.torn.line, contents.torn.size) == (4, cut - last_start)
        # Only the final newline missing still counts as torn: the newline was in the same write.
        assert contents.torn.reason == "no trailing newline"
        journal, _ = Journal.reopen(cut_path)
        with journal:
            journal.append([event(2)])
        assert read_journal(cut_path) == JournalContents(
            HEADER, [*records[:2], event(2)], None, cut_path
        )
    cut_path.write_bytes(data[:last_start])
    assert read_journal(cut_path) == JournalContents(HEADER, records[:2], None, cut_path)


def test_a_cut_inside_the_header_is_refused_clearly(path: Path, tmp_path: Path) -> None:
    make_journal(path, 0)
    data = path.read_bytes()
    cut_path = tmp_path / "cut.jsonl"
    for cut in range(1, len(data)):
        cut_path.write_bytes(data[:cut])
        with pytest.raises(JournalError, match=r"cut\.jsonl:1: the journal header is incomplete"):
            read_journal(cut_path)


def test_a_flipped_byte_in_the_last_line_is_a_torn_write(path: Path) -> None:
    records = make_journal(path, 3)
    data = bytearray(path.read_bytes())
    data[-5] ^= 0x01
    path.write_bytes(bytes(data))
    contents = read_journal(path)
    assert contents.records == records[:2]
    assert contents.torn is not None
    assert contents.torn.reason == "checksum mismatch"


def test_a_garbage_line_in_the_middle_is_refused_naming_the_line(path: Path) -> None:
    make_journal(path, 3)
    lines = path.read_bytes().splitlines(keepends=True)
    lines.insert(2, b"this is not a record\n")
    path.write_bytes(b"".join(lines))
    with pytest.raises(JournalError) as caught:
        read_journal(path)
    assert str(caught.value) == (
        f"{path}:3: corrupted record (no checksum); the journal cannot be read past it"
    )
    assert isinstance(caught.value, UserError)


def test_a_flipped_byte_in_the_middle_is_a_checksum_error_naming_the_line(path: Path) -> None:
    make_journal(path, 3)
    lines = path.read_bytes().splitlines(keepends=True)
    lines[2] = lines[2].replace(b"note 1", b"note 9")
    path.write_bytes(b"".join(lines))
    with pytest.raises(JournalError, match=r":3: corrupted record \(checksum mismatch\); the"):
        read_journal(path)


def test_invalid_utf8_in_the_middle_is_refused_naming_the_line(path: Path) -> None:
    make_journal(path, 3)
    lines = path.read_bytes().splitlines(keepends=True)
    lines[1] = lines[1].replace(b"note 0", b"note \xff")
    path.write_bytes(b"".join(lines))
    with pytest.raises(JournalError, match=r":2: corrupted record"):
        read_journal(path)


def test_an_overlong_line_is_refused_as_corruption_even_at_the_end(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Journal.create(path, HEADER) as journal:
        journal.append([event(0), event(1, text="x" * 1000)])
    limit = max(len(encode_record(HEADER)), len(encode_record(event(0)))) + 10
    monkeypatch.setattr(journal_module, "MAX_LINE_BYTES", limit)
    with pytest.raises(JournalError, match=rf":3: corrupted record \(longer than {limit} bytes\)"):
        read_journal(path)
    monkeypatch.setattr(journal_module, "MAX_LINE_BYTES", 60)
    with pytest.raises(JournalError, match=r"not a wargame journal \(the first line is too long\)"):
        read_journal(path)


def test_an_oversized_record_is_never_written(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    journal = Journal.create(path, HEADER)
    monkeypatch.setattr(journal_module, "MAX_LINE_BYTES", 100)
    with journal, pytest.raises(JournalError, match="longer than 100 bytes; nothing was recorded"):
        journal.append([event(0, text="x" * 200)])
    monkeypatch.undo()
    assert read_journal(path).records == []


def test_an_empty_file_is_not_a_journal(path: Path) -> None:
    path.write_bytes(b"")
    with pytest.raises(JournalError, match="the file is empty"):
        read_journal(path)


def test_a_missing_file_is_reported_without_a_traceback(path: Path) -> None:
    with pytest.raises(JournalError, match="no such journal"):
        read_journal(path)
    with pytest.raises(JournalError, match="no such journal"):
        Journal.reopen(path)


def test_a_directory_is_not_a_journal(tmp_path: Path) -> None:
    with pytest.raises(JournalError, match="is a directory"):
        read_journal(tmp_path)


@pytest.mark.parametrize(
    "content",
    [
        b"# yaml-language-server: $schema=../schema/scenario.json\nid: flood\n",
        b"id: flood\n",
        b'{"kind": "header"}\n',
        b"\xff\xfe\x00binary\x00",
        b"\n",
    ],
)
def test_a_file_that_is_not_a_journal_is_refused(path: Path, content: bytes) -> None:
    path.write_bytes(content)
    with pytest.raises(JournalError, match="not a wargame journal"):
        read_journal(path)


def test_a_checked_first_record_that_is_not_a_header_is_refused(path: Path) -> None:
    path.write_bytes(encode_record(event(0)) + encode_record(event(1)))
    with pytest.raises(JournalError, match=r":1: not a wargame journal \(the first record"):
        read_journal(path)


def test_a_corrupted_header_is_refused(path: Path) -> None:
    make_journal(path, 1)
    path.write_bytes(path.read_bytes().replace(b'"seed":7', b'"seed":8'))
    with pytest.raises(JournalError, match=r":1: the journal header is corrupted"):
        read_journal(path)


def test_a_header_only_journal_has_no_records(path: Path) -> None:
    Journal.create(path, HEADER).close()
    assert read_journal(path) == JournalContents(HEADER, [], None, path)


def test_a_header_without_its_kind_is_a_bug_in_the_caller(path: Path) -> None:
    with pytest.raises(ValueError, match="kind"):
        Journal.create(path, {"seed": 1})
    assert not path.exists()


def test_reopening_after_a_torn_write_cuts_it_off_and_appends_cleanly(path: Path) -> None:
    records = make_journal(path, 3)
    data = path.read_bytes()
    path.write_bytes(data[:-7])
    journal, contents = Journal.reopen(path)
    with journal:
        assert contents.torn is not None
        assert contents.torn.line == 4
        assert journal.records_written == 2
        assert path.stat().st_size == data.rindex(b"\n", 0, len(data) - 1) + 1
        journal.append([event(2), event(3)])
        assert journal.records_written == 4
    assert read_journal(path) == JournalContents(
        HEADER, [*records[:2], event(2), event(3)], None, path
    )


def test_reopening_a_clean_journal_keeps_everything(path: Path) -> None:
    records = make_journal(path, 2)
    journal, contents = Journal.reopen(path)
    with journal:
        assert contents.torn is None
        journal.append([event(2)])
    assert read_journal(path).records == [*records, event(2)]


def test_reopening_a_corrupt_journal_changes_nothing(path: Path) -> None:
    make_journal(path, 3)
    lines = path.read_bytes().splitlines(keepends=True)
    lines[2] = b"garbage\n"
    damaged = b"".join(lines)
    path.write_bytes(damaged)
    with pytest.raises(JournalError, match=":3: corrupted record"):
        Journal.reopen(path)
    assert path.read_bytes() == damaged


def test_a_full_disk_raises_a_journal_error_and_records_nothing(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = make_journal(path, 2)
    journal, _ = Journal.reopen(path)

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(os, "write", full)
        with pytest.raises(JournalError) as caught:
            journal.append([event(2)])
    assert str(caught.value) == (
        f"could not write the journal {path}: No space left on device; nothing was recorded"
    )
    assert read_journal(path) == JournalContents(HEADER, records, None, path)
    journal.append([event(2)])
    journal.close()
    assert read_journal(path).records == [*records, event(2)]


def test_a_short_write_then_a_full_disk_leaves_no_partial_line(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = make_journal(path, 2)
    journal, _ = Journal.reopen(path)
    real_write = os.write
    attempts: list[int] = []

    def half_then_full(fd: int, data: bytes) -> int:
        attempts.append(len(data))
        if len(attempts) > 1:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, bytes(data)[: len(data) // 2])

    with journal, monkeypatch.context() as patch:
        patch.setattr(os, "write", half_then_full)
        with pytest.raises(JournalError, match="nothing was recorded"):
            journal.append([event(2), event(3), event(4)])
    assert len(attempts) == 2
    assert read_journal(path) == JournalContents(HEADER, records, None, path)


def test_a_failed_fsync_undoes_the_write(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    records = make_journal(path, 1)
    journal, _ = Journal.reopen(path)
    real_fsync = os.fsync
    failures = [OSError(errno.EIO, os.strerror(errno.EIO))]

    def fsync(fd: int) -> None:
        if failures:
            raise failures.pop()
        real_fsync(fd)

    with journal, monkeypatch.context() as patch:
        patch.setattr(os, "fsync", fsync)
        with pytest.raises(JournalError, match="Input/output error; nothing was recorded"):
            journal.append([event(1)])
    assert read_journal(path).records == records


def test_a_write_that_cannot_be_undone_stops_further_appends(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_journal(path, 1)
    journal, _ = Journal.reopen(path)
    real_write = os.write

    def torn(fd: int, data: bytes) -> int:
        real_write(fd, bytes(data)[:10])
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    def cannot_truncate(fd: int, size: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    with journal, monkeypatch.context() as patch:
        patch.setattr(os, "write", torn)
        patch.setattr(os, "ftruncate", cannot_truncate)
        with pytest.raises(JournalError, match="resume the exercise to repair"):
            journal.append([event(1)])
        patch.undo()
        with pytest.raises(JournalError, match="resume the exercise to repair"):
            journal.append([event(2)])
    journal, contents = Journal.reopen(path)
    journal.close()
    assert contents.torn is not None
    assert read_journal(path).torn is None


def test_appending_nothing_writes_nothing(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    journal = Journal.create(path, HEADER)
    monkeypatch.setattr(os, "write", None)
    with journal:
        journal.append([])
    assert journal.records_written == 0


def test_a_closed_journal_refuses_appends_and_closes_twice_harmlessly(path: Path) -> None:
    journal = Journal.create(path, HEADER)
    journal.close()
    journal.close()
    with pytest.raises(ValueError, match="closed"):
        journal.append([event(0)])


# --- one writer at a time ------------------------------------------------------------------

LOCKED = "another wargame session has this journal open; close that one first"


def test_a_journal_open_for_writing_cannot_be_opened_again_until_it_is_closed(
    path: Path,
) -> None:
    first = Journal.create(path, HEADER)
    first.append([event(0)])
    with pytest.raises(JournalError, match=f"^{path}: {LOCKED}"):
        Journal.reopen(path)
    first.close()
    second, contents = Journal.reopen(path)
    assert [record["seq"] for record in contents.records] == [0]
    with pytest.raises(JournalError, match=LOCKED):
        Journal.reopen(path)
    second.close()
    assert read_journal(path).records == contents.records  # refusals wrote nothing


def test_another_process_holding_the_journal_locks_it_out_until_it_dies(path: Path) -> None:
    import subprocess
    import sys

    make_journal(path, 2)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from engine.journal.store import Journal; "
            "j, _ = Journal.reopen(Path(sys.argv[1])); print('open', flush=True); sys.stdin.read()",
            str(path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        with pytest.raises(JournalError, match=LOCKED):
            Journal.reopen(path)
    finally:
        holder.kill()  # SIGKILL: the lock goes with the process, nothing stale is left
        holder.wait()
    journal, contents = Journal.reopen(path)
    journal.close()
    assert len(contents.records) == 2
