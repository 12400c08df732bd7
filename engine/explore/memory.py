"""How much memory the model checker may use, and how much the process holds now.

The search reads the process's resident set (what the machine has really given it, the
figure an out-of-memory killer looks at) every few thousand states, and stops cleanly once it
passes `SEARCH_SHARE` of the bound: the rest is for working out the findings from what it
found (shortest paths take a few bytes per state, where a state waiting to be expanded takes
a few kilobytes, and those are let go first).
"""

from __future__ import annotations

import os
import re
import resource
import sys
from collections.abc import Callable

MemoryGauge = Callable[[], int]
"""Returns the bytes the process holds now."""

DEFAULT_MAX_MEMORY = 2 * 1024**3
"""2 GiB: well under the machines the tool runs on, and far above what a clean search of any
bundled scenario needs (under 200 MB)."""

SEARCH_SHARE = 0.8
"""The share of the bound the search itself may reach before it stops."""

CHECK_EVERY = 2048
"""New states between two readings of the resident set."""

_STATM = "/proc/self/statm"
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?i?b?)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}


def resident_memory() -> int:
    """The process's resident set in bytes (its peak where the current one cannot be read)."""
    try:
        with open(_STATM, "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024  # bytes there, KiB elsewhere


def parse_size(text: str) -> int:
    """`2G`, `512MB`, `1.5GiB`, `800000000` (bytes) as a number of bytes.

    Raises:
        ValueError: not a size.
    """
    match = _SIZE.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not a size; write it like 2G, 512M or 1500000000")
    number, unit = match.groups()
    return int(float(number) * _UNITS[(unit or "").lower()[:1]])


def format_size(size: int) -> str:
    """A size for a message: `2.0 GB`, `512 MB`."""
    if size >= 1024**3:
        return f"{size / 1024**3:.1f} GB"
    return f"{size / 1024**2:.0f} MB"
