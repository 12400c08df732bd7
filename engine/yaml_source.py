"""Safe, bounded YAML reading that keeps the line and column of every node.

PyYAML composes the node tree (with libyaml when it is installed); the plain Python data is
built here, so that every node's position is kept, duplicate keys and foreign tags are caught,
aliases cannot blow up memory, and plain scalars follow YAML 1.2's core schema: `12:30` and
`2020-04-01` stay text, and `no` (false to YAML 1.1 tools) is reported rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from engine.problems import Position, Problem

MAX_BYTES = 16 * 1024 * 1024
"""The largest file read, checked before parsing."""
MAX_NODES = 100_000
"""The most values built from one file, counting every expansion of an alias."""
MAX_DEPTH = 64
"""The deepest nesting of mappings and lists."""

Loc = tuple[str | int, ...]

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_PLAIN = "!wargame/plain"  # our own tag for untagged plain scalars: we resolve them ourselves
_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "bool", "null", "seq", "map")}
_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+(\.[0-9]*)?[eE][-+]?[0-9]+)$")
_NULLS = {"", "~", "null"}
_YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n"}


class _Loader(_BaseLoader):  # type: ignore[misc]
    """PyYAML's safe loader, with implicit resolution of plain scalars left to us."""

    def resolve(self, kind: type[Node], value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode and implicit[0]:
            return _PLAIN
        return str(super().resolve(kind, value, implicit))


@dataclass
class SourceMap:
    """Where each value of a document came from, keyed by its path (str keys, int indices)."""

    nodes: dict[Loc, Position] = field(default_factory=dict)
    """The position of each value."""
    keys: dict[Loc, Position] = field(default_factory=dict)
    """The position of each mapping key, by the path of its value."""
    texts: dict[Loc, Position] = field(default_factory=dict)
    """For one-line scalars written without escapes: where their first character is."""
    flagged: set[Loc] = field(default_factory=set)
    """Paths already reported as problems while reading (later checks stay quiet on them)."""

    def position_of(self, loc: Loc) -> Position | None:
        """The position of the value at `loc`, or of its nearest known ancestor."""
        for end in range(len(loc), -1, -1):
            found = self.nodes.get(loc[:end])
            if found is not None:
                return found
        return None

    def key_position_of(self, loc: Loc) -> Position | None:
        """The position of the key naming `loc`, else of the nearest known value."""
        return self.keys.get(loc) or self.position_of(loc)

    def text_position(self, loc: Loc, offset: int | None) -> Position | None:
        """The position of character `offset` of the scalar at `loc`, when it can be known."""
        start = self.texts.get(loc)
        if start is not None and offset is not None:
            return Position(start.file, start.line, start.column + offset)
        return self.position_of(loc)

    def is_flagged(self, loc: Loc) -> bool:
        """Whether `loc` or one of its ancestors was already reported."""
        return any(loc[:end] in self.flagged for end in range(len(loc) + 1))

    def merged(self, other: SourceMap, shift: dict[str, int], sections: list[str]) -> None:
        """Add an included file's `sections`, moving their items past the items already here."""

        def moved(loc: Loc) -> Loc:
            if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
                return (loc[0], loc[1] + shift.get(loc[0], 0), *loc[2:])
            return loc

        for mine, theirs in (
            (self.nodes, other.nodes),
            (self.keys, other.keys),
            (self.texts, other.texts),
        ):
            for loc, position in theirs.items():
                if loc and loc[0] in sections:
                    mine.setdefault(moved(loc), position)
        self.flagged.update(moved(loc) for loc in other.flagged if loc and loc[0] in sections)


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


def read_yaml(path: Path, display: str) -> YamlDocument:
    """Read a YAML file into plain data, keeping positions; `display` names it in problems."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return _failed(
                Problem(f"the file is {size:,} bytes; the limit is {MAX_BYTES:,}", display)
            )
        raw = path.read_bytes()
    except OSError as error:
        return _failed(Problem(f"cannot read the file: {error.strerror}", display))
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
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = f"YAML syntax error: {error.problem or error.context}"
        if error.problem and error.context and error.context_mark is not None:
            message += f", {error.context} at line {error.context_mark.line + 1}"
        if mark is None:
            return _failed(Problem(message, display))
        return _failed(Problem(message, display, mark.line + 1, mark.column + 1))
    except yaml.YAMLError as error:
        return _failed(Problem(f"YAML syntax error: {error}", display))
    if root is None:
        return _failed(Problem("the file is empty", display))
    builder = _Builder(display)
    try:
        data = builder.build(root, ())
    except _TooBig as error:
        return _failed(Problem.at(builder.at(error.node), str(error)))
    except RecursionError:
        return _failed(Problem(f"the file nests deeper than {MAX_DEPTH} levels", display))
    if not isinstance(data, dict):
        builder.problems.append(
            Problem.at(
                builder.at(root),
                "the top level must be a mapping of keys, such as 'format: 1'",
            )
        )
        data = None
    return YamlDocument(data, builder.source_map, builder.problems)


def _failed(problem: Problem) -> YamlDocument:
    return YamlDocument(None, SourceMap(), [problem])


class _Builder:
    """Turns a composed node tree into plain data, recording positions and problems."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.count = 0
        self.source_map = SourceMap()
        self.problems: list[Problem] = []

    def at(self, node: Node) -> Position:
        return Position(self.display, node.start_mark.line + 1, node.start_mark.column + 1)

    def report(self, loc: Loc, node: Node, message: str, suggestion: str | None = None) -> None:
        self.problems.append(Problem.at(self.at(node), message, suggestion=suggestion))
        self.source_map.flagged.add(loc)

    def build(self, node: Node, loc: Loc) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig(
                f"the file expands to more than {MAX_NODES:,} values"
                " (aliases repeated too often, as in a 'billion laughs' file)",
                node,
            )
        if len(loc) > MAX_DEPTH:
            raise _TooBig(f"the file nests deeper than {MAX_DEPTH} levels", node)
        self.source_map.nodes.setdefault(loc, self.at(node))
        if node.tag not in _ALLOWED_TAGS and node.tag != _PLAIN:
            self.report(loc, node, f"tag '{_short(node.tag)}' is not allowed")
            return None
        if isinstance(node, MappingNode):
            return self.mapping(node, loc)
        if isinstance(node, SequenceNode):
            if node.tag != f"{_TAG}seq":
                self.report(loc, node, f"tag '{_short(node.tag)}' cannot mark a list")
                return None
            return [self.build(item, (*loc, index)) for index, item in enumerate(node.value)]
        return self.scalar(node, loc)

    def mapping(self, node: MappingNode, loc: Loc) -> Any:
        if node.tag != f"{_TAG}map":
            self.report(loc, node, f"tag '{_short(node.tag)}' cannot mark a mapping")
            return None
        result: dict[str, Any] = {}
        seen: dict[str, Position] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.report(loc, key_node, "a key must be a plain name, not a list or mapping")
                continue
            key = str(key_node.value)
            if key_node.tag == f"{_TAG}merge" or (key == "<<" and not key_node.style):
                self.report(
                    loc, key_node, "merge keys ('<<') are not supported; write the keys out"
                )
                continue
            child = (*loc, key)
            if key in seen:
                first = seen[key].line
                self.report(child, key_node, f"duplicate key '{key}' (first at line {first})")
                continue
            seen[key] = self.at(key_node)
            self.source_map.keys.setdefault(child, seen[key])
            result[key] = self.build(value_node, child)
        return result

    def scalar(self, node: Node, loc: Loc) -> Any:
        assert isinstance(node, ScalarNode)
        value = str(node.value)
        self.note_text(node, loc, value)
        if node.tag == _PLAIN:
            return self.plain(node, loc, value)
        kind = node.tag.removeprefix(_TAG)
        if kind == "str":
            return value
        if kind == "int" and _INT.match(value):
            return int(value)
        if kind == "bool" and value.lower() in ("true", "false"):
            return value.lower() == "true"
        if kind == "null" and value.lower() in _NULLS:
            return None
        self.report(loc, node, f"'{value}' is not a valid !!{kind}")
        return value

    def plain(self, node: ScalarNode, loc: Loc, value: str) -> Any:
        lowered = value.lower()
        if lowered in _NULLS:
            return None
        if lowered in ("true", "false"):
            return lowered == "true"
        if _INT.match(value):
            return int(value)
        if _FLOAT.match(value):
            return float(value)
        if lowered in _YAML11_BOOLS:
            self.report(
                loc,
                node,
                f"'{value}' is read as true/false by YAML 1.1 tools; quote it ('{value}')"
                " if you mean text, or write true/false",
            )
        return value

    def note_text(self, node: ScalarNode, loc: Loc, value: str) -> None:
        """Record where the text starts when source columns match its characters one to one."""
        start, end = node.start_mark, node.end_mark
        plain = not node.style  # libyaml says '' for plain, PyYAML None
        if start.line != end.line or not (plain or node.style in ("'", '"')):
            return
        quote = 0 if plain else 1
        if end.column - start.column - 2 * quote == len(value):
            self.source_map.texts[loc] = Position(
                self.display, start.line + 1, start.column + 1 + quote
            )


def _short(tag: str) -> str:
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag
