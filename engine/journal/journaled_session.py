"""A session bound to its journal: every command's events are on disk before anyone sees them.

This is the edge where the pure session meets the file system and the wall clock. The journal
is the truth: if writing fails, the session is rebuilt from what the journal holds, so the
screen can never show something the journal lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

import engine
from engine.collector import collector_paused
from engine.errors import JournalError
from engine.format.canonical import canonical_form, content_hash
from engine.format.model import Scenario
from engine.journal.codec import encode
from engine.journal.record_ids import check_record_ids
from engine.journal.store import Journal, JournalContents, TornRecord, encode_record, read_journal
from engine.play.commands import Command
from engine.play.compiled import CompiledScenario, compile_scenario
from engine.play.events import Event
from engine.play.session import Session

JOURNAL_FORMAT = 1
WallClock = Callable[[], datetime]


def utc_now() -> datetime:
    """The wall clock, in UTC (the default; tests pass a fixed one)."""
    return datetime.now(UTC)


def make_header(
    compiled: CompiledScenario, seed: int, wall: datetime, forked_from: dict[str, Any] | None
) -> dict[str, Any]:
    """The journal's first record: enough to replay, report and view with nothing else."""
    return {
        "kind": "header",
        "journal_format": JOURNAL_FORMAT,
        "engine_version": engine.__version__,
        "scenario_id": compiled.scenario.id,
        "scenario_hash": compiled.content_hash,
        "seed": seed,
        "created": wall.isoformat(),
        "forked_from": forked_from,
        "scenario": canonical_form(compiled.scenario),
    }


def scenario_from_header(header: dict[str, Any], path: Path) -> CompiledScenario:
    """Rebuild the compiled scenario a journal embeds.

    Raises:
        JournalError: the header is not one this engine can read.
    """
    if header.get("journal_format") != JOURNAL_FORMAT:
        raise JournalError(
            f"{path}: journal format {header.get('journal_format')!r} is not supported "
            f"(this engine reads format {JOURNAL_FORMAT})"
        )
    with collector_paused():
        try:
            scenario = Scenario.model_validate(header["scenario"])
        except (KeyError, ValidationError) as error:
            message = f"{path}: the scenario in the journal's header is damaged"
            raise JournalError(message) from error
        # The header's hash was computed from this very scenario when the journal was made,
        # and the header line's checksum guards it since.
        recorded = header.get("scenario_hash")
        digest = recorded if isinstance(recorded, str) else content_hash(scenario)
        return compile_scenario(scenario, digest)


def journal_scenario(contents: JournalContents) -> CompiledScenario:
    """The compiled scenario a journal embeds, once every record is checked to name only what
    it has (`engine.journal.record_ids`): how every reader of a journal gets its scenario.

    Raises:
        JournalError: the header is not one this engine can read, or a record names an id the
            scenario does not have (one taken from another exercise's journal).
    """
    compiled = scenario_from_header(contents.header, contents.path)
    check_record_ids(compiled, contents)
    return compiled


@dataclass(frozen=True)
class Resumed:
    """What resuming found: the session, and the torn record dropped, if any."""

    exercise: JournaledSession
    torn: TornRecord | None


class JournaledSession:
    """A session whose every command is journaled, with fsync, before it returns."""

    def __init__(
        self, session: Session, journal: Journal, header: dict[str, Any], wall: WallClock
    ) -> None:
        self.session = session
        self.journal = journal
        self.header = header
        self._wall = wall

    @classmethod
    def create(
        cls,
        compiled: CompiledScenario,
        seed: int,
        path: Path,
        *,
        wall: WallClock = utc_now,
        forked_from: dict[str, Any] | None = None,
        prefix: list[Event] | None = None,
    ) -> JournaledSession:
        """Start a new journal at `path` (never over an existing file) and open the briefing.

        With `prefix` (a fork), those events are replayed and copied into the new journal
        instead of opening a new briefing.
        """
        header = make_header(compiled, seed, wall(), forked_from)
        journal = Journal.create(path, header)
        if prefix is None:
            session = Session(compiled, seed)
            exercise = cls(session, journal, header, wall)
            exercise.execute_opening()
            return exercise
        session = Session.replay(compiled, seed, prefix)
        journal.append(prefix)
        return cls(session, journal, header, wall)

    def execute_opening(self) -> list[Event]:
        """Open the briefing of a brand-new session."""
        from engine.play.commands import OpenBriefing

        return self.execute(OpenBriefing())

    @classmethod
    def resume(
        cls,
        path: Path,
        *,
        expected: CompiledScenario | None = None,
        force: bool = False,
        wall: WallClock = utc_now,
    ) -> Resumed:
        """Reopen a journal and rebuild its session exactly as it was.

        Raises:
            JournalError: the journal is unreadable, corrupt, or (without `force`) was written
                for a different version of the scenario than `expected`.
        """
        journal, contents = Journal.reopen(path)
        try:
            contents = _drop_unfinished_group(journal, contents)
            compiled = journal_scenario(contents)
            changed = expected is not None and expected.content_hash != compiled.content_hash
            if changed and not force:
                raise JournalError(
                    f"{path}: the scenario has changed since this journal was written "
                    "(its content hash differs); resume with --force to use the "
                    "journal's own copy of the scenario"
                )
            with collector_paused():
                session = replay_session(compiled, contents)
        except BaseException:
            journal.close()
            raise
        return Resumed(cls(session, journal, contents.header, wall), contents.torn)

    def execute(self, command: Command) -> list[Event]:
        """Carry out a command; its events are on disk (fsync'd) when this returns.

        Raises:
            CommandRefused: the command is not possible now; nothing was written.
            JournalError: the journal could not be written; the session is rebuilt from the
                journal, so it shows exactly what is recorded (as it is after any other
                failure to write, such as a record JSON cannot hold).
        """
        events = self.session.execute(command)
        stamp = self._wall().isoformat()
        # The group's size on its first record lets a resume tell a whole group from a cut one.
        records = [encode(event, stamp) for event in events]
        records[0]["size"] = len(records)
        try:
            self.journal.append(records)
        except BaseException:  # whatever stopped the write, the session is what the journal holds
            self._rebuild_from_disk()
            raise
        return events

    def _rebuild_from_disk(self) -> None:
        contents = read_journal(self.journal.path)
        self.session = replay_session(self.session.compiled, contents)

    @property
    def journal_path(self) -> Path:
        """The journal's file (what `wargame report` and `--resume` take)."""
        return self.journal.path

    def close(self) -> None:
        """Close the journal."""
        self.journal.close()

    def __enter__(self) -> JournaledSession:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _drop_unfinished_group(journal: Journal, contents: JournalContents) -> JournalContents:
    """Cut off the last group when a kill left only part of it (it was never acknowledged).

    A group's first record (its `command`) says how many records the group has; the group is
    written with one write, so only the last group can be short.
    """
    records = contents.records
    start = len(records)
    while start > 0 and records[start - 1].get("group") == records[-1].get("group"):
        start -= 1
    if start == len(records) or records[start].get("size", 0) <= len(records) - start:
        return contents
    journal.cut_back(start, contents)
    dropped = len(records) - start
    torn = TornRecord(
        line=start + 2,
        size=sum(len(encode_record(record)) for record in records[start:]),
        reason=f"unfinished group of {dropped} of {records[start]['size']} records",
    )
    return JournalContents(contents.header, records[:start], torn, contents.path)


def replay_session(compiled: CompiledScenario, contents: JournalContents) -> Session:
    """Fold a journal's records into a session.

    Raises:
        JournalError: a record does not fit the scenario (a journal edited by hand, say).
    """
    try:
        return Session.replay(compiled, int(contents.header["seed"]), contents.records)
    except (KeyError, TypeError, ValueError) as error:
        raise JournalError(
            f"{contents.path}: a record does not fit the scenario ({error!r}); "
            "the journal cannot be replayed"
        ) from None


def fork_point(contents: JournalContents, step: int) -> list[Event]:
    """The events of a journal up to and including command number `step`.

    Raises:
        JournalError: the journal has no such step.
    """
    last = max((int(record["group"]) for record in contents.records), default=-1)
    if not 0 <= step <= last:
        raise JournalError(f"{contents.path}: no step {step}; steps run from 0 to {last}")
    return [record for record in contents.records if int(record["group"]) <= step]


def fork(source: Path, step: int, path: Path, *, wall: WallClock = utc_now) -> JournaledSession:
    """Start a new journal from an earlier point of another (to play the branch not taken)."""
    contents = read_journal(source)
    compiled = journal_scenario(contents)
    prefix = fork_point(contents, step)
    origin = {"journal": str(source), "step": step, "scenario_hash": compiled.content_hash}
    return JournaledSession.create(
        compiled, int(contents.header["seed"]), path, wall=wall, forked_from=origin, prefix=prefix
    )
