"""Scenario expressions: conditions, effects and templates, compiled once into closures.

Authors write short Python-like expressions in YAML. `ast.parse` reads them and a whitelisted
walk turns each node into a small closure specialised for it (a variable compared with a
constant becomes `lambda s: s.values[name] >= c`), so running one costs a few calls and no
dispatch. Scenario text is never evaluated by Python: no eval, exec or code objects.
"""

from __future__ import annotations

import ast
import difflib
import operator
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from engine.model import Scenario

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
                v.id: VariableSpec(str(v.type.value), v.min, v.max, v.values)
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
_Fn = Callable[[ExpressionState], Any]


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


def suggest(name: str, known: Iterable[str]) -> str | None:
    """A "did you mean" hint for a misspelled name, or None when nothing is close."""
    matches = difflib.get_close_matches(name, list(known), n=1)
    return f"did you mean '{matches[0]}'?" if matches else None


def compile_condition(text: str, symbols: SymbolTable) -> Condition:
    """Compile a condition such as `exposure >= 60 and not lockdown`."""
    compiler = _Compiler(text, symbols)
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
    if typed.const is not _VARIES:
        constant = typed.const
        return lambda s: constant
    return typed.fn


def compile_effect(text: str, symbols: SymbolTable) -> Effect:
    """Compile an effect such as `trust -= 10` or `lockdown = true`."""
    compiler = _Compiler(text, symbols)
    statement = compiler.statement
    if isinstance(statement, ast.Assign):
        if len(statement.targets) != 1:
            raise compiler.error("an effect sets one variable", statement.targets[1])
        target_node, symbol = statement.targets[0], "="
    elif isinstance(statement, ast.AugAssign):
        target_node, symbol = statement.target, _BINARY.get(type(statement.op), "?") + "="
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
        at = match.start() + 1 + (inner.index(name) if name else 0)
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
        slots.append((len(parts), name, _BOOL_TEXT.__getitem__ if spec.type == "bool" else str))
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
    tree = _parse(text)[0]
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    return {
        node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Name)
        and isinstance(node.ctx, ast.Load)
        and id(node) not in called
        and node.id not in _LITERALS
    }


# --- parsing -------------------------------------------------------------------------------

_BOOL_TEXT = {True: "true", False: "false"}
_LITERALS: dict[str, bool] = {"true": True, "false": False, "True": True, "False": False}
_FUNCTIONS = {
    "delivered": "delivered('inject_id')",
    "chose": "chose('decision_id', 'option_id')",
    "rolled": "rolled('decision_id', 'outcome_id')",
}
_BINARY = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.FloorDiv: "//", ast.Div: "/", ast.Mod: "%",
    ast.Pow: "**", ast.MatMult: "@", ast.LShift: "<<", ast.RShift: ">>", ast.BitOr: "|",
    ast.BitAnd: "&", ast.BitXor: "^",
}  # fmt: skip
_COMPARE = {
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in",
}  # fmt: skip
_HINTS = {"/": "'//'", "|": "'or'", "&": "'and'", "~": "'not'", "is": "'=='", "is not": "'!='"}
_NAMED = {
    ast.Subscript: "indexing with '[...]'", ast.Slice: "a slice", ast.Lambda: "'lambda'",
    ast.ListComp: "a comprehension", ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension", ast.GeneratorExp: "a comprehension",
    ast.JoinedStr: "an f-string", ast.NamedExpr: "':='", ast.IfExp: "'if ... else'",
    ast.List: "a list", ast.Tuple: "a tuple", ast.Set: "a set", ast.Dict: "a dict",
    ast.Starred: "'*'", ast.Await: "'await'", ast.Yield: "'yield'", ast.YieldFrom: "'yield'",
    ast.Import: "'import'", ast.ImportFrom: "'import'", ast.FunctionDef: "'def'",
    ast.AsyncFunctionDef: "'async def'", ast.ClassDef: "'class'", ast.Delete: "'del'",
    ast.AnnAssign: "an annotated assignment",
}  # fmt: skip


def _parse(text: str) -> tuple[ast.stmt, str, int]:
    """Parse one statement; returns it, the parsed text and where that text starts."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"an expression may be at most {MAX_LENGTH} characters; this one has {len(text)}",
            MAX_LENGTH,
        )
    # Line breaks (from YAML block scalars) become spaces: offsets stay the same.
    flat = text.replace("\r", " ").replace("\n", " ")
    body = flat.lstrip()
    shift = len(flat) - len(body)
    if not body.strip():
        raise ExpressionError("the expression is empty", 0)
    try:
        tree = ast.parse(body, mode="exec")
    except SyntaxError as error:
        at = shift + (error.offset - 1 if error.offset else 0)
        raise ExpressionError(f"not a valid expression: {error.msg}", min(at, len(text))) from None
    except (ValueError, RecursionError, MemoryError) as error:
        raise ExpressionError(f"not a valid expression: {error}", None) from None
    # Every node but a statement's wrapper spans a character of its own, so a text of fewer
    # than MAX_NODES / 2 characters cannot pass the bound: count only longer ones.
    count = 0
    if 2 * len(body) + 1 > MAX_NODES:
        count = sum(1 for node in ast.walk(tree) if isinstance(node, ast.expr | ast.stmt))
    if count > MAX_NODES:
        raise ExpressionError(
            f"the expression is too complex ({count} parts; at most {MAX_NODES}): split it", 0
        )
    if len(tree.body) != 1:
        second = tree.body[1]
        raise ExpressionError("write one expression, not several", shift + second.col_offset)
    return tree.body[0], body, shift


_VARIES: Any = object()  # the `const` of a node whose value is known only at run time


@dataclass(frozen=True, slots=True)
class _Typed:
    """A compiled node: its type, its closure and what the next node up may specialise on."""

    kind: str  # 'int', 'bool', 'enum' or 'text'
    fn: _Fn
    node: ast.AST
    const: Any = _VARIES
    var: str | None = None
    values: tuple[str, ...] = ()  # an enum variable's values


def _constant(kind: str, value: Value, node: ast.AST) -> _Typed:
    return _Typed(kind, lambda s: value, node, const=value)


def _a(kind: str) -> str:
    return {"int": "an int", "enum": "an enum"}.get(kind, f"a {kind}" if kind == "bool" else kind)


def _base(kind: str) -> str:
    return "str" if kind in ("enum", "text") else kind


class _Compiler:
    """Walks one parsed expression against the whitelist, building closures bottom-up."""

    def __init__(self, text: str, symbols: SymbolTable) -> None:
        self.text = text
        self.symbols = symbols
        self.statement, self.body, self.shift = _parse(text)
        self.raw = self.body.encode()
        self.ascii = self.body.isascii()

    # Positions: the parser counts UTF-8 bytes from the stripped text; authors count characters.
    def _char(self, column: int) -> int:
        if self.ascii:
            return self.shift + column
        return self.shift + len(self.raw[:column].decode("utf-8", "ignore"))

    def offset(self, node: ast.AST) -> int | None:
        column = getattr(node, "col_offset", None)
        return None if column is None else self._char(column)

    def offset_between(self, left: ast.AST, right: ast.AST, symbol: str) -> int | None:
        start, stop = getattr(left, "end_col_offset", None), self.offset(right)
        if start is None or stop is None:
            return stop
        start = self._char(start)
        found = self.text.find(symbol, start, stop)
        return found if found >= 0 else start

    def error(self, message: str, node: ast.AST, suggestion: str | None = None) -> ExpressionError:
        return ExpressionError(message, self.offset(node), suggestion)

    def not_allowed(
        self, node: ast.AST, what: str = "", suggestion: str | None = None, at: int | None = None
    ) -> ExpressionError:
        what = what or _NAMED.get(type(node), f"'{type(node).__name__.lower()}'")
        offset = at if at is not None else self.offset(node)
        return ExpressionError(f"{what} is not allowed in an expression", offset, suggestion)

    def describe(self, typed: _Typed) -> str:
        segment = ast.get_source_segment(self.body, typed.node) or "?"
        if len(segment) > 40:
            segment = segment[:37] + "..."
        quoted = segment if segment[0] in "'\"" else f"'{segment}'"
        return f"{quoted} is {_a(typed.kind)}"

    def expr(self, node: ast.expr) -> _Typed:
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.BoolOp):
            return self.boolean(node)
        if isinstance(node, ast.UnaryOp):
            return self.unary(node)
        if isinstance(node, ast.BinOp):
            return self.arithmetic(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        if isinstance(node, ast.Attribute):
            end = getattr(node.value, "end_col_offset", None)
            dot = self.text.find(".", self._char(end)) if end is not None else -1
            at = dot if dot >= 0 else self.offset(node)
            raise self.not_allowed(node, f"attribute access ('.{node.attr}')", at=at)
        raise self.not_allowed(node)

    def constant(self, node: ast.Constant) -> _Typed:
        value = node.value
        if isinstance(value, bool):
            return _constant("bool", value, node)
        if isinstance(value, int):
            return _constant("int", value, node)
        if isinstance(value, str):
            return _constant("text", value, node)
        kinds = {float: "a decimal number", complex: "an imaginary number", bytes: "bytes"}
        raise self.not_allowed(node, kinds.get(type(value), f"'{value!r}'"))

    def name(self, node: ast.Name) -> _Typed:
        name = node.id
        if name in _LITERALS:
            return _constant("bool", _LITERALS[name], node)
        spec = self.symbols.variables.get(name)
        if spec is not None:
            return _Typed(spec.type, lambda s: s.values[name], node, var=name, values=spec.values)
        if name in ("turn", "clock"):
            return _Typed("int", operator.attrgetter(name), node)
        if name in _FUNCTIONS:
            raise self.error(f"'{name}' is a function; call it like {_FUNCTIONS[name]}", node)
        known = [*self.symbols.variables, "turn", "clock"]
        raise self.error(f"unknown variable '{name}'", node, suggest(name, known))

    def require(self, typed: _Typed, kind: str, what: str) -> _Typed:
        if typed.kind != kind:
            raise self.error(f"{what}; {self.describe(typed)}", typed.node)
        return typed

    def boolean(self, node: ast.BoolOp) -> _Typed:
        word = "and" if isinstance(node.op, ast.And) else "or"
        parts = [self.require(self.expr(v), "bool", f"'{word}' needs true/false values")
                 for v in node.values]  # fmt: skip
        if all(part.const is not _VARIES for part in parts):
            folded = all(p.const for p in parts) if word == "and" else any(p.const for p in parts)
            return _constant("bool", folded, node)
        fn = parts[-1].fn
        for part in reversed(parts[:-1]):
            fn = _and(part.fn, fn) if word == "and" else _or(part.fn, fn)
        return _Typed("bool", fn, node)

    def unary(self, node: ast.UnaryOp) -> _Typed:
        if isinstance(node.op, ast.Not):
            operand = self.require(
                self.expr(node.operand), "bool", "'not' needs a true/false value"
            )
            if operand.const is not _VARIES:
                return _constant("bool", not operand.const, node)
            return _Typed("bool", _not(operand), node)
        if isinstance(node.op, ast.USub):
            operand = self.require(self.expr(node.operand), "int", "'-' needs an int")
            if operand.const is not _VARIES:
                return _constant("int", -operand.const, node)
            f = operand.fn
            return _Typed("int", lambda s: -f(s), node)
        symbol = "~" if isinstance(node.op, ast.Invert) else "+"
        raise self.not_allowed(node, f"unary '{symbol}'", _hint(symbol))

    def arithmetic(self, node: ast.BinOp) -> _Typed:
        symbol = _BINARY.get(type(node.op), "?")
        at = self.offset_between(node.left, node.right, symbol)
        if symbol not in _ARITHMETIC:
            raise self.not_allowed(node, f"'{symbol}'", _hint(symbol), at)
        left = self.require(self.expr(node.left), "int", f"'{symbol}' needs ints")
        right = self.require(self.expr(node.right), "int", f"'{symbol}' needs ints")
        if symbol == "//" and right.const is not _VARIES and right.const == 0:
            raise ExpressionError("division by zero", at)
        if left.const is not _VARIES and right.const is not _VARIES:
            return _constant("int", _ARITHMETIC[symbol](left.const, right.const), node)
        return _Typed("int", _arithmetic(symbol, left, right), node)

    def compare(self, node: ast.Compare) -> _Typed:
        left = self.expr(node.left)
        operands, fns = [left], list[_Fn]()
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            symbol = _COMPARE[type(op)]
            at = self.offset_between(left.node, right_node, symbol.split()[0])
            if type(op) not in _ORDER:
                raise self.not_allowed(node, f"'{symbol}'", _hint(symbol), at)
            right = self.expr(right_node)
            self.check_comparison(symbol, left, right, at)
            if left.const is not _VARIES and right.const is not _VARIES:
                if not _ORDER[type(op)](left.const, right.const):
                    return _constant("bool", False, node)
            else:
                fns.append(_compare(type(op), left, right))
            left = right
            operands.append(right)
        if not fns:
            return _constant("bool", True, node)
        if any(o.var is None and o.const is _VARIES for o in operands[1:-1]):
            return _Typed("bool", _chain(node.ops, operands), node)  # reads each operand once
        fn = fns[-1]
        for earlier in reversed(fns[:-1]):
            fn = _and(earlier, fn)
        return _Typed("bool", fn, node)

    def check_comparison(self, symbol: str, left: _Typed, right: _Typed, at: int | None) -> None:
        if _base(left.kind) != _base(right.kind):
            message = f"'{symbol}' compares values of one type; {self.describe(left)}"
            raise ExpressionError(f"{message} and {self.describe(right)}", at)
        if symbol not in ("==", "!=") and left.kind != "int":
            raise ExpressionError(f"'{symbol}' needs ints; {self.describe(left)}", at)
        for variable, other in ((left, right), (right, left)):
            if variable.kind == "enum" and other.const is not _VARIES:
                self.check_member(other.const, variable.var or "?", variable.values, other.node)

    def check_member(self, value: str, name: str, values: tuple[str, ...], node: ast.AST) -> None:
        if value not in values:
            listed = ", ".join(values)
            message = f"'{value}' is not a value of '{name}' (one of: {listed})"
            raise self.error(message, node, suggest(value, values))

    def call(self, node: ast.Call) -> _Typed:
        func = node.func
        if not isinstance(func, ast.Name):
            self.expr(func)  # names what is wrong inside, such as attribute access
            raise self.not_allowed(node, "calling a value")
        name, usage = func.id, _FUNCTIONS.get(func.id)
        if usage is None:
            raise ExpressionError(
                f"calling '{name}' is not allowed in an expression; "
                "the functions are delivered(), chose() and rolled()",
                self.offset(func),
                suggest(name, _FUNCTIONS),
            )
        arity = usage.count("'") // 2
        if node.keywords or len(node.args) != arity:
            raise self.error(f"{name}() takes {arity} quoted id(s): write {usage}", node)
        ids: list[str] = []
        for arg in node.args:
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                raise self.error(f"{name}() takes quoted ids: write {usage}", arg)
            ids.append(arg.value)
        if name == "delivered":
            inject = ids[0]
            if inject not in self.symbols.injects:
                known = self.symbols.injects
                raise self.error(f"unknown inject '{inject}'", node.args[0], suggest(inject, known))
            return _Typed("bool", lambda s: inject in s.delivered, node)
        decision, choice = ids
        decisions, outcomes = self.symbols.decisions, self.symbols.outcomes
        if decision not in decisions and decision not in outcomes:
            known_ids = {*decisions, *outcomes}
            message = f"unknown decision '{decision}'"
            raise self.error(message, node.args[0], suggest(decision, known_ids))
        what, known = ("option", decisions.get(decision, frozenset()))
        if name == "rolled":
            what, known = ("outcome", outcomes.get(decision, frozenset()))
            if not known:
                message = f"decision '{decision}' has no adjudication table, so nothing is rolled"
                raise self.error(message, node.args[0])
        if choice not in known:
            message = f"decision '{decision}' has no {what} '{choice}'"
            raise self.error(message, node.args[1], suggest(choice, known))
        key = (decision, choice)
        if name == "chose":
            return _Typed("bool", lambda s: key in s.chosen, node)
        return _Typed("bool", lambda s: key in s.rolled, node)

    def effect(self, target_node: ast.Name, symbol: str, value_node: ast.expr) -> Effect:
        target = target_node.id
        spec = self.symbols.variables.get(target)
        if spec is None:
            if target in ("turn", "clock"):
                raise self.error(f"'{target}' is kept by the engine and cannot be set", target_node)
            known = self.symbols.variables
            raise self.error(f"unknown variable '{target}'", target_node, suggest(target, known))
        kind = spec.type
        if symbol != "=" and kind != "int":
            message = f"'{symbol}' needs an int variable; '{target}' is {_a(kind)}"
            raise self.error(message, target_node)
        value = self.expr(value_node)
        if _base(value.kind) != _base(kind):
            message = f"'{target}' is {_a(kind)} variable; {self.describe(value)}"
            raise self.error(message, value_node)
        if kind == "enum" and value.const is not _VARIES:
            self.check_member(value.const, target, spec.values, value_node)
        elif kind == "enum" and not (value.kind == "enum" and set(value.values) <= {*spec.values}):
            message = f"'{target}' takes only its own values; {self.describe(value)}"
            raise self.error(f"{message} and may hold others", value_node)
        delta: int | None = None
        if symbol != "=" and value.const is not _VARIES:
            delta = value.const if symbol == "+=" else -value.const
        if kind == "int":
            compute = _clamped(_int_value(target, symbol, value), spec.minimum, spec.maximum)
        elif value.const is not _VARIES:
            compute = _constant(kind, value.const, value_node).fn
        else:
            compute = value.fn
        return Effect(target, symbol, self.text, compute, delta)


# --- closure factories: each returns a closure specialised for one shape of node ----------


def _hint(symbol: str) -> str | None:
    hint = _HINTS.get(symbol)
    return f"did you mean {hint}?" if hint else None


def _floor_divide(a: int, b: int) -> int:
    return a // b if b else 0  # a divisor that is 0 at run time gives 0, not a crash


_ARITHMETIC: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "//": _floor_divide,
}  # fmt: skip
_ORDER: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt,
    ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
}  # fmt: skip
_FLIPPED: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Eq: ast.Eq, ast.NotEq: ast.NotEq, ast.Lt: ast.Gt,
    ast.LtE: ast.GtE, ast.Gt: ast.Lt, ast.GtE: ast.LtE,
}  # fmt: skip


def _and(f: _Fn, g: _Fn) -> _Fn:
    return lambda s: f(s) and g(s)


def _or(f: _Fn, g: _Fn) -> _Fn:
    return lambda s: f(s) or g(s)


def _not(operand: _Typed) -> _Fn:
    name, f = operand.var, operand.fn
    if name is not None:
        return lambda s: not s.values[name]
    return lambda s: not f(s)


def _arithmetic(symbol: str, left: _Typed, right: _Typed) -> _Fn:
    f, g = left.fn, right.fn
    if right.const is not _VARIES:
        c = right.const
        if symbol == "+":
            return lambda s: f(s) + c
        if symbol == "-":
            return lambda s: f(s) - c
        if symbol == "*":
            return lambda s: f(s) * c
        return lambda s: f(s) // c  # c is not 0: checked by the caller
    op = _ARITHMETIC[symbol]
    return lambda s: op(f(s), g(s))


def _compare(op: type[ast.cmpop], left: _Typed, right: _Typed) -> _Fn:
    if left.const is not _VARIES:
        op, left, right = _FLIPPED[op], right, left
    if right.const is _VARIES:
        compare, f, g = _ORDER[op], left.fn, right.fn
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


def _chain(ops: list[ast.cmpop], operands: list[_Typed]) -> _Fn:
    first = operands[0].fn
    links = tuple((_ORDER[type(op)], o.fn) for op, o in zip(ops, operands[1:], strict=True))
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


def _int_value(target: str, symbol: str, value: _Typed) -> _Fn:
    """The unclamped new value of an int variable."""
    if symbol == "=":
        return value.fn
    if value.const is not _VARIES:
        delta = value.const if symbol == "+=" else -value.const
        return lambda s: s.values[target] + delta
    f = value.fn
    if symbol == "+=":
        return lambda s: s.values[target] + f(s)
    return lambda s: s.values[target] - f(s)


def _clamped(f: _Fn, low: int | None, high: int | None) -> _Fn:
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
