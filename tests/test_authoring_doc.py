"""docs/authoring.md against the tool: the output it shows, its numbering, what it documents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from players.cli import main

REPOSITORY = Path(__file__).resolve().parent.parent
GUIDE = (REPOSITORY / "docs" / "authoring.md").read_text(encoding="utf-8")
MISTAKES = REPOSITORY / "tests" / "fixtures" / "authoring"
"""The guide's harbour_leak, split into files as its section 6 says, with two mistakes."""


def _section(number: int) -> str:
    start = GUIDE.index(f"\n## {number}. ")
    return GUIDE[start : GUIDE.index("\n## ", start + 1)]


def test_the_validate_section_shows_what_validate_prints(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocks = re.findall(r"^```(\w*)\n(.*?)^```$", _section(7), re.DOTALL | re.MULTILINE)
    shown = [text for language, text in blocks if not language]
    monkeypatch.chdir(MISTAKES)
    assert main(["validate", "harbour_leak"]) == 1
    assert [capsys.readouterr().out] == shown


def test_the_sections_are_numbered_once_each_in_order() -> None:
    numbers = [int(n) for n in re.findall(r"^## (\d+)\. ", GUIDE, re.MULTILINE)]
    assert numbers == list(range(1, len(numbers) + 1))


def test_the_expressions_name_every_function_the_compiler_knows() -> None:
    expressions = _section(4)
    for call in ("delivered('", "chose('", "rolled('"):
        assert call in expressions
