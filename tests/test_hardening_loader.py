"""Hostile scenario files (issue #23): every one is refused in words, none hangs or crashes.

The inputs live in `tests/hostile/` and the golden corpus `tests/bad_scenarios/`; what a
repository cannot hold (a FIFO, a symlink loop, a link to `/dev/zero`) is made here.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from engine.errors import CommandRefused, ScenarioInvalid
from engine.format.loader import load_scenario
from engine.format.yaml_document import parse_yaml
from engine.play.commands import Begin
from engine.play.compiled import compile_scenario
from engine.play.session import Session
from players.cli import main

HOSTILE = Path(__file__).resolve().parent / "hostile"


@contextmanager
def within(seconds: int) -> Iterator[None]:
    """Fail, instead of hanging the suite, when the block takes longer than `seconds`."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def problems(path: Path, sources_dir: Path | None = None) -> list[str]:
    try:
        found = load_scenario(path, sources_dir=sources_dir).problems
    except ScenarioInvalid as error:
        found = error.problems
    return [str(problem) for problem in found]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the scenario with an include, which a test may tamper with."""
    return Path(shutil.copytree(HOSTILE / "with_include", tmp_path / "scenario"))


def swap(path: Path, make: Callable[[Path], None]) -> None:
    path.unlink()
    make(path)


def test_a_tagged_int_of_thousands_of_digits_is_an_error_not_a_traceback() -> None:
    document = parse_yaml(b"count: !!int " + b"7" * 5000 + b"\n", "f.yaml")
    assert [str(problem) for problem in document.problems] == [
        "f.yaml:1:8: error: the number 777777777777… (5,000 digits) is outside the range"
        " the engine allows (±10^15)"
    ]


def test_a_number_just_inside_the_range_keeps_its_value() -> None:
    document = parse_yaml(b"a: 1000000000000000\nb: -1000000000000000\n", "f.yaml")
    assert document.problems == []
    assert document.data == {"a": 10**15, "b": -(10**15)}


def test_a_float_too_large_for_the_range_is_an_error() -> None:
    document = parse_yaml(b"a: 1e400\n", "f.yaml")
    assert [str(problem) for problem in document.problems] == [
        "f.yaml:1:4: error: the number 1e400 is outside the range the engine allows (±10^15)"
    ]


def test_an_include_that_is_a_symlink_to_itself_is_refused_in_words(folder: Path) -> None:
    swap(folder / "injects.yaml", lambda path: path.symlink_to(path.name))
    assert problems(folder) == [
        f"{folder}/scenario.yaml:5:5: error: include 'injects.yaml' cannot be read:"
        " Too many levels of symbolic links"
    ]


def test_an_include_that_is_a_fifo_is_refused_without_waiting(folder: Path) -> None:
    swap(folder / "injects.yaml", os.mkfifo)
    with within(10):
        assert problems(folder) == [
            f"{folder}/injects.yaml: error: not a regular file: it is a FIFO (named pipe)"
        ]


def test_a_scenario_file_that_links_to_dev_zero_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    with within(10):
        assert problems(link) == [f"{link}: error: not a regular file: it is a character device"]


def test_the_cache_reads_a_swapped_include_with_the_loaders_checks(folder: Path) -> None:
    load_scenario(folder)  # stores the cache entry
    swap(folder / "injects.yaml", os.mkfifo)
    with within(10):
        assert problems(folder) == [
            f"{folder}/injects.yaml: error: not a regular file: it is a FIFO (named pipe)"
        ]


def test_the_cache_never_follows_an_include_swapped_for_a_link_out_of_the_folder(
    folder: Path,
) -> None:
    load_scenario(folder)
    swap(folder / "injects.yaml", lambda path: path.symlink_to("/dev/zero"))
    with within(10):
        assert problems(folder) == [
            f"{folder}/scenario.yaml:5:5: error: include 'injects.yaml' is outside the"
            " scenario's folder"
        ]


def test_sources_are_read_inside_the_sources_folder_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    scenario = HOSTILE / "quoting_secrets.yaml"
    with within(10):
        code = main(["validate", str(scenario), "--sources", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 1
    assert "root:" not in out.replace("root:x:0:0", "")  # only the quote itself, never the file
    outside = "is outside the sources folder; name a file inside it"
    assert out.splitlines() == [
        f"{scenario}:5:39: error: document '/etc/passwd' {outside}",
        f"{scenario}:6:31: error: document '../../../../../../etc/passwd' {outside}",
        f"{scenario}:7:35: error: document 'zero.txt' {outside}",
        f"{scenario}:8:33: error: document 'a\\x00b.txt' cannot be a file name:"
        " the name holds a NUL byte",
        f"{scenario}: 4 errors, 0 warnings",
    ]


def test_a_source_that_is_a_fifo_inside_the_folder_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "zero.txt")
    with within(10):
        found = problems(HOSTILE / "quoting_secrets.yaml", sources_dir=tmp_path)
    assert (
        f"{HOSTILE}/quoting_secrets.yaml:7:35: error: document 'zero.txt' cannot be read:"
        " not a regular file: it is a FIFO (named pipe)"
    ) in found


def test_validate_warns_where_an_int_without_bounds_is_multiplied() -> None:
    path = HOSTILE / "unbounded_growth.yaml"
    warning = (
        "warning: 'x = x * x * x' multiplies 'x', which has no min or max: repeated, it can"
        " leave ±10^15, and the effect is then refused (give 'x' a min and a max)"
    )
    assert problems(path) == [f"{path}:{line}:9: {warning}" for line in (21, 22, 23)]


def test_an_effect_that_leaves_the_range_is_refused_and_the_session_goes_on() -> None:
    loaded = load_scenario(HOSTILE / "unbounded_growth.yaml")
    session = Session(compile_scenario(loaded.scenario, loaded.content_hash), 1)
    from engine.play.commands import OpenBriefing

    session.execute(OpenBriefing())
    events_before = list(session.events)
    with pytest.raises(CommandRefused) as refused:
        session.execute(Begin())
    assert str(refused.value) == (
        "the effect 'x = x * x * x' of inject:grow would make x 1000000000000000000000000000,"
        " outside the range the engine allows (±10^15); nothing was changed"
    )
    assert session.events == events_before
    assert session.state.values["x"] == 1000


def _with_authors(count: int) -> str:
    base = (HOSTILE / "with_include" / "scenario.yaml").read_text(encoding="utf-8")
    return (
        base.replace("include:\n  - injects.yaml\n", "")
        + f"authors: [{', '.join(['0'] * count)}]\n"
    )


def test_a_long_list_of_bare_zeros_is_refused_early_not_built(tmp_path: Path) -> None:
    path = tmp_path / "zeros.yaml"
    path.write_text(_with_authors(300_000), encoding="utf-8")
    found = problems(path)
    assert len(found) == 1
    assert re.fullmatch(
        rf"{re.escape(str(path))}:\d+:\d+: error: the file expands to more than [\d,]+ values"
        r" \(at most one for every 8 bytes of its text\)",
        found[0],
    )


def test_past_two_hundred_problems_the_rest_are_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "authors.yaml"
    path.write_text(_with_authors(1500), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 202
    assert lines[-2] == (
        f"{path}: error: 1,300 more problems are not shown (1,300 errors, 0 warnings);"
        " fix the ones above first"
    )
