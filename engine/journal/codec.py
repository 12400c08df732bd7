"""Events to journal records and back: the one place an event meets JSON.

Writing adds the journal's own fields to an event (`wall`, and `size` on a group's first
record). Reading checks every record against its event's class in `engine.play.events`
before anything folds it: the name is known, every field the class requires is there and no
other, each value has its declared type, and a `command` record holds a command this engine
knows. A record that fails is a `JournalError` naming its line, so a journal edited by hand
(even one whose checksums were recomputed) is refused cleanly by resume, fork, view and
report instead of surfacing as a `KeyError` deep inside a fold.

The checks are compiled once from the events' type hints into small closures, so the
vocabulary is written once (in `engine.play.events`) and reading a journal stays cheap.
"""

from __future__ import annotations

import enum
import types
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal, Union, cast, get_args, get_origin, get_type_hints, is_typeddict

from engine.errors import CommandRefused, JournalError
from engine.play.commands import command_from_dict
from engine.play.events import EVENTS, Event

Check = Callable[[Any], bool]


def encode(event: Event, wall: str, size: int | None = None) -> dict[str, Any]:
    """The journal record for an event: the event's fields, its wall time, and a group's size."""
    record: dict[str, Any] = dict(event)
    record["wall"] = wall
    if size is not None:
        record["size"] = size
    return record


def decode(record: dict[str, Any]) -> Event:
    """The event a journal record holds.

    Raises:
        ValueError: the record is not an event this engine knows, with what is wrong.
    """
    name = record.get("type")
    shape = _SHAPES.get(name) if isinstance(name, str) else None
    if shape is None:
        raise ValueError(f"unknown event type {name!r}")
    shape(record)
    return cast(Event, record)


def decode_records(records: Sequence[dict[str, Any]], path: Path, first_line: int) -> list[Event]:
    """Check every record of a journal (the first at line `first_line`); the events they hold.

    Raises:
        JournalError: a record is not a valid event, naming its line.
    """
    events: list[Event] = []
    for number, record in enumerate(records, start=first_line):
        try:
            events.append(decode(record))
        except ValueError as error:
            raise JournalError(
                f"{path}:{number}: not a valid journal record ({error}); the journal cannot be read"
            ) from None
    return events


# ------------------------------------------------------------------------- compiled checks
def _check_for(hint: Any) -> Check:
    """A closure telling whether a JSON value has the type `hint` names."""
    if hint is Any:
        return lambda value: True
    if hint is type(None):
        return lambda value: value is None
    if hint is bool:
        return lambda value: value is True or value is False
    if hint is int:
        return lambda value: type(value) is int
    if hint is str:
        return lambda value: type(value) is str
    if hint is float:
        return lambda value: type(value) is float
    if isinstance(hint, type) and issubclass(hint, enum.StrEnum):
        values = frozenset(member.value for member in hint)
        return lambda value: type(value) is str and value in values
    origin = get_origin(hint)
    if origin is Literal:
        allowed = frozenset(get_args(hint))
        return lambda value: type(value) is str and value in allowed
    if origin in (Union, types.UnionType):
        checks = tuple(_check_for(arg) for arg in get_args(hint))
        return lambda value: any(check(value) for check in checks)
    if origin is list:
        (item,) = get_args(hint)
        item_check = _check_for(item)
        return lambda value: type(value) is list and all(item_check(v) for v in value)
    if origin is dict:
        key, item = get_args(hint)
        key_check, item_check = _check_for(key), _check_for(item)
        return lambda value: (
            type(value) is dict and all(key_check(k) and item_check(v) for k, v in value.items())
        )
    if is_typeddict(hint):
        shape = _shape_of(hint)

        def nested(value: Any) -> bool:
            if type(value) is not dict:
                return False
            try:
                shape(value)
            except ValueError:
                return False
            return True

        return nested
    raise TypeError(f"no journal check for {hint!r}")  # a new kind of field: teach the codec


def _shape_of(kind: type) -> Callable[[dict[str, Any]], None]:
    """A closure raising ValueError, with the reason, when a dict does not fit `kind`."""
    hints = get_type_hints(kind)
    required = frozenset(getattr(kind, "__required_keys__", hints))
    known = frozenset(hints)
    checks = tuple((key, _check_for(hint)) for key, hint in hints.items())

    def shape(record: dict[str, Any]) -> None:
        keys = record.keys()
        if not required <= keys:
            raise ValueError(f"no {sorted(required - keys)[0]!r}")
        if not keys <= known:
            raise ValueError(f"unexpected field {sorted(keys - known)[0]!r}")
        for key, check in checks:
            if key in record and not check(record[key]):
                raise ValueError(f"{key!r} is {_describe(record[key])}")

    return shape


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _command_shape(base: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    def shape(record: dict[str, Any]) -> None:
        base(record)
        try:
            command_from_dict(record["command"])
        except CommandRefused as refused:
            raise ValueError(f"its command is not one this engine knows: {refused}") from None

    return shape


_SHAPES: dict[str, Callable[[dict[str, Any]], None]] = {
    name: _shape_of(kind) for name, kind in EVENTS.items()
}
_SHAPES["command"] = _command_shape(_SHAPES["command"])
