"""Injects drawn by channel kind; facilitator notes never reach the players' rendering."""

from __future__ import annotations

from rich.console import Console

from engine.format.model import Citation, Source
from engine.play import commands as c
from engine.play.compiled import CompiledScenario
from engine.play.session import Session
from players.console.content import content_of, provenance_of
from players.console.rendering import compact_number, render_inject


def _text(session: Session, inject: str, *, facilitator: bool) -> str:
    console = Console(width=100, record=True, file=None, force_terminal=False)
    with console.capture() as capture:
        console.print(render_inject(content_of(session, inject), facilitator=facilitator))
    return capture.get()


def _started(mini: CompiledScenario) -> Session:
    session = Session.start(mini, 7)
    session.execute(c.Begin())
    return session


def test_a_social_post_shows_handle_name_engagement_and_hashtags(mini: CompiledScenario) -> None:
    text = _text(_started(mini), "i_post", facilitator=False)
    for expected in ("Freedom Frontline", "@freedom_frontline", "12.4K", "1.1M", "#militarytiktok"):
        assert expected in text


def test_a_news_inject_shows_the_outlet_and_headline(mini: CompiledScenario) -> None:
    text = _text(_started(mini), "i_news", facilitator=False)
    assert "THE DAILY BUGLE" in text
    assert "Soldiers' videos give away training site" in text


def test_an_email_shows_from_to_and_subject(mini: CompiledScenario) -> None:
    text = _text(_started(mini), "i_mail", facilitator=True)
    assert "FROM" in text and "Alex Chen" in text
    assert "MAJ Lena Ortiz" in text and "Press query" in text


def test_facilitator_notes_and_questions_show_only_in_the_facilitators_rendering(
    mini: CompiledScenario,
) -> None:
    session = _started(mini)
    assert "watch whether anyone reports it" in _text(session, "i_post", facilitator=True)
    assert "Who reports a hostile account" in _text(session, "i_post", facilitator=True)
    players = _text(session, "i_post", facilitator=False)
    assert "watch whether anyone reports it" not in players
    assert "Who reports a hostile account" not in players


def test_the_facilitator_sees_that_an_invented_inject_is_invented_and_the_players_do_not(
    mini: CompiledScenario,
) -> None:
    session = _started(mini)
    assert "Source: invented for the exercise" in _text(session, "i_post", facilitator=True)
    assert "invented" not in _text(session, "i_post", facilitator=False)


def test_the_source_line_tells_documented_based_on_and_invented_apart(
    mini: CompiledScenario,
) -> None:
    scenario = mini.scenario.model_copy(
        update={"sources": (Source(id="doc", file="doc.txt", title="The document"),)}
    )
    invented = scenario.injects[0]
    documented = invented.model_copy(
        update={"fictional": False, "source": Citation(document="doc", quote="the words")}
    )
    based = invented.model_copy(update={"based_on": ("doc",)})
    assert provenance_of(scenario, documented) == "documented — The document: “the words”"
    assert provenance_of(scenario, based) == (
        "based on The document; its details are invented for the exercise"
    )
    assert provenance_of(scenario, invented) == "invented for the exercise"


def test_counts_are_shown_the_way_a_social_app_shows_them() -> None:
    assert compact_number(999) == "999"
    assert compact_number(1200) == "1.2K"
    assert compact_number(3000) == "3K"
    assert compact_number(1_100_000_000) == "1.1B"


def test_the_time_in_a_turn_is_0_when_the_journal_gives_no_usable_wall_time() -> None:
    from datetime import UTC, datetime

    from players.console.widgets.turn_timer import time_in_turn

    now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)

    class Events:
        def __init__(self, *events: dict[str, object]) -> None:
            self.events = list(events)

    started = {"type": "turn_started", "wall": "2026-11-23T09:55:00+00:00"}
    assert time_in_turn(Events(started), now) == 300.0  # type: ignore[arg-type]
    for wall in (None, "yesterday", "2026-11-23T09:55:00", 12):
        event = {"type": "turn_started", "wall": wall}
        assert time_in_turn(Events(event), now) == 0.0  # type: ignore[arg-type]
    assert time_in_turn(Events({"type": "turn_started"}), now) == 0.0  # type: ignore[arg-type]
    future = {"type": "turn_started", "wall": "2026-11-23T11:00:00+00:00"}
    assert time_in_turn(Events(future), now) == 0.0  # type: ignore[arg-type]
