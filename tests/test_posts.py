"""The cells' posts and the feed's engagement counts, in the engine (issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.room import feed

from engine.errors import CommandRefused
from engine.explore.findings import ExploreResult
from engine.explore.search import explore
from engine.journal.journaled_session import JournaledSession
from engine.journal.store import read_journal
from engine.play import commands as c
from engine.play.session import Session
from engine.play.state import PostStatus
from engine.report import build_report

BLUE_POST = "We do not comment on troll accounts."


def running() -> Session:
    session = Session.start(feed(), 7)
    session.execute(c.Begin())
    session.execute(c.NextPhase())
    return session


def test_a_post_is_recorded_on_arrival_and_reaches_the_room_only_once_released() -> None:
    session = running()
    events = session.execute(c.SubmitPost("k1", "app", "blue", "pao", f"  {BLUE_POST} "))
    assert [e["type"] for e in events] == ["command", "post_submitted"]
    assert session.state.posts["k1"].status is PostStatus.WAITING
    assert session.state.posts["k1"].text == BLUE_POST
    assert session.state.posted == set()
    session.execute(c.ReleasePost("k1"))
    post = session.state.posts["k1"]
    assert (post.status, post.edited, post.text) == (PostStatus.RELEASED, False, BLUE_POST)
    assert session.state.posted == {("app", "blue")}


def test_an_inject_gated_on_a_cells_post_follows_its_release_in_the_same_step() -> None:
    session = running()
    session.execute(c.SubmitPost("k1", "app", "blue", "pao", BLUE_POST))
    assert "i_reply" not in session.state.delivered
    events = session.execute(c.ReleasePost("k1", "We will answer the Bugle today."))
    released = next(e for e in events if e["type"] == "post_released")
    assert released == released | {
        "cell": "blue", "actor": "pao", "channel": "app",
        "text": "We will answer the Bugle today.", "edited": True,
    }  # fmt: skip
    assert "i_reply" in session.state.delivered
    session.execute(c.Undo())
    assert "i_reply" not in session.state.delivered
    assert session.state.posts["k1"].status is PostStatus.WAITING


def test_a_post_by_another_cell_does_not_fire_a_trigger_naming_a_cell() -> None:
    session = running()
    session.execute(c.SubmitPost("r1", "app", "red", "troll", "Tag them all!"))
    session.execute(c.ReleasePost("r1"))
    assert "i_reply" not in session.state.delivered


def test_a_returned_post_says_why_and_fires_nothing() -> None:
    session = running()
    session.execute(c.SubmitPost("k1", "app", "blue", "pao", BLUE_POST))
    session.execute(c.ReturnPost("k1", "Too defensive"))
    post = session.state.posts["k1"]
    assert (post.status, post.reason) == (PostStatus.RETURNED, "Too defensive")
    with pytest.raises(CommandRefused, match=r"^the post 'k1' was already returned$"):
        session.execute(c.ReleasePost("k1"))


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (c.SubmitPost("k", "bugle", "blue", "pao", "x"),
         "your cell may not post on The Daily Bugle"),
        (c.SubmitPost("k", "app", "blue", "troll", "x"),
         "your cell may not post as Freedom Frontline on TikTok"),
        (c.SubmitPost("k", "nope", "blue", "pao", "x"), "no channel 'nope'"),
        (c.SubmitPost("k", "app", "blue", "pao", "   "), "a post needs some text"),
        (c.SubmitPost("k", "app", "blue", "pao", "x" * 1001), "a post has at most 1000 characters"),
        (c.SubmitPost("", "app", "blue", "pao", "x"), "a post's key has 1 to 100 characters"),
        (c.ReleasePost("missing"), "no post 'missing'"),
    ],
)  # fmt: skip
def test_a_post_that_breaks_a_rule_is_refused_in_words(command: c.Command, message: str) -> None:
    session = running()
    with pytest.raises(CommandRefused) as refused:
        session.execute(command)
    assert str(refused.value) == message


def test_the_same_key_twice_is_refused_so_a_retry_is_recorded_once() -> None:
    session = running()
    session.execute(c.SubmitPost("k1", "app", "blue", "pao", BLUE_POST))
    with pytest.raises(CommandRefused, match=r"^this post was already received$"):
        session.execute(c.SubmitPost("k1", "app", "blue", "pao", BLUE_POST))


def test_engagement_counts_move_with_the_variables_and_written_numbers_stay() -> None:
    session = running()
    compiled = session.compiled
    post = compiled.injects["i_post"].source.post
    counts = compiled.engagement.counts(session.state, "app", "i_post", post)
    # views: the inject's own expression; likes: written in `post`; the rest written too
    assert counts == {"views": 1_030_000, "likes": 12400, "shares": 3100, "comments": 870}
    assert compiled.engagement.counts(session.state, "app") == {
        "views": 5000, "likes": 180, "shares": 0, "comments": 0,
    }  # a cell's post: the channel's expressions  # fmt: skip
    session.execute(c.SetVariable("exposure", 90, "test"))
    assert compiled.engagement.counts(session.state, "app", "i_post", post)["views"] == 1_090_000


def test_explore_says_an_inject_waits_for_a_post_rather_than_calling_it_unreachable() -> None:
    result: ExploreResult = explore(feed(), budget=200_000)
    assert result.complete
    assert "i_reply" not in result.injects_unreachable
    assert result.injects_on_posts == ["i_reply"]
    assert not [f for f in result.findings if f.id == "i_reply"]


def test_the_report_cites_a_released_post_in_its_timeline_and_analysis(tmp_path: Path) -> None:
    journal = tmp_path / "posts.jsonl"
    exercise = JournaledSession.create(feed(), 7, journal)
    for command in (
        c.Begin(),
        c.NextPhase(),
        c.SubmitPost("k1", "app", "blue", "pao", BLUE_POST),
        c.ReleasePost("k1", "Edited by control."),
        c.SubmitPost("r1", "app", "red", "troll", "Tag them!"),
        c.ReturnPost("r1", "Not yet"),
    ):
        exercise.execute(command)
    exercise.close()
    report = build_report(read_journal(journal), budget=10)
    lines = [(e.kind, e.title, e.detail, e.who) for e in report.timeline]
    assert (
        "post",
        "Public affairs posted on TikTok as MAJ Lena Ortiz",
        "Edited by control. (edited by the facilitator before release)",
        "Public affairs",
    ) in lines
    sent_back = ("intervention", "Post sent back to Red cell: troll farm", "Not yet", "facilitator")
    assert sent_back in lines
    objective = next(o for o in report.analysis.objectives if o.id == "obj_info")
    cited = [(r.kind, r.label) for r in objective.exercised_by]
    assert ("inject", "Reporter asks public affairs to go on record") in cited
    assert ("post", "Public affairs posted on TikTok as MAJ Lena Ortiz") in cited


def test_wargame_explore_says_why_an_on_post_inject_is_not_reached(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from fixtures.room import FEED

    from players.cli import main

    main(["explore", str(FEED)])
    out = capsys.readouterr().out
    assert (
        "  note: inject 'i_reply' waits for a cell's post (on_post); bots never post, "
        "so the search does not reach it"
    ) in out
    assert "i_reply" not in out.replace("inject 'i_reply' waits", "")


def test_the_msel_says_in_words_that_an_inject_waits_for_a_post() -> None:
    from engine.msel.columns import MSEL_COLUMNS

    scenario = feed().scenario
    trigger = next(column for column in MSEL_COLUMNS if column.header == "Trigger")
    reply = next(inject for inject in scenario.injects if inject.id == "i_reply")
    assert trigger.derive is not None
    assert trigger.derive(scenario, reply, 1) == "once blue posts on app"
