"""The journal: the durable, append-only record of a live exercise, one JSON object a line.

A live exercise must never lose a note: every action is journaled durably (written and
fsync'd) before the screen changes, and a killed session resumes exactly where it stopped.

Why JSON Lines rather than SQLite in WAL mode (the alternative we weighed): a facilitator can
read, grep and diff it with no tool of ours; it is append-only, so a write can only ever
damage the end of the file; a torn write damages only the last line, which is easy to detect
and drop; the standard library is enough. SQLite would give transactions, but an opaque file,
a dependency on its locking behaviour across file systems, and nothing we need.

Format. Line 1 is the header record (`{"kind":"header",...}`); every further line is one event
record. Each record is serialised compactly with sorted keys (so equal dicts give equal
bytes), and a `"crc"` field is appended at the end of the object: the CRC32 of the serialised
record without it. Every line is therefore valid JSON on its own and checks itself.

Reading. A bad *last* line is a torn write (the session died mid-write, so it was never
acknowledged): it is dropped and reported. That includes a complete record missing only its
trailing newline, because the newline goes out in the same write as the record. A bad line
anywhere else is corruption and the journal is refused, naming the line.

Writing. One process at a time: an open journal holds an exclusive advisory lock (`flock`),
so a second console on the same file is refused instead of interleaving its records. The
lock goes with the file descriptor, so a killed session leaves no stale lock behind.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import sys
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from io import BufferedReader
from pathlib import Path
from sys import intern
from types import TracebackType
from typing import Any, NoReturn

from engine.errors import JournalError
from engine.journal.codec import decode_records
from engine.journal.continuity import Continuity, Discontinuity
from engine.play.events import Event
from engine.regular_file import MISSING, Unreadable, open_regular

if sys.platform != "win32":
    import fcntl

MAX_LINE_BYTES = 16 * 1024 * 1024
"""A longer line is refused as corruption (bounds memory), and never written."""

_CRC_KEY = b'"crc":'


@dataclass(frozen=True)
class TornRecord:
    """The unfinished last line of a journal, dropped when it was read."""

    line: int
    """Its line number, counting the header as line 1."""
    size: int
    """Its size in bytes, newline included if it had one."""
    reason: str
    """Why it does not count, e.g. `no trailing newline` or `checksum mismatch`."""


@dataclass(frozen=True)
class JournalContents:
    """Everything a journal holds: its header and its event records, in order."""

    header: dict[str, Any]
    records: list[Event]
    """Every record checked against its event's class (`engine.journal.codec`)."""
    torn: TornRecord | None
    """The torn last line that was dropped, if there was one."""
    path: Path


def encode_record(record: Mapping[str, Any]) -> bytes:
    """One journal line for `record`: compact sorted JSON with its `"crc"` last, and a newline.

    Raises:
        ValueError: the record has its own `crc` key, or holds NaN or infinity.
        TypeError: the record holds something JSON cannot represent.
    """
    if "crc" in record:
        raise ValueError("a journal record cannot have its own 'crc' key")
    body = json.dumps(
        record, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")
    return _frame(body)


def _frame(body: bytes) -> bytes:
    separator = b"" if body == b"{}" else b","
    return b"%s%s%s%d}\n" % (body[:-1], separator, _CRC_KEY, zlib.crc32(body))


def decode_line(raw: bytes) -> dict[str, Any] | str:
    """The record on one line (without its newline), or why the line is not a record."""
    marker = raw.rfind(_CRC_KEY)
    if marker < 0 or not raw.endswith(b"}"):
        return "no checksum"
    head = raw[:marker]
    if head == b"{":
        body = b"{}"
    elif head.endswith(b","):
        body = head[:-1] + b"}"
    else:
        return "no checksum"
    # Rebuilding the whole line checks the checksum and the framing byte for byte.
    if _frame(body)[:-1] != raw:
        return "checksum mismatch"
    try:
        record = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        return "not valid UTF-8"
    except (ValueError, RecursionError):
        return "not valid JSON"
    if not isinstance(record, dict):
        return "not a JSON object"
    # One copy of each key for the whole journal, not one a record: a third less memory.
    return {intern(key): value for key, value in record.items()}


def read_journal(path: Path) -> JournalContents:
    """Read a whole journal, dropping (and reporting) a torn last line.

    Every reader (resume, fork, view, report) refuses an edited journal alike: only a torn
    last line is a crash's; anything else wrong is an edit, and nothing after it can be trusted.

    Raises:
        JournalError: the file is missing, unreadable, not a regular file, empty, not a
            journal, corrupted before its last line, or out of order (a line deleted,
            duplicated, moved or taken from another journal).
    """
    return _read(path)[0]


EDITED = "the journal was edited, and cannot be trusted from this line on"
"""How a refused record's line ends when the journal was edited (out of order, or foreign)."""


def _out_of_order(path: Path, broken: Discontinuity) -> JournalError:
    return JournalError(f"{path}:{broken.line}: records out of order ({broken.reason}); {EDITED}")


def _read(path: Path) -> tuple[JournalContents, int]:
    """The contents, and the byte offset where the last good line ends."""
    try:
        stream = open_regular(path, None)
    except Unreadable as error:
        if str(error) == MISSING:
            raise JournalError(f"{path}: no such journal") from None
        if path.is_dir():
            raise JournalError(f"{path}: is a directory, not a journal") from None
        raise JournalError(f"{path}: cannot read the journal: {error}") from None
    try:
        with stream:
            return _parse(path, stream)
    except OSError as error:
        raise _unusable(path, error, "read") from None


def _events(path: Path, records: list[dict[str, Any]]) -> list[Event]:
    """The events the records hold (the first record is line 2, after the header)."""
    return decode_records(records, path, first_line=2)


def _not_regular(path: Path) -> bool:
    """Whether `path` exists and is something other than a regular file (`_read` says what)."""
    try:
        return not stat.S_ISREG(path.stat().st_mode)
    except (OSError, ValueError):
        return False  # missing or an impossible name: the open below says so


def _unusable(path: Path, error: OSError, doing: str) -> JournalError:
    """The error for a journal file that cannot be opened or read."""
    if isinstance(error, FileNotFoundError):
        return JournalError(f"{path}: no such journal")
    if isinstance(error, IsADirectoryError):
        return JournalError(f"{path}: is a directory, not a journal")
    return JournalError(f"{path}: could not {doing} the journal: {error.strerror}")


def _parse(path: Path, stream: BufferedReader) -> tuple[JournalContents, int]:
    header: dict[str, Any] | None = None
    records: list[dict[str, Any]] = []
    good_end = 0
    number = 0
    order = Continuity()
    while line := stream.readline(MAX_LINE_BYTES + 1):
        number += 1
        if len(line) > MAX_LINE_BYTES:
            outcome: dict[str, Any] | str = f"longer than {_limit()}"
        elif line.endswith(b"\n"):
            outcome = decode_line(line[:-1])
        else:
            outcome = "no trailing newline"
        if isinstance(outcome, dict):
            if header is None:
                header = _check_header(path, outcome)
            else:
                reason = order.follow(outcome)
                if reason is not None:  # a record before it that is not one is named first
                    _events(path, [*records, outcome])
                    raise _out_of_order(path, Discontinuity(number, reason))
                records.append(outcome)
            good_end += len(line)
            continue
        # A line we never wrote (too long) is corruption even at the end.
        last = len(line) <= MAX_LINE_BYTES and stream.peek(1) == b""
        if header is None:
            _refuse_header(path, line, outcome, last)
        if not last:
            raise JournalError(
                f"{path}:{number}: corrupted record ({outcome}); the journal cannot be read past it"
            )
        torn = TornRecord(line=number, size=len(line), reason=outcome)
        return JournalContents(header, _events(path, records), torn, path), good_end
    if header is None:
        raise JournalError(f"{path}: the file is empty; a journal starts with a header line")
    return JournalContents(header, _events(path, records), None, path), good_end


def _limit() -> str:
    mib = MAX_LINE_BYTES / 2**20
    return f"{mib:g} MiB" if mib >= 1 else f"{MAX_LINE_BYTES} bytes"


def _check_header(path: Path, record: dict[str, Any]) -> dict[str, Any]:
    if record.get("kind") != "header":
        raise JournalError(f"{path}:1: not a wargame journal (the first record is not a header)")
    return record


def _refuse_header(path: Path, line: bytes, reason: str, last: bool) -> NoReturn:
    if reason == "no trailing newline" and last and line.startswith(b"{"):
        raise JournalError(
            f"{path}:1: the journal header is incomplete (the session stopped while creating "
            "it); nothing was recorded, start a new journal"
        )
    if reason == "checksum mismatch":
        raise JournalError(f"{path}:1: the journal header is corrupted (checksum mismatch)")
    what = "is too long" if reason.startswith("longer") else "is not a journal header"
    raise JournalError(f"{path}: not a wargame journal (the first line {what})")


class Journal:
    """An open journal, appended to with a raw file descriptor and fsync'd on every append."""

    def __init__(self, path: Path, fd: int, size: int, records: int) -> None:
        self.path = path
        self.records_written = records
        """Event records in the file: those found on reopening plus those appended since."""
        self._fd: int | None = fd
        self._size = size
        self._damaged = False

    @classmethod
    def create(cls, path: Path, header: dict[str, Any]) -> Journal:
        """Create a new journal holding only `header`, durably (file and directory fsync'd).

        Raises:
            JournalError: the file already exists (a journal is never overwritten) or cannot
                be created.
            ValueError: the header is not a `{"kind": "header", ...}` record.
        """
        if header.get("kind") != "header":
            raise ValueError("a journal header must have 'kind': 'header'")
        line = encode_record(header)
        if len(line) > MAX_LINE_BYTES:  # refused before anything is written: it could not be read
            raise JournalError(
                f"{path}: the scenario is too large to journal: its header would be"
                f" {len(line):,} bytes, and a journal line may be at most {_limit()}"
            )
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
        try:
            fd = os.open(path, flags, 0o644)
        except FileExistsError:
            raise JournalError(
                f"{path}: already exists; a journal is never overwritten "
                "(resume it, or choose another file)"
            ) from None
        except OSError as error:
            raise JournalError(f"{path}: could not create the journal: {error.strerror}") from None
        try:
            _lock(fd, path)
        except JournalError:
            os.close(fd)
            raise
        try:
            _write_all(fd, line)
            os.fsync(fd)
            _fsync_directory(path.parent)
        except OSError as error:
            os.close(fd)
            with contextlib.suppress(OSError):
                path.unlink()
            raise JournalError(f"{path}: could not create the journal: {error.strerror}") from None
        return cls(path, fd, len(line), 0)

    @classmethod
    def reopen(cls, path: Path) -> tuple[Journal, JournalContents]:
        """Open an existing journal to append to it, cutting off a torn last line first.

        Raises:
            JournalError: the journal cannot be read, is corrupt, or cannot be repaired.
        """
        if _not_regular(path):  # a FIFO would block the open below: refuse it in words
            _read(path)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CLOEXEC | os.O_NONBLOCK)
        except OSError as error:
            raise _unusable(path, error, "open") from None
        try:
            _lock(fd, path)  # before reading: nobody may append between the read and our writes
            contents, good_end = _read(path)
        except BaseException:
            os.close(fd)
            raise
        try:
            if contents.torn is not None:
                os.ftruncate(fd, good_end)
            # Also makes durable what a killed session wrote but never saw acknowledged,
            # since the resumed session is about to show it.
            os.fsync(fd)
        except OSError as error:
            os.close(fd)
            raise JournalError(f"{path}: could not repair the journal: {error.strerror}") from None
        return cls(path, fd, good_end, len(contents.records)), contents

    def append(self, records: Sequence[Mapping[str, Any]]) -> None:
        """Write `records` in one write and fsync; they are on disk when this returns.

        Raises:
            JournalError: the journal could not be written (disk full, I/O error); nothing
                was recorded, unless the message says the journal needs a resume to repair.
            ValueError: the journal is closed, or a record cannot be journaled.
        """
        if self._fd is None:
            raise ValueError(f"{self.path}: the journal is closed")
        if self._damaged:
            raise JournalError(
                f"{self.path}: an earlier failed write could not be undone; "
                "quit and resume the exercise to repair the journal"
            )
        if not records:
            return
        lines = [encode_record(record) for record in records]
        if any(len(line) > MAX_LINE_BYTES for line in lines):
            raise JournalError(
                f"{self.path}: a record is longer than {_limit()}; nothing was recorded"
            )
        data = b"".join(lines)
        try:
            _write_all(self._fd, data)
            os.fsync(self._fd)
        except OSError as error:
            raise JournalError(self._undo(error)) from None
        self._size += len(data)
        self.records_written += len(records)

    def cut_back(self, keep: int, contents: JournalContents) -> None:
        """Drop every record after the first `keep` (an unfinished group of a killed session).

        Raises:
            JournalError: the file could not be cut back.
        """
        assert self._fd is not None
        size = len(encode_record(contents.header)) + sum(
            len(encode_record(record)) for record in contents.records[:keep]
        )
        try:
            os.ftruncate(self._fd, size)
            os.fsync(self._fd)
        except OSError as error:
            message = f"{self.path}: could not repair the journal: {error.strerror}"
            raise JournalError(message) from None
        self._size = size
        self.records_written = keep

    def _undo(self, error: OSError) -> str:
        """Cut the file back to before the failed write; the message for the failure."""
        assert self._fd is not None
        failure = f"could not write the journal {self.path}: {error.strerror}"
        try:
            os.ftruncate(self._fd, self._size)
            os.fsync(self._fd)
        except OSError:
            self._damaged = True
            return f"{failure}; quit and resume the exercise to repair the journal"
        return f"{failure}; nothing was recorded"

    def close(self) -> None:
        """Close the file; closing twice is harmless."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)

    def __enter__(self) -> Journal:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _lock(fd: int, path: Path) -> None:
    """Take the journal for this open file alone, or refuse: another session is writing it."""
    if sys.platform == "win32":
        return  # no flock; one console per journal is then the facilitator's care
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise JournalError(
            f"{path}: another wargame session has this journal open; close that one first "
            "(two sessions writing one journal would mix their records)"
        ) from None
    except OSError:
        pass  # a file system without locks: write unlocked rather than not at all


def _write_all(fd: int, data: bytes) -> None:
    """One `os.write`; a short write (rare: the disk filling up) continues with the rest."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(0, "the disk accepted no data")
        view = view[written:]


def _fsync_directory(directory: Path) -> None:
    """Make a new file's directory entry durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as error:
        if error.errno != errno.EINVAL:  # EINVAL: this file system cannot sync directories
            raise
    finally:
        os.close(fd)
