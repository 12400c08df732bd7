"""The journal's cost: a durable append against a bare write + fsync, and reading 10k records.

The fsync is the price of "never lose a note"; the target is that `Journal.append` costs at
most twice a bare `os.write` + `os.fsync` of the same bytes, measured side by side, on the
repository's own file system (not /dev/shm, where fsync is free).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from engine.journal.store import Journal, encode_record, read_journal

HEADER: dict[str, Any] = {"kind": "header", "engine_version": "bench", "seed": 1}
READ_RECORDS = 10_000


def typical_record(seq: int) -> dict[str, Any]:
    """An event record the size and shape of a delivered inject, in groups of three that
    each start with their command (so the records follow each other as a real journal's, and
    each is a valid event for the journal's codec)."""
    stamp = {"seq": seq, "group": seq // 3, "clock": 90, "turn": 3}
    wall = {"wall": "2025-06-01T09:41:27.123456+00:00"}
    if seq % 3 == 0:
        command = {"name": "release_inject", "inject": "INJ-07-levee-breach"}
        return {**stamp, "type": "command", "size": 3, "command": command, **wall}
    return {
        **stamp,
        "type": "inject_delivered",
        "inject": "INJ-07-levee-breach",
        "title": "Levee breach",
        "body": "The levee south of the town gave way at 09:40; water is in the streets.",
        **wall,
    }


def _appends(directory: Path, n: int) -> tuple[list[float], list[float]]:
    """Seconds per journal append and per bare write + fsync, interleaved so both see the disk."""
    journaled: list[float] = []
    bare: list[float] = []
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_EXCL
    fd = os.open(directory / "bare.bin", flags, 0o644)
    try:
        with Journal.create(directory / "append.jsonl", HEADER) as journal:
            for seq in range(n):
                record = [typical_record(seq)]
                line = encode_record(record[0])
                # Alternate which goes first, so neither always follows the other's sync.
                for which in (0, 1) if seq % 2 else (1, 0):
                    started = time.perf_counter()
                    if which:
                        journal.append(record)
                    else:
                        os.write(fd, line)
                        os.fsync(fd)
                    (journaled if which else bare).append(time.perf_counter() - started)
    finally:
        os.close(fd)
    return journaled, bare


def _read_seconds(directory: Path, count: int) -> float:
    path = directory / "read.jsonl"
    with Journal.create(path, HEADER) as journal:
        for start in range(0, count, 1000):
            journal.append([typical_record(seq) for seq in range(start, min(start + 1000, count))])
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        contents = read_journal(path)
        timings.append(time.perf_counter() - started)
        assert len(contents.records) == count
    return statistics.median(timings)


_PEAK = """
import sys
from pathlib import Path
from engine.journal.store import read_journal
from engine.report import journal_sha256
def kib(field):
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field))
before = kib("VmRSS:")
journal_sha256(Path(sys.argv[1]))
contents = read_journal(Path(sys.argv[1]))
print(max(kib("VmHWM:") - before, 1) / 1024)
"""


def _read_peak_mb(directory: Path) -> float:
    """The growth of a fresh interpreter's peak memory (VmHWM over the VmRSS before, Linux
    only) while it hashes and reads the 10k-record journal `_read_seconds` wrote."""
    path = directory / "read.jsonl"
    found = subprocess.run(
        [sys.executable, "-c", _PEAK, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    return float(found.stdout.strip()) / (path.stat().st_size / 2**20)


def run(n: int = 2000) -> dict[str, float]:
    """Median append costs over `n` appends each, the time to read a 10k-record journal, and
    the peak memory of hashing and reading it, per MB of journal."""
    with tempfile.TemporaryDirectory(
        prefix=".bench-journal-", dir=Path(__file__).resolve().parent
    ) as name:
        directory = Path(name)
        journaled, bare = _appends(directory, n)
        read = _read_seconds(directory, READ_RECORDS)
        peak = _read_peak_mb(directory)
    journal_ms = statistics.median(journaled) * 1000
    bare_ms = statistics.median(bare) * 1000
    return {
        "journal append median ms": journal_ms,
        "bare write+fsync median ms": bare_ms,
        "append/bare ratio": journal_ms / bare_ms,
        "read 10k records s": read,
        "read peak MB per journal MB": peak,
    }


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key:<32} {value:.4g}")
