"""`wargame report` refuses an edited journal in one line, exit 1 and no file; only a torn last
line (a crash mid-write) gives an INCOMPLETE report.

The journals are the 0.1.0 fixtures (`tests/fixtures/journals/`): a Portrait journal, and a
Gray zone one to take foreign records from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from engine.errors import CommandRefused, JournalError
from engine.journal.journaled_session import JournaledSession, fork, scenario_from_header
from engine.journal.store import encode_record, read_journal
from engine.play import commands as c
from engine.report import report_journal
from players.cli import main
from players.console.viewer import ViewerApp

ROOT = Path(__file__).resolve().parents[2]
JOURNALS = ROOT / "tests" / "fixtures" / "journals"
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


def _with_group(command: dict[str, Any], event: dict[str, Any]) -> bytes:
    """The Portrait journal with one more group (a command and its event), numbered to fit."""
    stamp = {"clock": 2640, "group": 28, "turn": 4, "wall": "2026-11-30T09:00:30+00:00"}
    records = [
        {**stamp, "command": command, "seq": 119, "size": 2, "type": "command"},
        {**stamp, **event, "seq": 120},
    ]
    return PORTRAIT.read_bytes() + b"".join(encode_record(record) for record in records)


NOTE = {
    "capability_element": "",
    "cell": None,
    "completion": "",
    "contact": "",
    "corrective_action": "",
    "decision": None,
    "inject": None,
    "kind": "strength",
    "objective": None,
    "responsible": "",
    "start": "",
    "text": "x",
    "type": "note_added",
}


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"objective": "obj_opsec", "inject": "g1_marking"}, "objective 'obj_opsec'"),
        ({"inject": "g1_marking"}, "inject 'g1_marking'"),
        ({"decision": "d_stratcom"}, "decision 'd_stratcom'"),
        ({"cell": "red_cell"}, "cell 'red_cell'"),
    ],
    ids=["objective", "inject", "decision", "cell"],
)
def test_a_note_from_another_scenario_is_refused_naming_its_line_and_the_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fields: dict[str, str], named: str
) -> None:
    journal = tmp_path / "forged.jsonl"
    command = {"kind": "strength", "name": "add_note", "text": "x", **fields}
    journal.write_bytes(_with_group(command, {**NOTE, **fields}))
    out = tmp_path / "aar.md"
    code, err = _report(capsys, journal, out)
    assert (code, err) == (
        1,
        f"wargame: error: {journal}:121: the record names {named}, which scenario 'portrait'"
        f" does not have; {EDITED}\n",
    )
    assert not out.exists()


def test_a_rating_of_a_task_the_objective_does_not_have_is_refused_by_every_reader(
    tmp_path: Path,
) -> None:
    journal = tmp_path / "forged.jsonl"
    rating = {"objective": "obj_intel", "rating": "P", "task": "identify_marked"}
    journal.write_bytes(
        _with_group(
            {"name": "rate_task", "observation": "", **rating},
            {"observation": "", "type": "task_rated", **rating},
        )
    )
    message = (
        f"{journal}:121: the record names task 'identify_marked' of objective 'obj_intel',"
        f" which scenario 'portrait' does not have; {EDITED}"
    )
    with pytest.raises(JournalError) as reported:
        report_journal(journal, "markdown", budget=0, max_points=0)
    with pytest.raises(JournalError) as resumed:
        JournaledSession.resume(journal)
    with pytest.raises(JournalError) as forked:
        fork(journal, 28, tmp_path / "fork.jsonl")
    with pytest.raises(JournalError) as viewed:
        ViewerApp(journal)
    assert {str(reported.value), str(resumed.value), str(forked.value), str(viewed.value)} == {
        message
    }
    assert not (tmp_path / "fork.jsonl").exists()


def test_a_note_on_an_ad_hoc_inject_added_earlier_is_reported(tmp_path: Path) -> None:
    journal = tmp_path / "adhoc.jsonl"
    compiled = scenario_from_header(read_journal(PORTRAIT).header, PORTRAIT)
    with JournaledSession.create(compiled, 3, journal) as exercise:
        for command in (
            c.Begin(),
            c.AddInject("A call from the press"),
            c.AddNote("Handled well", kind="strength", inject="adhoc_1"),
        ):
            exercise.execute(command)
    report, _ = report_journal(journal, "markdown", budget=0, max_points=0)
    assert "Handled well" in [note.text for note in report.appendix.notes]


def test_a_live_note_on_an_objective_the_scenario_does_not_have_is_refused(
    tmp_path: Path,
) -> None:
    compiled = scenario_from_header(read_journal(PORTRAIT).header, PORTRAIT)
    with (
        JournaledSession.create(compiled, 3, tmp_path / "live.jsonl") as exercise,
        pytest.raises(CommandRefused) as refused,
    ):
        exercise.execute(c.AddNote("x", kind="strength", objective="obj_opsec"))
    assert str(refused.value) == "no objective 'obj_opsec' in this scenario"


@pytest.mark.parametrize(
    ("command", "event", "named"),
    [
        (
            {"name": "set_variable", "reason": "r", "value": 1, "variable": "tension"},
            {"cause": "facilitator", "changes": {"tension": 1}, "type": "variables_changed"},
            "variable 'tension'",
        ),
        (
            {"ending": "war", "name": "end_exercise", "reason": ""},
            {"ending": "war", "type": "ending_reached"},
            "ending 'war'",
        ),
    ],
    ids=["variable", "ending"],
)
def test_a_command_from_another_scenario_is_refused_naming_the_id(
    tmp_path: Path, command: dict[str, Any], event: dict[str, Any], named: str
) -> None:
    journal = tmp_path / "forged.jsonl"
    journal.write_bytes(_with_group(command, event))
    with pytest.raises(JournalError) as caught:
        report_journal(journal, "markdown", budget=0, max_points=0)
    assert str(caught.value) == (
        f"{journal}:121: the record names {named}, which scenario 'portrait' does not have;"
        f" {EDITED}"
    )
