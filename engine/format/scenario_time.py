"""Scenario time: `D+1 08:00` clock readings and `1h30m` durations, held as whole minutes.

Scenario time is the story's clock, never the wall clock. Minute 0 is `D+0 00:00`. A scenario
whose `turns.start` is a calendar reading (`2018-01-27 08:00`) has a calendar: D+0 is that
date, and readings are shown as dates.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

_CLOCK = re.compile(r"^D([+-]\d{1,3}) ([01]\d|2[0-3]):([0-5]\d)$")
_CALENDAR = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T]([01]\d|2[0-3]):([0-5]\d)$")
_DURATION = re.compile(r"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$")

MINUTES_PER_DAY = 24 * 60


def calendar_date(text: str) -> date | None:
    """The date of a calendar reading such as `2018-01-27 08:00`; None for a `D+1 08:00` one.

    Raises:
        ValueError: the text looks like a calendar reading but names no real date.
    """
    found = _calendar_reading(text)
    return None if found is None else found[0]


def _calendar_reading(text: str) -> tuple[date, int] | None:
    """A calendar reading's date and minutes into that day (None: not a calendar reading)."""
    match = _CALENDAR.match(text.strip())
    if match is None:
        return None
    year, month, day, hours, minutes = (int(group) for group in match.groups())
    try:
        return date(year, month, day), hours * 60 + minutes
    except ValueError:
        raise ValueError(f"'{text}' names no real date; write it like '2018-01-27 08:00'") from None


def parse_clock(text: str, calendar: date | None = None) -> int:
    """Parse a clock reading into minutes since D+0 00:00.

    A reading is `D+1 08:00` (or `D-2 23:30`), or a calendar reading `2018-01-27 08:00`, which
    counts from `calendar` (the date of D+0; its own date when none is given).

    Raises:
        ValueError: the text is not a clock reading; the message shows the expected form.
    """
    reading = _calendar_reading(text)
    if reading is not None:
        on, minutes = reading
        return (on - (calendar or on)).days * MINUTES_PER_DAY + minutes
    match = _CLOCK.match(text.strip())
    if match is None:
        raise ValueError(
            f"'{text}' is not a scenario time; write it like 'D+1 08:00' or '2018-01-27 08:00'"
        )
    day, hours, minutes = (int(group) for group in match.groups())
    return day * MINUTES_PER_DAY + hours * 60 + minutes


def format_clock(minutes: int, calendar: date | None = None) -> str:
    """Format minutes since D+0 00:00 as `D+1 08:00`, or as `2018-01-28 08:00` on a calendar
    whose D+0 is `calendar`."""
    day, rest = divmod(minutes, MINUTES_PER_DAY)
    if calendar is not None:
        on = calendar + timedelta(days=day)
        return f"{on.isoformat()} {rest // 60:02d}:{rest % 60:02d}"
    sign = "+" if day >= 0 else "-"
    return f"D{sign}{abs(day)} {rest // 60:02d}:{rest % 60:02d}"


def parse_duration(text: str) -> int:
    """Parse a duration such as `1d`, `2h`, `30m` or `1h30m` into minutes.

    Raises:
        ValueError: the text is not a duration; the message shows the expected form.
    """
    cleaned = text.strip().replace(" ", "")
    match = _DURATION.match(cleaned)
    if not cleaned or match is None:
        raise ValueError(f"'{text}' is not a duration; write it like '2h', '30m' or '1h30m'")
    days, hours, minutes = (int(group) if group else 0 for group in match.groups())
    return days * MINUTES_PER_DAY + hours * 60 + minutes


def format_duration(minutes: int) -> str:
    """Format minutes as a compact duration such as `1h30m` (`0m` for zero)."""
    if minutes == 0:
        return "0m"
    days, rest = divmod(minutes, MINUTES_PER_DAY)
    parts = []
    if days:
        parts.append(f"{days}d")
    if rest // 60:
        parts.append(f"{rest // 60}h")
    if rest % 60:
        parts.append(f"{rest % 60}m")
    return "".join(parts)
