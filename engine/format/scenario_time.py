"""Scenario time: `D+1 08:00` clock readings and `1h30m` durations, held as whole minutes.

Scenario time is the story's clock, never the wall clock. Minute 0 is `D+0 00:00`.
"""

from __future__ import annotations

import re

_CLOCK = re.compile(r"^D([+-]\d{1,3}) ([01]\d|2[0-3]):([0-5]\d)$")
_DURATION = re.compile(r"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$")

MINUTES_PER_DAY = 24 * 60


def parse_clock(text: str) -> int:
    """Parse a clock reading such as `D+1 08:00` (or `D-2 23:30`) into minutes since D+0 00:00.

    Raises:
        ValueError: the text is not a clock reading; the message shows the expected form.
    """
    match = _CLOCK.match(text.strip())
    if match is None:
        raise ValueError(f"'{text}' is not a scenario time; write it like 'D+1 08:00'")
    day, hours, minutes = (int(group) for group in match.groups())
    return day * MINUTES_PER_DAY + hours * 60 + minutes


def format_clock(minutes: int) -> str:
    """Format minutes since D+0 00:00 as `D+1 08:00`."""
    day, rest = divmod(minutes, MINUTES_PER_DAY)
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
