"""The `wargame` command line: validate, info, schema and new, and how failures look."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from engine.format.loader import load_scenario
from engine.format.schema import scenario_json_schema
from players.cli import main

REPOSITORY = Path(__file__).resolve().parent.parent
BAD = REPOSITORY / "tests" / "bad_scenarios"
Capture = pytest.CaptureFixture[str]


def test_validate_says_a_good_scenario_is_valid_and_exits_0(
    good_scenario: Path, capsys: Capture
) -> None:
    assert main(["validate", str(good_scenario)]) == 0
    assert capsys.readouterr().out == f"{good_scenario}: valid\n"


def test_validate_checks_every_path_and_fails_if_any_fails(
    good_scenario: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(BAD)
    assert main(["validate", str(good_scenario), "bad_type.yaml"]) == 1
    assert capsys.readouterr().out == (
        f"{good_scenario}: valid\n"
        "bad_type.yaml:32:11: error: 'turn' must be a whole number, got 'two'\n"
        "bad_type.yaml: 1 error, 0 warnings\n"
    )


def test_validate_strict_fails_on_warnings(
    capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(BAD)
    assert main(["validate", "warnings.yaml"]) == 0
    assert capsys.readouterr().out.endswith("\nwarnings.yaml: valid (4 warnings)\n")
    assert main(["validate", "--strict", "warnings.yaml"]) == 1
    assert capsys.readouterr().out.endswith(
        "\nwarnings.yaml: 4 warnings (--strict: warnings are errors)\n"
    )


def test_validate_json_prints_only_json(capsys: Capture, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD)
    assert main(["validate", "--format", "json", "dangling_reference.yaml"]) == 1
    output = capsys.readouterr()
    assert output.err == ""
    report = json.loads(output.out)
    assert report["valid"] is False
    (scenario,) = report["scenarios"]
    assert (scenario["errors"], scenario["warnings"]) == (2, 0)
    assert scenario["problems"][0] == {
        "file": "dangling_reference.yaml",
        "line": 31,
        "column": 14,
        "severity": "error",
        "message": "unknown channel 'newz'",
        "suggestion": "did you mean 'news'?",
    }


def test_validate_checks_quotes_against_a_sources_folder(tmp_path: Path, capsys: Capture) -> None:
    scenario = (BAD / "warnings.yaml").read_text().split("injects:")[0] + (
        "sources:\n  - {id: doc, file: doc.txt}\n"
        "injects:\n  - id: quoted\n    title: Quoted\n    channel: news\n    turn: 1\n"
        "    source: {document: doc, quote: 'not in there at all'}\n"
    )
    (tmp_path / "s.yaml").write_text(scenario)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "doc.txt").write_text("Something else entirely.\n")
    path = str(tmp_path / "s.yaml")
    assert main(["validate", path]) == 0
    capsys.readouterr()
    assert main(["validate", path, "--sources", str(tmp_path / "docs")]) == 1
    assert 'error: quote not found in doc.txt: "not in there at all"' in capsys.readouterr().out


def test_a_missing_sources_folder_is_a_clean_user_error(
    good_scenario: Path, capsys: Capture
) -> None:
    assert main(["validate", str(good_scenario), "--sources", "/no/such/folder"]) == 1
    assert (
        capsys.readouterr().err == "wargame: error: --sources: '/no/such/folder' is not a folder\n"
    )


def test_bad_usage_exits_2(capsys: Capture) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["validate"])
    assert raised.value.code == 2
    with pytest.raises(SystemExit) as raised:
        main(["validate", "x.yaml", "--format", "xml"])
    assert raised.value.code == 2


def test_info_counts_what_the_scenario_holds(good_scenario: Path, capsys: Capture) -> None:
    assert main(["info", str(good_scenario), "--format", "json"]) == 0
    counts = json.loads(capsys.readouterr().out)
    assert {key: counts[key] for key in (
        "cells", "actors", "variables", "injects", "decisions", "options", "endings",
        "objectives", "critical_tasks", "turns", "injects_with_source", "injects_fictional",
    )} == {
        "cells": 2, "actors": 3, "variables": 3, "injects": 6, "decisions": 2, "options": 4,
        "endings": 2, "objectives": 1, "critical_tasks": 2, "turns": 3,
        "injects_with_source": 0, "injects_fictional": 6,
    }  # fmt: skip
    assert counts["channels_by_kind"] == {"news": 1, "social": 1}


def test_info_prints_a_readable_table(good_scenario: Path, capsys: Capture) -> None:
    assert main(["info", str(good_scenario)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Harbour Leak: a base's videos go viral (harbour_leak)"
    assert "  injects fictional    6" in lines
    assert "  channels by kind     news 1, social 1" in lines


def test_info_on_an_invalid_scenario_prints_its_problems_to_stderr(capsys: Capture) -> None:
    assert main(["info", str(BAD / "bad_type.yaml")]) == 1
    output = capsys.readouterr()
    assert output.out == ""
    assert output.err == (
        f"{BAD}/bad_type.yaml:32:11: error: 'turn' must be a whole number, got 'two'\n"
    )


def test_schema_prints_the_json_schema(capsys: Capture) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == scenario_json_schema()


def test_new_writes_a_scaffold_that_validates_without_warnings(
    tmp_path: Path, capsys: Capture
) -> None:
    assert main(["new", "harbour_leak", "--dir", str(tmp_path)]) == 0
    path = tmp_path / "harbour_leak.yaml"
    assert capsys.readouterr().out == f"wrote {path}; check it with: wargame validate {path}\n"
    loaded = load_scenario(path)
    assert loaded.problems == []
    assert loaded.scenario.id == "harbour_leak"
    first = path.read_text().splitlines()[0]
    schema = REPOSITORY / "schema" / "scenario.schema.json"  # tmp_path is outside the checkout
    assert first == f"# yaml-language-server: $schema={schema.as_posix()}"


def test_new_refuses_to_overwrite_a_file(tmp_path: Path, capsys: Capture) -> None:
    (tmp_path / "mine.yaml").write_text("keep me\n")
    assert main(["new", "mine", "--dir", str(tmp_path)]) == 1
    assert (
        capsys.readouterr().err
        == f"wargame: error: {tmp_path}/mine.yaml already exists; choose another name\n"
    )
    assert (tmp_path / "mine.yaml").read_text() == "keep me\n"


def test_new_refuses_a_name_that_is_a_path(tmp_path: Path, capsys: Capture) -> None:
    assert main(["new", "../escape", "--dir", str(tmp_path)]) == 1
    assert "is not a plain name" in capsys.readouterr().err


def test_the_installed_command_reports_a_bad_file_without_a_traceback(tmp_path: Path) -> None:
    shutil.copy(BAD / "misspelled_key.yaml", tmp_path / "bad.yaml")
    command = Path(sys.executable).parent / "wargame"
    if not command.exists():
        pytest.skip("the wargame console script is not installed (pip install -e .)")
    result = subprocess.run(
        [str(command), "validate", "bad.yaml"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == (
        "bad.yaml:30:5: error: unknown key 'titel' in inject 'leak_story' (did you mean 'title'?)\n"
        "bad.yaml: 1 error, 0 warnings\n"
    )
    assert "Traceback" not in result.stderr
