"""The parts of an invalid scenario that did parse, so their own problems are reported too.

When the model refuses a scenario, each section's items are validated one by one and the
scenario is rebuilt from the items (and top-level fields) that passed. References,
expressions and quotes are then checked on that partial scenario, alongside the structural
errors. Ids found anywhere inside an item that failed are remembered: a reference to one of
them is not "unknown" (its item is broken, and that is already reported).
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from engine.format.model import FORMAT_VERSION, Scenario, Turns

_PLACEHOLDERS: dict[str, Any] = {
    "format": FORMAT_VERSION,
    "id": "scenario",
    "title": "scenario",
    "turns": Turns(count=1000),  # the most turns: no false "past the last turn"
    "cells": (),
    "channels": (),
    "endings": (),
}
"""What stands in for a required top-level field that is missing or did not parse."""
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class Salvaged:
    """The partial scenario, which items of each section it kept, and the ids left out."""

    scenario: Scenario
    kept: dict[str, list[int]]
    """For each list section: the original index of each item kept, in order."""
    unparsed: frozenset[str]
    """Every id written inside an item that did not parse."""

    def mentions_unparsed(self, text: str) -> bool:
        """Whether an expression names an id of an item that did not parse."""
        return not self.unparsed.isdisjoint(_WORD.findall(text))


def salvage(data: dict[str, Any]) -> Salvaged:
    """The scenario made of the parts of `data` that validate on their own."""
    values: dict[str, Any] = {}
    kept: dict[str, list[int]] = {}
    unparsed: set[str] = set()
    for name, info in Scenario.model_fields.items():
        key = info.alias or name
        item_model = _item_model(info.annotation)
        if key not in data:
            pass
        elif item_model is not None:
            raw = data[key]
            items, kept[key] = _items(item_model, raw if isinstance(raw, list) else [], unparsed)
            values[name] = tuple(items)
        else:
            field: TypeAdapter[Any] = TypeAdapter(Annotated[info.annotation, info])  # type: ignore[arg-type]
            with contextlib.suppress(ValidationError):
                values[name] = field.validate_python(data[key])
        if name not in values and name in _PLACEHOLDERS:
            values[name] = _PLACEHOLDERS[name]
    return Salvaged(Scenario.model_construct(**values), kept, frozenset(unparsed))


def _item_model(annotation: Any) -> type[BaseModel] | None:
    """The model of a section's items (`tuple[Inject, ...]` gives `Inject`), if it is one."""
    args = get_args(annotation)
    if get_origin(annotation) is tuple and args and isinstance(args[0], type):
        return args[0] if issubclass(args[0], BaseModel) else None
    return None


def _items(
    model: type[BaseModel], raw: list[Any], unparsed: set[str]
) -> tuple[list[BaseModel], list[int]]:
    items: list[BaseModel] = []
    indices: list[int] = []
    for index, item in enumerate(raw):
        try:
            items.append(model.model_validate(item))
        except ValidationError:
            unparsed.update(_ids_in(item))
            continue
        indices.append(index)
    return items, indices


def _ids_in(value: Any) -> set[str]:
    """Every `id` written anywhere inside `value`."""
    found: set[str] = set()
    stack = [value]
    while stack:
        here = stack.pop()
        if isinstance(here, dict):
            if isinstance(here.get("id"), str):
                found.add(here["id"])
            stack += here.values()
        elif isinstance(here, list):
            stack += here
    return found
