"""The objectives and their critical tasks with the P/S/M/U ratings given so far."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.widgets import Static

from engine.format.model import CriticalTask
from engine.play.session import Session

RATING_STYLES = {
    "P": "bold white on green",
    "S": "bold black on yellow",
    "M": "bold black on dark_orange",
    "U": "bold white on red",
}


def objectives_renderable(session: Session) -> RenderableType:
    """Each objective's capability and tasks with their ratings; a placeholder when none."""
    objectives = session.compiled.scenario.objectives
    if not objectives:
        return Text("This scenario has no objectives to rate.", style="dim italic")
    ratings = session.state.ratings
    parts: list[RenderableType] = []
    for objective in objectives:
        parts.append(Text(objective.capability, style="bold"))
        for task in objective.critical_tasks:
            rated = ratings.get((objective.id, task.id))
            letter = str(rated["rating"]) if rated else " "
            badge = Text(f" {letter} ", style=RATING_STYLES.get(letter, "reverse dim"))
            parts.append(Text.assemble(" ", badge, " ", Text(task.text, overflow="ellipsis")))
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


class ObjectivesPanel(Static):
    """The HSEEP ratings panel; `show` redraws it from a session."""

    DEFAULT_CSS = """
    ObjectivesPanel { height: auto; }
    """

    def show(self, session: Session) -> None:
        """Redraw from the session's current state."""
        self.update(objectives_renderable(session))
