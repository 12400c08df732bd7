"""The closures expressions compile to: each factory returns one specialised for a node's shape.

A variable compared with a constant becomes `lambda s: s.values[name] >= c`, so running a
condition costs a few calls and no dispatch on node types.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from engine.expressions.parts import ExpressionState, Fn, Value

VARIES: Any = object()
"""The `const` of a node whose value is known only at run time."""


@dataclass(frozen=True, slots=True)
class Typed:
    """A compiled node: its type, its closure and what the next node up may specialise on."""

    kind: str  # 'int', 'bool', 'enum' or 'text'
    fn: Fn
    node: ast.AST
    const: Any = VARIES
    var: str | None = None
    values: tuple[str, ...] = ()  # an enum variable's values


def constant(kind: str, value: Value, node: ast.AST) -> Typed:
    """A constant node: its closure returns `value`, and the nodes above may fold it."""
    return Typed(kind, lambda s: value, node, const=value)


def _floor_divide(a: int, b: int) -> int:
    return a // b if b else 0  # a divisor that is 0 at run time gives 0, not a crash


ARITHMETIC: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "//": _floor_divide,
}  # fmt: skip
ORDER: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt,
    ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
}  # fmt: skip
_FLIPPED: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Eq: ast.Eq, ast.NotEq: ast.NotEq, ast.Lt: ast.Gt,
    ast.LtE: ast.GtE, ast.Gt: ast.Lt, ast.GtE: ast.LtE,
}  # fmt: skip


def and_(f: Fn, g: Fn) -> Fn:
    """Both closures true (the second is not called when the first is false)."""
    return lambda s: f(s) and g(s)


def or_(f: Fn, g: Fn) -> Fn:
    """Either closure true (the second is not called when the first is true)."""
    return lambda s: f(s) or g(s)


def not_(operand: Typed) -> Fn:
    """The negation of a bool node (reading the variable itself when the node is one)."""
    name, f = operand.var, operand.fn
    if name is not None:
        return lambda s: not s.values[name]
    return lambda s: not f(s)


def arithmetic(symbol: str, left: Typed, right: Typed) -> Fn:
    """`left symbol right` as one closure, specialised when the right side is a constant."""
    f, g = left.fn, right.fn
    if right.const is not VARIES:
        c = right.const
        if symbol == "+":
            return lambda s: f(s) + c
        if symbol == "-":
            return lambda s: f(s) - c
        if symbol == "*":
            return lambda s: f(s) * c
        return lambda s: f(s) // c  # c is not 0: checked by the caller
    op = ARITHMETIC[symbol]
    return lambda s: op(f(s), g(s))


def compare_with(op: type[ast.cmpop], left: Typed, right: Typed) -> Fn:
    """A comparison of two nodes as one closure, specialised when one side is a constant."""
    if left.const is not VARIES:
        op, left, right = _FLIPPED[op], right, left
    if right.const is VARIES:
        compare, f, g = ORDER[op], left.fn, right.fn
        return lambda s: compare(f(s), g(s))
    c = right.const
    if left.var is not None:
        name = left.var
        if op is ast.Eq:
            return lambda s: s.values[name] == c
        if op is ast.NotEq:
            return lambda s: s.values[name] != c
        if op is ast.Lt:
            return lambda s: s.values[name] < c
        if op is ast.LtE:
            return lambda s: s.values[name] <= c
        if op is ast.Gt:
            return lambda s: s.values[name] > c
        return lambda s: s.values[name] >= c
    f = left.fn
    if op is ast.Eq:
        return lambda s: f(s) == c
    if op is ast.NotEq:
        return lambda s: f(s) != c
    if op is ast.Lt:
        return lambda s: f(s) < c
    if op is ast.LtE:
        return lambda s: f(s) <= c
    if op is ast.Gt:
        return lambda s: f(s) > c
    return lambda s: f(s) >= c


def chain(ops: list[ast.cmpop], operands: list[Typed]) -> Fn:
    """A chained comparison (`a < b < c`) as one closure: each middle value read once."""
    first = operands[0].fn
    links = tuple((ORDER[type(op)], o.fn) for op, o in zip(ops, operands[1:], strict=True))
    if len(links) == 2:
        (compare, middle), (compare_last, last) = links
        return lambda s: compare(first(s), (v := middle(s))) and compare_last(v, last(s))

    def chain(s: ExpressionState) -> bool:
        left = first(s)
        for compare, fn in links:
            right = fn(s)
            if not compare(left, right):
                return False
            left = right
        return True

    return chain


def int_value(target: str, symbol: str, value: Typed) -> Fn:
    """The unclamped new value of an int variable."""
    if symbol == "=":
        return value.fn
    if value.const is not VARIES:
        delta = value.const if symbol == "+=" else -value.const
        return lambda s: s.values[target] + delta
    f = value.fn
    if symbol == "+=":
        return lambda s: s.values[target] + f(s)
    return lambda s: s.values[target] - f(s)


def clamped(f: Fn, low: int | None, high: int | None) -> Fn:
    """`f` held within `low` and `high` (None: no bound on that side)."""
    if low is not None and high is not None:

        def between(s: ExpressionState) -> Any:
            v = f(s)
            return low if v < low else high if v > high else v

        return between
    if low is not None:
        return lambda s: v if (v := f(s)) > low else low
    if high is not None:
        return lambda s: v if (v := f(s)) < high else high
    return f
