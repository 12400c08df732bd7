"""Hostile names, full disks and odd files at the command line (issue #23): a clean message,
exit 1, nothing half-written; and the session always equals its journal."""

from __future__ import annotations

import errno
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from test_hardening_loader import HOSTILE

from engine.journal.journaled_session import JournaledSession
from engine.journal.store import Journal, read_journal
from engine.play.commands import AddNote
from engine.report import render, report_journal
from engine.report.model import SourceInfo
from players.cli import main

JOURNAL = HOSTILE / "noted.journal.jsonl"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    return code, capsys.readouterr().err


# --- wargame new ---------------------------------------------------------------------------


def test_new_refuses_a_name_too_long_for_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run(["new", "a" * 251, "--dir", str(tmp_path)], capsys)
    assert code == 1
    assert err == (
        f"wargame: error: the name is too long for a file name: {'a' * 251}.yaml would be 256"
        " bytes, and the limit is 255\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_new_refuses_a_name_with_a_line_break(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run(["new", "two\nlines", "--dir", str(tmp_path)], capsys)
    assert (code, err) == (
        1,
        "wargame: error: 'two\\nlines' holds a line break or another control character\n",
    )
    assert list(tmp_path.iterdir()) == []


def test_new_in_a_folder_that_cannot_be_written_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(self: Path, *args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(Path, "open", read_only)
    code, err = run(["new", "drill", "--dir", str(tmp_path)], capsys)
    assert (code, err) == (
        1,
        f"wargame: error: {tmp_path}/drill.yaml: could not write the scaffold:"
        " Read-only file system\n",
    )


def test_new_in_proc_is_a_clean_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run(["new", "drill", "--dir", "/proc"], capsys)
    assert code == 1
    assert err.startswith("wargame: error: /proc/drill.yaml: could not write the scaffold: ")


def test_a_name_with_a_backslash_and_quotes_gives_a_scaffold_that_validates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", 'back\\slash "q"', "--dir", str(tmp_path)]) == 0
    assert main(["validate", str(tmp_path / 'back\\slash "q".yaml')]) == 0


def test_a_script_policy_that_is_a_device_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = HOSTILE / "with_include"
    argv = ["play", str(scenario), "--policy", "script:/dev/zero", "--journal", str(tmp_path / "j")]
    code, err = run(argv, capsys)
    assert (code, err) == (
        1,
        "wargame: error: /dev/zero: cannot read the script: not a regular file:"
        " it is a character device\n",
    )


# --- wargame report ------------------------------------------------------------------------


def test_a_full_disk_leaves_no_temporary_report_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, handle: int, *args: Any, **kwargs: Any) -> None:
            self.stream = real_fdopen(handle, *args, **kwargs)

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.stream.close()

        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fdopen", Full)  # what `wargame report` writes its file through
    out = tmp_path / "aar.md"
    code, err = run(["report", str(JOURNAL), "-o", str(out), "--budget", "0"], capsys)
    assert (code, err) == (
        1,
        f"wargame: error: {out}: could not write the report: No space left on device\n",
    )
    assert list(tmp_path.iterdir()) == []


def test_markdown_escapes_every_text_even_the_file_names_and_versions(tmp_path: Path) -> None:
    payload = "<img src=x onerror=alert(1)>`*_[x](javascript:alert(1))|"
    journal = tmp_path / f"{payload.replace('/', '_')}.jsonl"
    journal.write_bytes(JOURNAL.read_bytes())
    report, _ = report_journal(journal, "json", budget=0, max_points=0)
    report = replace(
        report,
        appendix=replace(report.appendix, engine_version=payload),  # a hand-edited header
        overview=replace(report.overview, sources=[SourceInfo("s", payload, payload, payload)]),
    )
    text = render(report, "markdown")
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    inline = [child for token in tokens for child in token.children or []]
    html = {t.content for t in [*tokens, *inline] if t.type in ("html_inline", "html_block")}
    links = {str(t.attrs.get("href")) for t in inline if t.type == "link_open"}
    # Only the report's own anchors and links to them: nothing from the payload.
    assert all(re.fullmatch(r'<a id="ev-\d+">|</a>', tag) for tag in html), html
    assert all(re.fullmatch(r"#ev-\d+", href) for href in links), links
    assert not any(t.type == "image" for t in inline)
    assert "<img" not in MarkdownIt("commonmark").enable("table").render(text)


# --- the session and its journal -----------------------------------------------------------


@pytest.mark.parametrize(
    "failure",
    [UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed"), ValueError("NaN")],
    ids=["a text JSON cannot encode", "a value JSON refuses"],
)
def test_after_any_failure_to_write_the_session_is_what_the_journal_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: Exception
) -> None:
    path = tmp_path / "j.jsonl"
    path.write_bytes(JOURNAL.read_bytes())
    with JournaledSession.resume(path).exercise as exercise:
        before = list(exercise.session.events)

        def broken(self: Journal, records: object) -> None:
            raise failure

        monkeypatch.setattr(Journal, "append", broken)
        with pytest.raises(type(failure)):
            exercise.execute(AddNote("lost"))
        assert exercise.session.events == before == read_journal(path).records
        assert not any(note.get("text") == "lost" for note in exercise.session.state.notes)
