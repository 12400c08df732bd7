"""Safe, bounded YAML reading that keeps the line and column of every node.

PyYAML composes the node tree (with libyaml when it is installed); the plain Python data is
built here, so that duplicate keys and foreign tags are caught, aliases cannot blow up memory,
and plain scalars follow YAML 1.2's core schema: `12:30` and `2020-04-01` stay text, and `no`
(false to YAML 1.1 tools) is reported rather than guessed.

Positions cost as much to record as the data costs to build, and a valid scenario never
needs them: the `SourceMap` keeps each file's text and finds positions the first time a
problem asks for one (by composing the text again), so the fast path records none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from engine.problems import Position, Problem, Severity

MAX_BYTES = 16 * 1024 * 1024
"""The largest file read, checked before parsing."""
MAX_NODES = 100_000
"""The most values built from one small file, counting every expansion of an alias. A larger
file may hold one value per two bytes of its text: what it could hold written out, with no
alias, so the bound stops alias bombs without refusing big honest files."""
MAX_DEPTH = 64
"""The deepest nesting of mappings and lists."""

Loc = tuple[str | int, ...]

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_PLAIN = "!wargame/plain"  # our own tag for untagged plain scalars: we resolve them ourselves
_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ, _MERGE = (f"{_TAG}{name}" for name in ("str", "map", "seq", "merge"))
_ALLOWED_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "bool", "null", "seq", "map")}
_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+(\.[0-9]*)?[eE][-+]?[0-9]+)$")
_NUMBER_START = frozenset("0123456789+-.")
_HASHTAG_COMMENT = re.compile(r"[ \t]+(#[^\s#]\S*)")
"""A comment right after a plain text that starts like a hashtag (`#militarytiktok`)."""
_NULLS = {"", "~", "null"}
_WORDS: dict[str, bool | None] = {"": None, "~": None, "null": None, "true": True, "false": False}
"""Plain scalars (lower-cased) that are not text; none is longer than 5 characters."""
_YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n"}


class _Loader(_BaseLoader):  # type: ignore[misc]
    """PyYAML's safe loader, with implicit resolution of plain scalars left to us."""

    def resolve(self, kind: type[Node], value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode and implicit[0]:
            return _PLAIN
        return str(super().resolve(kind, value, implicit))


@dataclass(frozen=True)
class _Part:
    """One file behind a source map, and where its items land in the merged data."""

    text: str
    display: str
    shift: dict[str, int] | None = None
    """For an included file: how many items of each section come before its own."""
    sections: tuple[str, ...] = ()
    """For an included file: the sections taken from it."""


@dataclass
class SourceMap:
    """Where each value of a document came from, keyed by its path (str keys, int indices).

    Built lazily: the first lookup composes the files again and records every position.
    """

    flagged: set[Loc] = field(default_factory=set)
    """Paths already reported as problems while reading (later checks stay quiet on them)."""
    parts: list[_Part] = field(default_factory=list, repr=False)
    _index: _Index | None = field(default=None, repr=False)

    @classmethod
    def of(cls, text: str, display: str) -> SourceMap:
        """The source map of one file's text."""
        return cls(parts=[_Part(text, display)])

    @property
    def nodes(self) -> dict[Loc, Position]:
        """The position of each value."""
        return self._built().nodes

    @property
    def keys(self) -> dict[Loc, Position]:
        """The position of each mapping key, by the path of its value."""
        return self._built().keys

    @property
    def texts(self) -> dict[Loc, Position]:
        """For one-line scalars written without escapes: where their first character is."""
        return self._built().texts

    def position_of(self, loc: Loc) -> Position | None:
        """The position of the value at `loc`, or of its nearest known ancestor."""
        nodes = self.nodes
        for end in range(len(loc), -1, -1):
            found = nodes.get(loc[:end])
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
        flagged = self.flagged
        return bool(flagged) and any(loc[:end] in flagged for end in range(len(loc) + 1))

    def merged(self, other: SourceMap, shift: dict[str, int], sections: list[str]) -> None:
        """Add an included file's `sections`, moving their items past the items already here."""
        self.parts += [_Part(p.text, p.display, dict(shift), tuple(sections)) for p in other.parts]
        self.flagged.update(
            _moved(loc, shift) for loc in other.flagged if loc and loc[0] in sections
        )
        self._index = None

    def _built(self) -> _Index:
        if self._index is None:
            index = _Index()
            for part in self.parts:
                index.add(part)
            self._index = index
        return self._index


def _moved(loc: Loc, shift: dict[str, int]) -> Loc:
    if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
        return (loc[0], loc[1] + shift.get(loc[0], 0), *loc[2:])
    return loc


@dataclass
class _Index:
    """Every position of the files of a source map (the first file's win where they meet)."""

    nodes: dict[Loc, Position] = field(default_factory=dict)
    keys: dict[Loc, Position] = field(default_factory=dict)
    texts: dict[Loc, Position] = field(default_factory=dict)

    def add(self, part: _Part) -> None:
        try:
            root = yaml.compose(part.text, Loader=_Loader)
        except yaml.YAMLError:
            return  # reported when the file was read
        if root is None:
            return
        walk = _Positions(part.display)
        walk.node(root, ())
        shift = part.shift
        for mine, theirs in ((self.nodes, walk.nodes), (self.keys, walk.keys),
                             (self.texts, walk.texts)):  # fmt: skip
            if shift is None:
                for loc, position in theirs.items():
                    mine.setdefault(loc, position)
                continue
            for loc, position in theirs.items():
                if loc and loc[0] in part.sections:
                    mine.setdefault(_moved(loc, shift), position)


class _Positions:
    """Records the position of every value and key that `_Builder` turns into data."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.nodes: dict[Loc, Position] = {}
        self.keys: dict[Loc, Position] = {}
        self.texts: dict[Loc, Position] = {}

    def at(self, node: Node) -> Position:
        return Position(self.display, node.start_mark.line + 1, node.start_mark.column + 1)

    def node(self, node: Node, loc: Loc) -> None:
        if len(loc) > MAX_DEPTH:
            return
        self.nodes.setdefault(loc, self.at(node))
        tag = node.tag
        if tag not in _ALLOWED_TAGS and tag != _PLAIN:
            return
        if isinstance(node, MappingNode):
            if tag != _MAP:
                return
            seen: set[str] = set()
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode) or _is_merge(key_node):
                    continue
                key = str(key_node.value)
                if key in seen:
                    continue
                seen.add(key)
                child = (*loc, key)
                self.keys.setdefault(child, self.at(key_node))
                self.node(value_node, child)
        elif isinstance(node, SequenceNode):
            if tag == _SEQ:
                for index, item in enumerate(node.value):
                    self.node(item, (*loc, index))
        elif isinstance(node, ScalarNode):
            self.note_text(node, loc)

    def note_text(self, node: ScalarNode, loc: Loc) -> None:
        """Record where the text starts when source columns match its characters one to one."""
        start, end = node.start_mark, node.end_mark
        plain = not node.style  # libyaml says '' for plain, PyYAML None
        if start.line != end.line or not (plain or node.style in ("'", '"')):
            return
        quote = 0 if plain else 1
        if end.column - start.column - 2 * quote == len(str(node.value)):
            self.texts[loc] = Position(self.display, start.line + 1, start.column + 1 + quote)


def _is_merge(key_node: ScalarNode) -> bool:
    return bool(key_node.tag == _MERGE or (key_node.value == "<<" and not key_node.style))


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


def read_bytes(path: Path, display: str) -> bytes | Problem:
    """A file's bytes, or the problem that stops it being read."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return Problem(f"the file is {size:,} bytes; the limit is {MAX_BYTES:,}", display)
        return path.read_bytes()
    except OSError as error:
        return Problem(f"cannot read the file: {error.strerror}", display)


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
    builder = _Builder(display, max(MAX_NODES, len(text) // 2), text)
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
    source_map = SourceMap(builder.flagged, [_Part(text, display)])
    return YamlDocument(data, source_map, builder.problems)


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
                " (aliases repeated too often, as in a 'billion laughs' file)",
                node,
            )
        if step is not None and len(parent) >= MAX_DEPTH:
            raise _TooBig(f"the file nests deeper than {MAX_DEPTH} levels", node)
        tag = node.tag
        if isinstance(node, ScalarNode):
            if tag == _STR:
                return node.value
            if tag == _PLAIN:
                return self.plain(node, parent, step)
            return self.tagged(node, _loc(parent, step))
        loc = _loc(parent, step)
        if tag not in _ALLOWED_TAGS:
            self.report(loc, node, f"tag '{_short(tag)}' is not allowed")
            return None
        if isinstance(node, MappingNode):
            return self.mapping(node, loc)
        if tag != _SEQ:
            self.report(loc, node, f"tag '{_short(tag)}' cannot mark a list")
            return None
        build = self.build
        return [build(item, loc, index) for index, item in enumerate(node.value)]

    def mapping(self, node: MappingNode, loc: Loc) -> Any:
        if node.tag != _MAP:
            self.report(loc, node, f"tag '{_short(node.tag)}' cannot mark a mapping")
            return None
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.report(loc, key_node, "a key must be a plain name, not a list or mapping")
                continue
            key = str(key_node.value)
            if _is_merge(key_node):
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
                return int(value)
            if _FLOAT.match(value):
                return float(value)
            return value
        if len(value) > 5:  # longer than any of the words below
            return value
        lowered = value.lower()
        if lowered in _WORDS:
            return _WORDS[lowered]
        if lowered in _YAML11_BOOLS:
            self.report(
                _loc(parent, step),
                node,
                f"'{value}' is read as true/false by YAML 1.1 tools; quote it ('{value}')"
                " if you mean text, or write true/false",
            )
        return value

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
        if node.tag not in _ALLOWED_TAGS:
            self.report(loc, node, f"tag '{_short(node.tag)}' is not allowed")
            return None
        kind = node.tag.removeprefix(_TAG)
        if kind == "int" and _INT.match(value):
            return int(value)
        if kind == "bool" and value.lower() in ("true", "false"):
            return value.lower() == "true"
        if kind == "null" and value.lower() in _NULLS:
            return None
        self.report(loc, node, f"'{value}' is not a valid !!{kind}")
        return value


def _loc(parent: Loc, step: str | int | None) -> Loc:
    return parent if step is None else (*parent, step)


def _first_line(node: MappingNode, key: str) -> int:
    """The line of the first occurrence of `key` among a mapping's keys."""
    for key_node, _ in node.value:
        if isinstance(key_node, ScalarNode) and not _is_merge(key_node) and key_node.value == key:
            return int(key_node.start_mark.line) + 1
    return 0


def _short(tag: str) -> str:
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag
