"""How a scenario field sits in a cell: its kind (text, number, yes/no, lines, JSON) and codec.

Chosen from the field's type annotation, so a field the format gains later gets a column
without anyone writing one: a text or number is a cell as it is, a list of texts is one line
each (Alt+Enter in a spreadsheet), anything nested is compact JSON.
"""

from __future__ import annotations

import json
import types
import typing
from datetime import date, datetime, time
from enum import Enum, StrEnum
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from engine.msel.sheets import Cell, blank


class Kind(StrEnum):
    """The shape a field's value has in one cell."""

    TEXT = "text"
    NUMBER = "number"
    YES_NO = "yes/no"
    LINES = "lines"
    JSON = "json"


class CellProblem(ValueError):
    """A cell that does not hold what its column needs; the message says what was expected."""


def kind_of(info: FieldInfo) -> Kind:
    """The kind of a model field, from its annotation."""
    return _kind(info.annotation)


def _kind(annotation: Any) -> Kind:
    annotation = _strip(annotation)
    origin = typing.get_origin(annotation)
    if origin is tuple or origin is list:
        args = [a for a in typing.get_args(annotation) if a is not Ellipsis]
        return Kind.LINES if args and _kind(args[0]) is Kind.TEXT else Kind.JSON
    if origin is typing.Literal:
        values = typing.get_args(annotation)
        return Kind.NUMBER if all(isinstance(v, int) for v in values) else Kind.TEXT
    if origin in (typing.Union, types.UnionType):
        kinds = {_kind(a) for a in typing.get_args(annotation) if a is not type(None)}
        if kinds <= {Kind.NUMBER, Kind.YES_NO, Kind.TEXT} and Kind.TEXT in kinds:
            return Kind.TEXT if len(kinds) == 1 else Kind.JSON
        return kinds.pop() if len(kinds) == 1 else Kind.JSON
    if isinstance(annotation, type):
        if issubclass(annotation, bool):
            return Kind.YES_NO
        if issubclass(annotation, int | float):
            return Kind.NUMBER
        if issubclass(annotation, str | Enum):
            return Kind.TEXT
        if issubclass(annotation, BaseModel):
            return Kind.JSON
    return Kind.JSON


def _strip(annotation: Any) -> Any:
    """Without `Annotated[...]` and `X | None`."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _strip(args[0])
    return annotation


def to_cell(value: Any, kind: Kind) -> Cell:
    """The cell that shows `value` (a model's attribute)."""
    if value is None:
        return None
    if kind is Kind.LINES:
        return "\n".join(str(item) for item in value) or None
    if kind is Kind.JSON:
        return json.dumps(_plain(value), ensure_ascii=False, separators=(", ", ": "))
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool | int | float):
        return value
    return str(value)


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


def from_cell(cell: Cell, kind: Kind) -> Any:
    """The field value a cell stands for (blank cells are never passed).

    Raises:
        CellProblem: the cell does not hold a value of this kind; the message says what would.
    """
    if kind is Kind.NUMBER:
        return _number(cell)
    if kind is Kind.YES_NO:
        return _yes_no(cell)
    if kind is Kind.LINES:
        return [line.strip() for line in _text(cell).splitlines() if line.strip()]
    if kind is Kind.JSON:
        text = _text(cell)
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise CellProblem(
                f"expected JSON (as the export writes it), but {error.msg.lower()} at "
                f"character {error.pos + 1}"
            ) from None
    return _text(cell)


def _text(cell: Cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, datetime | date | time):
        return cell.isoformat(sep=" ") if isinstance(cell, datetime) else cell.isoformat()
    return str(cell)  # as written: a body's trailing newline is part of it


def _number(cell: Cell) -> int | float:
    if isinstance(cell, bool):
        raise CellProblem(f"expected a number, found {_text(cell)}")
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        return int(cell) if cell.is_integer() else cell
    text = _text(cell).strip()
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        raise CellProblem(f"expected a number, found {text!r}") from None


_YES = {"true", "yes", "y", "1", "x"}
_NO = {"false", "no", "n", "0"}


def _yes_no(cell: Cell) -> bool:
    if isinstance(cell, bool):
        return cell
    text = _text(cell).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellProblem(f"expected yes or no (TRUE/FALSE), found {_text(cell)!r}")


def is_default(info: FieldInfo, value: Any) -> bool:
    """Whether `value` is the field's default (then the cell stays blank)."""
    if info.is_required():
        return False
    default = info.get_default(call_default_factory=True)
    return bool(value == default)


__all__ = ["CellProblem", "Kind", "blank", "from_cell", "is_default", "kind_of", "to_cell"]
