"""Pydantic's validation errors rewritten in an author's words, each at its `file:line:column`.

`translate_errors` turns one `ValidationError` into problems that name the item by its id
(`inject 'leak_story'`), say what was expected, and suggest the closest known key or value.
"""

from __future__ import annotations

import difflib
import re
import types
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from engine.format.model import Scenario
from engine.format.problems import Problem
from engine.format.source_map import SourceMap
from engine.format.yaml_loader import Loc

_KINDS = {
    "injects": "inject",
    "decisions": "decision",
    "options": "option",
    "outcomes": "outcome",
    "cells": "cell",
    "actors": "actor",
    "variables": "variable",
    "channels": "channel",
    "objectives": "objective",
    "critical_tasks": "critical task",
    "sources": "source",
    "endings": "ending",
    "goals": "goal",
    "include": "include",
}
_NESTED = {"options", "outcomes", "critical_tasks", "goals"}  # ids unique only in their parent
_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


MAX_TRANSLATED = 10_000
"""The most of pydantic's errors put in an author's words (each needs its place found)."""


def translate_errors(error: ValidationError, data: Any, source_map: SourceMap) -> list[Problem]:
    """One problem per failing value; quiet where reading already reported the value."""
    grouped: dict[Loc, list[dict[str, Any]]] = {}
    found = error.errors(include_url=False)
    for detail in found[:MAX_TRANSLATED]:
        loc = _data_loc(tuple(detail["loc"]), data, detail["type"])
        grouped.setdefault(loc, []).append(dict(detail))
    # `titel:` makes `title` missing too; the "did you mean 'title'?" already says it all.
    misspelt = {
        (*loc[:-1], match[0])
        for loc, details in grouped.items()
        if details[0]["type"] == "extra_forbidden"
        for match in [difflib.get_close_matches(str(loc[-1]), _field_names(loc[:-1]), n=1)]
        if match
    }
    problems: list[Problem] = []
    for loc, details in grouped.items():
        if source_map.is_flagged(loc) or (details[0]["type"] == "missing" and loc in misspelt):
            continue
        if details[0]["type"] in _CROSS_FIELD and source_map.has_flagged_field(loc):
            continue  # a check across the mapping's keys would read the replaced value
        if details[0]["type"] == "too_short" and any(
            other != loc and other[: len(loc)] == loc for other in grouped
        ):
            continue  # "at least 1 item" only because an item failed: the item says why
        problems.append(_problem(loc, details, data, source_map))
    if len(found) > MAX_TRANSLATED:  # the loader shows the first few hundred anyway
        rest = len(found) - MAX_TRANSLATED
        file = source_map.parts[0].display if source_map.parts else ""
        problems.append(Problem(f"{rest:,} more values do not fit the format", file))
    return problems


_CROSS_FIELD = ("value_error", "assertion_error")
"""The kinds of a model's own checks, which read several of its keys together."""


def _data_loc(loc: Loc, data: Any, kind: str) -> Loc:
    """The path into the data: pydantic's union-member steps (`'int'`, `'str'`) dropped."""
    result: list[str | int] = []
    here = data
    for position, step in enumerate(loc):
        inside = (isinstance(here, dict) and isinstance(step, str) and step in here) or (
            isinstance(here, list) and isinstance(step, int) and 0 <= step < len(here)
        )
        if inside:
            here = here[step]
        elif position == len(loc) - 1 and kind in ("missing", "extra_forbidden"):
            pass
        else:
            continue
        result.append(step)
    return tuple(result)


def _value_at(data: Any, loc: Loc) -> Any:
    for step in loc:
        if isinstance(here := data, dict) and isinstance(step, str):
            data = here.get(step)
        elif isinstance(here, list) and isinstance(step, int) and step < len(here):
            data = here[step]
        else:
            return None
    return data


def _split_by_comma(mapping: Any, key: str) -> str | None:
    """The hint for `{role: Spokesman, US Central Command}`: the comma ended `role`'s value,
    and what followed became a key with no value."""
    if not isinstance(mapping, dict) or mapping.get(key, "") is not None:
        return None
    keys = list(mapping)
    before = keys.index(key) - 1
    if before < 0 or not isinstance(mapping[keys[before]], str):
        return None
    whole = f"{mapping[keys[before]]}, {key}".replace('"', '\\"')
    return (
        f"a comma inside {{...}} ends a value: if '{key}' belongs to '{keys[before]}',"
        f' quote it: {keys[before]}: "{whole}"'
    )


def describe(loc: Loc, data: Any) -> str:
    """Name the mapping at `loc` as an author would: `inject 'leak_story'`, `injects[3]`."""
    if not loc:
        return "the scenario"
    last = loc[-1]
    value = _value_at(data, loc)
    ident = value.get("id") if isinstance(value, dict) else None
    named = isinstance(ident, str) and _ID.match(ident) is not None
    if isinstance(last, int):
        section = str(loc[-2]) if len(loc) > 1 else ""
        name = f"{_KINDS.get(section, section)} '{ident}'" if named else f"{section}[{last}]"
        owner = next(
            (end for end in range(len(loc) - 2, 0, -1) if isinstance(loc[end - 1], int)), None
        )
        if (section in _NESTED or not named) and owner is not None:
            name += f" of {describe(loc[:owner], data)}"
        return name
    if last == "decision" and named:
        return f"decision '{ident}'"
    if len(loc) == 1:
        return f"'{last}'"
    return f"the {last} of {describe(loc[:-1], data)}"


def _field(loc: Loc) -> str:
    """`'turn'`, or `'to[1]'` for an item of a list."""
    text = ""
    for step in reversed(loc):
        text = f"[{step}]{text}" if isinstance(step, int) else f"{step}{text}"
        if isinstance(step, str):
            break
    return f"'{text}'" if text else "the value"


def _shown(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"'{value}'"
    return str(value)


_PHRASES = {
    "int": "a whole number",
    "bool": "true or false",
    "str": "text",
    "string": "text",
    "float": "a number",
    "tuple": "a list",
    "list": "a list",
    "dict": "a mapping of keys",
    "model": "a mapping of keys",
}


def _problem(loc: Loc, details: list[dict[str, Any]], data: Any, source_map: SourceMap) -> Problem:
    detail = details[0]
    kind: str = detail["type"]
    ctx: dict[str, Any] = detail.get("ctx") or {}
    value = _value_at(data, loc)
    at = source_map.position_of(loc)
    name = _field(loc)
    got = _shown(value)
    suggestion: str | None = None
    if kind == "extra_forbidden":
        at = source_map.key_position_of(loc)
        message = f"unknown key '{loc[-1]}' in {describe(loc[:-1], data)}"
        suggestion = did_you_mean(str(loc[-1]), _field_names(loc[:-1])) or _split_by_comma(
            _value_at(data, loc[:-1]), str(loc[-1])
        )
    elif kind == "misplaced_key":  # a key the model knows, in a place it has no meaning
        at = source_map.key_position_of(loc)
        message = f"{describe(loc[:-1], data)}: {detail['msg']}"
        suggestion = ctx.get("suggestion")
    elif kind == "missing":
        at = source_map.position_of(loc[:-1])
        message = f"{describe(loc[:-1], data)} is missing '{loc[-1]}'"
    elif len(details) > 1 and all(d["type"].endswith("_type") for d in details):
        wanted = [_PHRASES.get(d["type"].removesuffix("_type"), d["type"]) for d in details]
        message = f"{name} must be {', '.join(wanted[:-1])} or {wanted[-1]}, got {got}"
    elif kind.removesuffix("_type").removesuffix("_parsing") in _PHRASES or kind in (
        "int_from_float",
        "model_attributes_type",
    ):
        base = kind.removesuffix("_type").removesuffix("_parsing").removesuffix("_attributes")
        message = f"{name} must be {_PHRASES.get(base, 'a whole number')}, got {got}"
        if base == "string" and not isinstance(value, dict | list) and value is not None:
            suggestion = f"quote it: '{got}'"
        elif base in ("tuple", "list") and isinstance(value, str | int):
            suggestion = f"write [{value}]"
    elif kind == "string_too_short":
        need = ctx.get("min_length", 1)
        message = (
            f"{name} must not be empty"
            if need == 1
            else (f"{name} must be at least {need} characters long")
        )
    elif kind == "too_short":
        need = ctx.get("min_length", 1)
        message = f"{name} needs at least {need} item{'s' if need != 1 else ''}"
    elif kind in _BOUNDS:
        words, key = _BOUNDS[kind]
        message = f"{name} must be {words} {ctx.get(key)}, got {got}"
    elif kind == "string_pattern_mismatch" and ctx.get("pattern") == _ID.pattern:
        message = f"{got} is not a valid id"
        suggestion = (
            "an id is lower-case letters, digits and underscores, starting with a letter,"
            f" such as '{_as_id(str(value))}'"
        )
    elif kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", ""))
        message = f"{name} must be {expected.replace(chr(39), '')}, got {got}"
        choices = re.findall(r"'([^']*)'", expected)
        suggestion = did_you_mean(str(value), choices) if choices else None
    elif kind in ("value_error", "assertion_error"):
        message = (
            str(detail["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
        )
        if isinstance(value, dict):
            message = f"{describe(loc, data)}: {message}"
    else:
        message = f"{name}: {detail['msg']}"
    return Problem.at(at, message, file=_first_file(source_map), suggestion=suggestion)


_BOUNDS = {
    "greater_than_equal": ("at least", "ge"),
    "greater_than": ("more than", "gt"),
    "less_than_equal": ("at most", "le"),
    "less_than": ("less than", "lt"),
    "too_long": ("at most", "max_length"),
    "string_too_long": ("at most this many characters:", "max_length"),
}


def _first_file(source_map: SourceMap) -> str:
    position = source_map.position_of(())
    return position.file if position else ""


def _as_id(text: str) -> str:
    cleaned = re.sub(r"[^a-z0-9_]+", "_", text.strip().lower()).strip("_")
    cleaned = cleaned.lstrip("0123456789_") or "x"
    return cleaned[:64]


def did_you_mean(name: str, known: Any) -> str | None:
    """`did you mean 'x'?` for the known name closest to `name`, if one is close enough."""
    matches = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else None


def _field_names(loc: Loc) -> list[str]:
    """The keys the model at `loc` accepts."""
    model = _model_at(loc)
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()]


def _model_at(loc: Loc) -> type[BaseModel] | None:
    current: Any = Scenario
    for step in loc:
        if isinstance(step, str):
            if not (isinstance(current, type) and issubclass(current, BaseModel)):
                return None
            fields = {info.alias or name: info for name, info in current.model_fields.items()}
            if step not in fields:
                return None
            current = _unwrap(fields[step].annotation)
        else:
            current = _unwrap(current, item=True)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any, *, item: bool = False) -> Any:
    """A model out of `X | None` or `tuple[X, ...]` (the item type when `item`)."""
    origin = get_origin(annotation)
    args = [arg for arg in get_args(annotation) if arg is not type(None) and arg is not Ellipsis]
    if origin is Union or origin is types.UnionType:
        return _unwrap(args[0], item=item) if len(args) == 1 else None
    if origin is tuple and args:
        return args[0] if item else annotation
    return annotation
