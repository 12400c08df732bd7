"""The ids a journal's records name, checked against the scenario the journal embeds.

A record copied in from another exercise's journal (renumbered so its `seq`, `group` and
checksum fit) reads well line by line, but names an objective, inject or decision its own
scenario does not have; replayed, it would put that exercise's findings into this one's report.
Every reader (resume, fork, view, report) gets its scenario through
`engine.journal.journaled_session.journal_scenario`, which refuses such a record here, naming its
line and the id. Ad-hoc injects count from the record that delivered them on.

The fields are checked by name, in events and in the command a group starts with: each of these
names means the same kind of id in every record that has it (a null is no reference).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from engine.errors import JournalError
from engine.journal.store import EDITED, JournalContents
from engine.play.compiled import CompiledScenario


class _Known:
    """The ids one scenario has, by the record field that names them."""

    def __init__(self, compiled: CompiledScenario) -> None:
        scenario = compiled.scenario
        self.ids: dict[str, set[str]] = {
            "objective": {objective.id for objective in scenario.objectives},
            "inject": set(compiled.injects),
            "decision": set(compiled.decisions),
            "cell": {cell.id for cell in scenario.cells},
            "variable": set(compiled.initial_values),
            "ending": {ending.id for ending in scenario.endings},
        }
        self.tasks = {
            objective.id: {task.id for task in objective.critical_tasks}
            for objective in scenario.objectives
        }
        self.decisions = compiled.decisions

    def _options(self, decision: object) -> frozenset[str] | None:
        """The option ids of the decision named, or None when it names none this scenario has."""
        if isinstance(decision, str) and decision in self.decisions:
            return self.decisions.option_ids(decision)
        return None

    def unknown(self, fields: Mapping[str, Any]) -> Iterator[str]:
        """Each id in `fields` this scenario does not have, said as `objective 'x'`."""
        for name, known in self.ids.items():
            value = fields.get(name)
            if isinstance(value, str) and value not in known:
                yield f"{name} {value!r}"
        objective, task = fields.get("objective"), fields.get("task")
        tasks = self.tasks.get(objective) if isinstance(objective, str) else None
        if isinstance(task, str) and tasks is not None and task not in tasks:
            yield f"task {task!r} of objective {objective!r}"
        decision, option = fields.get("decision"), fields.get("option")
        options = self._options(decision)
        if isinstance(option, str) and options is not None and option not in options:
            yield f"option {option!r} of decision {decision!r}"
        changes = fields.get("changes")
        if fields.get("type") == "variables_changed" and isinstance(changes, dict):
            for variable in changes:
                if variable not in self.ids["variable"]:
                    yield f"variable {variable!r}"


def check_record_ids(compiled: CompiledScenario, contents: JournalContents) -> None:
    """Refuse a record that names an id the journal's scenario does not have.

    Raises:
        JournalError: naming the record's line and the first unknown id.
    """
    known = _Known(compiled)
    for index, record in enumerate(contents.records):
        fields: Mapping[str, Any] = record
        if record["type"] == "inject_delivered" and record.get("adhoc"):
            known.ids["inject"].add(record["inject"])
        command = fields.get("command")
        named = known.unknown(command) if isinstance(command, dict) else known.unknown(fields)
        what = next(named, None)
        if what is not None:
            raise JournalError(
                f"{contents.path}:{index + 2}: the record names {what}, which scenario"
                f" {compiled.scenario.id!r} does not have; {EDITED}"
            )
