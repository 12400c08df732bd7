"""Progress bars: drawn on a terminal, absent (and silent) anywhere else."""

from __future__ import annotations

import io

from players.progress import progress_bar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_bar_that_counts_up_to_the_total() -> None:
    screen = Terminal()
    with progress_bar("simulate", screen) as progress:
        assert progress is not None
        progress(500, 1000)
        progress(1000, 1000)
    drawn = screen.getvalue()
    assert "simulate" in drawn
    assert "1000/1000" in drawn


def test_a_pipe_gets_no_bar_and_not_a_byte() -> None:
    pipe = io.StringIO()
    with progress_bar("simulate", pipe) as progress:
        assert progress is None
    assert pipe.getvalue() == ""
