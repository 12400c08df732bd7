"""Attachments: files from the scenario's folder, shown as words where pictures cannot be."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rich.console import Console

from engine.errors import ScenarioInvalid
from engine.format.loader import load_scenario
from engine.play import commands as c
from engine.play.compiled import compile_scenario
from engine.play.session import Session
from players.console.content import content_of
from players.console.rendering import render_inject

BAD = Path(__file__).resolve().parent / "bad_scenarios"
SCENARIO = """\
format: 1
id: attached
title: Attached
turns: {count: 1}
cells:
  - {id: blue, name: Blue, side: blue}
channels:
  - {id: news, kind: news, name: The Bugle}
injects:
  - id: leaflet
    title: A leaflet is found
    channel: news
    turn: 1
    fictional: true
    attachments:
      - {file: pictures/leaflet.png, alt: "A leaflet: [bold]post your location[/]", title: Front}
endings:
  - {id: time_up, title: Time is up}
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "pictures").mkdir()
    shutil.copy(BAD / "attachments" / "leaflet.png", tmp_path / "pictures" / "leaflet.png")
    (tmp_path / "scenario.yaml").write_text(SCENARIO, encoding="utf-8")
    return tmp_path


def test_the_console_shows_an_attachment_as_its_words_caption_and_file(folder: Path) -> None:
    loaded = load_scenario(folder)
    session = Session.start(compile_scenario(loaded.scenario, loaded.content_hash), seed=1)
    session.execute(c.Begin())
    console = Console(width=100, record=True)
    console.print(render_inject(content_of(session, "leaflet"), facilitator=False))
    text = console.export_text()
    assert "📎 A leaflet: [bold]post your location[/] — Front  (pictures/leaflet.png)" in text


def test_an_attachment_removed_after_a_cached_load_is_reported_on_the_next(
    folder: Path,
) -> None:
    load_scenario(folder)  # stored in the compiled cache
    (folder / "pictures" / "leaflet.png").unlink()
    with pytest.raises(ScenarioInvalid) as caught:
        load_scenario(folder)
    assert [str(p) for p in caught.value.problems] == [
        f"{folder / 'scenario.yaml'}:16:16: error: attachment 'pictures/leaflet.png': no such file"
    ]


def test_an_attachment_cannot_reach_out_of_the_folder_through_a_link(
    folder: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside") / "secret.png"
    outside.write_bytes(b"\x89PNG")
    (folder / "pictures" / "leaflet.png").unlink()
    (folder / "pictures" / "leaflet.png").symlink_to(outside)
    with pytest.raises(ScenarioInvalid) as caught:
        load_scenario(folder, use_cache=False)
    assert "is outside the scenario's folder" in str(caught.value.problems[0])
