"""Scenario expressions: conditions, effects and templates, compiled once into closures.

Authors write short Python-like expressions in YAML. `ast.parse` reads them and a whitelisted
walk (`engine.expressions.compiler`) turns each node into a small closure specialised for it
(`engine.expressions.closures`), so running one costs a few calls and no dispatch. Scenario
text is never evaluated by Python: no eval, exec or code objects.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

from engine.expressions.closures import VARIES
from engine.expressions.compiler import BINARY, Compiler, parse_statement
from engine.expressions.parts import (
    LITERALS,
    MAX_LENGTH,
    MAX_NODES,
    Condition,
    Effect,
    ExpressionError,
    ExpressionState,
    SymbolTable,
    Template,
    Value,
    VariableSpec,
    suggest,
)
from engine.expressions.templates import compile_template

__all__ = [
    "MAX_LENGTH",
    "MAX_NODES",
    "Condition",
    "Effect",
    "ExpressionError",
    "ExpressionState",
    "SymbolTable",
    "Template",
    "Value",
    "VariableSpec",
    "calls_in",
    "compile_condition",
    "compile_effect",
    "compile_number",
    "compile_template",
    "names_in",
    "suggest",
]


def compile_condition(text: str, symbols: SymbolTable) -> Condition:
    """Compile a condition such as `exposure >= 60 and not lockdown`."""
    compiler = Compiler(text, symbols)
    statement = compiler.statement
    if isinstance(statement, ast.Assign | ast.AugAssign):
        plain = isinstance(statement, ast.Assign)
        target = statement.targets[-1] if isinstance(statement, ast.Assign) else statement.target
        raise ExpressionError(
            "a condition compares values; it cannot set a variable",
            compiler.offset_between(target, statement.value, "="),
            "did you mean '=='?" if plain else None,
        )
    return _closure(compiler, "bool", "a condition must be true or false")


def compile_number(
    text: str, symbols: SymbolTable, must: str = "a chance must be a whole number"
) -> Callable[[ExpressionState], int]:
    """Compile a whole-number expression such as `trust // 2 + 10` (an outcome's chance);
    `must` is what an error says the value must be."""
    fn: Callable[[ExpressionState], int] = _closure(Compiler(text, symbols), "int", must)
    return fn


def _closure(compiler: Compiler, kind: str, must: str) -> Callable[[ExpressionState], Any]:
    """The closure of an expression statement whose value must be of `kind`."""
    statement = compiler.statement
    if not isinstance(statement, ast.Expr):
        raise compiler.not_allowed(statement)
    typed = compiler.expr(statement.value)
    if typed.kind != kind:
        raise compiler.error(f"{must}; {compiler.describe(typed)}", typed.node)
    if typed.const is not VARIES:
        constant = typed.const
        return lambda s: constant
    return typed.fn


def compile_effect(text: str, symbols: SymbolTable) -> Effect:
    """Compile an effect such as `trust -= 10` or `lockdown = true`."""
    compiler = Compiler(text, symbols)
    statement = compiler.statement
    if isinstance(statement, ast.Assign):
        if len(statement.targets) != 1:
            raise compiler.error("an effect sets one variable", statement.targets[1])
        target_node, symbol = statement.targets[0], "="
    elif isinstance(statement, ast.AugAssign):
        target_node, symbol = statement.target, BINARY.get(type(statement.op), "?") + "="
        if symbol not in ("+=", "-="):
            raise ExpressionError(
                f"'{symbol}' is not allowed in an effect; use '=', '+=' or '-='",
                compiler.offset_between(statement.target, statement.value, symbol),
            )
    elif isinstance(statement, ast.Expr):
        value = statement.value
        is_eq = isinstance(value, ast.Compare) and isinstance(value.ops[0], ast.Eq)
        raise ExpressionError(
            "an effect sets a variable, such as 'trust -= 10' or 'lockdown = true'",
            compiler.offset_between(value.left, value.comparators[0], "==")
            if isinstance(value, ast.Compare) and is_eq
            else compiler.offset(value),
            "did you mean '='?" if is_eq else None,
        )
    else:
        raise compiler.not_allowed(statement)
    if not isinstance(target_node, ast.Name):
        compiler.expr(target_node)  # names what is wrong, such as attribute access
        raise compiler.not_allowed(target_node)
    return compiler.effect(target_node, symbol, statement.value)


def names_in(text: str) -> set[str]:
    """The names an expression reads (not the target of an effect, not function names)."""
    tree = parse_statement(text)[0]
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    return {
        node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Name)
        and isinstance(node.ctx, ast.Load)
        and id(node) not in called
        and node.id not in LITERALS
    }


def calls_in(text: str) -> set[tuple[str, tuple[str, ...]]]:
    """The functions an expression calls, each with its quoted ids: `("chose", ("d", "o"))`."""
    tree = parse_statement(text)[0]
    return {
        (node.func.id, tuple(str(arg.value) for arg in node.args if isinstance(arg, ast.Constant)))
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
