"""Load a scenario file or folder: every problem at once, each at its `file:line:column`.

Reading (`engine.format.yaml_document`), `include:` merging, model validation with pydantic's errors
rewritten in an author's words, then id references, expressions, lint warnings and (when a
sources folder is given) quote checks. Any error raises `ScenarioInvalid` with all of them.
A clean load is kept in the compiled cache (`engine.format.cache`); loading the same bytes again
returns it without reading YAML or checking anything.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from engine.collector import collector_paused
from engine.errors import ScenarioInvalid
from engine.format import cache
from engine.format.attachments import check_attachments
from engine.format.canonical import content_hash
from engine.format.lint import lint_scenario
from engine.format.messages import did_you_mean, translate_errors
from engine.format.model import Scenario
from engine.format.problems import Problem, Severity, has_errors
from engine.format.references import check_expressions, check_references
from engine.format.salvage import Salvaged, salvage
from engine.format.source_map import SourceMap
from engine.format.sources import check_sources
from engine.format.yaml_document import parse_yaml, read_bytes
from engine.regular_file import MISSING, name_problem

MAX_PROBLEMS = 200
"""The most problems a load reports one by one; the rest are counted."""
SCENARIO_FILE = "scenario.yaml"
"""The file read when a folder is given."""
LIST_SECTIONS = (
    "sources",
    "objectives",
    "cells",
    "actors",
    "variables",
    "channels",
    "injects",
    "decisions",
    "endings",
    "glossary",
)
"""The sections an included file may hold; its items are added after the scenario's own."""


@dataclass
class LoadedScenario:
    """A scenario that loaded, with its warnings and where each of its values came from."""

    scenario: Scenario
    problems: list[Problem]
    """Warnings (a scenario with errors does not load)."""
    files: list[Path]
    """The files read: the scenario file, then its includes."""
    content_hash: str
    """SHA-256 of the scenario's canonical JSON (`engine.format.canonical`)."""
    positions: SourceMap = field(repr=False)
    """`positions.position_of(("injects", 3, "decision"))` finds a model path in the files
    (the first lookup composes the files again: a clean load records no positions)."""


def load_scenario(
    path: Path, *, sources_dir: Path | None = None, use_cache: bool = True
) -> LoadedScenario:
    """Load and check a scenario file, or the `scenario.yaml` of a folder.

    With `use_cache` (and no `sources_dir`: quote checks always run), an unchanged scenario
    comes from the compiled cache, and a clean cold load is stored there.

    Raises:
        ScenarioInvalid: every problem (errors and warnings) of every file, sorted by place.
    """
    main = path / SCENARIO_FILE if path.is_dir() else path
    display = str(main)
    raw = read_bytes(main, display)
    if isinstance(raw, Problem):
        if raw.message == MISSING:
            what = "folder has no scenario.yaml" if path.is_dir() else "no such file or folder"
            raise ScenarioInvalid([Problem(what, str(path))])
        raise ScenarioInvalid([raw])
    cached = use_cache and sources_dir is None
    with collector_paused():
        if cached:
            entry = cache.lookup(display, raw, lambda entry: _read_included(main, display, entry))
            if entry is not None:
                return _from_cache(entry, main, display, raw)
        loaded, included = _load_cold(main, display, raw, sources_dir)
        if cached:
            cache.store(
                display, raw, loaded.scenario, loaded.content_hash, loaded.problems, included
            )
    return loaded


def _load_cold(
    main: Path, display: str, raw: bytes, sources_dir: Path | None
) -> tuple[LoadedScenario, list[cache.Included]]:
    """Read, merge, validate and check: the loaded scenario, and the files it includes."""
    document = parse_yaml(raw, display)
    problems = list(document.problems)
    source_map = document.source_map
    files = [main]
    data = document.data
    if not isinstance(data, dict):
        raise ScenarioInvalid(_sorted(problems))
    included, complete = _merge_includes(main, display, data, source_map, problems)
    files += [main.parent / item.entry for item in included]
    if not complete:  # a missing or unreadable part would only add confusing errors
        raise ScenarioInvalid(_sorted(problems))
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        problems += translate_errors(error, data, source_map)
        problems += _check_salvaged(salvage(data), source_map, main.parent, sources_dir)
        raise ScenarioInvalid(_sorted(problems)) from None
    del data
    problems += check_references(scenario, source_map)
    checked = check_expressions(scenario, source_map)
    problems += checked.problems
    problems += lint_scenario(scenario, source_map, checked.effects)
    problems += check_attachments(scenario, main.parent, source_map)
    if sources_dir is not None:
        problems += check_sources(scenario, sources_dir, source_map)
    if has_errors(problems):
        raise ScenarioInvalid(_sorted(problems))
    loaded = LoadedScenario(scenario, _sorted(problems), files, content_hash(scenario), source_map)
    return loaded, included


def _check_salvaged(
    salvaged: Salvaged, source_map: SourceMap, folder: Path, sources_dir: Path | None
) -> list[Problem]:
    """The problems of the parts of an invalid scenario that did parse (lint's warnings are
    left for when the whole scenario parses: they would rest on what is missing)."""
    positions = source_map.renumbered(salvaged.kept)
    scenario = salvaged.scenario
    problems = check_references(scenario, positions, salvaged.unparsed)
    problems += check_attachments(scenario, folder, positions)
    problems += check_expressions(scenario, positions, salvaged.mentions_unparsed).problems
    if sources_dir is not None:
        problems += check_sources(scenario, sources_dir, positions)
    return problems


def _from_cache(entry: cache.Entry, main: Path, display: str, raw: bytes) -> LoadedScenario:
    """The loaded scenario from a cache entry; positions are found only if asked for."""
    source_map = SourceMap.of(raw.decode("utf-8-sig"), display)
    for item, included_raw in zip(entry.included, entry.included_raw, strict=True):
        part = SourceMap.of(
            included_raw.decode("utf-8-sig"), str(Path(display).parent / item.entry)
        )
        source_map.merged(part, item.shift, list(item.sections))
    files = [main, *(main.parent / item.entry for item in entry.included)]
    missing = check_attachments(entry.scenario, main.parent, source_map)  # files may go
    if missing:
        raise ScenarioInvalid(_sorted([*missing, *entry.problems]))
    return LoadedScenario(entry.scenario, entry.problems, files, entry.content_hash, source_map)


def _sorted(problems: list[Problem]) -> list[Problem]:
    """The problems by place; past `MAX_PROBLEMS`, the rest are counted in one last problem
    (a file of a million bad values must not print a million lines)."""
    ordered = sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or 0))
    if len(ordered) <= MAX_PROBLEMS:
        return ordered
    rest = ordered[MAX_PROBLEMS:]
    errors = sum(problem.severity is Severity.ERROR for problem in rest)
    more = Problem(
        f"{len(rest):,} more problems are not shown ({errors:,} errors,"
        f" {len(rest) - errors:,} warnings); fix the ones above first",
        rest[0].file,
        severity=Severity.ERROR if errors else Severity.WARNING,
    )
    return [*ordered[:MAX_PROBLEMS], more]


# --- include: -------------------------------------------------------------------------------


def _merge_includes(
    main: Path, display: str, data: dict[str, Any], source_map: SourceMap, problems: list[Problem]
) -> tuple[list[cache.Included], bool]:
    """Append each included file's lists to `data`; the files read, and whether all were."""
    entries = data.get("include")
    if not isinstance(entries, list):
        return [], True
    root = _real(main.parent)
    seen: set[Path] = set()
    included: list[cache.Included] = []
    complete = True
    for index, entry in enumerate(entries):
        if not isinstance(entry, str) or not entry.strip():
            continue  # the model reports it
        target = main.parent / entry
        refused = _refuse_include(entry, target, root, main, seen)
        if refused is None:
            seen.add(_real(target))
            shown = str(Path(display).parent / entry)
            merged = _merge_one(target, shown, data, source_map, problems)
            if merged is None:
                complete = False
            else:
                included.append(cache.Included(entry, *merged))
            continue
        message, suggestion = refused
        at = source_map.position_of(("include", index))
        problems.append(Problem.at(at, message, suggestion=suggestion))
        source_map.flagged.add(("include", index))
        complete = False
    return included, complete


def _read_included(main: Path, display: str, entry: str) -> bytes | None:
    """An included file's bytes with every check of a cold load, or None (for the cache)."""
    if _refuse_include(entry, main.parent / entry, _real(main.parent), main, set()) is not None:
        return None
    raw = read_bytes(main.parent / entry, display)
    return None if isinstance(raw, Problem) else raw


def _refuse_include(
    entry: str, target: Path, root: Path, main: Path, seen: set[Path]
) -> tuple[str, str | None] | None:
    """Why an include cannot be read (and a hint), or None when it can."""
    impossible = name_problem(entry)
    if impossible is not None:
        return f"include {_shown(entry)} cannot be a file name: {impossible}", None
    if Path(entry).is_absolute() or entry.startswith(("/", "\\")):
        return f"include '{entry}' must be a path relative to the scenario's folder", None
    resolved = _real(target)
    if not resolved.is_relative_to(root):
        return f"include '{entry}' is outside the scenario's folder", None
    if resolved == _real(main):
        return "the scenario includes itself", None
    if resolved in seen:
        return f"'{entry}' is included twice", None
    try:
        resolved.stat()
    except FileNotFoundError:
        nearby = sorted(path.name for path in root.glob("*.y*ml"))
        return f"include '{entry}': no such file", did_you_mean(entry, nearby)
    except OSError as error:  # a symlink loop, a name too long for this file system
        return f"include '{entry}' cannot be read: {error.strerror}", None
    return None


def _real(path: Path) -> Path:
    """The path with every symlink followed; a loop stays unresolved (the read then fails)."""
    return Path(os.path.realpath(path))


def _shown(entry: str) -> str:
    """An entry as a message shows it: escapes for unprintable characters, cut when long."""
    text = repr(entry)
    return text if len(text) <= 60 else f"{text[:40]}…' ({len(entry)} characters)"


def _merge_one(
    target: Path, display: str, data: dict[str, Any], source_map: SourceMap, problems: list[Problem]
) -> tuple[str, dict[str, int], tuple[str, ...]] | None:
    """Append one included file's lists to `data`: the file's SHA-256, the items before its
    own in each section, and the sections taken; None when the file could not be read."""
    raw = read_bytes(target, display)
    if isinstance(raw, Problem):
        problems.append(raw)
        return None
    document = parse_yaml(raw, display)
    problems += document.problems
    if not isinstance(document.data, dict):
        return None
    shift: dict[str, int] = {}
    taken: list[str] = []
    for key, items in document.data.items():
        if key == "include":
            at = document.source_map.key_position_of((key,))
            problems.append(Problem.at(at, "an included file cannot include other files"))
        elif key not in LIST_SECTIONS:
            problems.append(
                Problem.at(
                    document.source_map.key_position_of((key,)),
                    f"an included file holds only lists ({', '.join(LIST_SECTIONS)});"
                    f" '{key}' belongs in the scenario file",
                    suggestion=did_you_mean(key, LIST_SECTIONS),
                )
            )
        elif not isinstance(items, list):
            if items is not None:
                where = document.source_map.position_of((key,))
                problems.append(Problem.at(where, f"'{key}' must be a list"))
        else:
            mine = data.get(key)
            if mine is None:
                mine = data[key] = []
            if isinstance(mine, list):
                shift[key] = len(mine)
                mine.extend(items)
                taken.append(key)
    source_map.merged(document.source_map, shift, taken)
    return cache.digest(raw), shift, tuple(taken)


# --- pydantic's errors in an author's words ---------------------------------------------------
