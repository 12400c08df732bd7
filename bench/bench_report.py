"""The after-action report's cost on a 10,000-event journal: build (with branch analysis) + HTML.

The journal is a real exercise, not synthesised records: a generated scenario of many turns,
each with a decision (one option rolled for), notes, ratings, and now and then an undo and
an outcome override, played by a script through `Session` and written with `Journal` under a
fixed wall clock. The target is under 2 s for `build_report` + the HTML render without the
branch analysis (`budget=0`); the figure with it is measured too.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from engine.errors import CommandRefused
from engine.format.canonical import content_hash
from engine.format.model import Scenario
from engine.journal.journaled_session import make_header
from engine.journal.store import Journal, read_journal
from engine.play import commands as c
from engine.play.compiled import compile_scenario
from engine.play.session import Session
from engine.report import build_report, render

TARGET_EVENTS = 10_000
TURNS = 460


def scenario(turns: int = TURNS) -> Scenario:
    """A scenario of `turns` turns, each opening a decision; one option goes to a d100 roll."""
    options: list[dict[str, Any]] = [
        {"id": "hold", "label": "Hold the line", "effects": ["morale += 1", "supply -= 2"]},
        {"id": "push", "label": "Push forward", "effects": ["morale -= 1", "ground += 3"]},
        {
            "id": "gamble",
            "label": "Send the raid",
            "adjudication": {
                "outcomes": [
                    {"id": "win", "label": "The raid succeeds", "chance": 50,
                     "effects": ["supply += 5"]},
                    {"id": "lose", "label": "The raid fails", "chance": 50,
                     "effects": ["morale -= 3"]},
                ]
            },
        },
    ]
    data = {
        "format": 1,
        "id": "bench_report",
        "title": "Report benchmark: a long campaign",
        "turns": {"count": turns, "length": "6h"},
        "objectives": [
            {
                "id": "obj_hold",
                "capability": "Operational Coordination",
                "text": "Hold the line every turn.",
                "critical_tasks": [{"id": "t1", "text": "Agree a plan."},
                                   {"id": "t2", "text": "Report each turn."}],
            }
        ],
        "cells": [{"id": "blue", "name": "Blue", "side": "blue"}],
        "variables": [
            {"id": "morale", "initial": 50, "min": -10000, "max": 10000},
            {"id": "supply", "initial": 50, "min": -10000, "max": 10000},
            {"id": "ground", "initial": 0, "min": -10000, "max": 10000},
        ],
        "channels": [{"id": "radio", "kind": "intel", "name": "Radio"}],
        "injects": [
            {"id": "sitrep", "title": "Situation report", "channel": "radio", "turn": 1,
             "body": "Morale stands at {morale}."},
        ],
        "decisions": [
            {"id": f"d{turn}", "turn": turn, "cells": ["blue"], "prompt": f"Turn {turn}: orders?",
             "options": options}
            for turn in range(1, turns + 1)
        ],
        "endings": [{"id": "held", "title": "The line held"}],
    }
    return Scenario.model_validate(data)


def _script(turns: int) -> list[c.Command]:
    commands: list[c.Command] = [c.Begin()]
    for turn in range(1, turns + 1):
        option = ("hold", "push", "gamble")[turn % 3]
        commands += [
            c.AddNote(f"Turn {turn}: the cell argued for {option}.", kind="observation"),
            c.RecordChoice(f"d{turn}", "blue", option, f"Reason {turn}"),
        ]
        if turn % 10 == 0:
            commands += [c.Undo(), c.RecordChoice(f"d{turn}", "blue", "hold", "Second thoughts")]
        commands += [c.NextPhase(), c.NextPhase(), c.NextPhase()]
        if option == "gamble" and turn % 10 != 0:
            commands.append(c.OverrideOutcome(f"d{turn}", "blue", "win", "Umpire's call"))
        if turn % 25 == 0:
            commands += [
                c.AddNote(f"Slow orders in turn {turn}.", kind="improvement", objective="obj_hold"),
                c.RateTask("obj_hold", "t1", "SMPU"[turn % 4], "Rated."),
            ]
        commands += [c.NextPhase(), c.NextPhase()]
    return commands


def _overriding_the_roll(session: Session, command: c.Command) -> c.Command:
    """An override to the other outcome than the one rolled (the same one is refused)."""
    if not isinstance(command, c.OverrideOutcome):
        return command
    rolled = next(
        (
            event["outcome"]
            for event in reversed(session.events)
            if event["type"] == "roll_made" and event["decision"] == command.decision
        ),
        None,
    )
    other = "lose" if rolled == "win" else "win"
    return c.OverrideOutcome(command.decision, command.cell, other, command.reason)


def write_journal(path: Path, turns: int = TURNS) -> int:
    """Play the benchmark scenario into a new journal at `path`; return its event count."""
    model = scenario(turns)
    compiled = compile_scenario(model, content_hash(model))
    wall = datetime(2025, 1, 1, 8, 0, tzinfo=UTC)
    session = Session.start(compiled, seed=3)
    records = [{**event, "wall": wall.isoformat()} for event in session.events]
    records[0]["size"] = len(records)
    for number, scripted in enumerate(_script(turns), start=1):
        command = _overriding_the_roll(session, scripted)
        try:
            events = session.execute(command)
        except CommandRefused:
            continue  # e.g. the override of a roll an ending made moot
        stamp = (wall + timedelta(seconds=20 * number)).isoformat()
        group = [{**event, "wall": stamp} for event in events]
        group[0]["size"] = len(group)
        records += group
    with Journal.create(path, make_header(compiled, 3, wall, None)) as journal:
        journal.append(records)
    return len(records)


def run(rounds: int = 3) -> dict[str, float]:
    """Median seconds to build the report of a 10k-event journal and render it as HTML."""
    with tempfile.TemporaryDirectory(prefix="bench-report-") as name:
        path = Path(name) / "campaign.jsonl"
        events = write_journal(path)
        contents = read_journal(path)
        builds, renders, totals, branched = [], [], [], []
        for _ in range(rounds):
            started = time.perf_counter()
            report = build_report(contents, budget=0, max_points=0)
            built = time.perf_counter()
            html = render(report, "html")
            done = time.perf_counter()
            builds.append(built - started)
            renders.append(done - built)
            totals.append(done - started)
            started = time.perf_counter()
            render(build_report(contents), "html")
            branched.append(time.perf_counter() - started)
    return {
        "journal events": float(events),
        "build_report s": statistics.median(builds),
        "render html s": statistics.median(renders),
        "build + html s": statistics.median(totals),
        "with branch analysis s": statistics.median(branched),
        "html MB": len(html.encode()) / 1e6,
    }


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key:<24} {value:10.3f}")
