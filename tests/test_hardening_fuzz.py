"""Fuzz targets for the hardening guarantees (issue #23), run briefly here and longer on demand.

`WARGAME_FUZZ=2000 .venv/bin/python -m pytest tests/test_hardening_fuzz.py` runs 2,000
examples of each (the default is 40; CI runs a fixed, reproducible set).

- The loader: hostile values (huge numbers, control characters, surrogate escapes, Rich markup,
  odd include names) spliced into a valid scenario load or are refused, never a traceback, and
  every number that loads is within ±10^15.
- The journal reader: lines deleted, duplicated or moved in a real journal are either harmless
  (the records read still follow each other) or refused naming a line; the report of it never
  crashes and says INCOMPLETE whenever the records it used stop short.
- Play: chains of effects that multiply unbounded numbers are refused in words, and no value
  ever leaves the range.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_hardening_loader import HOSTILE

from engine.bounds import out_of_range
from engine.errors import CommandRefused, JournalError, ScenarioInvalid
from engine.format.loader import load_scenario
from engine.journal.store import read_journal
from engine.play.commands import Begin, NextPhase, OpenBriefing
from engine.play.compiled import compile_scenario
from engine.play.session import Session
from engine.report import report_journal

EXAMPLES = int(os.environ.get("WARGAME_FUZZ", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
SCENARIO = (HOSTILE / "with_include" / "scenario.yaml").read_text(encoding="utf-8")
JOURNAL = (HOSTILE / "noted.journal.jsonl").read_bytes().splitlines(keepends=True)
HOSTILE_VALUES = [
    "9" * 5000, "!!int -" + "1" * 4400, "1000000000000001", "1e400", "-1e16", '"\\x01"',
    '"\\0"', '"\\ud800"', '"\\udfff x"', '"[/] markup"', '"[bold]x"', '"a\\u2028b"',
    '"' + "x" * 300 + '.yaml"', '"a\\0b.yaml"', '"/dev/zero"', '"../../etc/passwd"',
]  # fmt: skip
FIELDS = ["initial", "min", "max", "title", "name", "count", "condition"]


def _numbers(data: Any) -> list[int | float]:
    if isinstance(data, dict):
        return [n for value in data.values() for n in _numbers(value)]
    if isinstance(data, list | tuple):
        return [n for value in data for n in _numbers(value)]
    return [data] if isinstance(data, int | float) and not isinstance(data, bool) else []


@FUZZ
@given(
    st.lists(
        st.tuples(st.sampled_from(FIELDS), st.sampled_from(HOSTILE_VALUES), st.booleans()),
        min_size=1,
        max_size=4,
    )
)
def test_hostile_values_load_or_are_refused_and_numbers_stay_in_range(
    changes: list[tuple[str, str, bool]],
) -> None:
    text = SCENARIO
    for field, value, in_include in changes:
        if in_include:
            text = text.replace("  - injects.yaml", f"  - {value}", 1)
        else:

            def replace(match: re.Match[str], value: str = value) -> str:
                return match.group(1) + value

            text = re.sub(rf"({field}: )[^,}}\n]+", replace, text, count=1)
    folder = Path(tempfile.mkdtemp())
    try:
        shutil.copy(HOSTILE / "with_include" / "injects.yaml", folder)
        (folder / "scenario.yaml").write_text(text, encoding="utf-8")
        try:
            loaded = load_scenario(folder, use_cache=False)
        except ScenarioInvalid as error:
            assert error.problems
            assert all(problem.file.startswith(str(folder)) for problem in error.problems)
            return
        numbers = _numbers(loaded.scenario.model_dump())
        assert not any(out_of_range(number) for number in numbers)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@st.composite
def edited(draw: st.DrawFn) -> list[bytes]:
    """The kept journal with a few whole lines deleted, duplicated or moved (never line 1)."""
    lines = list(JOURNAL)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(1, len(lines) - 1))
        change = draw(st.sampled_from(["delete", "duplicate", "move"]))
        if change == "delete" and len(lines) > 2:
            del lines[at]
        elif change == "duplicate":
            lines.insert(at, lines[at])
        else:
            line = lines.pop(at)
            lines.insert(draw(st.integers(1, len(lines))), line)
    return lines


@FUZZ
@given(edited())
def test_an_edited_journal_reads_in_order_or_is_refused_naming_a_line(lines: list[bytes]) -> None:
    folder = Path(tempfile.mkdtemp())
    path = folder / "edited.jsonl"
    path.write_bytes(b"".join(lines))
    try:
        try:
            records = read_journal(path).records
        except JournalError as error:
            assert re.match(rf"{re.escape(str(path))}:\d+: ", str(error)), str(error)
            with pytest.raises(JournalError) as reported:  # the report refuses it alike
                report_journal(path, "json", budget=0, max_points=0)
            assert str(reported.value) == str(error)
        else:
            assert [record["seq"] for record in records] == list(range(len(records)))
            report_journal(path, "json", budget=0, max_points=0)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


GROWTH = (HOSTILE / "unbounded_growth.yaml").read_text(encoding="utf-8")


@FUZZ
@given(
    st.lists(
        st.sampled_from(["x = x * x", "x = x * x * x", "x = x * 1000", "x += 7", "x = -x * x"]),
        min_size=1,
        max_size=8,
    ),
    st.integers(-(10**6), 10**6),
)
def test_effects_never_take_a_value_out_of_range(effects: list[str], initial: int) -> None:
    text = GROWTH.replace("initial: 1000", f"initial: {initial}")
    listed = "".join(f"      - {effect}\n" for effect in effects)
    text = re.sub(r"    effects:\n(      - .*\n)+", f"    effects:\n{listed}", text)
    folder = Path(tempfile.mkdtemp())
    try:
        (folder / "growth.yaml").write_text(text, encoding="utf-8")
        loaded = load_scenario(folder / "growth.yaml", use_cache=False)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    session = Session(compile_scenario(loaded.scenario, loaded.content_hash), 1)
    session.execute(OpenBriefing())
    for command in (Begin(), NextPhase(), NextPhase()):
        try:
            session.execute(command)
        except CommandRefused as refused:
            assert "outside the range the engine allows" in str(refused) or "cannot" in str(refused)
        assert not out_of_range(session.state.values["x"])
