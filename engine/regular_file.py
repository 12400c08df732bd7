"""Opening an input file safely: a regular file only, bounded in size, never a wait.

Every file a user names (a scenario, an include, a source document, a journal, a policy script)
is opened here. A FIFO would block the reader forever and a device such as `/dev/zero` would
fill memory, so the file is opened without blocking and refused unless `fstat` says it is a
regular file; its size is checked before it is read, and no more than the limit is ever read
(a file that grows while being read is refused, not followed). A name the operating system
cannot take (a NUL byte, a component over 255 bytes, a symlink loop) is refused in words.
"""

from __future__ import annotations

import os
import stat
from io import BufferedReader
from pathlib import Path

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


MISSING = "no such file"
"""The message of `Unreadable` for a file that does not exist."""


class Unreadable(Exception):
    """The file cannot be read; the message says why in a user's words."""


def name_problem(path: Path | str) -> str | None:
    """Why the operating system could not take this name at all, or None when it can."""
    text = str(path)
    if "\x00" in text:
        return "the name holds a NUL byte"
    for part in Path(text).parts:
        size = len(os.fsencode(part))
        if size > 255:
            return f"a part of the name is {size} bytes long; the limit is 255"
    return None


def open_regular(path: Path, limit: int | None) -> BufferedReader:
    """Open `path` for reading in binary, after checking it is a regular file of `limit` bytes
    at most (None: of any size, read as a stream). The caller must not read more than
    `limit + 1` bytes (`read_regular` does that).

    Raises:
        Unreadable: the name is impossible, the file is missing, not a regular file, too big,
            or cannot be opened.
    """
    problem = name_problem(path)
    if problem is not None:
        raise Unreadable(problem)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise Unreadable(MISSING) from None
    except OSError as error:
        raise Unreadable(f"cannot open it: {error.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a file")
            raise Unreadable(f"not a regular file: it is {kind}")
        if limit is not None and info.st_size > limit:
            raise Unreadable(f"the file is {info.st_size:,} bytes; the limit is {limit:,}")
        os.set_blocking(fd, True)
        return open(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes.

    Raises:
        Unreadable: as `open_regular`, or the file grew past the limit while it was read, or
            reading failed.
    """
    with open_regular(path, limit) as stream:
        try:
            data = stream.read(limit + 1)
        except OSError as error:
            raise Unreadable(f"cannot read it: {error.strerror}") from None
    if len(data) > limit:
        raise Unreadable(f"the file is more than {limit:,} bytes; the limit is {limit:,}")
    return data
