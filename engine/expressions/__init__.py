"""Scenario expressions: conditions, effects and templates, compiled once into closures.

Authors write short Python-like expressions in YAML. `ast.parse` reads them and a whitelisted
walk (`engine.expressions.compiler`) turns each node into a small closure specialised for it
(`engine.expressions.closures`), so running one costs a few calls and no dispatch. Scenario
text is never evaluated by Python: no eval, exec or code objects.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping
from typing import Any

from engine.expressions.closures import VARIES
from engine.expressions.compiler import BINARY, Compiler, parse_statement
from engine.expressions.parts import (
    BOOL_TEXT,
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
    "compile_condition",
    "compile_effect",
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
    if not isinstance(statement, ast.Expr):
        raise compiler.not_allowed(statement)
    typed = compiler.expr(statement.value)
    if typed.kind != "bool":
        raise compiler.error(
            f"a condition must be true or false; {compiler.describe(typed)}", typed.node
        )
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


_FIELD = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def compile_template(text: str, symbols: SymbolTable) -> Template:
    """Compile a text whose `{variable}` fields are replaced by values; `{{`, `}}` are braces."""
    parts: list[str] = []
    slots: list[tuple[int, str, Callable[[Any], str]]] = []
    literal: list[str] = []
    position = 0
    for match in _FIELD.finditer(text):
        literal.append(text[position : match.start()])
        position = match.end()
        token, inner = match.group(0), match.group(1)
        if token in ("{{", "}}"):
            literal.append(token[0])
            continue
        if inner is None:
            double = "{{" if token == "{" else "}}"
            raise ExpressionError(
                f"a lone '{token}'; write '{double}' for a literal brace", match.start()
            )
        name = inner.strip()
        at = match.start()  # a field's problem is shown at its `{`
        if not name.isidentifier():
            raise ExpressionError(
                f"'{token}' is not a variable's name; only '{{name}}' fields are allowed", at
            )
        spec = symbols.variables.get(name)
        if spec is None:
            raise ExpressionError(
                f"unknown variable '{name}'", at, suggest(name, symbols.variables)
            )
        parts.append("".join(literal))
        literal = []
        slots.append((len(parts), name, BOOL_TEXT.__getitem__ if spec.type == "bool" else str))
        parts.append("")
    literal.append(text[position:])
    parts.append("".join(literal))
    names = tuple(dict.fromkeys(name for _, name, _ in slots))
    if not slots:
        constant = parts[0]
        return Template(text, lambda values: constant, names)
    if all(convert is str for _, _, convert in slots):
        # Only str() conversions: one C-level `format_map` does the whole job.
        pieces = [part.replace("{", "{{").replace("}", "}}") for part in parts]
        for index, name, _ in slots:
            pieces[index] = "{" + name + "}"
        return Template(text, "".join(pieces).format_map, names)
    skeleton = tuple(parts)
    fields = tuple(slots)

    def render(values: Mapping[str, object]) -> str:
        pieces = list(skeleton)
        for index, name, convert in fields:
            pieces[index] = convert(values[name])
        return "".join(pieces)

    return Template(text, render, names)


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
