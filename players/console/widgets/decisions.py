"""Open decisions per cell with their options (unavailable ones dimmed), and the last rolls."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from engine.play.events import Record
from engine.play.session import Session
from players.console.names import Names
from players.console.widgets.redrawn import Redrawn


def latest_rolls(session: Session, limit: int = 3) -> list[Record]:
    """The latest rolls still in effect (undone ones are gone from the state), newest first."""
    rolls: list[Record] = []
    seen: set[tuple[str, str]] = set()
    for event in reversed(session.events):
        if event["type"] != "roll_made":
            continue
        key = (event["decision"], event["cell"])
        if key in seen or (event["decision"], event["outcome"]) not in session.state.rolled:
            continue
        seen.add(key)
        rolls.append(event)
        if len(rolls) == limit:
            break
    return rolls


def decisions_renderable(session: Session) -> Group:
    """The open decisions, then the latest rolls; a placeholder when nothing is open."""
    state = session.state
    compiled = session.compiled
    names = Names(compiled.scenario)
    cells = names.cells
    parts: list[RenderableType] = []
    for open_decision in state.open_decisions.values():
        decision = compiled.decisions[open_decision.id]
        parts.append(Text(decision.source.prompt, style="bold"))
        for cell in decision.cells:
            chosen = open_decision.choices.get(cell)
            mark = Text(f"  {cells.get(cell, cell)}: ", style="bold")
            if chosen is None:
                mark.append("waiting", style="yellow")
            else:
                mark.append(f"chose {decision.options[chosen].label}", style="green")
            parts.append(mark)
        conditions = {option.id: option.when for option in decision.source.options}
        for option, available in session.options(decision.id):
            roll = " 🎲" if option.outcomes else ""
            if available:
                parts.append(Text(f"    • {option.label}{roll}"))
            else:
                line = Text(f"    ✗ {option.label}", style="dim strike")
                when = conditions.get(option.id)
                line.append(f" needs: {names.condition(when)}" if when else " (unavailable)", "dim")
                parts.append(line)
        if open_decision.deadline is not None:
            deadline = compiled.time_label(open_decision.deadline)
            parts.append(Text(f"    deadline {deadline}", "dim"))
    if not parts:
        parts.append(Text("No decision is open.", style="dim italic"))
    rolls = latest_rolls(session)
    if rolls:
        parts.append(Text("Last rolls", style="bold underline"))
        for event in rolls:
            override = " (overridden)" if event.get("overridden") else ""
            parts.append(
                Text(
                    f"  {names.of('decision', event['decision'])} · "
                    f"{names.of('cell', event['cell'])}: d100={event['roll']} "
                    f"→ {names.of('outcome', event['outcome'])}{override}"
                )
            )
    return Group(*parts)


class DecisionPanel(Redrawn):
    """The decisions the cells are working on; `show` redraws it from a session."""

    DEFAULT_CSS = """
    DecisionPanel { height: auto; }
    """

    def show(self, session: Session) -> None:
        """Redraw from the session's current state."""
        self.draw(decisions_renderable(session))
