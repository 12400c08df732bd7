"""Golden files: the Markdown and JSON reports of the fixed journals, byte for byte.

Regenerate after an intended change with `UPDATE_GOLDEN=1 .venv/bin/pytest tests/report`,
then read the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from report_support import GOLDEN, fake_explorer, normalised

from engine.journal.store import read_journal
from engine.report import build_report, render

CASES = [
    ("complete", "markdown", "md"),
    ("complete", "json", "json"),
    ("incomplete", "markdown", "md"),
    ("incomplete", "json", "json"),
]
REGENERATE = "UPDATE_GOLDEN=1 .venv/bin/pytest tests/report/test_report_golden.py"


def _rendered(journal: Path, fmt: str) -> str:
    contents = read_journal(journal)
    report = build_report(contents, journal_sha256="<sha256>", explorer=fake_explorer)
    return normalised(render(report, fmt), str(contents.header["scenario_hash"]))


@pytest.mark.parametrize(("which", "fmt", "extension"), CASES)
def test_the_report_matches_its_golden_file(
    which: str,
    fmt: str,
    extension: str,
    complete_journal: Path,
    incomplete_journal: Path,
) -> None:
    journal = complete_journal if which == "complete" else incomplete_journal
    text = _rendered(journal, fmt)
    golden = GOLDEN / f"{which}.{extension}"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"{golden} is missing; create it with: {REGENERATE}"
    expected = golden.read_text(encoding="utf-8")
    if text != expected:
        print(f"The {fmt} report differs from {golden.name}. If the change is intended, run:")
        print(f"    {REGENERATE}")
        print("and review the diff of tests/report/golden/ before committing it.")
    assert text == expected


def test_the_same_journal_gives_the_same_json_twice(complete_journal: Path) -> None:
    assert _rendered(complete_journal, "json") == _rendered(complete_journal, "json")
