"""The compiled-scenario cache: a second load of an unchanged scenario skips all the checks.

An entry holds what a clean load produced (the canonical scenario, its content hash, its
warnings, the included files) and is used only when the SHA-256 of the raw bytes of every
file of the scenario, the engine version and the format version all match. The cache is an
optimisation and nothing more: an unreadable, corrupt or stale entry, or a folder that cannot
be written, means a cold load, never an error.

Layout: `$WARGAME_CACHE_DIR` (or `~/.cache/wargame/`) holds one `<sha256 of the path>.jsonl`
per scenario path, so editing a scenario replaces its entry instead of piling up new ones; past
`MAX_ENTRIES` scenarios, the least recently used entries are deleted.
Line 1 is the entry's metadata as JSON; line 2 is the scenario as JSON without its default
values, which pydantic validates straight from JSON on a hit (leaving the defaults out makes
that a quarter faster: a default is neither parsed nor passed through its validator).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import engine
from engine.format.model import FORMAT_VERSION, Scenario
from engine.format.problems import Problem, Severity

ENV = "WARGAME_CACHE_DIR"
"""Names the cache folder; `~/.cache/wargame` when unset."""
CACHE_FORMAT = 2  # 2: the engine's modules moved into subpackages
"""The layout of an entry; bump it when the layout changes."""
MAX_ENTRIES = 200
"""The most scenarios kept; storing one more deletes the least recently used."""


@dataclass(frozen=True)
class Included:
    """An included file as the entry records it."""

    entry: str
    """The `include:` entry, relative to the scenario's folder."""
    sha256: str
    """The SHA-256 of the file's raw bytes when the entry was written."""
    shift: dict[str, int]
    """How many items of each section came before the file's own."""
    sections: tuple[str, ...]
    """The sections taken from the file."""


@dataclass(frozen=True)
class Entry:
    """A cache hit: what the cold load produced."""

    scenario: Scenario
    content_hash: str
    problems: list[Problem]
    included: list[Included]
    included_raw: list[bytes]
    """The bytes of each included file, as read to check it."""


def cache_dir() -> Path:
    """The cache folder (not created here)."""
    configured = os.environ.get(ENV)
    return Path(configured) if configured else Path.home() / ".cache" / "wargame"


def digest(raw: bytes) -> str:
    """The SHA-256 of a file's raw bytes, as hex."""
    return hashlib.sha256(raw).hexdigest()


def _entry_path(display: str) -> Path:
    name = hashlib.sha256(str(Path(display).absolute()).encode()).hexdigest()
    return cache_dir() / f"{name}.jsonl"


def _key(display: str, main_sha256: str) -> str:
    """What an entry must match besides its included files."""
    return f"{CACHE_FORMAT}:{engine.__version__}:{FORMAT_VERSION}:{display}:{main_sha256}"


def lookup(
    display: str, main_raw: bytes, read_included: Callable[[str], bytes | None]
) -> Entry | None:
    """The entry for the scenario file `display` with contents `main_raw`, if it is current.

    `read_included` reads an `include:` entry with every check of a cold load (inside the
    folder, a regular file, bounded), or gives None; the cache never opens a file itself."""
    path = _entry_path(display)
    try:
        with path.open("rb") as file:
            meta = json.loads(file.readline())
            if meta.get("key") != _key(display, digest(main_raw)):
                return None
            included = [
                Included(item["entry"], item["sha256"], item["shift"], tuple(item["sections"]))
                for item in meta["included"]
            ]
            texts: list[bytes] = []
            for item in included:
                raw = read_included(item.entry)
                if raw is None or digest(raw) != item.sha256:
                    return None
                texts.append(raw)
            scenario = Scenario.model_validate_json(file.read())
        problems = [_problem(item) for item in meta["problems"]]
        os.utime(path)  # recently used: the last to be pruned
        return Entry(scenario, str(meta["content_hash"]), problems, included, texts)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # missing, unreadable or damaged: load cold


def store(
    display: str,
    main_raw: bytes,
    scenario: Scenario,
    content_hash: str,
    problems: list[Problem],
    included: list[Included],
) -> None:
    """Write an entry atomically (a temporary file, then a rename); failures are ignored."""
    meta = {
        "key": _key(display, digest(main_raw)),
        "content_hash": content_hash,
        "problems": [problem.to_dict() for problem in problems],
        "included": [
            {"entry": i.entry, "sha256": i.sha256, "shift": i.shift, "sections": i.sections}
            for i in included
        ],
    }
    target = _entry_path(display)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".entry-", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(json.dumps(meta, ensure_ascii=False) + "\n")
            file.write(scenario.model_dump_json(by_alias=True, exclude_defaults=True))
        Path(temporary).replace(target)
    except OSError:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        return
    _prune(target.parent)


def _prune(folder: Path) -> None:
    """Delete the least recently used entries beyond `MAX_ENTRIES` (errors are ignored)."""
    try:
        entries = [(path.stat().st_mtime_ns, path) for path in folder.glob("*.jsonl")]
    except OSError:
        return
    entries.sort(reverse=True)
    for _, path in entries[MAX_ENTRIES:]:
        with contextlib.suppress(OSError):
            path.unlink()


def _problem(item: dict[str, Any]) -> Problem:
    return Problem(
        str(item["message"]),
        str(item["file"]),
        item["line"],
        item["column"],
        Severity(item["severity"]),
        item["suggestion"],
    )
