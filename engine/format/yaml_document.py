"""Safe, bounded YAML reading: a file's bytes to plain data, every problem with its place.

PyYAML composes the node tree (with libyaml when it is installed); the plain Python data is
built here, so that duplicate keys and foreign tags are caught, aliases cannot blow up memory,
and plain scalars follow YAML 1.2's core schema: `12:30` and `2020-04-01` stay text, and `no`
(false to YAML 1.1 tools) is reported rather than guessed. Positions are left to the
`SourceMap` (`engine.format.source_map`), which finds them only when a problem asks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from engine.bounds import MAX_MAGNITUDE, RANGE, out_of_range
from engine.format.problems import Position, Problem, Severity
from engine.format.source_map import SourceFile, SourceMap
from engine.format.yaml_loader import (
    ALLOWED_TAGS,
    BYTES_PER_VALUE,
    MAP,
    MAX_BYTES,
    MAX_DEPTH,
    MAX_NODES,
    PLAIN,
    SEQ,
    STR,
    TAG,
    Loader,
    Loc,
    is_merge,
)
from engine.regular_file import Unreadable, read_regular

_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+(\.[0-9]*)?[eE][-+]?[0-9]+)$")
_NUMBER_START = frozenset("0123456789+-.")
_HASHTAG_COMMENT = re.compile(r"[ \t]+(#[^\s#]\S*)")
"""A comment right after a plain text that starts like a hashtag (`#militarytiktok`)."""
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_WORDS: dict[str, bool | None] = {**dict.fromkeys(_NULLS), **_BOOLS}
"""Plain scalars that are not text, exactly as YAML 1.2's core schema spells them (`truE` is
text); none is longer than 5 characters."""
_YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n"}
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ufffe\uffff]")
"""Characters YAML refuses in a file (tab, newline and carriage return are allowed)."""
_SURROGATE = re.compile("[\ud800-\udfff]")
"""Half of a UTF-16 pair: no UTF-8 file can hold one, but a `\\ud800` escape makes one."""
_MAX_DIGITS = len(str(MAX_MAGNITUDE))


@dataclass
class YamlDocument:
    """A file's data, where each part came from, and what was wrong with it."""

    data: Any
    """Plain Python data (dict, list, str, int, float, bool, None); None when unreadable."""
    source_map: SourceMap
    problems: list[Problem]


class _TooBig(Exception):
    """Building stopped: the document expands past a bound."""

    def __init__(self, message: str, node: Node) -> None:
        super().__init__(message)
        self.node = node


_SYNTAX_HINTS: tuple[tuple[str, str], ...] = (
    (
        "found character that cannot start any token\t",
        "YAML indents with spaces, never tabs: replace the tab here with spaces",
    ),
    (
        "mapping values are not allowed in this context",
        "a `key: value` where YAML did not expect one: check this line's indentation, or quote"
        " a value that contains ': '",
    ),
    (
        "did not find expected key",
        "look for an unclosed quote or bracket, or a line indented differently from its"
        " neighbours, from line {context} down",
    ),
    (
        "found unexpected end of stream",
        "a quote or bracket opened from line {context} on is never closed",
    ),
)
"""What PyYAML's syntax errors usually mean, in an author's words: its own text (followed by
the character it stopped at, for a tab), then ours; `{context}` is the line it names."""


def syntax_hint(error: yaml.MarkedYAMLError, text: str) -> str | None:
    """How to fix a YAML syntax error in `text`, when its words are ones PyYAML often gives."""
    mark, context = error.problem_mark, error.context_mark
    line = str(context.line + 1) if context is not None else "the line above"
    at = ""
    if mark is not None:
        lines = text.splitlines()
        if mark.line < len(lines) and mark.column < len(lines[mark.line]):
            at = lines[mark.line][mark.column]
    said = f"{error.problem or error.context or ''}{at}"
    for text, hint in _SYNTAX_HINTS:
        if said.startswith(text) or text in said:
            return hint.format(context=line)
    return None


def read_bytes(path: Path, display: str) -> bytes | Problem:
    """A file's bytes, or the problem that stops it being read (a regular file, bounded)."""
    try:
        return read_regular(path, MAX_BYTES)
    except Unreadable as error:
        return Problem(str(error), display)


def read_yaml(path: Path, display: str) -> YamlDocument:
    """Read a YAML file into plain data, keeping positions; `display` names it in problems."""
    raw = read_bytes(path, display)
    if isinstance(raw, Problem):
        return _failed(raw)
    return parse_yaml(raw, display)


def parse_yaml(raw: bytes, display: str) -> YamlDocument:
    """Parse YAML bytes into plain data, keeping positions; `display` names the file."""
    if len(raw) > MAX_BYTES:
        return _failed(
            Problem(f"the file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}", display)
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        return _failed(
            Problem(
                f"the file is not UTF-8 text (byte 0x{raw[error.start]:02x})",
                display,
                line,
                column,
                suggestion="save it as UTF-8",
            )
        )
    control = _CONTROL.search(text)
    if control is not None:
        return _failed(_control_character(text, control.start(), display))
    try:
        root = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = f"YAML syntax error: {error.problem or error.context}"
        if error.problem and error.context and error.context_mark is not None:
            message += f", {error.context} at line {error.context_mark.line + 1}"
        hint = syntax_hint(error, text)
        if mark is None:
            return _failed(Problem(message, display, suggestion=hint))
        return _failed(Problem(message, display, mark.line + 1, mark.column + 1, suggestion=hint))
    except yaml.YAMLError as error:
        return _failed(Problem(f"YAML syntax error: {error}", display))
    if root is None:
        return _failed(Problem("the file is empty", display))
    builder = _Builder(display, max(MAX_NODES, len(text) // BYTES_PER_VALUE), text)
    try:
        data = builder.build(root, (), None)
    except _TooBig as error:
        return _failed(Problem.at(builder.at(error.node), str(error)))
    except RecursionError:
        return _failed(Problem(f"the file nests deeper than {MAX_DEPTH} levels", display))
    if not isinstance(data, dict):
        builder.problems.append(
            Problem.at(
                builder.at(root), "the top level must be a mapping of keys, such as 'format: 1'"
            )
        )
        data = None
    source_map = SourceMap(builder.flagged, [SourceFile(text, display)])
    return YamlDocument(data, source_map, builder.problems)


def _control_character(text: str, index: int, display: str) -> Problem:
    """The problem of a control character in the text, at its line and column."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    code = ord(text[index])
    return Problem(
        f"the file holds the control character U+{code:04X}, which YAML does not allow",
        display,
        line,
        column,
        suggestion="delete it; in a double-quoted text an escape such as \\t is allowed",
    )


def _failed(problem: Problem) -> YamlDocument:
    return YamlDocument(None, SourceMap(), [problem])


class _Builder:
    """Turns a composed node tree into plain data; a problem takes its place from its node.

    The common case runs first: a plain or quoted scalar builds with no path made for it (a
    path is made only for a mapping or list that has children, or for a problem).
    """

    def __init__(self, display: str, limit: int, text: str) -> None:
        self.display = display
        self.limit = limit
        self.text = text
        self.count = 0
        self.flagged: set[Loc] = set()
        self.problems: list[Problem] = []

    def at(self, node: Node) -> Position:
        return Position(self.display, node.start_mark.line + 1, node.start_mark.column + 1)

    def report(self, loc: Loc, node: Node, message: str) -> None:
        self.problems.append(Problem.at(self.at(node), message))
        self.flagged.add(loc)

    def build(self, node: Node, parent: Loc, step: str | int | None) -> Any:
        """The data of `node`, the value at `(*parent, step)` (the root when step is None)."""
        self.count += 1
        if self.count > self.limit:
            raise _TooBig(
                f"the file expands to more than {self.limit:,} values"
                + (
                    " (aliases repeated too often, as in a 'billion laughs' file)"
                    if self.limit == MAX_NODES
                    else f" (at most one for every {BYTES_PER_VALUE} bytes of its text)"
                ),
                node,
            )
        if step is not None and len(parent) >= MAX_DEPTH:
            raise _TooBig(f"the file nests deeper than {MAX_DEPTH} levels", node)
        tag = node.tag
        if isinstance(node, ScalarNode):
            if tag == STR:
                if _SURROGATE.search(node.value):
                    self.report(_loc(parent, step), node, _SURROGATE_MESSAGE)
                return node.value
            if tag == PLAIN:
                return self.plain(node, parent, step)
            return self.tagged(node, _loc(parent, step))
        loc = _loc(parent, step)
        if tag not in ALLOWED_TAGS:
            self.report(loc, node, f"tag '{_short(tag)}' is not allowed")
            return None
        if isinstance(node, MappingNode):
            return self.mapping(node, loc)
        if tag != SEQ:
            self.report(loc, node, f"tag '{_short(tag)}' cannot mark a list")
            return None
        build = self.build
        return [build(item, loc, index) for index, item in enumerate(node.value)]

    def mapping(self, node: MappingNode, loc: Loc) -> Any:
        if node.tag != MAP:
            self.report(loc, node, f"tag '{_short(node.tag)}' cannot mark a mapping")
            return None
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.report(loc, key_node, "a key must be a plain name, not a list or mapping")
                continue
            key = str(key_node.value)
            if is_merge(key_node):
                self.report(
                    loc, key_node, "merge keys ('<<') are not supported; write the keys out"
                )
                continue
            if key in result:
                first = _first_line(node, key)
                self.report((*loc, key), key_node, f"duplicate key '{key}' (first at line {first})")
                continue
            result[key] = self.build(value_node, loc, key)
        return result

    def plain(self, node: ScalarNode, parent: Loc, step: str | int | None) -> Any:
        value: str = node.value
        end = node.end_mark
        hashtag = _HASHTAG_COMMENT.match(self.text, end.index)
        if hashtag is not None:
            self.warn_hashtag(node, value, hashtag)
        if value[:1] in _NUMBER_START:
            if _INT.match(value):
                return self.integer(value, node, _loc(parent, step))
            if _FLOAT.match(value):
                return self.real(value, node, _loc(parent, step))
            return value
        if len(value) > 5:  # longer than any of the words below
            return value
        if value in _WORDS:
            return _WORDS[value]
        if value.lower() in _YAML11_BOOLS:
            self.report(
                _loc(parent, step),
                node,
                f"'{value}' is read as true/false by YAML 1.1 tools; quote it ('{value}')"
                " if you mean text, or write true/false",
            )
        return value

    def integer(self, value: str, node: ScalarNode, loc: Loc) -> int:
        """A whole number, refused (as 0) outside the engine's range; a long literal is never
        converted (Python refuses to convert one of over 4,300 digits, and it costs time)."""
        digits = len(value.lstrip("+-"))
        number = int(value) if digits <= _MAX_DIGITS else None
        if number is None or out_of_range(number):
            self.report(loc, node, _number_message(value, digits))
            return 0
        return number

    def real(self, value: str, node: ScalarNode, loc: Loc) -> float:
        """A decimal number, refused (as 0.0) outside the engine's range."""
        number = float(value)
        if out_of_range(number):
            self.report(loc, node, _number_message(value, len(value)))
            return 0.0
        return number

    def warn_hashtag(self, node: ScalarNode, value: str, hashtag: re.Match[str]) -> None:
        """A hashtag after unquoted text is a YAML comment: the text silently stops before it."""
        end = node.end_mark
        column = end.column + hashtag.start(1) - end.index + 1
        kept = value if len(value) <= 30 else "…" + value[-29:]
        self.problems.append(
            Problem(
                f"'{hashtag.group(1)}' starts a YAML comment, so this text ends at '{kept}'",
                self.display,
                end.line + 1,
                column,
                severity=Severity.WARNING,
                suggestion="quote the whole text to keep the hashtag; if it is a comment, put a "
                "space after '#'",
            )
        )

    def tagged(self, node: ScalarNode, loc: Loc) -> Any:
        """A scalar with an explicit tag such as `!!int`."""
        value = str(node.value)
        if node.tag not in ALLOWED_TAGS:
            self.report(loc, node, f"tag '{_short(node.tag)}' is not allowed")
            return None
        kind = node.tag.removeprefix(TAG)
        if kind == "int" and _INT.match(value):
            return self.integer(value, node, loc)
        if kind == "bool" and value in _BOOLS:
            return _BOOLS[value]
        if kind == "null" and value in _NULLS:
            return None
        self.report(loc, node, f"'{value}' is not a valid !!{kind}")
        return value


_SURROGATE_MESSAGE = (
    "the text holds a lone UTF-16 surrogate (an escape such as \\ud800), which is not a"
    " character and cannot be saved; write the character itself"
)


def _number_message(value: str, length: int) -> str:
    shown = value if length <= 20 else f"{value[:12]}… ({length:,} digits)"
    return f"the number {shown} is outside the range the engine allows ({RANGE})"


def _loc(parent: Loc, step: str | int | None) -> Loc:
    return parent if step is None else (*parent, step)


def _first_line(node: MappingNode, key: str) -> int:
    """The line of the first occurrence of `key` among a mapping's keys."""
    for key_node, _ in node.value:
        if isinstance(key_node, ScalarNode) and not is_merge(key_node) and key_node.value == key:
            return int(key_node.start_mark.line) + 1
    return 0


def _short(tag: str) -> str:
    return "!!" + tag.removeprefix(TAG) if tag.startswith(TAG) else tag
