"""`wargame run --roster FILE`: the people taking part, from a small YAML or CSV file.

YAML: a `participants:` list of people, each with `name` and
optionally `organisation`, `cell` (a cell's id), `role` (player, evaluator, controller or
observer; player when left out). CSV: a header row naming the same columns. The roster is
checked by the same rule as a roster entered in the console (`engine.play.evaluation`), and
a problem is named at its place in the file.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from engine.errors import CommandRefused, UserError
from engine.format.yaml_document import read_bytes, read_yaml
from engine.play.commands import SetRoster
from engine.play.session import Session

COLUMNS = ("name", "organisation", "cell", "role")
"""The roster's fields, in a CSV header's order."""


def read_roster(path: Path) -> tuple[list[dict[str, str]], list[str]]:
    """The people in a roster file, and where each one is (`file:line` or `file`).

    Raises:
        UserError: the file cannot be read, or is not a roster.
    """
    if path.suffix.lower() == ".csv":
        return _read_csv(path)
    return _read_yaml(path)


def _read_csv(path: Path) -> tuple[list[dict[str, str]], list[str]]:
    raw = read_bytes(path, str(path))
    if not isinstance(raw, bytes):
        raise UserError(f"{path}: {raw.message}")
    try:
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    except (UnicodeDecodeError, csv.Error) as error:
        raise UserError(f"{path}: not a CSV roster ({error})") from None
    header = [str(key).strip().lower() for key in (rows[0].keys() if rows else ())]
    if "name" not in header:
        columns = ", ".join(COLUMNS)
        raise UserError(f"{path}:1: the header names no `name` column (columns: {columns})")
    people = [
        {str(k).strip().lower(): str(v or "").strip() for k, v in row.items() if k is not None}
        for row in rows
    ]
    return people, [f"{path}:{number}" for number in range(2, len(people) + 2)]


def _read_yaml(path: Path) -> tuple[list[dict[str, str]], list[str]]:
    document = read_yaml(path, str(path))
    if document.problems:
        raise UserError("\n".join(str(problem) for problem in document.problems))
    data: Any = document.data
    loc = ("participants",)
    extra = sorted(set(map(str, data)) - {"participants"}) if isinstance(data, dict) else []
    if extra:
        raise UserError(f"{path}: unknown key {extra[0]!r} (a roster has `participants:`)")
    data = data.get("participants") if isinstance(data, dict) else None
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise UserError(
            f"{path}: a roster is `participants:`, a list of people, each with a name "
            "(and organisation, cell, role)"
        )
    people, places = [], []
    for index, item in enumerate(data):
        unknown = sorted(set(map(str, item)) - set(COLUMNS))
        position = document.source_map.position_of((*loc, index))
        place = f"{position.file}:{position.line}" if position else f"{path}"
        if unknown:
            raise UserError(f"{place}: unknown field {unknown[0]!r} (fields: {', '.join(COLUMNS)})")
        people.append({key: str(value) for key, value in item.items() if value is not None})
        places.append(place)
    return people, places


def roster_command(session: Session, path: Path) -> SetRoster | None:
    """The command that journals the roster in `path`; None when the journal holds it already.

    Raises:
        UserError: the file cannot be read, or a person on it is refused (named at its line).
    """
    people, places = read_roster(path)
    command = SetRoster(tuple(people), source=path.name)
    try:
        session.check(command)
    except CommandRefused as refused:
        for person, place in zip(people, places, strict=True):
            try:
                session.check(SetRoster((person,)))
            except CommandRefused as alone:
                raise UserError(f"{place}: {alone}") from None
        raise UserError(f"{path}: {refused}") from None
    wanted = [{key: str(person.get(key) or "").strip() for key in COLUMNS} for person in people]
    held = [dict(entry) for entry in session.state.roster.values()]
    for entry in wanted:
        entry["role"] = entry["role"].lower() or "player"
    if held == wanted:
        return None  # journaled once: resuming with the same file records nothing again
    return command
