"""What compiled expressions are made of: the names they may use, their errors and results.

`engine.expressions` compiles; this module only declares (so the compiler's parts can share
it without importing each other).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from engine.format.model import Scenario

MAX_LENGTH = 500
"""The longest expression accepted, in characters."""
MAX_NODES = 200
"""The most syntax-tree nodes an expression may have."""

Value = int | bool | str


class ExpressionError(Exception):
    """An expression that does not compile, in the author's words."""

    def __init__(self, message: str, offset: int | None = None, suggestion: str | None = None):
        super().__init__(message)
        self.message = message
        self.offset = offset
        """0-based character offset into the expression text, when known."""
        self.suggestion = suggestion
        """A hint such as "did you mean 'trust'?"."""

    def __str__(self) -> str:
        return f"{self.message}; {self.suggestion}" if self.suggestion else self.message


class ExpressionState(Protocol):
    """What compiled expressions read at run time."""

    values: dict[str, int | bool | str]
    delivered: set[str]
    chosen: set[tuple[str, str]]
    rolled: set[tuple[str, str]]
    turn: int
    clock: int


@dataclass(frozen=True, slots=True)
class VariableSpec:
    """What the compiler needs to know about a variable."""

    type: str
    """'int', 'bool', 'enum' or 'text'."""
    minimum: int | None = None
    maximum: int | None = None
    values: tuple[str, ...] = ()
    words: tuple[tuple[str, str], ...] = ()
    """How values read in a text: (value as written, words) pairs (`true`/`false` for bools)."""


@dataclass(frozen=True, slots=True)
class SymbolTable:
    """Every name an expression may use."""

    variables: Mapping[str, VariableSpec]
    injects: frozenset[str] = frozenset()
    decisions: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Decision id -> its option ids."""
    outcomes: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Decision id -> the outcome ids of all its options' adjudication tables."""

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> SymbolTable:
        """The names a scenario declares."""
        decisions = scenario.all_decisions()
        return cls(
            variables={
                v.id: VariableSpec(
                    str(v.type.value), v.min, v.max, v.values, tuple(v.words.items())
                )
                for v in scenario.variables
            },
            injects=frozenset(inject.id for inject in scenario.injects),
            decisions={d.id: frozenset(option.id for option in d.options) for d in decisions},
            outcomes={
                d.id: frozenset(
                    outcome.id
                    for option in d.options
                    if option.adjudication is not None
                    for outcome in option.adjudication.outcomes
                )
                for d in decisions
            },
        )


Condition = Callable[[ExpressionState], bool]
Fn = Callable[[ExpressionState], Any]
"""A compiled node: reads the state, returns its value."""


@dataclass(frozen=True, slots=True)
class Effect:
    """A compiled assignment."""

    target: str
    operator: str
    """'=', '+=' or '-='."""
    text: str
    compute: Callable[[ExpressionState], int | bool | str]
    """Returns the target's new value (already clamped to its bounds)."""
    constant_delta: int | None
    """For `x += 5` or `x -= 5` with a constant: +5 or -5; otherwise None."""


@dataclass(frozen=True, slots=True)
class Template:
    """A compiled text with `{variable}` fields."""

    text: str
    render: Callable[[Mapping[str, object]], str]
    names: tuple[str, ...]


BOOL_TEXT = {True: "true", False: "false"}
"""How a yes/no variable reads in a rendered text."""
LITERALS: dict[str, bool] = {"true": True, "false": False, "True": True, "False": False}
"""The words for true and false an expression may use."""


def suggest(name: str, known: Iterable[str]) -> str | None:
    """A "did you mean" hint for a misspelled name, or None when nothing is close."""
    matches = difflib.get_close_matches(name, list(known), n=1)
    return f"did you mean '{matches[0]}'?" if matches else None
