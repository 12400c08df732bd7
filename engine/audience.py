"""Who may see what: the one filter between an exercise and each audience in the room.

Four audiences look at a running exercise. **Control** (the facilitator's console and the
controller seat) sees everything. An **evaluator** sees every inject and every cell's choices
with the injects' expected actions and objectives (what the HSEEP evaluation guide asks them to
watch for), but not the facilitator's notes, discussion questions or hidden variables, unless the
facilitator grants an evaluator the control notes (`grant_evaluator`, journaled). The
**room** (the projector) sees what is for everyone: injects addressed to no cell in particular,
the public variables, the open decisions for every cell (one for only some cells is theirs, as
an inject addressed to them is), and who has chosen, not what. A **cell** sees the room's
share plus the injects addressed to it, its own decisions, its own choices and its own
submissions.

Whom an inject is for: an inject with no `to` is for the whole room. Otherwise each addressee is
a cell or an actor; an actor counts for the cell that plays it, and green actors (played by no
cell) mark no cell. An inject whose addressees belong to only some cells is private to those
cells; one addressed to every cell, or only to green actors, is the room's.

The players' view (`wargame view`), the projector, the seats and the controller seat all ask
this module, so one test (`tests/test_audience.py`) can check every audience against every
kind of text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from engine.expressions import calls_in, names_in
from engine.format.model import Option, Scenario, Variable, Visibility
from engine.play.events import ChoiceRecorded, NoteAdded
from engine.play.state import Submission

if TYPE_CHECKING:
    from engine.play.session import Session


class AudienceKind(StrEnum):
    """The kinds of audience, from the widest view to the narrowest."""

    CONTROL = "control"
    EVALUATOR = "evaluator"
    ROOM = "room"
    CELL = "cell"


@dataclass(frozen=True, slots=True)
class Audience:
    """One audience: a kind, and for a cell its id."""

    kind: AudienceKind
    cell: str | None = None
    name: str | None = None
    """For an evaluator's seat: the evaluator's name."""
    granted: bool = False
    """For an evaluator: the facilitator let them see the control notes (journaled)."""

    @classmethod
    def control(cls) -> Audience:
        """The facilitator and the controller seat."""
        return cls(AudienceKind.CONTROL)

    @classmethod
    def evaluator(cls, name: str | None = None, *, granted: bool = False) -> Audience:
        """An evaluator (by name at their seat), granted the control notes or not."""
        return cls(AudienceKind.EVALUATOR, name=name, granted=granted)

    @classmethod
    def room(cls) -> Audience:
        """The whole room: the projector."""
        return cls(AudienceKind.ROOM)

    @classmethod
    def of_cell(cls, cell: str) -> Audience:
        """One cell's table."""
        return cls(AudienceKind.CELL, cell)

    @property
    def sees_all_cells(self) -> bool:
        """Whether every cell's private injects and choices are shown (control, evaluators)."""
        return self.kind in (AudienceKind.CONTROL, AudienceKind.EVALUATOR)


_HIDDEN_INJECT_FIELDS: dict[AudienceKind, frozenset[str]] = {
    AudienceKind.CONTROL: frozenset(),
    AudienceKind.EVALUATOR: frozenset({"notes", "questions"}),
    AudienceKind.ROOM: frozenset({"notes", "questions", "expected_actions", "objectives"}),
    AudienceKind.CELL: frozenset({"notes", "questions", "expected_actions", "objectives"}),
}


def hidden_inject_fields(audience: Audience) -> frozenset[str]:
    """The fields of an inject this audience must never be shown (notes, questions...)."""
    if audience.granted:
        return _HIDDEN_INJECT_FIELDS[AudienceKind.CONTROL]
    return _HIDDEN_INJECT_FIELDS[audience.kind]


def addressed_cells(to: Iterable[str], scenario: Scenario) -> frozenset[str]:
    """The cells an inject is restricted to; empty when it is for the whole room."""
    cells = {cell.id for cell in scenario.cells}
    actors = {actor.id: actor.cell for actor in scenario.actors}
    named: set[str] = set()
    for name in to:
        if name in cells:
            named.add(name)
        elif actors.get(name) is not None:
            named.add(str(actors[name]))
    if named == cells:
        return frozenset()
    return frozenset(named)


def sees_addressed(audience: Audience, to: Iterable[str], scenario: Scenario) -> bool:
    """Whether an inject sent to `to` is shown to this audience."""
    if audience.sees_all_cells:
        return True
    restricted = addressed_cells(to, scenario)
    return not restricted or (audience.cell is not None and audience.cell in restricted)


def sees_inject(audience: Audience, session: Session, inject: str) -> bool:
    """Whether this audience may see an inject (a scenario one or an ad-hoc one)."""
    state = session.state
    scenario = session.compiled.scenario
    if inject in state.adhoc:
        return sees_addressed(audience, state.adhoc[inject].get("to") or (), scenario)
    return sees_addressed(audience, session.compiled.injects[inject].source.to, scenario)


def inbox(session: Session, audience: Audience) -> list[str]:
    """The delivered injects this audience may see, oldest first (undone deliveries left out)."""
    delivered = session.state.delivered
    shown: dict[str, None] = {}
    for event in session.events:
        inject = event.get("inject")
        if (
            event["type"] == "inject_delivered"
            and inject in delivered
            and inject not in shown
            and sees_inject(audience, session, inject)
        ):
            shown[inject] = None
    return list(shown)


def visible_variables(audience: Audience, scenario: Scenario) -> tuple[Variable, ...]:
    """The variables this audience may see, in scenario order (control: every one).

    A players' variable with `cells` is shown to those cells (and evaluators), not the room.
    """
    if audience.kind is AudienceKind.CONTROL or audience.granted:
        return scenario.variables
    return tuple(v for v in scenario.variables if sees_variable(audience, v))


def sees_variable(audience: Audience, variable: Variable) -> bool:
    """Whether this audience may see one variable."""
    if audience.kind is AudienceKind.CONTROL or audience.granted:
        return True
    if variable.visibility is not Visibility.PLAYERS:
        return False
    if not variable.cells or audience.kind is AudienceKind.EVALUATOR:
        return True
    return audience.cell is not None and audience.cell in variable.cells


def sees_decision(audience: Audience, session: Session, decision: str) -> bool:
    """Whether this audience may see a decision: a cell its own; the room the public ones.

    A decision opened by an inject is as public as that inject (a public post's response is the
    room's to watch, a private tasking's is not); a decision without one is addressed to its
    cells as an inject is to its `to`: one for only some cells is private to them.
    """
    compiled = session.compiled.decisions[decision]
    if audience.sees_all_cells:
        return True
    if audience.kind is AudienceKind.CELL:
        return audience.cell in compiled.cells
    if compiled.inject is not None:
        return sees_inject(audience, session, compiled.inject)
    return sees_addressed(audience, compiled.cells, session.compiled.scenario)


def open_decisions(session: Session, audience: Audience) -> list[str]:
    """The open decisions this audience may see, in the order they opened."""
    return [d for d in session.state.open_decisions if sees_decision(audience, session, d)]


def sees_choice(audience: Audience, cell: str) -> bool:
    """Whether this audience may see which option `cell` chose (the room sees only that it did)."""
    return audience.sees_all_cells or audience.cell == cell


def submissions(session: Session, audience: Audience) -> list[Submission]:
    """The submissions from the seats this audience may see, in the order received."""
    if audience.kind is AudienceKind.ROOM:
        return []
    return [
        item
        for item in session.state.submissions.values()
        if audience.sees_all_cells or item.cell == audience.cell
    ]


NOT_AVAILABLE = "not available at the moment"
"""The reason given for an option whose condition reads something the audience may not see."""


def unavailable_reason(audience: Audience, session: Session, option: Option) -> str:
    """Why an option is unavailable, in words this audience may read.

    The option's condition is shown, in names rather than ids, unless it reads something the
    audience may not see: a hidden variable, or the choice, roll or delivery of a decision or
    inject that is not theirs; then only that it is not available at the moment.
    """
    if option.when is None:
        return ""
    scenario = session.compiled.scenario
    visible = {variable.id for variable in visible_variables(audience, scenario)}
    hidden = {variable.id for variable in scenario.variables} - visible
    if names_in(option.when) & hidden or not all(
        _sees_call(audience, session, function, ids) for function, ids in calls_in(option.when)
    ):
        return NOT_AVAILABLE
    return f"available only when {condition_words(option.when, session)}"


def _sees_call(audience: Audience, session: Session, function: str, ids: tuple[str, ...]) -> bool:
    """Whether the audience may see what `chose(...)`, `rolled(...)` or `delivered(...)` asks."""
    known = session.compiled.injects if function == "delivered" else session.compiled.decisions
    if not ids or ids[0] not in known:
        return False
    if function == "delivered":
        return sees_inject(audience, session, ids[0])
    return sees_decision(audience, session, ids[0])


OPERATOR_SIGNS = {"==": "=", ">=": "≥", "<=": "≤", "!=": "≠"}
"""How a comparison reads in words, for every audience (the console's `Names` too)."""
_WORDS = re.compile(
    r"""(?P<call>(?P<function>chose|rolled|delivered)\(\s*['"](?P<first>\w+)['"]"""
    r"""(?:\s*,\s*['"](?P<second>\w+)['"])?\s*\))"""
    r"""|(?P<operator>==|>=|<=|!=)|(?P<quoted>'[^']*'|"[^"]*")|(?P<name>[A-Za-z_]\w*)"""
)


def condition_words(text: str, session: Session) -> str:
    """A condition in names: `chose('d', 'o') and trust >= 40` reads
    `“Option” chosen for “Prompt?” and Public trust ≥ 40`."""
    scenario = session.compiled.scenario
    labels = {variable.id: variable.label or variable.id for variable in scenario.variables}

    def word(match: re.Match[str]) -> str:
        if match["operator"]:
            return OPERATOR_SIGNS[match["operator"]]
        if match["name"]:
            return labels.get(match["name"], match["name"])
        if not match["call"]:
            return match[0]
        first, second = match["first"], match["second"] or ""
        if match["function"] == "delivered":
            inject = session.compiled.injects.get(first)
            return f"“{inject.source.title if inject else first}” delivered"
        decision = session.compiled.decisions.get(first)
        if decision is None:
            return match[0]
        prompt = decision.source.prompt
        if match["function"] == "chose":
            option = decision.options.get(second)
            return f"“{option.label if option else second}” chosen for “{prompt}”"
        return f"“{_outcome_label(decision.source.options, second)}” rolled for “{prompt}”"

    return _WORDS.sub(word, text)


def _outcome_label(options: Iterable[Option], outcome: str) -> str:
    """The label of an adjudication outcome of one of `options` (its id if it has none)."""
    for option in options:
        for item in option.adjudication.outcomes if option.adjudication else ():
            if item.id == outcome:
                return item.label or item.id
    return outcome


def past_choices(session: Session, audience: Audience) -> list[ChoiceRecorded]:
    """The recorded choices (still in effect) whose option this audience may see, in order."""
    return [event for event in session.state.choice_log if sees_choice(audience, event["cell"])]


# ------------------------------------------------------------------------- evaluators (issue 17)
def evaluator_audience(session: Session, name: str) -> Audience:
    """An evaluator's seat: granted the control notes only when the facilitator said so."""
    return Audience.evaluator(name, granted=name in session.state.granted)


def facilitator_notes(session: Session, audience: Audience) -> list[NoteAdded]:
    """The notes this audience may read: control and granted evaluators every one; an
    evaluator otherwise only their own; nobody else any."""
    notes = session.state.notes
    if audience.kind is AudienceKind.CONTROL or audience.granted:
        return list(notes)
    if audience.kind is AudienceKind.EVALUATOR and audience.name:
        return [note for note in notes if note.get("evaluator") == audience.name]
    return []
