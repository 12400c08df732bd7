"""The model checker's state keys: what of a state can change what happens next, as 16 bytes.

Two states with the same key have the same future: the same moves lead to states with the
same keys, so the search expands only the first. The key keeps everything the rules read and
leaves out what nothing can read again (each left-out part with its reason):

- variables no condition reads, directly or through the effects that feed a read one (a
  score only shown in inject texts): texts never change the story;
- how far a variable that only grows is above every constant it is compared with: it only
  grows, so from there on every comparison answers the same (and likewise below for one
  that only shrinks);
- `chosen` and `rolled` pairs no `chose()` or `rolled()` asks about;
- the set of resolved decisions: a decision opens once (its inject is delivered once, its turn
  starts once), so whether it was resolved or never opened changes nothing once that chance
  has passed, and the inject statuses and the turn already say whether it has;
- the delivery times of injects no `after:` waits for;
- in the last turn's adjudication, the decisions still open (those without a time limit):
  choices are made up to the decisions phase, and no decisions phase is left;
- in the hotwash and after, everything but the ending and the injects delivered: nothing
  happens there in normal play, and those two are all the findings read.

The key is a BLAKE2b digest (16 bytes) of a canonical encoding (`marshal` format 2 of a tuple
in a fixed order: sorted sets, variables in scenario order), so the visited set holds a fixed
size per state whatever the state holds. Two different keys share a digest with probability
about n²/2¹²⁹ for n states: below 10⁻²² for a billion states.
"""

from __future__ import annotations

import ast
import marshal
from collections.abc import Hashable, Iterable
from hashlib import blake2b

from engine.expressions import calls_in, names_in
from engine.expressions.compiler import parse_statement
from engine.format.model import Scenario, VariableType
from engine.play.phase import FINISHED, Phase
from engine.play.state import ExerciseState, InjectStatus

DIGEST_SIZE = 16
_STATUS = {status: number for number, status in enumerate(InjectStatus)}
"""Statuses as small numbers (an enum's `.value` is a property: slow on the hottest path)."""


class StateKeys:
    """The keys of one scenario's states (what is worth keeping is worked out once)."""

    def __init__(self, scenario: Scenario, *, exact: bool = False) -> None:
        """`exact`: keep everything that can change (the full search's keys, to check the rest
        against: `explore(reduce=False)`)."""
        self.exact = exact
        conditions, feeds = _expressions(scenario)
        self.timed = frozenset(i.after for i in scenario.injects if i.after is not None)
        variables = [variable.id for variable in scenario.variables]
        read = _live_variables(conditions, feeds, set(variables))
        self.variables = tuple(v for v in variables if v in read)
        """The variables some condition can read, in scenario order."""
        ints = {v.id for v in scenario.variables if v.type is VariableType.INT}
        ceilings = _ceilings(conditions, feeds, read & ints)
        self.ceilings = tuple(ceilings.get(v) for v in self.variables)
        """For each kept variable, the value from which all higher ones behave alike (None:
        every value counts): see `_ceilings`."""
        texts = [*conditions, *(text for _, text in feeds)]
        calls = {call for text in texts for call in calls_in(text)}
        self.chosen = frozenset(ids for name, ids in calls if name == "chose")
        self.rolled = frozenset(ids for name, ids in calls if name == "rolled")
        self.last_turn = scenario.turns.count

    def key(self, state: ExerciseState) -> Hashable:
        """The state's key: equal for states with the same future."""
        if self.exact:  # the whole summary itself: no digest to trust
            return (state.key(self.timed), frozenset(state.resolved))
        if state.phase in FINISHED:
            parts: tuple[object, ...] = (
                state.phase.value,
                state.ending,
                tuple(sorted(state.delivered)),
            )
        else:
            values = state.values
            timed = self.timed
            past_choosing = state.phase is Phase.ADJUDICATION and state.turn >= self.last_turn
            parts = (
                state.phase.value,
                state.turn,
                state.clock,
                state.paused_from.value if state.paused_from is not None else None,
                tuple(
                    [
                        values[v] if top is None else min(values[v], top)
                        for v, top in zip(self.variables, self.ceilings, strict=True)
                    ]
                ),
                tuple(sorted([(k, _STATUS[v]) for k, v in state.status.items()])),
                tuple(state.scheduled),  # in release order: the order they are delivered in
                tuple(sorted([(k, v) for k, v in state.delivered_at.items() if k in timed])),
                _kept(state.chosen, self.chosen),
                _kept(state.rolled, self.rolled),
                tuple(
                    [
                        (d.id, tuple(sorted(d.choices.items())), d.deadline)
                        for d in state.open_decisions.values()
                        if not past_choosing or d.deadline is not None
                    ]
                ),
            )
        return _digest(parts)


def _digest(parts: object) -> bytes:
    encoded = marshal.dumps(parts, 2)  # type: ignore[arg-type]  # plain data only
    return blake2b(encoded, digest_size=DIGEST_SIZE).digest()


def _kept(pairs: set[tuple[str, str]], asked: frozenset[tuple[str, ...]]) -> tuple[object, ...]:
    if not asked:
        return ()
    return tuple(sorted(pair for pair in pairs if pair in asked))


def _expressions(scenario: Scenario) -> tuple[list[str], list[tuple[str, str]]]:
    """Every condition's text, and every effect as (its target, its text)."""
    conditions: list[str] = [ending.condition for ending in scenario.endings if ending.condition]
    feeds: list[tuple[str, str]] = []

    def effects(texts: Iterable[str]) -> None:
        for text in texts:
            target = text.split("=", 1)[0].rstrip("+-").strip()
            feeds.append((target, text))

    for inject in scenario.injects:
        if inject.when:
            conditions.append(inject.when)
        effects(inject.effects)
    for decision in scenario.all_decisions():
        if decision.when:
            conditions.append(decision.when)
        for option in decision.options:
            if option.when:
                conditions.append(option.when)
            effects(option.effects)
            if option.adjudication is not None:
                for outcome in option.adjudication.outcomes:
                    effects(outcome.effects)
                    if isinstance(outcome.chance, str):  # a chance read from the state
                        conditions.append(outcome.chance)
    return conditions, feeds


def _live_variables(
    conditions: list[str], feeds: list[tuple[str, str]], variables: set[str]
) -> set[str]:
    """The variables a condition reads, and those an effect on a read one reads (a fixpoint)."""
    live = {name for text in conditions for name in names_in(text)} & variables
    changed = True
    while changed:
        changed = False
        for target, text in feeds:
            if target in live:
                more = (names_in(text) & variables) - live
                if more:
                    live |= more
                    changed = True
    return live


def _ceilings(
    conditions: list[str], feeds: list[tuple[str, str]], candidates: set[str]
) -> dict[str, int]:
    """Int variables that only grow and are read only as `x <op> constant`, each with the value
    from which every comparison of it gives the same answer (one more than its largest
    constant). Any other read (`y = x + 1`, `x >= y`) or any assignment or subtraction rules
    a variable out. (A variable that only shrinks would have a floor; it is not worked out.)
    """
    found = set(candidates)
    for target, text in feeds:
        statement = parse_statement(text)[0]
        delta = _constant(statement.value) if isinstance(statement, ast.AugAssign) else None
        if isinstance(statement, ast.AugAssign) and isinstance(statement.op, ast.Sub):
            delta = -delta if delta is not None else None
        if delta is None or delta < 0:
            found.discard(target)
    ceilings: dict[str, int] = {}
    for text in [*conditions, *(text for _, text in feeds)]:
        tree = parse_statement(text)[0]
        compared: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare) and len(node.ops) == 1:
                left, right = node.left, node.comparators[0]
                for name, other in ((left, right), (right, left)):
                    constant = _constant(other)
                    if isinstance(name, ast.Name) and constant is not None:
                        compared.add(id(name))
                        top = ceilings.get(name.id, constant + 1)
                        ceilings[name.id] = max(constant + 1, top)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Name)
                and isinstance(node.ctx, ast.Load)
                and id(node) not in compared
            ):
                found.discard(node.id)
    return {name: ceilings[name] for name in found if name in ceilings}


def _constant(node: ast.expr) -> int | None:
    """The whole number a node is (`3`, `-3`), or None."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _constant(node.operand)
        return -inner if inner is not None else None
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    return None
