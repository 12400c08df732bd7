"""A session killed with SIGKILL at random points resumes with every acknowledged event."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.journal.journaled_session import JournaledSession
from engine.journal.store import encode_record, read_journal
from engine.play.events import Event

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "blueleaks.yaml"
WORKER = Path(__file__).resolve().parent / "crash_worker.py"
KILLS = int(os.environ.get("WARGAME_KILLS", "12"))


def _run_and_kill(journal: Path, seed: int, delay: float, resume: bool) -> list[tuple[int, int]]:
    args = [sys.executable, str(WORKER), str(SCENARIO), str(journal), str(seed), "100000"]
    if resume:
        args.append("resume")
    worker = subprocess.Popen(args, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert worker.stdout is not None
    first = worker.stdout.readline()  # the worker is writing: now kill it at a random point
    time.sleep(delay)
    worker.send_signal(signal.SIGKILL)
    output, _ = worker.communicate()
    acks = (line.split() for line in [first, *output.splitlines()] if line.startswith("ack"))
    return [(int(group), int(seq)) for _, group, seq in acks]


@pytest.mark.slow
def test_every_acknowledged_event_survives_a_kill_at_a_random_point(tmp_path: Path) -> None:
    rng = random.Random(20261123)
    killed_mid_session = 0
    for kill in range(KILLS):
        journal = tmp_path / f"kill-{kill}.jsonl"
        acked = _run_and_kill(journal, kill, rng.uniform(0.0, 0.4), resume=False)
        # Kill it again while it resumes and goes on, then resume for good.
        acked += _run_and_kill(journal, kill, rng.uniform(0.0, 0.4), resume=True)
        resumed = JournaledSession.resume(journal).exercise
        try:
            seqs = {event["seq"] for event in resumed.session.events}
            assert all(seq in seqs for _, seq in acked), f"kill {kill} lost an acknowledged event"
            assert [event["seq"] for event in resumed.session.events] == sorted(seqs)
            killed_mid_session += bool(acked)
        finally:
            resumed.close()
    assert killed_mid_session == KILLS


def test_a_group_cut_between_its_lines_is_dropped_whole_on_resume(tmp_path: Path) -> None:
    journal = tmp_path / "cut.jsonl"
    worker = subprocess.run(
        [sys.executable, str(WORKER), str(SCENARIO), str(journal), "5", "400"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert worker.stdout.strip().endswith("done")
    contents = read_journal(journal)
    groups: dict[int, list[Event]] = {}
    for record in contents.records:
        groups.setdefault(record["group"], []).append(record)
    last_big = max(group for group, records in groups.items() if len(records) >= 3)
    keep = [r for r in contents.records if int(r["group"]) < last_big]
    partial = groups[last_big][:2]
    journal.write_bytes(
        encode_record(contents.header) + b"".join(encode_record(r) for r in [*keep, *partial])
    )
    resumed = JournaledSession.resume(journal)
    try:
        assert resumed.torn is not None
        assert "unfinished group" in resumed.torn.reason
        assert [e["seq"] for e in resumed.exercise.session.events] == [r["seq"] for r in keep]
        assert len(read_journal(journal).records) == len(keep)
    finally:
        resumed.exercise.close()
