"""Putting the terminal back in order before the console starts.

A console killed with `kill -9` cannot restore the terminal: it stays in raw mode, without
echo, with mouse tracking on. Textual saves the terminal's settings when it starts and puts
them back when it exits, so starting it on such a terminal (`wargame run --resume` right after
the crash) keeps it garbled even after a clean exit. `reset_terminal` first sets the usual
line-discipline modes (what `stty sane` sets that matters here) and switches off the modes a
full-screen app turns on, so Textual saves a sane terminal.
"""

from __future__ import annotations

import os
import sys
import termios
from typing import TextIO

MODES_OFF = (
    "\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l"  # mouse tracking, all kinds
    "\x1b[?2004l"  # bracketed paste
    "\x1b[?1004l"  # focus events
    "\x1b[?1049l"  # the alternate screen
    "\x1b[?25h"  # the cursor shown
    "\x1b[0m"  # colours and styles reset
)
"""Escape sequences that switch off what a killed full-screen app left on."""

_LFLAGS = (
    termios.ICANON | termios.ECHO | termios.ECHOE | termios.ECHOK | termios.ISIG | termios.IEXTEN
)
_IFLAGS = termios.ICRNL | termios.BRKINT | termios.IXON
_OFLAGS = termios.OPOST | termios.ONLCR


def reset_terminal(stream: TextIO | None = None) -> bool:
    """Restore sane modes on the terminal behind `stream` (stdin by default).

    Returns whether there was a terminal to reset (nothing is done when it is not a tty).
    """
    stream = stream or sys.stdin
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return False
    if not os.isatty(fd):
        return False
    try:
        attributes = termios.tcgetattr(fd)
        attributes[0] |= _IFLAGS
        attributes[1] |= _OFLAGS
        attributes[3] |= _LFLAGS
        termios.tcsetattr(fd, termios.TCSANOW, attributes)
        os.write(fd, MODES_OFF.encode("ascii"))
    except (termios.error, OSError):
        return False
    return True
