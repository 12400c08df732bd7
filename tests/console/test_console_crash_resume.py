"""Killing the console mid-exercise loses nothing that it acknowledged."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

from console_support import MINI

from engine.journal.journaled_session import JournaledSession
from engine.play.lifecycle import Phase

ROOT = Path(__file__).resolve().parent.parent.parent


def test_a_console_killed_mid_session_resumes_with_every_acknowledged_event(
    tmp_path: Path,
) -> None:
    journal = tmp_path / "killed.jsonl"
    result = subprocess.run(
        [sys.executable, str(Path(__file__).parent / "crash_driver.py"), str(MINI), str(journal)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=120,
        check=False,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr[-2000:]
    acknowledged = json.loads(result.stdout.strip().splitlines()[-1])
    resumed = JournaledSession.resume(journal)
    try:
        session = resumed.exercise.session
        events = session.events
        assert len(events) == len(acknowledged)
        # the journal adds bookkeeping (wall time, group size); every acknowledged field is kept
        assert [
            {key: e.get(key) for key in a} for e, a in zip(events, acknowledged, strict=True)
        ] == acknowledged
        assert resumed.torn is None
        kinds = {event["type"] for event in events}
        assert {"choice_recorded", "roll_made", "note_added"} <= kinds
        assert resumed.exercise.session.state.phase is Phase.DELIBERATION
    finally:
        resumed.exercise.close()
