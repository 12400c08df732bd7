"""After a `kill -9` the terminal is left raw; the console resets it before Textual starts."""

from __future__ import annotations

import os
import pty
import termios
import tty
from pathlib import Path

import pytest

from players.cli import build_parser
from players.commands import run as run_command
from players.console import terminal
from players.console.app import ConsoleApp


def test_a_terminal_left_raw_comes_back_with_echo_lines_and_signals() -> None:
    master, slave = pty.openpty()
    try:
        tty.setraw(slave)  # what a killed full-screen app leaves behind
        assert not termios.tcgetattr(slave)[3] & termios.ECHO
        with os.fdopen(os.dup(slave), "w") as stream:
            assert terminal.reset_terminal(stream)
        lflags = termios.tcgetattr(slave)[3]
        for flag in (termios.ICANON, termios.ECHO, termios.ISIG):
            assert lflags & flag
        assert termios.tcgetattr(slave)[1] & termios.OPOST
        written = os.read(master, 1000).decode("ascii")
        assert "\x1b[?1000l" in written and "\x1b[?1049l" in written and "\x1b[?25h" in written
    finally:
        os.close(master)
        os.close(slave)


def test_without_a_terminal_nothing_is_touched(tmp_path: Path) -> None:
    with (tmp_path / "out").open("w") as stream:
        assert not terminal.reset_terminal(stream)


def test_run_resets_the_terminal_before_the_console_starts(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    order: list[str] = []

    def reset(*_: object) -> bool:
        order.append("reset")
        return True

    monkeypatch.setattr(terminal, "reset_terminal", reset)
    monkeypatch.setattr(ConsoleApp, "run", lambda self, **_: order.append("console"))
    args = build_parser().parse_args(["run", "--seed", "1", "--journal", str(tmp_path / "j.jsonl")])
    assert run_command.run(args) == 0
    assert order == ["reset", "console"]
