"""A planner's MSEL (any spreadsheet of injects) made into a scenario that validates.

Each row is an inject; its columns are recognised by their headers (HSEEP's, T3SF's and the
usual variants, case and spacing ignored) or by a column mapping the planner gives
(`--map "Sent by=from"`). Actors are made from the From column, cells from the To column,
channels from the delivery method; times become scenario clock readings (`engine.msel.times`),
one turn per day. Every column nobody recognised is kept, as `Header: value` lines in the
inject's facilitator notes. Every problem is reported at its `file:Sheet!C4`, all at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from engine.format.problems import Problem
from engine.msel.fields import CellProblem, Kind, from_cell
from engine.msel.scenario_sheets import Places
from engine.msel.sheets import Cell, Sheet, blank
from engine.msel.times import TimeProblem, When, clock_text, read_time

TARGETS: dict[str, tuple[str, ...]] = {
    "number": ("No.", "#", "number", "event number", "inject number", "msel #", "event #"),
    "id": ("Inject ID", "id", "inject"),
    "turn": ("Turn", "phase", "move"),
    "time": ("Time", "scenario time", "real time", "timeline", "delivery time", "start time"),
    "date": ("Date", "day"),
    "title": ("Event synopsis", "synopsis", "title", "subject", "event", "headline"),
    "body": ("Body", "script", "content", "details", "description", "message", "inject text"),
    "from": ("From", "sender", "simulated actor", "author", "originator", "sent by"),
    "to": ("To", "player", "players", "recipient", "recipients", "audience", "team", "teams"),
    "channel": ("Channel", "delivery method", "method", "delivery", "medium", "via"),
    "expected_actions": ("Expected action", "expected actions", "expected player action",
                         "expected response", "expectation"),
    "notes": ("Facilitator notes", "notes", "comments", "controller notes", "remarks"),
    "questions": ("Discussion questions", "questions"),
}  # fmt: skip
"""Every column a planner's sheet may have, by what it becomes, with the headers that mean it."""

_CHANNEL_WORDS = (
    ("email", ("email", "e-mail", "mail", "inbox")),
    ("social", ("social", "twitter", "tweet", "tiktok", "facebook", "instagram", "post", "feed")),
    ("news", ("news", "tv", "press", "paper", "radio", "media", "broadcast")),
    ("phone", ("phone", "call", "voice", "voicemail")),
    ("chat", ("chat", "sms", "text", "slack", "teams", "signal", "whatsapp")),
    ("briefing", ("brief",)),
    ("intel", ("intel", "report", "sitrep", "cable")),
)
_SPLIT = re.compile(r"\s*(?:\n|;|,|/)\s*")


def _norm(text: str) -> str:
    return " ".join(str(text).lower().replace("_", " ").split())


def slug(text: str, fallback: str) -> str:
    """An id made from a name: `US Central Command` → `us_central_command`."""
    made = re.sub(r"[^a-z0-9]+", "_", str(text).lower()).strip("_")
    if not made:
        return fallback
    return made if made[0].isalpha() else f"{fallback}_{made}"


@dataclass
class Mapping:
    """Which column is which: a planner's own headers mapped to what they become."""

    columns: dict[str, str] = field(default_factory=dict)
    """{header: target}, headers compared with case and spacing ignored."""

    def target(self, header: str) -> str | None:
        """What a header becomes, or None when it is kept as notes."""
        wanted = _norm(header)
        for mapped, target in self.columns.items():
            if _norm(mapped) == wanted:
                return target
        for target, aliases in TARGETS.items():
            if wanted in {_norm(a) for a in aliases}:
                return target
        return None


def find_header_row(sheet: Sheet, mapping: Mapping) -> int | None:
    """Where the header really is, when row 1 holds nothing recognisable but a later row does."""
    if any(mapping.target(h) for h in sheet.header):
        return None
    for index, row in enumerate(sheet.rows[:20]):
        if sum(1 for v in row if not blank(v) and mapping.target(str(v))) >= 2:
            return sheet.header_row + 1 + index
    return None


class _Builder:
    def __init__(self, sheet: Sheet, mapping: Mapping) -> None:
        self.sheet = sheet
        self.problems: list[Problem] = []
        self.places: Places = {}
        self.columns: dict[int, str] = {}
        self.kept: dict[int, str] = {}
        for index, header in enumerate(sheet.header):
            target = mapping.target(header)
            if target is None:
                if not blank(header):
                    self.kept[index] = header
            elif target in self.columns.values():
                self.problems.append(
                    Problem(
                        f"a second column for {target} ({header!r}); the first one is used",
                        sheet.header_place(index),
                    )
                )
            else:
                self.columns[index] = target
        self.actors: dict[str, str] = {}
        self.cells: dict[str, str] = {}
        self.channels: dict[str, str] = {}

    def value(self, row: int, target: str) -> tuple[Cell, str] | None:
        for column, name in self.columns.items():
            if name == target:
                cells = self.sheet.rows[row]
                value = cells[column] if column < len(cells) else None
                return None if blank(value) else (value, self.sheet.place(row, column))
        return None


def scenario_data(
    sheet: Sheet, mapping: Mapping, *, scenario_id: str, title: str
) -> tuple[dict[str, Any], Places, list[Problem]]:
    """The scenario data a planner's sheet stands for, where each value came from, the problems."""
    builder = _Builder(sheet, mapping)
    if "title" not in builder.columns.values():
        found = ", ".join(repr(h) for h in sheet.header if not blank(h)) or "no headers"
        builder.problems.append(
            Problem(
                "no column for the event synopsis (each inject's title): expected a header such "
                f"as {', '.join(TARGETS['title'][:4])}; found {found}",
                sheet.header_place(0),
                suggestion="map yours with --map 'YOUR HEADER=title'",
            )
        )
        return {}, {}, builder.problems
    rows = [i for i, row in enumerate(sheet.rows) if not all(blank(v) for v in row)]
    if not rows:
        builder.problems.append(
            Problem("the sheet has a header but no injects", sheet.header_place(0))
        )
        return {}, {}, builder.problems
    timed = [_when(builder, row) for row in rows]
    clocks = _clocks(timed)
    injects = [_inject(builder, row, index, clocks[index]) for index, row in enumerate(rows)]
    used_ids: set[str] = set()
    for index, inject in enumerate(injects):
        base = inject["id"]
        candidate, n = base, 2
        while candidate in used_ids:
            candidate, n = f"{base}_{n}", n + 1
        used_ids.add(candidate)
        inject["id"] = candidate
        builder.places.setdefault(("injects", index), sheet.place(rows[index], 0))
    minutes = [c for c in clocks if c is not None]
    start = (min(minutes) // 60 * 60) if minutes else 8 * 60
    days = (max(minutes) // (24 * 60) - start // (24 * 60)) if minutes else 0
    for inject, clock in zip(injects, clocks, strict=True):
        if clock is not None:
            inject["time"] = clock_text(clock)
            inject.setdefault("turn", (clock - start) // (24 * 60) + 1)
        else:
            inject.setdefault("turn", 1)
    count = max([days + 1, *(i["turn"] for i in injects if isinstance(i.get("turn"), int))])
    data: dict[str, Any] = {
        "format": 1,
        "id": scenario_id,
        "title": title,
        "turns": {"count": count, "length": "1d", "start": clock_text(start)},
        "cells": [{"id": cid, "name": name, "side": "blue"} for name, cid in builder.cells.items()]
        or [{"id": "players", "name": "Players", "side": "blue"}],
        "actors": [{"id": aid, "name": name} for name, aid in builder.actors.items()],
        "channels": [
            {"id": cid, "kind": _kind(name), "name": name} for name, cid in builder.channels.items()
        ]
        or [{"id": "msel", "kind": "other", "name": "MSEL"}],
        "injects": injects,
        "endings": [
            {
                "id": "end_of_exercise",
                "title": "End of exercise",
                "condition": f"turn >= {count}",
                "summary": "The MSEL has run its course.",
            }
        ],
    }
    default_channel = data["channels"][0]["id"]
    for inject in injects:
        inject.setdefault("channel", default_channel)
    return data, builder.places, builder.problems


def _when(builder: _Builder, row: int) -> When | None:
    found = builder.value(row, "time")
    day = builder.value(row, "date")
    when: When | None = None
    if found is not None:
        try:
            when = read_time(found[0])
        except TimeProblem as problem:
            builder.problems.append(Problem(str(problem), found[1]))
    if day is not None:
        try:
            on = read_time(day[0]).moment
            if on is None:
                raise TimeProblem(f"expected a date such as 2018-01-27, found {day[0]!r}")
        except TimeProblem as problem:
            builder.problems.append(Problem(str(problem), day[1]))
            return when
        if when is not None and when.moment is not None:
            return when
        if when is None or when.time_of_day is None:
            return When(moment=on)  # a date cell's own time of day, if it has one
        midnight = datetime(on.year, on.month, on.day)
        return When(moment=midnight + timedelta(minutes=when.time_of_day))
    return when


def _clocks(timed: list[When | None]) -> list[int | None]:
    """Each row's scenario clock reading (minutes from D+0 00:00), real dates made relative."""
    moments = [w.moment for w in timed if w is not None and w.moment is not None]
    first: date | None = min(moments).date() if moments else None
    clocks: list[int | None] = []
    for when in timed:
        if when is None:
            clocks.append(None)
        elif when.clock is not None:
            clocks.append(when.clock)
        elif when.offset is not None:
            clocks.append(8 * 60 + when.offset)  # T+0 is the default start, D+0 08:00
        elif when.time_of_day is not None:
            clocks.append(when.time_of_day)
        else:
            assert when.moment is not None and first is not None
            days = (when.moment.date() - first).days
            clocks.append(days * 24 * 60 + when.moment.hour * 60 + when.moment.minute)
    return clocks


def _inject(builder: _Builder, row: int, index: int, clock: int | None) -> dict[str, Any]:
    sheet = builder.sheet
    loc = ("injects", index)
    inject: dict[str, Any] = {}
    number = builder.value(row, "number")
    given = builder.value(row, "id")
    fallback = f"inj_{index + 1}"
    if given is not None:
        inject["id"] = slug(str(given[0]), "inj")
        builder.places[(*loc, "id")] = given[1]
    else:
        inject["id"] = slug(f"inj_{_text(number[0])}", fallback) if number else fallback
    for target, key in (("title", "title"), ("body", "body")):
        found = builder.value(row, target)
        if found is not None:
            inject[key] = _text(found[0])
            builder.places[(*loc, key)] = found[1]
    if "title" not in inject:
        column = next(c for c, t in builder.columns.items() if t == "title")
        builder.problems.append(
            Problem(
                "the event synopsis is empty: every inject needs a title", sheet.place(row, column)
            )
        )
    turn = builder.value(row, "turn")
    if turn is not None:
        try:
            inject["turn"] = from_cell(turn[0], Kind.NUMBER)
            builder.places[(*loc, "turn")] = turn[1]
        except CellProblem as problem:
            builder.problems.append(Problem(f"Turn: {problem}", turn[1]))
    if clock is not None:
        place = builder.value(row, "time") or builder.value(row, "date")
        if place is not None:
            builder.places[(*loc, "time")] = place[1]
    sender = builder.value(row, "from")
    if sender is not None:
        inject["from"] = _named(builder.actors, _text(sender[0]), "actor")
        builder.places[(*loc, "from")] = sender[1]
    to = builder.value(row, "to")
    if to is not None:
        names = [n for n in _SPLIT.split(_text(to[0])) if n]
        inject["to"] = [_named(builder.cells, name, "cell") for name in names]
        builder.places[(*loc, "to")] = to[1]
    channel = builder.value(row, "channel")
    if channel is not None:
        inject["channel"] = _named(builder.channels, _text(channel[0]), "channel")
        builder.places[(*loc, "channel")] = channel[1]
    for target in ("expected_actions", "questions"):
        found = builder.value(row, target)
        if found is not None:
            inject[target] = [line.strip() for line in _text(found[0]).splitlines() if line.strip()]
            builder.places[(*loc, target)] = found[1]
    notes = [_text(found[0])] if (found := builder.value(row, "notes")) else []
    notes += _kept(builder, row)
    if number is not None:
        notes.insert(0, f"MSEL number: {_text(number[0])}")
    if notes:
        inject["notes"] = "\n".join(notes)
    return inject


def _kept(builder: _Builder, row: int) -> Iterable[str]:
    cells = builder.sheet.rows[row]
    for column, header in builder.kept.items():
        value = cells[column] if column < len(cells) else None
        if not blank(value):
            yield f"{header}: {_text(value)}"


def _named(table: dict[str, str], name: str, kind: str) -> str:
    if name not in table:
        base = slug(name, kind)
        made, n = base, 2
        while made in table.values():
            made, n = f"{base}_{n}", n + 1
        table[name] = made
    return table[name]


def _kind(name: str) -> str:
    words = _norm(name)
    for kind, hints in _CHANNEL_WORDS:
        if any(hint in words.split() or hint in words for hint in hints):
            return kind
    return "other"


def _text(value: Cell) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    return str(value).strip()
