"""Progress bars for long headless runs: on stderr, and only when stderr is a terminal.

Built on rich's progress display (which Textual already brings in), so piped or redirected
output stays clean: with no terminal there is no bar and nothing is written at all.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

Progress = Callable[[int, int | None], None]
"""Told `(done, total)` each time a run moves on; a total of None is not known yet (the bar
counts up without an end, as `explore`'s states searched)."""


@contextmanager
def progress_bar(description: str, stream: TextIO | None = None) -> Iterator[Progress | None]:
    """A progress callback drawing a bar on `stream` (stderr), or None when it is no terminal.

    The bar is removed when the block ends, so the report printed after it starts clean.
    """
    stream = sys.stderr if stream is None else stream
    if not stream.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
    from rich.progress import Progress as RichProgress

    bar = RichProgress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(file=stream),
        transient=True,
    )
    with bar:
        task = bar.add_task(description, total=None)

        def update(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        yield update
