"""The authoring guide's field reference, generated from the models' field docstrings.

Run `python -m engine.format.reference_doc` to rewrite the reference in `docs/authoring.md` (between
its `reference:start` and `reference:end` markers); `--check` only reports drift.
"""

from __future__ import annotations

import argparse
import sys
import types
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from engine.format import model
from engine.format.model import Scenario

START = "<!-- reference:start -->"
END = "<!-- reference:end -->"
GUIDE = Path(__file__).resolve().parents[2] / "docs" / "authoring.md"
REGENERATE = "python -m engine.format.reference_doc"

_NAMED = {
    id(model.Identifier): "id",
    id(model.ClockText): "time (`D+1 08:00`)",
    id(model.DurationText): "duration (`2h`, `1h30m`)",
    id(model.ExpressionText): "condition",
    id(model.EffectText): "effect",
}
_PLAIN = {
    int: "whole number",
    bool: "true/false",
    str: "text",
    float: "number",
    type(None): "not allowed here",
}
_BOUNDS = (("ge", "≥"), ("gt", ">"), ("le", "≤"), ("lt", "<"))


def models_in_order(root: type[BaseModel] = Scenario) -> list[type[BaseModel]]:
    """Every model reachable from `root`, in the order a reader meets them."""
    found: list[type[BaseModel]] = []
    queue = [root]
    while queue:
        current = queue.pop(0)
        if current in found:
            continue
        found.append(current)
        hints = get_type_hints(current, include_extras=True)
        for name in current.model_fields:
            queue.extend(_models(hints[name]))
    return found


def _models(hint: Any) -> list[type[BaseModel]]:
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        return [hint]
    return [found for arg in get_args(hint) for found in _models(arg)]


def describe_type(hint: Any) -> str:
    """A field's type in an author's words, with links to the models it holds."""
    if id(hint) in _NAMED:
        return _NAMED[id(hint)]
    origin = get_origin(hint)
    if origin is Annotated:
        return describe_type(get_args(hint)[0])
    if origin is Union or origin is types.UnionType:
        parts = [describe_type(arg) for arg in get_args(hint) if arg is not type(None)]
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1]
    if origin is tuple:
        return f"list of {describe_type(get_args(hint)[0])}"
    if origin is Literal:
        return " or ".join(f"`{value}`" for value in get_args(hint))
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        return f"[{hint.__name__}](#{hint.__name__.lower()})"
    if isinstance(hint, type) and issubclass(hint, Enum):
        return "one of " + ", ".join(f"`{member.value}`" for member in hint)
    return _PLAIN.get(hint, getattr(hint, "__name__", str(hint)))


def describe_default(info: FieldInfo) -> str:
    """`required`, or the default as an author would write it, plus any bounds."""
    if info.is_required():
        text = "required"
    else:
        default = info.default
        if default is None:
            text = "none"
        elif default == ():
            text = "`[]`"
        elif isinstance(default, bool):
            text = f"`{str(default).lower()}`"
        elif isinstance(default, Enum):
            text = f"`{default.value}`"
        elif default == "":
            text = '`""`'
        else:
            text = f"`{default}`"
    bounds = [
        f"{symbol} {getattr(item, key)}"
        for item in info.metadata
        for key, symbol in _BOUNDS
        if getattr(item, key, None) is not None
    ]
    return text + (f" ({', '.join(bounds)})" if bounds else "")


def reference_markdown() -> str:
    """The whole field reference as Markdown."""
    lines = [
        "## Field reference",
        "",
        f"Generated from `engine/format/model.py` by `{REGENERATE}`; do not edit by hand.",
    ]
    for current in models_in_order():
        hints = get_type_hints(current, include_extras=True)
        lines += ["", f"### {current.__name__}", "", _one_line(current.__doc__ or ""), ""]
        lines += ["| key | type | default | what it is |", "|---|---|---|---|"]
        for name, info in current.model_fields.items():
            key = info.alias or name
            cells = (
                f"`{key}`",
                describe_type(hints[name]),
                describe_default(info),
                _one_line(info.description or ""),
            )
            lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def with_reference(guide: str) -> str:
    """The guide's text with its reference section replaced by a freshly generated one."""
    start, end = guide.find(START), guide.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the guide needs the markers {START} and {END}")
    return guide[: start + len(START)] + "\n" + reference_markdown() + guide[end:]


def main(argv: list[str] | None = None) -> int:
    """Rewrite (or with `--check`, verify) the reference in docs/authoring.md."""
    parser = argparse.ArgumentParser(
        prog="python -m engine.format.reference_doc", description=__doc__
    )
    parser.add_argument("--check", action="store_true", help="only report whether it drifted")
    args = parser.parse_args(argv)
    current = GUIDE.read_text(encoding="utf-8")
    fresh = with_reference(current)
    if args.check:
        if fresh != current:
            print(f"{GUIDE} is out of date; run `{REGENERATE}`", file=sys.stderr)
            return 1
        return 0
    if fresh != current:
        GUIDE.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
