"""What a person reads instead of an id: the names, titles and labels of a scenario's things.

Ids are for typing (the command line, the scenario file); everywhere the console shows a
thing to a person it goes through here (the dry run's "Objectives: obj_situational" and
"Undo step 8: record choice (decision d_opsec_posture, …)").
"""

from __future__ import annotations

import re

from engine.audience import OPERATOR_SIGNS
from engine.format.model import Scenario
from engine.play.commands import Command
from engine.play.state import ExerciseState

_SKIP = {"name", "rationale", "reason", "body", "notes", "observation", "text"}

_FIRST_WORDS = 6
"""How many of a post's words name it (in an undo's confirmation)."""


class Names:
    """The readable name of every id of one scenario."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.cells = {cell.id: cell.name for cell in scenario.cells}
        self.variables = {v.id: v.label or v.id for v in scenario.variables}
        self.endings = {ending.id: ending.title for ending in scenario.endings}
        self.objectives = {o.id: o.text for o in scenario.objectives}
        self.tasks = {t.id: t.text for o in scenario.objectives for t in o.critical_tasks}
        self.injects = {inject.id: inject.title for inject in scenario.injects}
        self.decisions: dict[str, str] = {}
        self.options: dict[tuple[str, str], str] = {}
        self.outcomes: dict[str, str] = {}
        decisions = [i.decision for i in scenario.injects if i.decision is not None]
        for decision in [*decisions, *scenario.decisions]:
            self.decisions[decision.id] = decision.prompt
            for option in decision.options:
                self.options[(decision.id, option.id)] = option.label
                for outcome in option.adjudication.outcomes if option.adjudication else ():
                    self.outcomes[outcome.id] = outcome.label or outcome.id

    def of(self, kind: str, value: str, decision: str = "") -> str:
        """The name of `value`, an id of the given kind (`cell`, `inject`...); the id if unknown."""
        if kind == "option":
            return self.options.get((decision, value), value)
        table: dict[str, str] = getattr(self, f"{kind}s", {})
        return table.get(value, value)

    def condition(self, text: str) -> str:
        """An expression in words: `public_trust >= 40` reads `Public trust ≥ 40`."""
        for operator, sign in OPERATOR_SIGNS.items():
            text = text.replace(operator, sign)
        return re.sub(
            r"[A-Za-z_][A-Za-z0-9_]*",
            lambda match: self.variables.get(match.group(0), match.group(0)),
            text,
        )

    def command(self, command: Command, state: ExerciseState | None = None) -> str:
        """`record choice: Public affairs on “How does…?”, Rebut it publicly` and the like;
        a seat's submission or post, by its key in `state`, reads as its cell and its option
        or its first words."""
        fields = {
            key: value
            for key, value in command.to_dict().items()
            if key not in _SKIP and value not in (None, "", ())
        }
        words = command.name.replace("_", " ")
        decision = str(fields.get("decision", ""))
        details = []
        for key, value in fields.items():
            seat_item = self._seat_item(state, value) if key == "key" else None
            if seat_item is not None:
                details.append(seat_item)
            elif isinstance(value, str) and key in _KINDS:
                name = self.of(_KINDS[key], value, decision)
                details.append(f"“{name}”" if key in ("decision", "inject") else name)
            else:
                details.append(f"{key.replace('_', ' ')} {value}")
        return f"{words}: {', '.join(details)}" if details else words

    def _seat_item(self, state: ExerciseState | None, key: object) -> str | None:
        """A seat's submission (`Blue, “How does…?”, Rebut it`) or post (`Blue, “Facts,
        fast: the…”`) by its key; None when `state` holds neither."""
        if state is None or not isinstance(key, str):
            return None
        if key in state.submissions:
            sent = state.submissions[key]
            prompt = self.of("decision", sent.decision)
            option = self.of("option", sent.option, sent.decision)
            return f"{self.of('cell', sent.cell)}, “{prompt}”, {option}"
        if key in state.posts:
            post = state.posts[key]
            return f"{self.of('cell', post.cell)}, “{first_words(post.text)}”"
        return None


def first_words(text: str, count: int = _FIRST_WORDS) -> str:
    """The first `count` words of `text` (an ellipsis when there are more)."""
    words = text.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


_KINDS = {
    "decision": "decision",
    "cell": "cell",
    "option": "option",
    "outcome": "outcome",
    "inject": "inject",
    "variable": "variable",
    "ending": "ending",
    "objective": "objective",
    "task": "task",
}
