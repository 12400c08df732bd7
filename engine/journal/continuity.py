"""The order of a journal's records: gapless `seq`, groups in turn, each as long as it says.

Every event record carries its position (`seq`, from 0) and its command's `group` (from 0, one
more for each command); a group's first record is its `command` and says how many records the
group has (`size`). A line deleted, duplicated or moved by hand keeps its own checksum, so
only these numbers show it: reading follows them and names the first line that breaks them.
This stops accidents and careless edits, not a forger who renumbers the records (see
`docs/reliability.md`).

A record without `seq` or `group` is not checked here: what fields each event must have is the
journal codec's concern.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Discontinuity:
    """Where a journal's records stop following each other, and how."""

    line: int
    """The line number of the first record out of place (the header is line 1)."""
    reason: str


class Continuity:
    """Follows the records of one journal in order; `follow` says what is out of place."""

    def __init__(self) -> None:
        self.seq = 0
        self.group = -1
        self.left: int | None = 0
        """Records the current group still has to come (None: its size is not recorded)."""

    def follow(self, record: dict[str, Any]) -> str | None:
        """Take the next record; why it is out of place, or None when it follows."""
        seq, group = record.get("seq"), record.get("group")
        if not (isinstance(seq, int) and isinstance(group, int)):
            return None
        if seq != self.seq:
            return _seq_problem(seq, self.seq)
        if record.get("type") == "command":
            if group != self.group + 1:
                return f"command of group {group} where group {self.group + 1} was due"
            if self.left:
                return f"group {self.group} ends {self.left} record(s) short of its size"
            size = record.get("size")
            self.group = group
            self.left = size - 1 if isinstance(size, int) and size > 0 else None
        elif group != self.group:
            return f"a record of group {group} inside group {self.group}"
        elif self.left is not None:
            if self.left == 0:
                return f"group {group} has more records than its size"
            self.left -= 1
        self.seq += 1
        return None


def _seq_problem(seq: int, expected: int) -> str:
    if seq < expected:
        return f"seq {seq} comes again after seq {expected - 1} (a line duplicated or moved)"
    missing = seq - expected
    return f"seq {seq} where seq {expected} was due ({missing} record(s) missing or moved)"
