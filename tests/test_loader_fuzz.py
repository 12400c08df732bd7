"""Fuzzing the loader: no scenario file, however mangled, makes it fail with a traceback.

Each example takes the valid scenario folder, mangles one of its files (cut, duplicate or swap
lines, splice in YAML's special characters, tags, aliases, control characters, deep nesting)
and loads it. The loader must either load it or refuse it with `ScenarioInvalid`, every problem
naming a file of the scenario; `wargame validate` must exit 0 or 1 and print no traceback.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from engine.errors import ScenarioInvalid
from engine.format.loader import load_scenario
from players.cli import main

GOOD = Path(__file__).resolve().parent / "good_scenario"
FILES = sorted(path.name for path in GOOD.glob("*.yaml"))

SPLICES = [
    ":", "- ", "{", "}", "[", "]", ",", "&a ", "*a", "*b", "!!python/object:os.system ",
    "!!binary ", "!!int ", "? ", "|", ">", "'", '"', "#", " #tag", "\t", "\x00", "\x1b",
    "\ufeff", "\u2028", "é", "🛰", "~", "null", "no", "1e999", "-0", "0x1F", "2020-04-01",
    "<<: *a", "---\n", "...\n", "%YAML 1.1\n", "[" * 80, "{a: " * 40, "\n  ", "\n- ",
]  # fmt: skip


@st.composite
def mangled(draw: st.DrawFn) -> tuple[str, str]:
    """One file of the scenario, with a few random changes."""
    name = draw(st.sampled_from(FILES))
    lines = (GOOD / name).read_text(encoding="utf-8").splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            lines = ["\n"]
        at = draw(st.integers(0, len(lines) - 1))
        change = draw(st.sampled_from(["cut", "duplicate", "swap", "splice", "indent"]))
        if change == "cut":
            del lines[at : at + draw(st.integers(1, 5))]
        elif change == "duplicate":
            lines.insert(at, lines[at])
        elif change == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif change == "indent":
            lines[at] = draw(st.sampled_from(["", " ", "   ", "\t"])) + lines[at].lstrip(" ")
        else:
            line = lines[at]
            column = draw(st.integers(0, len(line)))
            lines[at] = line[:column] + draw(st.sampled_from(SPLICES)) + line[column:]
    return name, "".join(lines)


@settings(
    max_examples=int(os.environ.get("WARGAME_FUZZ", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(case=mangled())
def test_a_mangled_scenario_loads_or_is_refused_with_placed_problems(
    case: tuple[str, str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    name, text = case
    folder = Path(shutil.copytree(GOOD, tmp_path_factory.mktemp("fuzz") / "scenario"))
    (folder / name).write_text(text, encoding="utf-8")
    try:
        load_scenario(folder, use_cache=False)
        event("loaded")
    except ScenarioInvalid as invalid:
        event("refused")
        assert invalid.problems
        for problem in invalid.problems:
            assert problem.message and "Traceback" not in problem.message
            assert problem.file.startswith(str(folder)), problem


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=mangled())
def test_validate_exits_0_or_1_on_a_mangled_scenario_and_prints_no_traceback(
    case: tuple[str, str],
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    name, text = case
    folder = Path(shutil.copytree(GOOD, tmp_path_factory.mktemp("fuzz") / "scenario"))
    (folder / name).write_text(text, encoding="utf-8")
    code = main(["validate", str(folder)])
    output = capsys.readouterr()
    assert code in (0, 1)
    assert "Traceback" not in output.out + output.err
