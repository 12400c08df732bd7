"""Which choices commute: the read and write sets of each option, worked out from the scenario.

A choice's *footprint* is everything its resolution may read or write, including the injects
that may fall due because of it (their triggers read something it writes) and what those do
in turn (a fixpoint): variables, the status and delivery of injects, `chosen` and `rolled`
pairs, the order decisions open in and the order released injects wait in. Two choices of
different decisions are independent when neither can end the exercise and neither writes
what the other reads or writes, with one exception: adding constants to the same variable
commutes when no addition anywhere in the scenario can be cut off by its bounds. Then both
orders reach the same state, and neither choice can make the other unavailable (the option's
`when` is among what it reads).

The analysis is static and errs one way: a footprint may hold more than any one resolution
touches (every outcome of a roll, every inject that could fall due), never less.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.expressions import Effect
from engine.format.model import Combine, Resolve
from engine.play.compiled import CompiledInject, CompiledOption, CompiledScenario
from engine.play.triggers import condition_reads

OPEN_ORDER = "decisions opened"
"""The order of the open decisions (the adjudication resolves them in that order)."""
WAIT_ORDER = "injects scheduled"
"""The order released injects wait in (they are delivered in that order)."""


@dataclass(frozen=True, slots=True)
class Footprint:
    """What one choice's resolution may read and write."""

    reads: frozenset[str]
    writes: frozenset[str]
    """Written by assignment: the order of two writes matters."""
    adds: frozenset[str]
    """Variables a constant is added to (`x += 2`, `x -= 1`)."""
    ends: bool
    """Whether it may end the exercise."""


class Independence:
    """The footprints of one scenario's choices, and whether two of them commute."""

    def __init__(self, compiled: CompiledScenario) -> None:
        self.compiled = compiled
        self._triggers = {
            inject_id: _trigger_reads(inject)
            for inject_id, inject in compiled.injects.items()
            if inject.automatic
        }
        self.clamped = _clamped_variables(compiled)
        """Variables where adding constants may not commute: some addition may hit a bound."""
        self._footprints: dict[tuple[str, str], Footprint] = {}
        self._commute: dict[tuple[str, str, str, str], bool] = {}

    def footprint(self, decision_id: str, option_id: str) -> Footprint:
        """Everything choosing `option_id` in `decision_id` may read and write."""
        found = self._footprints.get((decision_id, option_id))
        if found is None:
            found = self._footprints[(decision_id, option_id)] = self._work_out(
                decision_id, option_id
            )
        return found

    def commute(self, a: tuple[str, str], b: tuple[str, str]) -> bool:
        """Whether two choices, each a (decision, option), are independent (remembered)."""
        pair = (*a, *b)
        found = self._commute.get(pair)
        if found is None:
            found = self._commute[pair] = self.independent(self.footprint(*a), self.footprint(*b))
        return found

    def independent(self, a: Footprint, b: Footprint) -> bool:
        """Whether the two choices commute and neither can disable the other."""
        if a.ends or b.ends:
            return False
        if a.writes & (b.reads | b.writes | b.adds) or b.writes & (a.reads | a.adds):
            return False
        if a.adds & b.reads or b.adds & a.reads:
            return False
        return not (a.adds & b.adds & self.clamped)

    def _work_out(self, decision_id: str, option_id: str) -> Footprint:
        decision = self.compiled.decisions[decision_id]
        if decision.combine is not Combine.EACH and decision.resolve is Resolve.ON_CHOICE:
            # The option that takes effect is decided by all the cells' choices: any of them.
            parts = [self._one(decision_id, option) for option in decision.options]
            return Footprint(
                frozenset().union(*(part.reads for part in parts)),
                frozenset().union(*(part.writes for part in parts)),
                frozenset().union(*(part.adds for part in parts)),
                any(part.ends for part in parts),
            )
        return self._one(decision_id, option_id)

    def _one(self, decision_id: str, option_id: str) -> Footprint:
        decision = self.compiled.decisions[decision_id]
        option = decision.options[option_id]
        source = next(o for o in decision.source.options if o.id == option_id)
        reads: set[str] = condition_reads(source.when)
        if source.adjudication is not None:
            for row in source.adjudication.outcomes:
                if isinstance(row.chance, str):  # a chance read from the state
                    reads |= condition_reads(row.chance)
        # Every choice writes its decision's choices: two choices of one decision never commute.
        writes: set[str] = {f"choices:{decision_id}"}
        if decision.resolve is Resolve.AT_ADJUDICATION:
            # The choice is only written down; its resolution belongs to the adjudication.
            return Footprint(frozenset(reads), frozenset(writes), frozenset(), False)
        writes.add(f"chosen:{decision_id}:{option_id}")
        adds: set[str] = set()
        ends = _consequences(option, reads, writes, adds)
        releases = list(option.releases)
        for outcome in option.outcomes:
            writes.add(f"rolled:{decision_id}:{outcome.id}")
            ends |= outcome.ending is not None
            _effects(outcome.effects, reads, writes, adds)
            writes.update(f"status:{i}" for i in outcome.cancels)
            releases += outcome.releases
        if releases:
            writes.add(WAIT_ORDER)
        delivered: set[str] = set()
        for inject_id in releases:
            self._deliver(inject_id, reads, writes, adds, delivered)
        changed = True
        while changed:  # injects that may fall due because of what is written
            changed = False
            for inject_id, triggers in self._triggers.items():
                if inject_id not in delivered and triggers & (writes | adds):
                    self._deliver(inject_id, reads, writes, adds, delivered)
                    changed = True
        return Footprint(frozenset(reads), frozenset(writes), frozenset(adds), ends)

    def _deliver(
        self,
        inject_id: str,
        reads: set[str],
        writes: set[str],
        adds: set[str],
        delivered: set[str],
    ) -> None:
        inject = self.compiled.injects[inject_id]
        delivered.add(inject_id)
        reads |= self._triggers.get(inject_id, frozenset())
        writes |= {f"delivered:{inject_id}", f"status:{inject_id}"}
        _effects(inject.effects, reads, writes, adds)
        if inject.decision is not None:
            writes.add(OPEN_ORDER)


def _consequences(
    option: CompiledOption, reads: set[str], writes: set[str], adds: set[str]
) -> bool:
    _effects(option.effects, reads, writes, adds)
    writes.update(f"status:{i}" for i in option.cancels)
    return option.ending is not None


def _effects(
    effects: tuple[Effect, ...], reads: set[str], writes: set[str], adds: set[str]
) -> None:
    for effect in effects:
        reads |= condition_reads(effect.text)
        if effect.constant_delta is not None:
            adds.add(f"var:{effect.target}")
        else:
            writes.add(f"var:{effect.target}")
            reads.add(f"var:{effect.target}")


def _trigger_reads(inject: CompiledInject) -> frozenset[str]:
    """What decides whether an automatic inject falls due (besides the turn and the clock)."""
    return frozenset({*inject.trigger.reads(), f"status:{inject.id}"})


def _clamped_variables(compiled: CompiledScenario) -> frozenset[str]:
    """Variables some effect assigns, or whose additions could reach one of their bounds."""
    low: dict[str, int] = {}
    high: dict[str, int] = {}
    assigned: set[str] = set()

    def count(effects: tuple[Effect, ...], times: int) -> None:
        for effect in effects:
            delta = effect.constant_delta
            if delta is None:
                assigned.add(effect.target)
            elif delta > 0:
                high[effect.target] = high.get(effect.target, 0) + delta * times
            else:
                low[effect.target] = low.get(effect.target, 0) + delta * times

    for inject in compiled.injects.values():
        count(inject.effects, 1)
    for decision_id in compiled.decisions:
        decision = compiled.decisions[decision_id]
        for option in decision.options.values():
            count(option.effects, len(decision.cells))
            for outcome in option.outcomes:
                count(outcome.effects, len(decision.cells))
    clamped = set(assigned)
    for variable, (minimum, maximum) in compiled.bounds.items():
        start = compiled.initial_values[variable]
        assert isinstance(start, int)
        if maximum is not None and start + high.get(variable, 0) > maximum:
            clamped.add(variable)
        if minimum is not None and start + low.get(variable, 0) < minimum:
            clamped.add(variable)
    return frozenset(f"var:{name}" for name in clamped)
