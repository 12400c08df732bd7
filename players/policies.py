"""Bot policies: whoever decides for a cell when no human does.

One small protocol, `Policy.choose`, and its implementations: scripted (from a file), random
(uniform, seeded), least-used (ChoiceScript's randomtest `avoidUsedOptions`) and greedy (one
step look-ahead on the variables the cell's goals name). The facilitator console plugs in
through the same protocol: a human is a policy whose answer comes from the keyboard.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import yaml

from engine.errors import UserError
from engine.expressions import suggest
from engine.format.model import Goal, Scenario
from engine.play.compiled import CompiledOption
from engine.play.rules import outcome_shares
from engine.play.session import Session
from engine.regular_file import Unreadable, read_regular


@dataclass(frozen=True, slots=True)
class Choice:
    """An option chosen for a cell, with the reasons a rationale box would hold."""

    option: str
    rationale: str = ""

MAX_SCRIPT_BYTES = 4 * 1024 * 1024
"""The largest script file read (a script of choices is a few kilobytes)."""


class Policy(Protocol):
    """Decides for one cell at a time."""

    def choose(
        self, session: Session, decision: str, cell: str, options: Sequence[CompiledOption]
    ) -> Choice:
        """Pick one of `options`, the decision's options the cell may take now (never none)."""
        ...


@dataclass
class RandomPolicy:
    """Uniform among the available options, from its own seeded generator."""

    seed: int = 0
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def choose(
        self, session: Session, decision: str, cell: str, options: Sequence[CompiledOption]
    ) -> Choice:
        """A uniformly random available option."""
        return Choice(self.rng.choice(options).id, "random")


@dataclass
class LeastUsedPolicy:
    """The available option chosen least often so far (ties broken at random).

    Pass the same `used` counter to many playthroughs to spread coverage over all of them.
    """

    seed: int = 0
    used: Counter[tuple[str, str]] = field(default_factory=Counter)
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def choose(
        self, session: Session, decision: str, cell: str, options: Sequence[CompiledOption]
    ) -> Choice:
        """The least-used available option."""
        fewest = min(self.used[(decision, option.id)] for option in options)
        candidates = [o for o in options if self.used[(decision, o.id)] == fewest]
        picked = self.rng.choice(candidates)
        self.used[(decision, picked.id)] += 1
        return Choice(picked.id, "least used")


@dataclass
class GreedyPolicy:
    """The option whose immediate effects best serve the cell's declared goals."""

    seed: int = 0
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def choose(
        self, session: Session, decision: str, cell: str, options: Sequence[CompiledOption]
    ) -> Choice:
        """Score each available option by its effects on the goal variables; best wins."""
        goals = next(c.goals for c in session.compiled.scenario.cells if c.id == cell)
        scored = [(self._score(session, option, goals), option.id) for option in options]
        best = max(score for score, _ in scored)
        picked = self.rng.choice([option for score, option in scored if score == best])
        return Choice(picked, f"greedy (score {best:+.1f})")

    @staticmethod
    def _score(session: Session, option: CompiledOption, goals: tuple[Goal, ...]) -> float:
        before = session.state.values
        probe = session.state.copy()
        for effect in option.effects:
            probe.values[effect.target] = effect.compute(probe)
        expected = {key: _as_number(value) for key, value in probe.values.items()}
        shares = outcome_shares(option.outcomes, probe)
        for outcome, share in zip(option.outcomes, shares, strict=True):  # expected value
            for effect in outcome.effects:
                delta = _as_number(effect.compute(probe)) - _as_number(probe.values[effect.target])
                expected[effect.target] += delta * share / 100
        score = 0.0
        for goal in goals:
            sign = 1 if goal.direction == "raise" else -1
            change = expected[goal.variable] - _as_number(before[goal.variable])
            score += sign * goal.weight * change
        return score


def _as_number(value: object) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    return 0.0


@dataclass
class ScriptedPolicy:
    """Choices read from a file: a list of `{turn, cell, decision, option, rationale}`.

    `decision` and `turn` may be left out to match any. Each entry is used once, in order.
    """

    entries: list[dict[str, object]]
    source: str = "script"
    lines: list[int] = field(default_factory=list)
    """The line of each entry in the script file (0 when not known)."""

    @classmethod
    def from_file(cls, path: Path) -> ScriptedPolicy:
        """Read a script (YAML or JSON).

        Raises:
            UserError: the file is missing or not a list of choices.
        """
        try:
            text = read_regular(path, MAX_SCRIPT_BYTES).decode("utf-8")
            data = yaml.safe_load(text)
            lines = _entry_lines(yaml.compose(text, Loader=yaml.SafeLoader))
        except (Unreadable, UnicodeDecodeError, yaml.YAMLError) as error:
            raise UserError(f"{path}: cannot read the script: {error}") from None
        entries = data.get("choices") if isinstance(data, dict) else data
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise UserError(
                f"{path}: a script is a list of choices like "
                "'- {turn: 1, cell: blue, decision: d1, option: ban}'"
            )
        for number, entry in enumerate(entries, start=1):
            if "cell" not in entry or "option" not in entry:
                raise UserError(f"{path}: choice {number} needs a 'cell' and an 'option'")
        return cls(list(entries), str(path), lines)

    def check(self, scenario: Scenario) -> None:
        """Check every entry's cell, decision and option against the scenario, before play.

        Raises:
            UserError: an entry names a cell, decision or option the scenario does not have,
                at the script's `file:line`, with the closest name.
        """
        cells = [cell.id for cell in scenario.cells]
        decisions = {decision.id: decision for decision in scenario.all_decisions()}
        for index, entry in enumerate(self.entries):
            line = self.lines[index] if index < len(self.lines) else 0
            at = f"{self.source}:{line}" if line else self.source
            cell, option = str(entry["cell"]), str(entry["option"])
            if cell not in cells:
                hint = suggest(cell, cells) or f"its cells: {', '.join(cells)}"
                raise UserError(f"{at}: the scenario has no cell {cell!r} ({hint})")
            if "decision" in entry:
                name = str(entry["decision"])
                if name not in decisions:
                    hint = suggest(name, decisions) or f"its decisions: {', '.join(decisions)}"
                    raise UserError(f"{at}: the scenario has no decision {name!r} ({hint})")
                wrong = f"decision {name!r} has no option {option!r}"
                known = [o.id for o in decisions[name].options]
            else:
                wrong = f"no decision of cell {cell!r} has an option {option!r}"
                known = [o.id for d in decisions.values() if cell in d.cells for o in d.options]
            if option not in known:
                known = list(dict.fromkeys(known))
                hint = suggest(option, known) or f"its options: {', '.join(known)}"
                raise UserError(f"{at}: {wrong} ({hint})")

    def choose(
        self, session: Session, decision: str, cell: str, options: Sequence[CompiledOption]
    ) -> Choice:
        """The first unused entry that matches this turn, cell and decision."""
        for index, entry in enumerate(self.entries):
            if entry["cell"] != cell:
                continue
            if entry.get("decision", decision) != decision:
                continue
            if entry.get("turn", session.state.turn) != session.state.turn:
                continue
            del self.entries[index]
            del self.lines[index : index + 1]
            return Choice(str(entry["option"]), str(entry.get("rationale", "")))
        raise UserError(
            f"{self.source}: no scripted choice for cell {cell!r} on decision {decision!r} "
            f"in turn {session.state.turn}"
        )


def _entry_lines(node: yaml.Node | None) -> list[int]:
    """The line of each item of a script's list (top-level, or under `choices`)."""
    if isinstance(node, yaml.MappingNode):
        node = next(
            (value for key, value in node.value if getattr(key, "value", None) == "choices"), None
        )
    if not isinstance(node, yaml.SequenceNode):
        return []
    return [int(item.start_mark.line) + 1 for item in node.value]


POLICY_NAMES = ("random", "least-used", "greedy", "script:FILE")


def make_policy(spec: str, seed: int, shared: Counter[tuple[str, str]] | None = None) -> Policy:
    """Build a policy from its command-line name.

    Raises:
        UserError: the name is not one of POLICY_NAMES.
    """
    if spec == "random":
        return RandomPolicy(seed)
    if spec == "least-used":
        return LeastUsedPolicy(seed, shared if shared is not None else Counter())
    if spec == "greedy":
        return GreedyPolicy(seed)
    if spec.startswith("script:"):
        return ScriptedPolicy.from_file(Path(spec.removeprefix("script:")))
    raise UserError(f"unknown policy {spec!r}; use one of {', '.join(POLICY_NAMES)}")
