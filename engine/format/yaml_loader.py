"""How wargame reads YAML: PyYAML's safe loader with plain scalars left to us, and the limits.

Shared by `engine.format.yaml_document` (which builds the data) and `engine.format.source_map`
(which finds positions again when a problem asks for one), so both walk exactly the same node tree.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import Node, ScalarNode

MAX_BYTES = 16 * 1024 * 1024
"""The largest file read, checked before parsing."""
MAX_NODES = 100_000
"""The most values built from one small file, counting every expansion of an alias. A larger
file may hold one value per `BYTES_PER_VALUE` bytes of its text, so the bound stops alias
bombs without refusing big honest files."""
BYTES_PER_VALUE = 8
"""An honest scenario spends about 19 bytes a value (the generated one of 10,000 injects:
6.7 MB, 360,000 values); a file of bare `0, 0, 0` spends 3. One value per 8 bytes keeps the
time and memory of building, validating and reporting a file in proportion to honest use
(a 2 MB list of zeros is refused at its 262,145th value instead of taking 855 MB)."""
MAX_DEPTH = 64
"""The deepest nesting of mappings and lists."""

Loc = tuple[str | int, ...]
"""Where a value sits in a document: its path of mapping keys and list indices."""

PLAIN = "!wargame/plain"
"""Our own tag for untagged plain scalars: we resolve them ourselves (YAML 1.2 core schema)."""
TAG = "tag:yaml.org,2002:"
STR, MAP, SEQ, MERGE = (f"{TAG}{name}" for name in ("str", "map", "seq", "merge"))
ALLOWED_TAGS = {f"{TAG}{name}" for name in ("str", "int", "bool", "null", "seq", "map")}

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_BaseLoader):  # type: ignore[misc]
    """PyYAML's safe loader (libyaml's when installed), implicit plain scalars left to us."""

    def resolve(self, kind: type[Node], value: str | None, implicit: tuple[bool, bool]) -> str:
        """Tag an implicit plain scalar `PLAIN` (resolved by us); the rest as PyYAML does."""
        if kind is ScalarNode and implicit[0]:
            return PLAIN
        return str(super().resolve(kind, value, implicit))


def is_merge(key_node: ScalarNode) -> bool:
    """Whether a mapping key is YAML's merge key (`<<`), which we refuse."""
    return bool(key_node.tag == MERGE or (key_node.value == "<<" and not key_node.style))
