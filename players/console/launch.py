"""Opening an exercise for the console: a new journal, a resumed one, or a fork.

The command line (`players/commands/run.py`) parses flags; this module does the work, so the
tests and the benchmark open exercises the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import players
from engine.errors import UserError
from engine.journal.journaled_session import JournaledSession, WallClock, fork, utc_now
from engine.play.commands import Command, StopClock
from engine.play.compiled import CompiledScenario, compile_scenario
from engine.play.session import Session
from players.console.app import Notice


def bundled_scenario() -> Path:
    """The flagship scenario shipped with wargame."""
    return Path(players.__file__).resolve().parent.parent / "scenarios" / "portrait"


def default_journal(scenario_id: str, now: datetime, folder: Path = Path("journals")) -> Path:
    """`journals/<scenario-id>-<UTC timestamp>.jsonl`, the folder created if needed."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return folder / f"{scenario_id}-{stamp}.jsonl"


def load(path: Path) -> CompiledScenario:
    """Load, check and compile a scenario file or folder.

    Raises:
        ScenarioInvalid: the scenario has problems (every one of them is listed).
    """
    from engine.format.loader import load_scenario

    loaded = load_scenario(path)
    return compile_scenario(loaded.scenario, loaded.content_hash)


def parse_fork(spec: str) -> tuple[Path, int]:
    """`journals/x.jsonl@12` → (path, 12).

    Raises:
        UserError: the text is not JOURNAL@STEP.
    """
    path, at, step = spec.rpartition("@")
    if not at or not path or not step.isdigit():
        raise UserError(f"--fork takes JOURNAL@STEP, such as journals/run.jsonl@12 (got {spec!r})")
    return Path(path), int(step)


@dataclass
class Opened:
    """An exercise ready for the console, with anything the facilitator should be told."""

    exercise: JournaledSession
    notices: list[Notice] = field(default_factory=list)

    def rate(self, flag: float | None) -> float | None:
        """The running clock's rate for `s`: the `--rate` flag, else the rate the journal last
        started the clock at (so a resumed clock runs again as its notice says), else the
        scenario's `turns.rate`; None moves the clock by hand."""
        if flag is not None:
            return flag
        session = self.exercise.session
        started = [e["rate"] for e in session.events if e["type"] == "clock_started"]
        return float(started[-1]) if started else session.compiled.scenario.turns.rate


def open_new(
    scenario: Path | None,
    seed: int,
    journal: Path | None,
    *,
    wall: WallClock = utc_now,
    first: Callable[[Session], Command | None] | None = None,
) -> Opened:
    """A new exercise on a scenario (the flagship by default) with a new journal.

    `first` gives the command to journal right after the header (a roster, say) from the
    exercise as it starts; it runs before the journal is created, so a refusal (a `UserError`)
    leaves no file behind.
    """
    compiled = load(scenario or bundled_scenario())
    command = first(Session.start(compiled, seed)) if first is not None else None
    path = journal or default_journal(compiled.scenario.id, wall())
    exercise = JournaledSession.create(compiled, seed, path, wall=wall)
    if command is not None:
        exercise.execute(command)
    return Opened(exercise, [(f"Journal: {path}", "information")])


def open_resumed(
    journal: Path,
    *,
    scenario: Path | None = None,
    force: bool = False,
    wall: WallClock = utc_now,
) -> Opened:
    """An exercise continued from its journal; a dropped torn record is reported."""
    expected = load(scenario) if scenario is not None else None
    resumed = JournaledSession.resume(journal, expected=expected, force=force, wall=wall)
    notices: list[Notice] = [(f"Resumed from {journal}", "information")]
    if resumed.torn is not None:
        notices.append(
            (
                "The journal's last record was incomplete (the program stopped while writing "
                f"it) and was dropped: line {resumed.torn.line}, {resumed.torn.size} bytes "
                f"({resumed.torn.reason}). Everything before it is intact.",
                "warning",
            )
        )
    notices += stop_running_clock(resumed.exercise)
    return Opened(resumed.exercise, notices)


def open_fork(spec: str, journal: Path | None, *, wall: WallClock = utc_now) -> Opened:
    """A new exercise starting from step STEP of another journal."""
    source, step = parse_fork(spec)
    path = journal or default_journal(f"{source.stem}-fork{step}", wall())
    exercise = fork(source, step, path, wall=wall)
    notices: list[Notice] = [(f"Forked {source} at step {step} into {path}", "information")]
    return Opened(exercise, notices + stop_running_clock(exercise))


def stop_running_clock(exercise: JournaledSession) -> list[Notice]:
    """A journal whose clock was running reopens with it stopped, so nothing bursts out."""
    session = exercise.session
    if session.state.clock_rate is None:
        return []
    exercise.execute(StopClock())
    at = session.compiled.time_label(exercise.session.state.clock)
    return [
        (
            f"The clock was running when the console stopped; it stands at {at}. "
            "Press s to run it again.",
            "warning",
        )
    ]
