"""Semantic warnings: a scenario that loads but probably does not do what its author meant."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator, Mapping
from functools import partial

from engine.bounds import RANGE
from engine.expressions import Effect, ExpressionError, SymbolTable, compile_effect
from engine.format.model import Scenario, Variable, VariableType
from engine.format.problems import Problem, Severity
from engine.format.references import decisions_with_locs, expressions_with_locs
from engine.format.scenario_time import calendar_date, format_clock, parse_clock
from engine.format.source_map import SourceMap
from engine.format.yaml_loader import Loc
from engine.play.triggers import After, Compiling, Trigger


def lint_scenario(
    scenario: Scenario, positions: SourceMap, effects: Mapping[str, Effect] | None = None
) -> list[Problem]:
    """Warnings about injects, conditions and effects; never errors.

    `effects` are effects already compiled, by text (`check_expressions` gives them); a text
    not among them is compiled here. Each distinct text is looked at once.
    """

    def warn(loc: Loc, message: str, suggestion: str | None = None) -> Problem:
        at = positions.position_of(loc)
        return Problem.at(at, message, severity=Severity.WARNING, suggestion=suggestion)

    bounded = {
        variable.id: variable
        for variable in scenario.variables
        if variable.type is VariableType.INT
    }
    unbounded = {name for name, v in bounded.items() if v.min is None or v.max is None}
    calendar = calendar_date(scenario.turns.start)
    triggers = [Trigger.of(inject, Compiling(calendar=calendar)) for inject in scenario.injects]
    problems = [warn(loc, m, hint) for loc, m, hint in _injects(scenario, triggers)]
    problems += [warn(loc, m, hint) for loc, m, hint in _timing(scenario, triggers)]
    symbols = SymbolTable.from_scenario(scenario)
    compiled = effects or {}
    found: dict[tuple[str, str], str | None] = {}
    for kind, text, loc in expressions_with_locs(scenario):
        if kind == "template":
            continue
        if (kind, text) not in found:
            if kind == "condition":
                reason = never_holds(text, bounded)
                found[kind, text] = None if reason is None else f"'{text}' can never hold: {reason}"
            else:
                found[kind, text] = _overshoot(
                    text, compiled.get(text), symbols, bounded
                ) or _unbounded_product(text, unbounded)
        message = found[kind, text]
        if message is not None:
            problems.append(warn(loc, message))
    return problems


def _released(scenario: Scenario) -> set[str]:
    """The injects some option or outcome releases."""
    released: set[str] = set()
    for decision, _ in decisions_with_locs(scenario):
        for option in decision.options:
            released.update(option.releases)
            if option.adjudication is not None:
                for outcome in option.adjudication.outcomes:
                    released.update(outcome.releases)
    return released


def _injects(scenario: Scenario, triggers: list[Trigger]) -> Iterator[tuple[Loc, str, str | None]]:
    released = _released(scenario)
    for index, inject in enumerate(scenario.injects):
        loc: Loc = ("injects", index)
        if not (triggers[index].automatic or inject.contingency or inject.id in released):
            yield (
                loc,
                f"inject '{inject.id}' is never delivered: it has no turn, time, after or when,"
                " and no option releases it",
                "add a trigger, or 'contingency: true' if the facilitator releases it",
            )
        if not (inject.citations() or inject.based_on or inject.fictional):
            yield (
                loc,
                f"inject '{inject.id}' cites no source; add source:, based_on: or fictional: true",
                None,
            )


def _timing(scenario: Scenario, triggers: list[Trigger]) -> Iterator[tuple[Loc, str, str | None]]:
    """Injects whose time falls outside their turn, and `after` chains past the exercise's end."""
    starts = scenario.turns.starts()
    calendar = calendar_date(scenario.turns.start)
    label = partial(format_clock, calendar=calendar)
    end = starts[-1]
    for index, inject in enumerate(scenario.injects):
        if inject.time is None:
            continue
        loc: Loc = ("injects", index, "time")
        if calendar is None and calendar_date(inject.time) is not None:
            yield (
                loc,
                f"inject '{inject.id}' has a calendar time but turns.start is no date",
                "write it like 'D+0 10:00', or give turns.start as a date",
            )
            continue
        at = parse_clock(inject.time, calendar)
        if inject.turn is not None and inject.turn <= scenario.turns.count:
            begins, ends = starts[inject.turn - 1], starts[inject.turn]
            if not begins <= at < ends:
                yield (
                    loc,
                    f"inject '{inject.id}' is tied to turn {inject.turn} ({label(begins)} to "
                    f"{label(ends)}) but its time {label(at)} falls outside it",
                    None,
                )
        elif not starts[0] <= at < end:
            yield (
                loc,
                f"inject '{inject.id}' is timed {label(at)}, outside the exercise "
                f"({label(starts[0])} to {label(end)})",
                None,
            )
    earliest = _earliest_times(scenario, triggers, starts)
    for index, (inject, trigger) in enumerate(zip(scenario.injects, triggers, strict=True)):
        after = trigger.part(After)
        if after is None:
            continue
        first = earliest(inject.id)
        if first is not None and first >= end:
            yield (
                ("injects", index, "delay"),
                f"inject '{inject.id}' comes {after.delay_text} after '{after.inject}', at "
                f"{label(first)} at the earliest, but the exercise ends at {label(end)}: "
                "it is never delivered",
                None,
            )


def _earliest_times(
    scenario: Scenario, triggers: list[Trigger], starts: tuple[int, ...]
) -> Callable[[str], int | None]:
    """The earliest scenario minute each inject can be delivered at (None: not known), by id;
    an `after` chain that loops back is not known."""
    index_of = {inject.id: index for index, inject in enumerate(scenario.injects)}

    def earliest(inject_id: str, seen: frozenset[str] = frozenset()) -> int | None:
        index = index_of.get(inject_id)
        if index is None or inject_id in seen:
            return None
        inner = seen | {inject_id}
        return triggers[index].first_possible(starts, lambda other: earliest(other, inner))

    return earliest


_FLIPPED = {ast.Lt: ast.Gt, ast.LtE: ast.GtE, ast.Gt: ast.Lt, ast.GtE: ast.LtE, ast.Eq: ast.Eq}


def never_holds(text: str, bounded: dict[str, Variable]) -> str | None:
    """Why a condition of `var OP constant` comparisons joined by `and` can never hold."""
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError):
        return None
    parts = tree.values if isinstance(tree, ast.BoolOp) and isinstance(tree.op, ast.And) else [tree]
    for part in parts:
        reason = _impossible(part, bounded)
        if reason is not None:
            return reason
    return None


def _impossible(node: ast.expr, bounded: dict[str, Variable]) -> str | None:
    if not (isinstance(node, ast.Compare) and len(node.ops) == 1):
        return None
    left, op, right = _signed(node.left), node.ops[0], _signed(node.comparators[0])
    if isinstance(left, ast.Constant) and isinstance(right, ast.Name):
        flipped = _FLIPPED.get(type(op))
        if flipped is None:
            return None
        left, op, right = right, flipped(), left
    if not (isinstance(left, ast.Name) and isinstance(right, ast.Constant)):
        return None
    variable = bounded.get(left.id)
    value = right.value
    if variable is None or isinstance(value, bool) or not isinstance(value, int):
        return None
    low, high, name = variable.min, variable.max, left.id
    most = f"'{name}' is at most {high}"
    least = f"'{name}' is at least {low}"
    if isinstance(op, ast.Gt) and high is not None and high <= value:
        return most
    if isinstance(op, ast.GtE) and high is not None and high < value:
        return most
    if isinstance(op, ast.Lt) and low is not None and low >= value:
        return least
    if isinstance(op, ast.LtE) and low is not None and low > value:
        return least
    if isinstance(op, ast.Eq) and high is not None and value > high:
        return most
    if isinstance(op, ast.Eq) and low is not None and value < low:
        return least
    return None


def _signed(node: ast.expr) -> ast.expr:
    """`-5` parses as minus applied to 5: fold it into the constant -5."""
    if (
        isinstance(node, ast.UnaryOp)
        and isinstance(node.op, ast.USub)
        and isinstance(node.operand, ast.Constant)
        and isinstance(node.operand.value, int)
    ):
        return ast.Constant(-node.operand.value)
    return node


def _unbounded_product(text: str, unbounded: set[str]) -> str | None:
    """A product with an int that has no min or max: repeated, it can outgrow the range."""
    try:
        tree = ast.parse(text.strip(), mode="exec")
    except (SyntaxError, ValueError, RecursionError):
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
            for operand in (node.left, node.right):
                if isinstance(operand, ast.Name) and operand.id in unbounded:
                    return (
                        f"'{text}' multiplies '{operand.id}', which has no min or max: repeated,"
                        f" it can leave {RANGE}, and the effect is then refused"
                        f" (give '{operand.id}' a min and a max)"
                    )
    return None


def _overshoot(
    text: str, effect: Effect | None, symbols: SymbolTable, bounded: dict[str, Variable]
) -> str | None:
    """A constant step larger than the variable's whole range: surely a typo (150 for 15)."""
    if effect is None:
        try:
            effect = compile_effect(text, symbols)
        except ExpressionError:
            return None
    variable = bounded.get(effect.target)
    delta = effect.constant_delta
    if variable is None or delta is None or variable.min is None or variable.max is None:
        return None
    span = variable.max - variable.min
    if abs(delta) <= span:
        return None
    return (
        f"'{text}' moves '{effect.target}' by {abs(delta)}, more than its whole range"
        f" ({variable.min}..{variable.max}): it always ends at its "
        f"{'max' if delta > 0 else 'min'}"
    )
