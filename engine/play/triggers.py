"""An inject's trigger: one object per inject, "all of" a few small conditions.

The YAML keeps its flat fields (`turn`, `time`, `after` with `delay`, `when`, `on_post`), and
they must all hold at once; `Trigger.of` compiles an inject's fields into a `Trigger` over one
`Part` per field that is set. Every consumer asks the trigger, never the fields:

- the session: is it due now (`due`; the sweep calls `due_now` and `due_released`, compiled
  checks that compare a turn or a time inline);
- the clock: when is it earliest due, as far as known now (`earliest`, `clock.due_time`);
- lint: the earliest it could ever come (`first_possible`);
- the MSEL's Trigger column and the console's MSEL: how to say it (`words`, `short`);
- the loader's reference checks: the ids it names (`references`);
- the branch graph: the edges into the inject (`links`);
- the model checker: what decides it (`reads`), and whether bots can fire it (`bots_fire`).

A new kind of trigger is one `Part` class and its entry in `PARTS` (and its field in
`engine.format.model.Inject`).

A released (`scheduled`) inject waits only for the parts that are `kept_on_release` (its turn
and its time): a release stands in for the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import ClassVar, NamedTuple, TypeVar

from engine.expressions import Condition, SymbolTable, calls_in, compile_condition, names_in
from engine.format.model import Inject
from engine.format.scenario_time import parse_clock, parse_duration
from engine.play.state import ExerciseState


class Pending(Enum):
    """A part's answer to "when": it cannot be due yet, whatever the clock says."""

    NOT_YET = "not yet"


NOT_YET = Pending.NOT_YET
Timing = int | None | Pending
"""When a part holds, as far as known now: a scenario minute, None (time does not decide it),
or `NOT_YET` (its turn has not come, or the inject it follows is not out yet)."""


Check = Callable[[ExerciseState], object]
"""A part's (or a whole trigger's) test of a state: truthy when it holds."""


class Reference(NamedTuple):
    """An id a trigger names: where (path under the inject), which table, and the noun."""

    path: tuple[str, ...]
    id: str | None
    table: str
    noun: str


class Link(NamedTuple):
    """An edge a trigger draws into its inject's node: from `source`, of `kind`, labelled."""

    source: str
    kind: str
    """`opens` (a turn opens it) or `condition` (it waits for something)."""
    label: str = ""


def inject_node(inject_id: str) -> str:
    """The branch graph's node of an inject."""
    return f"i_{inject_id}"


def option_node(decision: str, option: str) -> str:
    """The branch graph's node of an option."""
    return f"o_{decision}__{option}"


_CHOSE = re.compile(r"""chose\(\s*['"](\w+)['"]\s*,\s*['"](\w+)['"]\s*\)""")
_DELIVERED = re.compile(r"""delivered\(\s*['"](\w+)['"]\s*\)""")


def condition_links(text: str | None) -> list[Link]:
    """The edges a condition draws: from each option it asks `chose` of, each inject it asks
    `delivered` of (inject, decision and ending conditions alike)."""
    if not text:
        return []
    links = [Link(option_node(d, o), "condition", "when") for d, o in _CHOSE.findall(text)]
    links += [Link(inject_node(i), "condition", "when") for i in _DELIVERED.findall(text)]
    return links


def condition_reads(text: str | None) -> set[str]:
    """What a condition reads: `var:x`, `delivered:i`, `chosen:d:o`, `rolled:d:o`."""
    if not text:
        return set()
    found = {f"var:{name}" for name in names_in(text) if name not in ("turn", "clock")}
    for function, ids in calls_in(text):
        found.add(f"{'chosen' if function == 'chose' else function}:{':'.join(ids)}")
    return found


@dataclass(frozen=True, slots=True)
class Compiling:
    """What compiling a trigger needs: the symbols (None: describe only, never ask `due`) and
    the date of D+0 (times on a calendar)."""

    symbols: SymbolTable | None = None
    calendar: date | None = None


class Part:
    """One condition of a trigger; the trigger holds when all its parts hold."""

    __slots__ = ()
    field: ClassVar[str]
    """The inject's YAML field it comes from."""
    kept_on_release: ClassVar[bool] = False
    """Whether a released inject still waits for it."""
    bots_fire: ClassVar[bool] = True
    """Whether simulated play can make it hold (bots never post)."""
    timed: ClassVar[bool] = True
    """Whether `earliest` can say anything but None (else the clock never asks it)."""

    @classmethod
    def of(cls, inject: Inject, compiling: Compiling) -> Part | None:
        """The part for this inject's field, or None when the field is not set."""
        raise NotImplementedError

    def holds(self, state: ExerciseState) -> bool:
        """Whether it holds in `state`."""
        return bool(self.check()(state))

    def check(self) -> Check:
        """A function of the state, true when it holds (the sweep calls it: no dispatch)."""
        raise NotImplementedError

    def gate(self) -> tuple[str, int] | None:
        """When it holds exactly from a turn (`("turn", n)`) or a minute (`("clock", m)`) on:
        then the trigger's compiled check compares it inline."""
        return None

    def earliest(self, state: ExerciseState) -> Timing:
        """The minute from which it holds, as far as known in `state`."""
        return None

    def first_possible(
        self, starts: Sequence[int], earliest_of: Callable[[str], int | None]
    ) -> int | None:
        """The earliest minute it could ever hold (None: time does not decide it); `starts` are
        the turns' starts, `earliest_of` gives another inject's earliest minute."""
        return None

    def words(self) -> str:
        """The part in words, as the MSEL's Trigger column says it."""
        raise NotImplementedError

    def short(self) -> str | None:
        """The part in a few characters, for the console's MSEL (None: not shown there)."""
        return None

    def references(self) -> tuple[Reference, ...]:
        """The ids it names."""
        return ()

    def links(self) -> list[Link]:
        """The branch graph's edges it draws into the inject."""
        return []

    def reads(self) -> set[str]:
        """What decides whether it holds, besides the turn and the clock (the model checker's
        locations: `delivered:i`, `posted:channel`, `var:x`...)."""
        return set()


class OnTurn(Part):
    """`turn: N`: from the start of turn N."""

    __slots__ = ("turn",)
    field = "turn"
    kept_on_release = True

    def __init__(self, turn: int) -> None:
        self.turn = turn

    @classmethod
    def of(cls, inject: Inject, compiling: Compiling) -> Part | None:
        return None if inject.turn is None else cls(inject.turn)

    def check(self) -> Check:
        turn = self.turn
        return lambda state: turn <= state.turn

    def gate(self) -> tuple[str, int] | None:
        return ("turn", self.turn)

    def earliest(self, state: ExerciseState) -> Timing:
        return NOT_YET if self.turn > state.turn else None

    def first_possible(
        self, starts: Sequence[int], earliest_of: Callable[[str], int | None]
    ) -> int | None:
        return starts[min(self.turn, len(starts)) - 1]

    def words(self) -> str:
        return f"turn {self.turn}"

    def short(self) -> str:
        return f"T{self.turn}"

    def links(self) -> list[Link]:
        return [Link(f"t_{self.turn}", "opens")]


class AtTime(Part):
    """`time: D+0 10:00`: once the scenario clock reaches it."""

    __slots__ = ("at", "text")
    field = "time"
    kept_on_release = True

    def __init__(self, text: str, at: int) -> None:
        self.text = text
        self.at = at

    @classmethod
    def of(cls, inject: Inject, compiling: Compiling) -> Part | None:
        if not inject.time:
            return None
        return cls(inject.time, parse_clock(inject.time, compiling.calendar))

    def check(self) -> Check:
        at = self.at
        return lambda state: at <= state.clock

    def gate(self) -> tuple[str, int] | None:
        return ("clock", self.at)

    def earliest(self, state: ExerciseState) -> Timing:
        return self.at

    def first_possible(
        self, starts: Sequence[int], earliest_of: Callable[[str], int | None]
    ) -> int | None:
        return self.at

    def words(self) -> str:
        return f"at {self.text}"

    def short(self) -> str:
        return self.text


class After(Part):
    """`after: other` (and `delay: 2h`): that long after the other inject was delivered."""

    __slots__ = ("delay", "delay_text", "inject")
    field = "after"

    def __init__(self, inject: str, delay_text: str) -> None:
        self.inject = inject
        self.delay_text = delay_text
        self.delay = parse_duration(delay_text)

    @classmethod
    def of(cls, inject: Inject, compiling: Compiling) -> Part | None:
        return None if not inject.after else cls(inject.after, inject.delay)

    def check(self) -> Check:
        inject, delay = self.inject, self.delay

        def delivered_long_enough(state: ExerciseState) -> bool:
            at = state.delivered_at.get(inject)
            return at is not None and at + delay <= state.clock

        return delivered_long_enough

    def earliest(self, state: ExerciseState) -> Timing:
        at = state.delivered_at.get(self.inject)
        return NOT_YET if at is None else at + self.delay

    def first_possible(
        self, starts: Sequence[int], earliest_of: Callable[[str], int | None]
    ) -> int | None:
        before = earliest_of(self.inject)
        return None if before is None else before + self.delay

    def words(self) -> str:
        delay = "" if self.delay_text == "0m" else f" + {self.delay_text}"
        return f"after {self.inject}{delay}"

    def short(self) -> str:
        return f"after {self.inject}" + (f"+{self.delay_text}" if self.delay_text != "0m" else "")

    def references(self) -> tuple[Reference, ...]:
        return (Reference(("after",), self.inject, "injects", "inject"),)

    def links(self) -> list[Link]:
        label = f"after +{self.delay_text}" if self.delay_text != "0m" else "after"
        return [Link(inject_node(self.inject), "condition", label)]

    def reads(self) -> set[str]:
        return {f"delivered:{self.inject}"}


class When(Part):
    """`when: expression`: once the condition holds."""

    __slots__ = ("condition", "text")
    field = "when"
    timed = False

    def __init__(self, text: str, condition: Condition | None) -> None:
        self.text = text
        self.condition = condition

    @classmethod
    def of(cls, inject: Inject, compiling: Compiling) -> Part | None:
        if inject.when is None:
            return None
        symbols = compiling.symbols
        return cls(inject.when, compile_condition(inject.when, symbols) if symbols else None)

    def check(self) -> Check:
        return _not_played if self.condition is None else self.condition

    def words(self) -> str:
        return f"when {self.text}"

    def short(self) -> str:
        return "when …"

    def links(self) -> list[Link]:
        return condition_links(self.text)

    def reads(self) -> set[str]:
        return condition_reads(self.text)


class OnPost(Part):
    """`on_post: {channel, cell}`: once a cell's post (that cell's, when named) is released on
    the channel (issue 17)."""

    __slots__ = ("cell", "channel")
    field = "on_post"
    bots_fire = False
    timed = False

    def __init__(self, channel: str, cell: str | None) -> None:
        self.channel = channel
        self.cell = cell

    @classmethod
    def of(cls, inject: Inject, compiling: Compiling) -> Part | None:
        post = inject.on_post
        return None if post is None else cls(post.channel, post.cell)

    def check(self) -> Check:
        channel, cell = self.channel, self.cell
        return lambda state: any(ch == channel and cell in (None, who) for ch, who in state.posted)

    def words(self) -> str:
        return f"once {self.cell or 'a cell'} posts on {self.channel}"

    def short(self) -> str:
        return f"post {self.channel}"

    def references(self) -> tuple[Reference, ...]:
        return (
            Reference(("on_post", "channel"), self.channel, "channels", "channel"),
            Reference(("on_post", "cell"), self.cell, "cells", "cell"),
        )

    def reads(self) -> set[str]:
        return {f"posted:{self.channel}"}


P = TypeVar("P", bound=Part)

PARTS: tuple[type[Part], ...] = (OnTurn, AtTime, After, When, OnPost)
"""Every kind of trigger, in the order they are described and checked."""


def _all_of(parts: tuple[Part, ...]) -> Check:
    """One function that holds when every part holds, built for the sweep's hot path: a turn or
    a time is compared inline, the other parts are called (one call for the usual shapes)."""
    turn: int | None = None
    clock: int | None = None
    rest: list[Check] = []
    for part in parts:
        gate = part.gate()
        if gate is None:
            rest.append(part.check())
        elif gate[0] == "turn":
            turn = gate[1]
        else:
            clock = gate[1]
    others = _every(rest)
    if others is None:
        if turn is not None and clock is not None:
            return lambda state: turn <= state.turn and clock <= state.clock
        if turn is not None:
            return lambda state: turn <= state.turn
        if clock is not None:
            return lambda state: clock <= state.clock
        return _always
    if turn is not None and clock is not None:
        return lambda state: turn <= state.turn and clock <= state.clock and others(state)
    if turn is not None:
        return lambda state: turn <= state.turn and others(state)
    if clock is not None:
        return lambda state: clock <= state.clock and others(state)
    return others


def _every(checks: list[Check]) -> Check | None:
    """All of some checks as one (None: there are none)."""
    if len(checks) <= 1:
        return checks[0] if checks else None

    def every(state: ExerciseState) -> bool:
        for check in checks:  # noqa: SIM110 (a loop is faster than all() over a generator)
            if not check(state):
                return False
        return True

    return every


def _always(state: ExerciseState) -> bool:
    return True


def _not_played(state: ExerciseState) -> bool:
    raise AssertionError("a trigger compiled to be described, not played")


class Trigger:
    """All of an inject's trigger parts (none: it goes out only when released)."""

    __slots__ = ("_timed", "_timed_kept", "due_now", "due_released", "parts")

    def __init__(self, parts: tuple[Part, ...], *, playable: bool = True) -> None:
        self.parts = parts
        self._timed = tuple(part for part in parts if part.timed)
        self._timed_kept = tuple(part for part in self._timed if part.kept_on_release)
        self.due_now: Check = _all_of(parts) if playable else _not_played
        """Whether every part holds in a state (`due`, for an inject not released)."""
        kept = tuple(part for part in parts if part.kept_on_release)
        self.due_released: Check = _all_of(kept) if playable else _not_played
        """Whether a released inject's turn and time hold in a state."""

    @classmethod
    def of(cls, inject: Inject, compiling: Compiling | None = None) -> Trigger:
        """The inject's trigger (`compiling` without symbols: to describe it, not to play; its
        checks are then not built, which keeps the loader's many descriptions cheap)."""
        how = compiling or Compiling()
        parts = tuple(part for kind in PARTS if (part := kind.of(inject, how)) is not None)
        return cls(parts, playable=how.symbols is not None)

    @property
    def automatic(self) -> bool:
        """Whether anything but a release can make it due."""
        return bool(self.parts)

    @property
    def bots_fire(self) -> bool:
        """Whether simulated play can make it due (false when it waits for a player's post)."""
        return all(part.bots_fire for part in self.parts)

    def part(self, kind: type[P]) -> P | None:
        """Its part of one kind, if it has one."""
        return next((part for part in self.parts if isinstance(part, kind)), None)

    def due(self, state: ExerciseState, *, scheduled: bool) -> bool:
        """Whether every part holds (for a released inject: its turn and time)."""
        return bool((self.due_released if scheduled else self.due_now)(state))

    def earliest(self, state: ExerciseState, *, scheduled: bool) -> int | None:
        """The minute at which its timed parts hold, as far as known now.

        None when no part is timed (its turn or condition decide), when its turn has not come,
        or when the inject it comes after is not out yet.
        """
        best: int | None = None
        for part in self._timed_kept if scheduled else self._timed:
            at = part.earliest(state)
            if at is NOT_YET:
                return None
            if at is not None and (best is None or at > best):
                best = at
        return best

    def first_possible(
        self, starts: Sequence[int], earliest_of: Callable[[str], int | None]
    ) -> int | None:
        """The earliest minute it could ever be due (None: not known)."""
        times = [
            at
            for part in self.parts
            if (at := part.first_possible(starts, earliest_of)) is not None
        ]
        return max(times) if times else None

    def words(self) -> list[str]:
        """Each part in words (the MSEL's Trigger column joins them)."""
        return [part.words() for part in self.parts]

    def short(self) -> str:
        """The trigger in a few characters (the console's MSEL); `release` when it has none."""
        parts = [text for part in self.parts if (text := part.short()) is not None]
        return " ".join(parts) if parts else "release"

    def references(self) -> Iterator[Reference]:
        """Every id it names."""
        for part in self.parts:
            yield from part.references()

    def links(self) -> list[Link]:
        """The branch graph's edges into the inject."""
        return [link for part in self.parts for link in part.links()]

    def reads(self) -> set[str]:
        """What decides whether it falls due, besides the turn and the clock."""
        found: set[str] = set()
        for part in self.parts:
            found |= part.reads()
        return found
