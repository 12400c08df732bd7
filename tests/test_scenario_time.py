"""Scenario time: clock readings and durations round-trip and bad text is explained."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.format.scenario_time import format_clock, format_duration, parse_clock, parse_duration


def test_a_clock_reading_counts_minutes_from_d_zero_midnight() -> None:
    assert parse_clock("D+0 00:00") == 0
    assert parse_clock("D+1 08:30") == 24 * 60 + 8 * 60 + 30
    assert parse_clock("D-1 23:00") == -60


def test_a_bad_clock_reading_shows_the_expected_form() -> None:
    with pytest.raises(ValueError, match=r"'Day 1 8am' is not a scenario time; write it like"):
        parse_clock("Day 1 8am")


def test_hours_past_23_are_not_a_clock_reading() -> None:
    with pytest.raises(ValueError):
        parse_clock("D+1 24:00")


def test_durations_combine_days_hours_and_minutes() -> None:
    assert parse_duration("1d") == 1440
    assert parse_duration("2h") == 120
    assert parse_duration("1h30m") == 90
    assert parse_duration("0m") == 0


@pytest.mark.parametrize("text", ["", "90", "1.5h", "h", "2 hours"])
def test_a_bad_duration_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="is not a duration"):
        parse_duration(text)


@given(st.integers(min_value=-999 * 1440, max_value=999 * 1440))
def test_clock_readings_round_trip(minutes: int) -> None:
    assert parse_clock(format_clock(minutes)) == minutes


@given(st.integers(min_value=0, max_value=100 * 1440))
def test_durations_round_trip(minutes: int) -> None:
    assert parse_duration(format_duration(minutes)) == minutes
