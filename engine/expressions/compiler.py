"""The compiler: a whitelisted walk over an expression's syntax tree, building closures.

`ast.parse` reads the text (never evaluated: no eval, exec or code objects); every node kind
not on the whitelist is refused with the author's words for it and where it is.
"""

from __future__ import annotations

import ast
import operator

from engine.bounds import RANGE, out_of_range
from engine.expressions.closures import (
    ARITHMETIC,
    ORDER,
    VARIES,
    Typed,
    and_,
    arithmetic,
    chain,
    clamped,
    compare_with,
    constant,
    int_value,
    not_,
    or_,
)
from engine.expressions.parts import (
    LITERALS,
    MAX_LENGTH,
    MAX_NODES,
    Effect,
    ExpressionError,
    Fn,
    SymbolTable,
    suggest,
)

_FUNCTIONS = {
    "delivered": "delivered('inject_id')",
    "chose": "chose('decision_id', 'option_id')",
    "rolled": "rolled('decision_id', 'outcome_id')",
}
BINARY = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.FloorDiv: "//", ast.Div: "/", ast.Mod: "%",
    ast.Pow: "**", ast.MatMult: "@", ast.LShift: "<<", ast.RShift: ">>", ast.BitOr: "|",
    ast.BitAnd: "&", ast.BitXor: "^",
}  # fmt: skip
_COMPARE = {
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in",
}  # fmt: skip
_TOO_LARGE = f"the number is outside the range the engine allows ({RANGE})"
_LOWEST_SURROGATE, _HIGHEST_SURROGATE = chr(0xD800), chr(0xDFFF)
"""The UTF-16 surrogates' range, written with `chr` (mypyc refuses lone surrogates in literals)."""
_SURROGATE = "the text holds a lone UTF-16 surrogate (such as '\\ud800'), which is not a character"
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


def parse_statement(text: str) -> tuple[ast.stmt, str, int]:
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


def _a(kind: str) -> str:
    return {"int": "an int", "enum": "an enum"}.get(kind, f"a {kind}" if kind == "bool" else kind)


def _base(kind: str) -> str:
    return "str" if kind in ("enum", "text") else kind


def _hint(symbol: str) -> str | None:
    hint = _HINTS.get(symbol)
    return f"did you mean {hint}?" if hint else None


class Compiler:
    """Walks one parsed expression against the whitelist, building closures bottom-up."""

    def __init__(self, text: str, symbols: SymbolTable) -> None:
        self.text = text
        self.symbols = symbols
        self.statement, self.body, self.shift = parse_statement(text)
        self.raw = self.body.encode()
        self.ascii = self.body.isascii()

    # Positions: the parser counts UTF-8 bytes from the stripped text; authors count characters.
    def _char(self, column: int) -> int:
        if self.ascii:
            return self.shift + column
        return self.shift + len(self.raw[:column].decode("utf-8", "ignore"))

    def offset(self, node: ast.AST) -> int | None:
        """Where `node` starts in the author's text, in characters (None: it has no position)."""
        column = getattr(node, "col_offset", None)
        return None if column is None else self._char(column)

    def offset_between(self, left: ast.AST, right: ast.AST, symbol: str) -> int | None:
        """Where `symbol` stands between `left` and `right`, else just after `left`."""
        start, stop = getattr(left, "end_col_offset", None), self.offset(right)
        if start is None or stop is None:
            return stop
        start = self._char(start)
        found = self.text.find(symbol, start, stop)
        return found if found >= 0 else start

    def error(self, message: str, node: ast.AST, suggestion: str | None = None) -> ExpressionError:
        """An `ExpressionError` placed at `node`."""
        return ExpressionError(message, self.offset(node), suggestion)

    def not_allowed(
        self, node: ast.AST, what: str = "", suggestion: str | None = None, at: int | None = None
    ) -> ExpressionError:
        """The error for a construct outside the whitelist, named in the author's words."""
        what = what or _NAMED.get(type(node), f"'{type(node).__name__.lower()}'")
        offset = at if at is not None else self.offset(node)
        return ExpressionError(f"{what} is not allowed in an expression", offset, suggestion)

    def describe(self, typed: Typed) -> str:
        """`'text' is a kind`, for messages: the node's text (cut at 40 characters) and its type."""
        segment = ast.get_source_segment(self.body, typed.node) or "?"
        if len(segment) > 40:
            segment = segment[:37] + "..."
        quoted = segment if segment[0] in "'\"" else f"'{segment}'"
        return f"{quoted} is {_a(typed.kind)}"

    def expr(self, node: ast.expr) -> Typed:
        """Compile any expression node, by its kind (what is not whitelisted is refused)."""
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

    def constant(self, node: ast.Constant) -> Typed:
        """A literal: a bool, an int in range, or a string; other constants are refused."""
        value = node.value
        if isinstance(value, bool):
            return constant("bool", value, node)
        if isinstance(value, int):
            if out_of_range(value):
                raise self.error(_TOO_LARGE, node)
            return constant("int", value, node)
        if isinstance(value, str):
            if any(_LOWEST_SURROGATE <= char <= _HIGHEST_SURROGATE for char in value):
                raise self.error(_SURROGATE, node, "write the character itself")
            return constant("text", value, node)
        kinds = {float: "a decimal number", complex: "an imaginary number", bytes: "bytes"}
        raise self.not_allowed(node, kinds.get(type(value), f"'{value!r}'"))

    def name(self, node: ast.Name) -> Typed:
        """A name: `true`/`false`, a variable, `turn` or `clock`; else an error that says why."""
        name = node.id
        if name in LITERALS:
            return constant("bool", LITERALS[name], node)
        spec = self.symbols.variables.get(name)
        if spec is not None:
            return Typed(spec.type, lambda s: s.values[name], node, var=name, values=spec.values)
        if name in ("turn", "clock"):
            return Typed("int", operator.attrgetter(name), node)
        if name in _FUNCTIONS:
            raise self.error(f"'{name}' is a function; call it like {_FUNCTIONS[name]}", node)
        owners = [var for var, spec in self.symbols.variables.items() if name in spec.values]
        if owners:
            raise self.error(
                f"'{name}' is a value of {' and '.join(f'`{o}`' for o in owners)}, not a variable",
                node,
                f"quote it: '{name}'",
            )
        known = [*self.symbols.variables, "turn", "clock"]
        raise self.error(f"unknown variable '{name}'", node, suggest(name, known))

    def require(self, typed: Typed, kind: str, what: str) -> Typed:
        """`typed` itself when it is of `kind`, else an error that says `what` and what it got."""
        if typed.kind != kind:
            raise self.error(f"{what}; {self.describe(typed)}", typed.node)
        return typed

    def boolean(self, node: ast.BoolOp) -> Typed:
        """`and`/`or` over true/false values, folded when every part is a constant."""
        word = "and" if isinstance(node.op, ast.And) else "or"
        parts = [self.require(self.expr(v), "bool", f"'{word}' needs true/false values")
                 for v in node.values]  # fmt: skip
        if all(part.const is not VARIES for part in parts):
            folded = all(p.const for p in parts) if word == "and" else any(p.const for p in parts)
            return constant("bool", folded, node)
        fn = parts[-1].fn
        for part in reversed(parts[:-1]):
            fn = and_(part.fn, fn) if word == "and" else or_(part.fn, fn)
        return Typed("bool", fn, node)

    def unary(self, node: ast.UnaryOp) -> Typed:
        """`not` on a true/false value or `-` on an int (folded on a constant); `~`, `+` refused."""
        if isinstance(node.op, ast.Not):
            operand = self.require(
                self.expr(node.operand), "bool", "'not' needs a true/false value"
            )
            if operand.const is not VARIES:
                return constant("bool", not operand.const, node)
            return Typed("bool", not_(operand), node)
        if isinstance(node.op, ast.USub):
            operand = self.require(self.expr(node.operand), "int", "'-' needs an int")
            if operand.const is not VARIES:
                return constant("int", -operand.const, node)
            f = operand.fn
            return Typed("int", lambda s: -f(s), node)
        symbol = "~" if isinstance(node.op, ast.Invert) else "+"
        raise self.not_allowed(node, f"unary '{symbol}'", _hint(symbol))

    def arithmetic(self, node: ast.BinOp) -> Typed:
        """`+`, `-`, `*` or `//` on ints; other operators are refused with a hint."""
        symbol = BINARY.get(type(node.op), "?")
        at = self.offset_between(node.left, node.right, symbol)
        if symbol not in ARITHMETIC:
            raise self.not_allowed(node, f"'{symbol}'", _hint(symbol), at)
        left = self.require(self.expr(node.left), "int", f"'{symbol}' needs ints")
        right = self.require(self.expr(node.right), "int", f"'{symbol}' needs ints")
        if symbol == "//" and right.const is not VARIES and right.const == 0:
            raise ExpressionError("division by zero", at)
        if left.const is not VARIES and right.const is not VARIES:
            folded = ARITHMETIC[symbol](left.const, right.const)
            if out_of_range(folded):
                raise self.error(_TOO_LARGE, node)
            return constant("int", folded, node)
        return Typed("int", arithmetic(symbol, left, right), node)

    def compare(self, node: ast.Compare) -> Typed:
        """A comparison, chained or not, each pair checked for its types and enum values."""
        left = self.expr(node.left)
        operands, fns = [left], list[Fn]()
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            symbol = _COMPARE[type(op)]
            at = self.offset_between(left.node, right_node, symbol.split()[0])
            if type(op) not in ORDER:
                raise self.not_allowed(node, f"'{symbol}'", _hint(symbol), at)
            right = self.expr(right_node)
            self.check_comparison(symbol, left, right, at)
            if left.const is not VARIES and right.const is not VARIES:
                if not ORDER[type(op)](left.const, right.const):
                    return constant("bool", False, node)
            else:
                fns.append(compare_with(type(op), left, right))
            left = right
            operands.append(right)
        if not fns:
            return constant("bool", True, node)
        if any(o.var is None and o.const is VARIES for o in operands[1:-1]):
            return Typed("bool", chain(node.ops, operands), node)  # reads each operand once
        fn = fns[-1]
        for earlier in reversed(fns[:-1]):
            fn = and_(earlier, fn)
        return Typed("bool", fn, node)

    def check_comparison(self, symbol: str, left: Typed, right: Typed, at: int | None) -> None:
        """Refuse a comparison across types, an order on non-ints, or an enum's unknown value."""
        if _base(left.kind) != _base(right.kind):
            message = f"'{symbol}' compares values of one type; {self.describe(left)}"
            raise ExpressionError(f"{message} and {self.describe(right)}", at)
        if symbol not in ("==", "!=") and left.kind != "int":
            raise ExpressionError(f"'{symbol}' needs ints; {self.describe(left)}", at)
        for variable, other in ((left, right), (right, left)):
            if variable.kind == "enum" and other.const is not VARIES:
                self.check_member(other.const, variable.var or "?", variable.values, other.node)

    def check_member(self, value: str, name: str, values: tuple[str, ...], node: ast.AST) -> None:
        """Refuse `value` when enum variable `name` lacks it, suggesting the closest."""
        if value not in values:
            listed = ", ".join(values)
            message = f"'{value}' is not a value of '{name}' (one of: {listed})"
            raise self.error(message, node, suggest(value, values))

    def call(self, node: ast.Call) -> Typed:
        """A call of `delivered`, `chose` or `rolled`, its quoted ids checked."""
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
            return Typed("bool", lambda s: inject in s.delivered, node)
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
            return Typed("bool", lambda s: key in s.chosen, node)
        return Typed("bool", lambda s: key in s.rolled, node)

    def effect(self, target_node: ast.Name, symbol: str, value_node: ast.expr) -> Effect:
        """An effect `target = value` (`+=`, `-=` on an int), checked against the variable."""
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
        if kind == "enum" and value.const is not VARIES:
            self.check_member(value.const, target, spec.values, value_node)
        elif kind == "enum" and not (value.kind == "enum" and set(value.values) <= {*spec.values}):
            message = f"'{target}' takes only its own values; {self.describe(value)}"
            raise self.error(f"{message} and may hold others", value_node)
        delta: int | None = None
        if symbol != "=" and value.const is not VARIES:
            delta = value.const if symbol == "+=" else -value.const
        if kind == "int":
            compute = clamped(int_value(target, symbol, value), spec.minimum, spec.maximum)
        elif value.const is not VARIES:
            compute = constant(kind, value.const, value_node).fn
        else:
            compute = value.fn
        return Effect(target, symbol, self.text, compute, delta)
