"""Writing output files whole or not at all: a temporary file beside the target, then a rename.

A reader never sees half a file, a failed write (a full disk, a read-only folder) leaves no
temporary file behind, and the failure is a user error naming the file.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from engine.errors import UserError


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_whole(path: Path, data: bytes, what: str = "file") -> None:
    """Write `data` to `path` via a temporary file and a rename.

    Raises:
        UserError: the file could not be written (nothing is left behind).
    """
    folder = path.parent if str(path.parent) else Path()
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        Path(temporary).chmod(0o666 & ~_umask())  # mkstemp makes it private; outputs are not
        Path(temporary).replace(path)
    except OSError as error:
        if temporary is not None:
            with contextlib.suppress(OSError):
                Path(temporary).unlink()
        raise UserError(f"{path}: could not write the {what}: {error.strerror}") from None


def write_folder(target: Path, files: dict[str, bytes], what: str = "folder") -> None:
    """Create the folder `target` holding `files`, all of them or none.

    Raises:
        UserError: `target` exists and is not empty, or the folder could not be written.
    """
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UserError(f"{target}: already exists and is not an empty folder; choose another")
    parent = target.parent if str(target.parent) else Path()
    staging: Path | None = None
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
        for name, data in files.items():
            (staging / name).write_bytes(data)
        staging.chmod(0o777 & ~_umask())
        if target.exists():
            target.rmdir()
        staging.replace(target)
    except OSError as error:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise UserError(f"{target}: could not write the {what}: {error.strerror}") from None
