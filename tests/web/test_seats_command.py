"""`wargame seats` and `wargame run --serve`'s address: links, JSON, reissue, clean errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.errors import UserError
from players.cli import main
from players.web.serve import exposure_warning, parse_address
from players.web.tokens import SeatBook


def test_seats_prints_every_seats_link_one_a_line(
    desk: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = tmp_path / "room.jsonl"
    assert main(["seats", str(journal), "--url", "http://192.168.1.20:8000"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["room", "control", "cell:blue", "cell:red"]
    assert all(line.split()[1].startswith("http://192.168.1.20:8000/join/") for line in lines)


def test_seats_as_json_gives_seat_and_url(
    desk: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = tmp_path / "room.jsonl"
    assert main(["seats", str(journal), "--format", "json"]) == 0
    links = json.loads(capsys.readouterr().out)
    assert [sorted(link) for link in links] == [["seat", "url"]] * 4
    book = SeatBook.open(journal, desk.session.compiled.scenario)  # type: ignore[attr-defined]
    assert links[2] == {"seat": "cell:blue", "url": f"{book.base}/join/{book.token('cell:blue')}"}


def test_reissuing_a_seat_changes_only_its_link(
    desk: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = tmp_path / "room.jsonl"
    main(["seats", str(journal), "--format", "json"])
    before = {link["seat"]: link["url"] for link in json.loads(capsys.readouterr().out)}
    main(["seats", str(journal), "--format", "json", "--reissue", "cell:red"])
    after = {link["seat"]: link["url"] for link in json.loads(capsys.readouterr().out)}
    assert [seat for seat in before if before[seat] != after[seat]] == ["cell:red"]


def test_an_unknown_seat_or_journal_is_a_clean_error(
    desk: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["seats", str(tmp_path / "room.jsonl"), "--reissue", "cell:green"]) == 1
    assert capsys.readouterr().err == (
        "wargame: error: no seat 'cell:green'; the seats are room, control, cell:blue, cell:red\n"
    )
    assert main(["seats", str(tmp_path / "none.jsonl")]) == 1


def test_serve_listens_on_localhost_unless_a_host_is_given() -> None:
    assert parse_address("8000") == ("127.0.0.1", 8000)
    assert parse_address("0") == ("127.0.0.1", 0)
    assert parse_address("0.0.0.0:8000") == ("0.0.0.0", 8000)
    assert exposure_warning("127.0.0.1", 8000) is None
    warning = exposure_warning("0.0.0.0", 8000)
    assert warning is not None and warning.startswith("warning: the room listens on 0.0.0.0:8000")


@pytest.mark.parametrize("text", ["", "eighty", "host:", ":80", "1.2.3.4:70000"])
def test_a_bad_serve_address_is_refused_in_words(text: str) -> None:
    with pytest.raises(UserError, match=r"^--serve takes \[HOST:\]PORT"):
        parse_address(text)
