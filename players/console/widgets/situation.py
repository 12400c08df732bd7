"""The situation: scenario clock, turn and phase, the turn timer, and the variables as bars.

Each int variable is a bar between its bounds, with its trend over the turns as a sparkline
(from `state.turn_values`, one value at each turn's start, then the current value).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical

from engine.audience import Audience, visible_variables
from engine.format.model import VariableType, Visibility
from engine.journal.journaled_session import WallClock
from engine.play.lifecycle import Phase
from engine.play.session import Session
from players.console.widgets.redrawn import Redrawn, drawn_key
from players.console.widgets.scenario_clock import ClockPanel
from players.console.widgets.turn_timer import Clock, TurnTimer, time_in_turn

SPARKS = "▁▂▃▄▅▆▇█"
BAR_WIDTH = 10


def sparkline(values: Sequence[int], low: int, high: int) -> str:
    """One character a value, from ▁ (at `low`) to █ (at `high`)."""
    span = max(1, high - low)
    return "".join(
        SPARKS[min(len(SPARKS) - 1, max(0, (value - low) * (len(SPARKS) - 1) // span))]
        for value in values
    )


def bar(value: int, low: int, high: int, width: int = BAR_WIDTH) -> Text:
    """A text bar, `value` between `low` and `high`."""
    span = max(1, high - low)
    filled = round((min(max(value, low), high) - low) * width / span)
    return Text.assemble(("█" * filled, "cyan"), ("░" * (width - filled), "grey37"))


def phase_label(session: Session) -> str:
    """`Turn 2/4 · deliberation · D+0 20:00` (a date on a calendar)."""
    state = session.state
    count = session.compiled.turn_count
    phase = state.phase.value.replace("_", " ")
    if state.paused_from is not None and state.phase.value == "paused":
        phase = f"PAUSED (in {state.paused_from.value.replace('_', ' ')})"
    turn = f"Turn {state.turn}/{count}" if state.turn else "Before turn 1"
    return f"{turn} · {phase} · {session.compiled.time_label(state.clock)}"


Row = tuple[Text | str, ...]
"""One variable's cells: label, (the hidden mark,) bar or value, trend."""


def variable_cells(
    session: Session, *, players_only: bool, cell: str | None = None
) -> list[Row] | Text:
    """Each variable's cells (`variable_rows` lays them out); a placeholder when there are
    none. With `players_only`, those the room may see, or `cell` when one is given."""
    audience = Audience.control()
    if players_only:
        audience = Audience.of_cell(cell) if cell is not None else Audience.room()
    variables = visible_variables(audience, session.compiled.scenario)
    if not variables:
        return Text("No variables to show.", style="dim italic")
    state = session.state
    rows: list[Row] = []
    for variable in variables:
        value = state.values.get(variable.id, variable.initial)
        label = Text(variable.label or variable.id)
        hidden = variable.visibility is Visibility.FACILITATOR
        marks = [] if players_only else [Text("◌" if hidden else "", style="dim")]
        if variable.type is VariableType.INT and isinstance(value, int):
            low = variable.min if variable.min is not None else 0
            high = variable.max if variable.max is not None else max(100, value)
            history = [int(turn[variable.id]) for turn in state.turn_values if variable.id in turn]
            trend = sparkline([*history, value], low, high)
            shown = Text.assemble(bar(value, low, high), f" {value:>3}")
            rows.append((label, *marks, shown, Text(trend, style="green")))
        elif variable.type is VariableType.BOOL:
            shown = Text("yes", style="bold red") if value else Text("no", style="dim")
            rows.append((label, *marks, shown, ""))
        else:
            rows.append((label, *marks, Text(str(value), style="bold"), ""))
    return rows


def variables_table(cells: list[Row] | Text, *, players_only: bool) -> RenderableType:
    """The variables' cells (`variable_cells`) as a table; the placeholder as it is."""
    if isinstance(cells, Text):
        return cells
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(ratio=1, overflow="ellipsis", no_wrap=True)
    if not players_only:  # the hidden mark, in a column of its own: a long label cannot cut it
        table.add_column(no_wrap=True, width=1)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True, justify="right")
    for row in cells:
        table.add_row(*row)
    return table


def variable_rows(
    session: Session, *, players_only: bool, cell: str | None = None
) -> RenderableType:
    """A table of variables: label, bar or value, trend; a placeholder when there are none.
    With `players_only`, those the room may see, or `cell` when one is given."""
    cells = variable_cells(session, players_only=players_only, cell=cell)
    return variables_table(cells, players_only=players_only)


class SituationPanel(Vertical):
    """Clock, turn, phase, timer and variables; `show` redraws it from a session."""

    DEFAULT_CSS = """
    SituationPanel { height: auto; }
    SituationPanel > #situation-status { height: auto; text-style: bold; }
    SituationPanel > #situation-variables { height: auto; }
    """

    def __init__(
        self,
        clock: Clock,
        turn_limit: float,
        *,
        players_only: bool = False,
        cell: str | None = None,
        show_timer: bool = True,
        wall: WallClock | None = None,
        rate: float | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._rate = rate
        """The running clock's rate the facilitator can start it at (None: manual)."""
        self._clock = clock
        self._wall = wall
        """The wall clock to time a resumed turn by (None: every turn is timed from now)."""
        self._limit = turn_limit
        self._players_only = players_only
        self._cell = cell
        self._show_timer = show_timer
        self._turn: int | None = None

    def compose(self) -> ComposeResult:
        """The status line, the turn timer and scenario clock (when shown), and the variables."""
        yield Redrawn(id="situation-status")
        if self._show_timer:
            yield TurnTimer(self._clock, self._limit, id="turn-timer")
            yield ClockPanel(self._clock, self._rate, id="scenario-clock")
        yield Redrawn(id="situation-variables")

    def show(self, session: Session) -> None:
        """Redraw from the session's current state."""
        state = session.state
        status = Text(phase_label(session))
        if state.ending is not None or session.finished:
            title = next(
                (e.title for e in session.compiled.scenario.endings if e.id == state.ending),
                "no ending",
            )
            status = Text.assemble(status, "\n", ("Ending: ", "bold"), title)
        self.query_one("#situation-status", Redrawn).draw(status)
        if self._show_timer:
            timer = self.query_one(TurnTimer)
            timer.hold(state.phase is Phase.PAUSED or session.finished)
            if state.turn != self._turn:
                elapsed = time_in_turn(session, self._wall()) if self._wall is not None else 0.0
                timer.restart(elapsed)
            self.query_one(ClockPanel).show(session)
        self._turn = state.turn
        cells = variable_cells(session, players_only=self._players_only, cell=self._cell)
        self.query_one("#situation-variables", Redrawn).draw_from(
            drawn_key(cells), lambda: variables_table(cells, players_only=self._players_only)
        )
