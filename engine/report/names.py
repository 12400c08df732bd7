"""Readable names for the ids a journal records: cells, options, outcomes, endings, channels."""

from __future__ import annotations

from engine.format.model import Decision, Scenario
from engine.format.scenario_time import calendar_date, format_clock
from engine.play.events import Record
from engine.report.model import EventRef


class Names:
    """Looks up the scenario's names for the ids in events (an unknown id shows as itself)."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.cells = {cell.id: cell.name for cell in scenario.cells}
        self.actors = {actor.id: actor.name for actor in scenario.actors}
        self.channels = {channel.id: channel.name for channel in scenario.channels}
        self.endings = {ending.id: ending for ending in scenario.endings}
        self.decisions: dict[str, Decision] = {d.id: d for d in scenario.all_decisions()}
        self.injects = {inject.id: inject for inject in scenario.injects}
        self.variables = {variable.id: variable for variable in scenario.variables}
        self.objectives = {objective.id: objective for objective in scenario.objectives}
        self.calendar = calendar_date(scenario.turns.start)
        """The date of D+0 when the scenario runs on a calendar (times are shown as dates)."""

    def time(self, minutes: int) -> str:
        """A scenario time as the report shows it: `D+0 10:00`, or a date on a calendar."""
        return format_clock(minutes, self.calendar)

    def cell(self, cell: str | None) -> str:
        """A cell's name."""
        if cell is None:
            return ""
        return self.cells.get(cell, cell)

    def recipient(self, target: str) -> str:
        """An actor's or a cell's name."""
        return self.actors.get(target) or self.cells.get(target) or target

    def prompt(self, decision: str) -> str:
        """A decision's prompt."""
        found = self.decisions.get(decision)
        return found.prompt if found else decision

    def option(self, decision: str, option: str) -> str:
        """An option's label."""
        found = self.decisions.get(decision)
        for candidate in found.options if found else ():
            if candidate.id == option:
                return candidate.label
        return option

    def outcome(self, decision: str, option: str, outcome: str) -> str:
        """An adjudicated outcome's label."""
        found = self.decisions.get(decision)
        for candidate in found.options if found else ():
            if candidate.id == option and candidate.adjudication is not None:
                for row in candidate.adjudication.outcomes:
                    if row.id == outcome:
                        return row.label or row.id
        return outcome

    def any_outcome(self, decision: str, outcome: str) -> str:
        """An outcome's label, looked up among all the decision's options."""
        found = self.decisions.get(decision)
        for option in found.options if found else ():
            for row in option.adjudication.outcomes if option.adjudication else ():
                if row.id == outcome:
                    return row.label or row.id
        return outcome

    def task(self, objective: str, task: str) -> str:
        """A critical task's text."""
        found = self.objectives.get(objective)
        for candidate in found.critical_tasks if found else ():
            if candidate.id == task:
                return candidate.text
        return f"{objective} / {task}"

    def objective(self, objective: str) -> str:
        """An objective as a reader knows it: its core capability and the start of its text."""
        found = self.objectives.get(objective)
        if found is None:
            return objective
        return f"{found.capability}: {shorten(found.text, 80)}"

    def ending(self, ending: str | None) -> str:
        """An ending's title."""
        if ending is None:
            return "no ending"
        found = self.endings.get(ending)
        return found.title if found else ending

    def variable(self, variable: str) -> str:
        """A variable's label."""
        found = self.variables.get(variable)
        return (found.label or found.id) if found else variable

    def inject_title(self, inject: str) -> str:
        """An inject's title as written in the scenario."""
        found = self.injects.get(inject)
        return found.title if found else inject


def shorten(text: str, limit: int) -> str:
    """Text on one line, cut at a word boundary to at most `limit` characters (with `…`)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


def ref(event: Record, kind: str, label: str) -> EventRef:
    """A reference to a journal event, for a finding or a path step."""
    return EventRef(
        seq=int(event["seq"]),
        kind=kind,
        label=label,
        turn=int(event.get("turn", 0)),
        clock=format_clock(int(event.get("clock", 0))),
    )
