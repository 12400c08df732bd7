"""Times in a planner's MSEL, as scenario clock readings (`D+1 08:00`).

Accepted: the scenario's own `D+1 08:00`; offsets from the start of the exercise as `T+2`
(hours), `T+2:30`, `T+90m`, or OpenAEV's `D+2 H+3 M+45`; a time of day (`09:30`, or a
spreadsheet time cell), on the day a date column gives; and real dates (spreadsheet date cells,
Excel's serial numbers, or `2018-01-27 08:00` text), the earliest of which becomes `D+0`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from engine.format.scenario_time import format_clock, parse_clock
from engine.msel.sheets import Cell

_OFFSET = re.compile(
    r"^\s*(?:T\s*\+\s*(?P<t>\d+(?:[.,]\d+)?)(?::(?P<tm>\d{1,2}))?\s*(?P<unit>[hm])?"
    r"|(?:D\s*\+\s*(?P<d>\d+))?\s*(?:H\s*\+\s*(?P<h>\d+))?\s*(?:M\s*\+\s*(?P<m>\d+))?)\s*$",
    re.IGNORECASE,
)
_DAY_TIME = re.compile(r"^\s*(\d{1,2})[:.h](\d{2})\s*$")
_EXCEL_EPOCH = datetime(1899, 12, 30)


class TimeProblem(ValueError):
    """A time cell that is none of the accepted forms."""


@dataclass(frozen=True)
class When:
    """A cell's time: minutes after the exercise start, a time of day, or a real moment."""

    offset: int | None = None
    """Minutes after the start of the exercise (`T+2`, `D+1 H+2`)."""
    clock: int | None = None
    """A scenario clock reading, in minutes from `D+0 00:00` (`D+1 08:00`)."""
    moment: datetime | None = None
    """A real date (and time)."""
    time_of_day: int | None = None
    """Minutes after midnight, on a day given elsewhere."""


def read_time(cell: Cell) -> When:
    """What a time cell says.

    Raises:
        TimeProblem: the cell is none of the accepted forms.
    """
    if isinstance(cell, datetime):
        return When(moment=cell)
    if isinstance(cell, date):
        return When(moment=datetime(cell.year, cell.month, cell.day))
    if isinstance(cell, time):
        return When(time_of_day=cell.hour * 60 + cell.minute)
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if 0 <= cell < 1:
            return When(time_of_day=round(cell * 24 * 60))
        if 1 <= cell < 2_958_466:  # Excel's serial dates, 1900 to 9999
            return When(moment=_EXCEL_EPOCH + timedelta(days=float(cell)))
    text = str(cell).strip()
    if text.upper().startswith("D+") and ("H+" not in text.upper() and "M+" not in text.upper()):
        try:
            return When(clock=parse_clock(text))
        except ValueError:
            pass
    day_time = _DAY_TIME.match(text)
    if day_time:
        hours, minutes = int(day_time[1]), int(day_time[2])
        if hours < 24 and minutes < 60:
            return When(time_of_day=hours * 60 + minutes)
    offset = _OFFSET.match(text)
    if offset and any(offset.group(g) for g in ("t", "d", "h", "m")):
        return When(offset=_minutes(offset))
    try:
        return When(moment=datetime.fromisoformat(text))
    except ValueError:
        pass
    raise TimeProblem(
        f"expected a time such as D+1 08:00, T+2, D+1 H+3 M+45, 09:30 or 2018-01-27 08:00, "
        f"found {text!r}"
    )


def _minutes(match: re.Match[str]) -> int:
    if match.group("t"):
        amount = float(match.group("t").replace(",", "."))
        if match.group("unit") and match.group("unit").lower() == "m":
            return round(amount)
        return round(amount * 60) + int(match.group("tm") or 0)
    days, hours, minutes = (int(match.group(g) or 0) for g in ("d", "h", "m"))
    return days * 24 * 60 + hours * 60 + minutes


def read_date(cell: Cell) -> date:
    """A date cell's date.

    Raises:
        TimeProblem: it is no date.
    """
    when = read_time(cell)
    if when.moment is None:
        raise TimeProblem(f"expected a date such as 2018-01-27, found {cell!r}")
    return when.moment.date()


def clock_text(minutes: int) -> str:
    """`D+1 08:00` for minutes from `D+0 00:00`."""
    return format_clock(minutes)
