"""One table of keys (`players.console.keys`): the help and footer are built from it, and the
guides are checked against it."""

from __future__ import annotations

import re
from pathlib import Path

from players.console.keys import APP_KEYS, MAIN_KEYS, key_label

DOCS = Path(__file__).resolve().parent.parent.parent / "docs"


def _rows(text: str) -> dict[str, str]:
    """The facilitator guide's "Every key" table: key cell → action cell."""
    section = text.split("## Every key", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0].startswith("`"):
            rows[cells[0]] = cells[1]
    return rows


def _documented(binding_keys: str) -> str:
    return " / ".join(f"`{key}`" for key in binding_keys.split(" / "))


def test_the_facilitator_guide_lists_every_key_of_the_table_and_no_other() -> None:
    rows = _rows((DOCS / "facilitator.md").read_text(encoding="utf-8"))
    keys = {_documented(key_label(binding)): binding for binding in [*MAIN_KEYS, *APP_KEYS]}
    documented = {key for key in rows if key != "`ctrl+p`"}
    assert documented == set(keys), "docs/facilitator.md's key table and players/console/keys.py"


def test_the_guides_name_the_keys_the_console_uses_for_notes_and_ratings() -> None:
    by_action = {binding.action: key_label(binding) for binding in MAIN_KEYS}
    for guide in ("aar.md", "facilitator.md"):
        text = (DOCS / guide).read_text(encoding="utf-8")
        for what, action in (("note", "add_note"), ("critical task", "rate_task")):
            for key in re.findall(rf"{what}[^(`]*\(`([^`]+)` in the console", text, re.I):
                assert key == by_action[action], f"{guide} says `{key}` for a {what}"
    aar = (DOCS / "aar.md").read_text(encoding="utf-8")
    assert f"(`{by_action['add_note']}` in the console" in aar
    assert f"(`{by_action['rate_task']}` in the console" in aar


def test_no_two_bindings_of_the_main_screen_share_a_key() -> None:
    seen: dict[str, str] = {}
    for binding in [*MAIN_KEYS, *APP_KEYS]:
        for key in binding.key.split(","):
            assert key not in seen, f"{key!r} is bound to both {seen[key]} and {binding.action}"
            seen[key] = binding.action
