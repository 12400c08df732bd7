"""The objectives and their critical tasks with the P/S/M/U ratings given so far."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from engine.format.model import CriticalTask
from engine.play.evaluation import counted_rating, named_ratings
from engine.play.session import Session
from players.console.widgets.redrawn import Redrawn

RATING_STYLES = {
    "P": "bold white on green",
    "S": "bold black on yellow",
    "M": "bold black on dark_orange",
    "U": "bold white on red",
}


BASIS = {
    "settled": "settled",
    "facilitator": "facilitator's",
    "agreed": "agreed",
    "lowest": "NOT SETTLED",
}
"""How each way a rating counts is shown."""


def side_by_side(session: Session, objective: str, task: str) -> Text:
    """`Dana Reyes S · Lee Park M → M NOT SETTLED` (empty when nobody rated the task)."""
    state = session.state
    parts = [f"{r.get('evaluator')} {r['rating']}" for r in named_ratings(state, objective, task)]
    counted = counted_rating(state, objective, task)
    line = Text(" · ".join(parts))
    if counted is not None:
        by = f" by {counted.by or 'the facilitator'}" if counted.basis == "settled" else ""
        style = "bold red" if not counted.is_settled else "bold"
        line.append(f"{' → ' if parts else ''}{counted.code} {BASIS[counted.basis]}{by}", style)
    return line


def objectives_renderable(session: Session) -> Text | Group:
    """Each objective's capability and tasks with their ratings; a placeholder when none."""
    objectives = session.compiled.scenario.objectives
    if not objectives:
        return Text("This scenario has no objectives to rate.", style="dim italic")
    parts: list[RenderableType] = []
    for objective in objectives:
        parts.append(Text(objective.capability, style="bold"))
        for task in objective.critical_tasks:
            counted = counted_rating(session.state, objective.id, task.id)
            letter = counted.code if counted else " "
            badge = Text(f" {letter} ", style=RATING_STYLES.get(letter, "reverse dim"))
            parts.append(Text.assemble(" ", badge, " ", Text(task.text, overflow="ellipsis")))
            if named_ratings(session.state, objective.id, task.id):  # evaluators, by name
                line = side_by_side(session, objective.id, task.id)
                parts.append(Text.assemble("     ", line, overflow="ellipsis"))
            where = _exercised_by(session, task)
            if where:
                parts.append(Text(f"     look at: {where}", style="dim", overflow="ellipsis"))
    return Group(*parts)


def _exercised_by(session: Session, task: CriticalTask) -> str:
    """The injects and decisions a task is linked to, by title and prompt."""
    compiled = session.compiled
    names = [compiled.injects[i].source.title for i in task.injects if i in compiled.injects]
    names += [
        compiled.decisions[d].source.prompt for d in task.decisions if d in compiled.decisions
    ]
    return "; ".join(names)


class ObjectivesPanel(Redrawn):
    """The HSEEP ratings panel; `show` redraws it from a session."""

    DEFAULT_CSS = """
    ObjectivesPanel { height: auto; }
    """

    def show(self, session: Session) -> None:
        """Redraw from the session's current state."""
        self.draw(objectives_renderable(session))
