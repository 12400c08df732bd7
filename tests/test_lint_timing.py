"""Lint warnings about time: an inject timed outside its turn, a delay chain past the end."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from engine.errors import ScenarioInvalid
from engine.format.loader import load_scenario

WriteYaml = Callable[..., Path]

BASE = """\
format: 1
id: mini
title: Mini
turns: {count: 2, length: 4h, start: "D+0 08:00"}
cells:
  - {id: blue, name: Blue, side: blue}
channels:
  - {id: news, kind: news, name: The Bugle}
endings:
  - {id: time_up, title: Time is up}
injects:
"""


def messages(path: Path) -> list[str]:
    return [str(problem).removeprefix(f"{path}:") for problem in load_scenario(path).problems]


def test_an_inject_timed_outside_the_turn_it_is_tied_to_is_a_warning_with_its_line(
    write_yaml: WriteYaml,
) -> None:
    path = write_yaml(
        BASE + '  - {id: a, title: T, channel: news, turn: 1, time: "D+0 13:00", fictional: true}\n'
    )
    assert messages(path) == [
        "12:53: warning: inject 'a' is tied to turn 1 (D+0 08:00 to D+0 12:00) but its time"
        " D+0 13:00 falls outside it"
    ]


def test_an_inject_timed_after_the_exercise_ends_is_a_warning(write_yaml: WriteYaml) -> None:
    path = write_yaml(
        BASE + '  - {id: b, title: T, channel: news, time: "D+0 17:00", fictional: true}\n'
    )
    assert messages(path) == [
        "12:44: warning: inject 'b' is timed D+0 17:00, outside the exercise"
        " (D+0 08:00 to D+0 16:00)"
    ]


def test_a_delay_chain_that_runs_past_the_end_of_the_exercise_is_a_warning_on_its_delay(
    write_yaml: WriteYaml,
) -> None:
    path = write_yaml(
        BASE
        + '  - {id: a, title: T, channel: news, time: "D+0 11:00", fictional: true}\n'
        + "  - {id: b, title: T, channel: news, after: a, delay: 3h, fictional: true}\n"
        + "  - {id: c, title: T, channel: news, after: b, delay: 2h, fictional: true}\n"
    )
    assert messages(path) == [
        "14:55: warning: inject 'c' comes 2h after 'b', at D+0 16:00 at the earliest, but the"
        " exercise ends at D+0 16:00: it is never delivered"
    ]


def test_a_calendar_time_needs_a_calendar_start(write_yaml: WriteYaml) -> None:
    path = write_yaml(
        BASE + '  - {id: d, title: T, channel: news, time: "2018-01-27 10:00", fictional: true}\n'
    )
    assert messages(path) == [
        "12:44: warning: inject 'd' has a calendar time but turns.start is no date"
        " (write it like 'D+0 10:00', or give turns.start as a date)"
    ]


def test_times_on_a_calendar_are_checked_and_shown_as_dates(write_yaml: WriteYaml) -> None:
    path = write_yaml(
        BASE.replace('start: "D+0 08:00"', 'start: "2018-01-27 08:00"')
        + '  - {id: a, title: T, channel: news, time: "2018-01-27 10:00", fictional: true}\n'
        + '  - {id: b, title: T, channel: news, turn: 2, time: "D+0 09:00", fictional: true}\n'
    )
    assert messages(path) == [
        "13:53: warning: inject 'b' is tied to turn 2 (2018-01-27 12:00 to 2018-01-27 16:00)"
        " but its time 2018-01-27 09:00 falls outside it"
    ]


def test_turns_of_different_lengths_need_one_length_per_turn(write_yaml: WriteYaml) -> None:
    path = write_yaml(BASE.replace("length: 4h", "lengths: [4h, 2h, 1h]").replace("injects:\n", ""))
    with pytest.raises(ScenarioInvalid) as raised:
        load_scenario(path)
    assert [str(p).removeprefix(f"{path}:") for p in raised.value.problems] == [
        "4:8: error: 'turns': `lengths` gives 3 turn lengths for 2 turns"
    ]
