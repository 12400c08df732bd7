"""Texts with fields: `{variable}` values and `{if condition: phrase | else: other}` choices.

A title or body is compiled once into a `Template` whose `render(values)` fills it in.

- `{trust}` is the variable's value; a bool or enum variable with `words` reads in them
  (`{lockdown}` as "in lockdown" rather than "true").
- `{if trust < 40: Trust is collapsing.}` shows the phrase only while the condition holds;
  `| elif COND: phrase` and `| else: phrase` choose between alternatives, the first that holds.
  A phrase may hold `{variable}` fields but not another `{if}`; a condition reads variables
  only (not `turn`, `clock` or `delivered(...)`: a text is rendered from the values alone).
- `{{` and `}}` are literal braces; inside a choice, `{{|}}` writes a literal `|`.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from engine.expressions.parts import (
    BOOL_TEXT,
    Condition,
    ExpressionError,
    SymbolTable,
    Template,
    suggest,
)

_IF = re.compile(r"\{\s*if\b")
_BRANCH = re.compile(r"\|\s*(?:(else)\s*:|(elif)\b)")
_NAME = re.compile(r"\{([^{}]*)\}")
_NAME_IN_CHOICE = re.compile(r"\{([^{}|]*)\}")
Convert = Callable[[Any], str]


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    convert: Convert


@dataclass(frozen=True, slots=True)
class _Choice:
    branches: tuple[tuple[Condition | None, tuple[str | _Field, ...]], ...]
    """(condition, pieces) in order; the condition is None for `else`."""


Piece = str | _Field | _Choice


class _ValuesOnly:
    """What a text's condition reads: the values, and nothing else."""

    __slots__ = ("values",)

    def __init__(self, values: Mapping[str, object]) -> None:
        self.values = values


def compile_template(text: str, symbols: SymbolTable) -> Template:
    """Compile a text with `{variable}` fields and `{if ...}` choices (see the module)."""
    pieces = _Parser(text, symbols).pieces()
    names = tuple(dict.fromkeys(_names(pieces)))
    if not any(isinstance(piece, _Field | _Choice) for piece in pieces):
        constant = "".join(piece for piece in pieces if isinstance(piece, str))
        return Template(text, lambda values: constant, names)
    if all(isinstance(p, str) or (isinstance(p, _Field) and p.convert is str) for p in pieces):
        # Only str() conversions: one C-level `format_map` does the whole job.
        skeleton = "".join(
            "{" + p.name + "}" if isinstance(p, _Field) else p.replace("{", "{{").replace("}", "}}")
            for p in pieces
            if isinstance(p, str | _Field)
        )
        return Template(text, skeleton.format_map, names)
    frozen = tuple(pieces)

    def render(values: Mapping[str, object]) -> str:
        return "".join(_rendered(frozen, values))

    return Template(text, render, names)


def _rendered(pieces: tuple[Piece, ...], values: Mapping[str, object]) -> list[str]:
    out: list[str] = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
        elif isinstance(piece, _Field):
            out.append(piece.convert(values[piece.name]))
        else:
            state = _ValuesOnly(values)
            for condition, branch in piece.branches:
                if condition is None or condition(state):  # type: ignore[arg-type]
                    out += _rendered(branch, values)
                    break
    return out


def _names(pieces: list[Piece] | tuple[str | _Field, ...]) -> list[str]:
    found: list[str] = []
    for piece in pieces:
        if isinstance(piece, _Field):
            found.append(piece.name)
        elif isinstance(piece, _Choice):
            for _, branch in piece.branches:
                found += _names(branch)
    return found


class _Parser:
    """One pass over a text, left to right; every problem at its offset in the text."""

    def __init__(self, text: str, symbols: SymbolTable) -> None:
        self.text = text
        self.symbols = symbols
        self.at = 0

    def pieces(self) -> list[Piece]:
        text = self.text
        pieces: list[Piece] = []
        literal: list[str] = []
        while self.at < len(text):
            brace = _next_brace(text, self.at)
            literal.append(text[self.at : brace])
            self.at = brace
            if brace >= len(text):
                break
            if text.startswith(("{{", "}}"), brace):
                literal.append(text[brace])
                self.at += 2
                continue
            if text[brace] == "}":
                raise ExpressionError("a lone '}'; write '}}' for a literal brace", brace)
            pieces.append("".join(literal))
            literal = []
            pieces.append(self.choice() if _IF.match(text, brace) else self.field(in_choice=False))
        pieces.append("".join(literal))
        return [piece for piece in pieces if piece != ""]

    def field(self, *, in_choice: bool) -> _Field:
        start = self.at
        match = (_NAME_IN_CHOICE if in_choice else _NAME).match(self.text, start)
        if match is None:
            raise ExpressionError("a lone '{'; write '{{' for a literal brace", start)
        self.at = match.end()
        name = match.group(1).strip()
        if not name.isidentifier():
            raise ExpressionError(
                f"'{match.group(0)}' is not a variable's name; only '{{name}}' fields are allowed",
                start,
            )
        spec = self.symbols.variables.get(name)
        if spec is None:
            raise ExpressionError(
                f"unknown variable '{name}'", start, suggest(name, self.symbols.variables)
            )
        return _Field(name, _converter(spec.type, dict(spec.words)))

    def choice(self) -> _Choice:
        start = self.at
        opened = _IF.match(self.text, start)
        assert opened is not None
        self.at = opened.end()
        branches: list[tuple[Condition | None, tuple[str | _Field, ...]]] = []
        condition: Condition | None = self.condition(start)
        while True:
            phrase, closed = self.phrase(start)
            branches.append((condition, phrase))
            if closed:
                return _Choice(tuple(branches))
            if condition is None:
                raise ExpressionError("`else` is the last branch of an `{if ...}`", self.at)
            branch = _BRANCH.match(self.text, self.at)
            if branch is None:
                raise ExpressionError(
                    "after '|' in an `{if ...}` comes `elif CONDITION:` or `else:`", self.at
                )
            self.at = branch.end()
            condition = None if branch.group(1) else self.condition(start)

    def condition(self, start: int) -> Condition:
        """Compile the condition from here to its `:`."""
        colon = _colon(self.text, self.at)
        if colon is None:
            raise ExpressionError(
                "an `{if CONDITION: phrase}` needs a ':' after its condition", start
            )
        source, offset = self.text[self.at : colon], self.at
        self.at = colon + 1
        return _text_condition(source, offset, self.symbols)

    def phrase(self, start: int) -> tuple[tuple[str | _Field, ...], bool]:
        """The phrase up to `|` or the closing `}`; whether it closed the choice."""
        text = self.text
        pieces: list[str | _Field] = []
        literal: list[str] = []
        while True:
            stop = _next_special(text, self.at)
            if stop >= len(text):
                raise ExpressionError("this `{if ...}` is never closed with '}'", start)
            literal.append(text[self.at : stop])
            self.at = stop
            if text.startswith(("{{|}}", "{{", "}}"), stop):
                token = next(t for t in ("{{|}}", "{{", "}}") if text.startswith(t, stop))
                literal.append("|" if token == "{{|}}" else token[0])
                self.at += len(token)
                continue
            if text[stop] == "{":
                if _IF.match(text, stop):
                    raise ExpressionError("an `{if ...}` cannot hold another `{if ...}`", stop)
                pieces += ["".join(literal), self.field(in_choice=True)]
                literal = []
                continue
            pieces.append("".join(literal))
            closed = text[stop] == "}"
            self.at += 1 if closed else 0  # a '|' is read by the next branch
            return _stripped(pieces), closed


def _stripped(pieces: list[str | _Field]) -> tuple[str | _Field, ...]:
    """A phrase without the spaces around it (`{if x: a | else: b}` reads "a" or "b")."""
    if pieces and isinstance(pieces[0], str):
        pieces[0] = pieces[0].lstrip()
    if pieces and isinstance(pieces[-1], str):
        pieces[-1] = pieces[-1].rstrip()
    return tuple(piece for piece in pieces if piece != "")


def _text_condition(source: str, offset: int, symbols: SymbolTable) -> Condition:
    """A condition of a text: compiled like any other, on variables only."""
    from engine.expressions import compile_condition

    lead = len(source) - len(source.lstrip())
    try:
        tree: ast.AST | None = ast.parse(source.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        tree = None  # compiling says what is wrong
    for node in ast.walk(tree) if tree is not None else ():
        if isinstance(node, ast.Call) or (
            isinstance(node, ast.Name) and node.id in ("turn", "clock")
        ):
            shown = ast.unparse(node.func if isinstance(node, ast.Call) else node)
            raise ExpressionError(
                f"a condition in a text reads variables only, not '{shown}'",
                offset + lead + node.col_offset,
            )
    try:
        condition = compile_condition(source, symbols)
    except ExpressionError as error:
        raise ExpressionError(
            error.message, offset + (error.offset or 0), error.suggestion
        ) from None
    return condition


def _converter(kind: str, words: dict[str, str]) -> Convert:
    if kind == "bool":
        return lambda value: words.get(BOOL_TEXT[value], BOOL_TEXT[value])
    if words:
        return lambda value: words.get(str(value), str(value))
    return str


def _next_brace(text: str, start: int) -> int:
    found = [at for at in (text.find("{", start), text.find("}", start)) if at != -1]
    return min(found) if found else len(text)


def _next_special(text: str, start: int) -> int:
    found = [at for ch in "{}|" if (at := text.find(ch, start)) != -1]
    return min(found) if found else len(text)


def _colon(text: str, start: int) -> int | None:
    """The first ':' from `start` outside quotes and brackets (before any '}')."""
    quote: str | None = None
    depth = 0
    for at in range(start, len(text)):
        char = text[at]
        if quote is not None:
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == ":" and depth <= 0:
            return at
        elif char in "{}":
            return None
    return None
