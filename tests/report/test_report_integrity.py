"""`wargame report` refuses an edited journal in one line, exit 1 and no file; only a torn last
line (a crash mid-write) gives an INCOMPLETE report.

The journals are the 0.1.0 fixtures (`tests/fixtures/journals/`): a Portrait journal, and a
Gray zone one to take foreign records from.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from players.cli import main

JOURNALS = Path(__file__).resolve().parents[1] / "fixtures" / "journals"
PORTRAIT = JOURNALS / "portrait-random-3.jsonl"
GRAY_ZONE = JOURNALS / "gray_zone-least-used-2.jsonl"
EDITED = "the journal was edited, and cannot be trusted from this line on"


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def _report(capsys: pytest.CaptureFixture[str], journal: Path, out: Path) -> tuple[int, str]:
    code = main(["report", str(journal), "-o", str(out), "--budget", "0"])
    return code, capsys.readouterr().err


def test_a_line_of_another_journal_in_the_middle_is_refused_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = tmp_path / "foreign_mid.jsonl"
    lines = _lines(PORTRAIT)
    journal.write_bytes(b"".join([*lines[:80], _lines(GRAY_ZONE)[80], *lines[80:]]))
    out = tmp_path / "aar.md"
    code, err = _report(capsys, journal, out)
    assert (code, err) == (
        1,
        f"wargame: error: {journal}:81: records out of order (a record of group 19 inside"
        f" group 16); {EDITED}\n",
    )
    assert not out.exists()


def test_a_corrupted_line_before_the_last_is_refused_without_talking_of_resuming(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = tmp_path / "flip.jsonl"
    lines = _lines(PORTRAIT)
    lines[80] = lines[80].replace(b'"seq":79', b'"seq":97')
    journal.write_bytes(b"".join(lines))
    out = tmp_path / "aar.html"
    code, err = _report(capsys, journal, out)
    assert (code, err) == (
        1,
        f"wargame: error: {journal}:81: corrupted record (checksum mismatch); the journal"
        " cannot be read past it\n",
    )
    assert not out.exists()


def test_a_torn_last_line_still_gives_an_incomplete_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = tmp_path / "torn.jsonl"
    journal.write_bytes(PORTRAIT.read_bytes()[:-5])
    out = tmp_path / "aar.md"
    code, err = _report(capsys, journal, out)
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    assert "INCOMPLETE" in text
    assert "the last line (line 120) was torn (no trailing newline) and is left out" in text
