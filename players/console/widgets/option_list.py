"""An option list whose cursor stops at the first and last option instead of wrapping.

In a dialog, Up from the first option landing on the last one picked the wrong outcome (the
dry run's override went from the first outcome to the rolled one); every dialog uses this list.
"""

from __future__ import annotations

from textual._widget_navigation import find_next_enabled_no_wrap
from textual.widgets import OptionList


class StoppingOptionList(OptionList):
    """`OptionList` without wrap-around."""

    def action_cursor_up(self) -> None:
        """Move to the previous enabled option; stay on the first."""
        self._step(-1)

    def action_cursor_down(self) -> None:
        """Move to the next enabled option; stay on the last."""
        self._step(1)

    def _step(self, direction: int) -> None:
        found = find_next_enabled_no_wrap(
            self.options, anchor=self.highlighted, direction=1 if direction > 0 else -1
        )
        if found is not None:
            self.highlighted = found
