"""`wargame report` from the command line: formats by extension, clean errors, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from players.commands import COMMANDS

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    "players.commands.report" not in {module.__name__ for module in COMMANDS},
    reason="`report` is not registered in players/commands/__init__.py yet",
)


def _wargame(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "players.cli", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_corrupt_journal_exits_1_with_a_clean_message(tmp_path: Path) -> None:
    journal = tmp_path / "corrupt.jsonl"
    journal.write_text('{"kind":"header","crc":1}\n{"seq":0}\n', encoding="utf-8")
    result = _wargame("report", journal, "-o", tmp_path / "aar.html")
    assert result.returncode == 1
    assert result.stderr.startswith("wargame: error: ")
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "aar.html").exists()


def test_a_missing_journal_exits_1_with_a_clean_message(tmp_path: Path) -> None:
    result = _wargame("report", tmp_path / "nowhere.jsonl")
    assert result.returncode == 1
    assert "no such journal" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_extension_chooses_the_format(complete_journal: Path, tmp_path: Path) -> None:
    for name, start in (("aar.html", "<!DOCTYPE html>"), ("aar.md", "**"), ("aar.json", "{")):
        result = _wargame("report", complete_journal, "-o", tmp_path / name, "--budget", "50")
        assert result.returncode == 0, result.stderr
        assert (tmp_path / name).read_text(encoding="utf-8").startswith(start)
        assert result.stdout == ""


def test_dash_prints_to_stdout_and_format_forces_json(complete_journal: Path) -> None:
    result = _wargame("report", complete_journal, "-o", "-", "--format", "json", "--budget", "0")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["status"]["complete"] is True


def test_an_incomplete_journal_still_exits_0(incomplete_journal: Path, tmp_path: Path) -> None:
    result = _wargame("report", incomplete_journal, "-o", tmp_path / "aar.md")
    assert result.returncode == 0, result.stderr
    assert "INCOMPLETE" in (tmp_path / "aar.md").read_text(encoding="utf-8")
    assert "INCOMPLETE" in result.stderr


def test_an_unknown_extension_asks_for_a_format(complete_journal: Path, tmp_path: Path) -> None:
    result = _wargame("report", complete_journal, "-o", tmp_path / "aar.txt")
    assert result.returncode == 1
    assert "--format" in result.stderr
