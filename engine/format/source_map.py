"""Where each value of a scenario came from: file, line and column, found only when asked for.

Positions cost as much to record as the data costs to build, and a valid scenario never needs
them: a `SourceMap` keeps each file's text and composes it again the first time a problem asks
for a position, recording exactly what the data builder walked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from engine.format.problems import Position
from engine.format.yaml_loader import (
    ALLOWED_TAGS,
    MAP,
    MAX_DEPTH,
    PLAIN,
    SEQ,
    Loader,
    Loc,
    is_merge,
)


@dataclass(frozen=True)
class SourceFile:
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
    parts: list[SourceFile] = field(default_factory=list, repr=False)
    _index: _Index | None = field(default=None, repr=False)

    @classmethod
    def of(cls, text: str, display: str) -> SourceMap:
        """The source map of one file's text."""
        return cls(parts=[SourceFile(text, display)])

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

    @property
    def blocks(self) -> dict[Loc, Position]:
        """For literal block scalars (`body: |`): the line and column of their first character."""
        return self._built().blocks

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

    def text_position(self, loc: Loc, offset: int | None, text: str = "") -> Position | None:
        """The position of character `offset` of the scalar at `loc` (whose value is `text`,
        needed for a literal block scalar), when it can be known."""
        if offset is not None:
            start = self.texts.get(loc)
            if start is not None:
                return Position(start.file, start.line, start.column + offset)
            block = self.blocks.get(loc)
            if block is not None and offset <= len(text):
                # A literal block keeps its lines: each line of the value is a line of the file.
                line = text.count("\n", 0, offset)
                column = offset - (text.rfind("\n", 0, offset) + 1)
                return Position(block.file, block.line + line, block.column + column)
        return self.position_of(loc)

    def is_flagged(self, loc: Loc) -> bool:
        """Whether `loc` or one of its ancestors was already reported."""
        flagged = self.flagged
        return bool(flagged) and any(loc[:end] in flagged for end in range(len(loc) + 1))

    def has_flagged_field(self, loc: Loc) -> bool:
        """Whether a key of the mapping at `loc` was already reported (its value replaced)."""
        return any(len(flag) == len(loc) + 1 and flag[:-1] == loc for flag in self.flagged)

    def merged(self, other: SourceMap, shift: dict[str, int], sections: list[str]) -> None:
        """Add an included file's `sections`, moving their items past the items already here."""
        self.parts += [
            SourceFile(p.text, p.display, dict(shift), tuple(sections)) for p in other.parts
        ]
        self.flagged.update(
            _moved(loc, shift) for loc in other.flagged if loc and loc[0] in sections
        )
        self._index = None

    def renumbered(self, kept: dict[str, list[int]]) -> SourceMap:
        """This map for the data holding, of each section in `kept`, only the items at those
        original indices, numbered again from 0 (`engine.format.salvage`)."""
        renumber = {key: {old: new for new, old in enumerate(olds)} for key, olds in kept.items()}

        def moved(loc: Loc) -> Loc | None:
            if len(loc) >= 2 and loc[0] in renumber and isinstance(loc[1], int):
                new = renumber[str(loc[0])].get(loc[1])
                return None if new is None else (loc[0], new, *loc[2:])
            return loc

        built, index = self._built(), _Index()
        for mine, theirs in (
            (built.nodes, index.nodes),
            (built.keys, index.keys),
            (built.texts, index.texts),
            (built.blocks, index.blocks),
        ):
            for loc, position in mine.items():
                target = moved(loc)
                if target is not None:
                    theirs[target] = position
        flagged = {target for loc in self.flagged if (target := moved(loc)) is not None}
        return SourceMap(flagged=flagged, parts=self.parts, _index=index)

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
    blocks: dict[Loc, Position] = field(default_factory=dict)

    def add(self, part: SourceFile) -> None:
        try:
            root = yaml.compose(part.text, Loader=Loader)
        except yaml.YAMLError:
            return  # reported when the file was read
        if root is None:
            return
        walk = _Positions(part.display, part.text)
        walk.node(root, ())
        shift = part.shift
        for mine, theirs in ((self.nodes, walk.nodes), (self.keys, walk.keys),
                             (self.texts, walk.texts), (self.blocks, walk.blocks)):  # fmt: skip
            if shift is None:
                for loc, position in theirs.items():
                    mine.setdefault(loc, position)
                continue
            for loc, position in theirs.items():
                if loc and loc[0] in part.sections:
                    mine.setdefault(_moved(loc, shift), position)


class _Positions:
    """Records the position of every value and key that `_Builder` turns into data."""

    def __init__(self, display: str, text: str) -> None:
        self.display = display
        self.text = text
        self._lines: list[str] | None = None
        self.nodes: dict[Loc, Position] = {}
        self.keys: dict[Loc, Position] = {}
        self.texts: dict[Loc, Position] = {}
        self.blocks: dict[Loc, Position] = {}

    def at(self, node: Node) -> Position:
        return Position(self.display, node.start_mark.line + 1, node.start_mark.column + 1)

    def node(self, node: Node, loc: Loc) -> None:
        if len(loc) > MAX_DEPTH:
            return
        self.nodes.setdefault(loc, self.at(node))
        tag = node.tag
        if tag not in ALLOWED_TAGS and tag != PLAIN:
            return
        if isinstance(node, MappingNode):
            if tag != MAP:
                return
            seen: set[str] = set()
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode) or is_merge(key_node):
                    continue
                key = str(key_node.value)
                if key in seen:
                    continue
                seen.add(key)
                child = (*loc, key)
                self.keys.setdefault(child, self.at(key_node))
                self.node(value_node, child)
        elif isinstance(node, SequenceNode):
            if tag == SEQ:
                for index, item in enumerate(node.value):
                    self.node(item, (*loc, index))
        elif isinstance(node, ScalarNode):
            self.note_text(node, loc)

    def note_text(self, node: ScalarNode, loc: Loc) -> None:
        """Record where the text starts when source columns match its characters one to one."""
        start, end = node.start_mark, node.end_mark
        if node.style == "|":
            self.note_block(start.line + 1, end.line, loc)
            return
        plain = not node.style  # libyaml says '' for plain, PyYAML None
        if start.line != end.line or not (plain or node.style in ("'", '"')):
            return
        quote = 0 if plain else 1
        if end.column - start.column - 2 * quote == len(str(node.value)):
            self.texts[loc] = Position(self.display, start.line + 1, start.column + 1 + quote)

    def note_block(self, first: int, stop: int, loc: Loc) -> None:
        """Record where a literal block's text starts: the line after its `|`, at the
        indentation of its first line with text (0-based lines `first` up to `stop`)."""
        if self._lines is None:
            self._lines = self.text.splitlines()
        for number in range(first, min(stop + 1, len(self._lines))):
            line = self._lines[number]
            if line.strip():
                indent = len(line) - len(line.lstrip(" "))
                self.blocks[loc] = Position(self.display, first + 1, indent + 1)
                return
