"""The one audience filter, checked exhaustively: every audience against every kind of text."""

from __future__ import annotations

import pytest
from fixtures.room import mini, played

from engine.audience import (
    Audience,
    addressed_cells,
    hidden_inject_fields,
    inbox,
    open_decisions,
    sees_addressed,
    sees_choice,
    sees_decision,
    submissions,
    unavailable_reason,
    visible_variables,
)
from engine.format.model import Inject, Option
from engine.play import commands as c

CONTROL, EVALUATOR, ROOM = Audience.control(), Audience.evaluator(), Audience.room()
BLUE, RED = Audience.of_cell("blue"), Audience.of_cell("red")
EVERYONE = (CONTROL, EVALUATOR, ROOM, BLUE, RED)

FACILITATOR_TEXT = frozenset({"notes", "questions", "expected_actions", "objectives"})
"""An inject's fields that only control (and, for some, evaluators) may read."""
PLAYERS_TEXT = frozenset(
    {"id", "title", "channel", "from_", "to", "body", "post", "decision"}
    | {"turn", "time", "after", "delay", "when", "contingency", "effects", "source", "fictional"}
    | {"sources", "based_on", "confirm", "attachments"}
    | {"on_post", "engagement"}
)
"""Fields the players' pages may draw from (timing and provenance are never shown, but hold
nothing secret; of `engagement` a page gets the counts computed on the server, never the
expressions and the variables they read: tests/web/test_no_leaks.py)."""


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        (CONTROL, ["i_post", "i_news", "i_tasking", "adhoc_1"]),
        (EVALUATOR, ["i_post", "i_news", "i_tasking", "adhoc_1"]),
        (ROOM, ["i_post", "i_news"]),
        (BLUE, ["i_post", "i_news"]),
        (RED, ["i_post", "i_news", "i_tasking", "adhoc_1"]),
    ],
)
def test_each_audience_sees_the_rooms_injects_and_only_its_own_private_ones(
    audience: Audience, expected: list[str]
) -> None:
    assert inbox(played(), audience) == expected


def test_a_private_inject_reaches_its_cell_once_it_is_delivered_in_the_next_turn() -> None:
    session = played()
    session.execute(c.RecordChoice("d_respond", "blue", "ignore"))
    session.execute(c.RecordChoice("d_red", "red", "quiet"))
    for _ in range(4):
        session.execute(c.NextPhase())
    assert "i_mail" in inbox(session, BLUE)
    assert "i_mail" not in inbox(session, RED)
    assert "i_mail" not in inbox(session, ROOM)


@pytest.mark.parametrize(
    ("audience", "hidden"),
    [
        (CONTROL, set()),
        (EVALUATOR, {"notes", "questions"}),
        (ROOM, FACILITATOR_TEXT),
        (BLUE, FACILITATOR_TEXT),
        (RED, FACILITATOR_TEXT),
    ],
)
def test_facilitator_text_is_hidden_from_everyone_but_control(
    audience: Audience, hidden: set[str]
) -> None:
    assert hidden_inject_fields(audience) == hidden


def test_every_field_of_an_inject_is_either_for_players_or_hidden_from_them() -> None:
    """A new inject field must be placed on one side: this fails until it is."""
    fields = set(Inject.model_fields)
    assert fields - PLAYERS_TEXT - hidden_inject_fields(ROOM) == set()
    assert hidden_inject_fields(ROOM) == FACILITATOR_TEXT


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        (CONTROL, ["trust", "exposure", "story"]),
        (EVALUATOR, ["trust", "story"]),
        (ROOM, ["trust", "story"]),
        (BLUE, ["trust", "story"]),
        (RED, ["trust", "story"]),
    ],
)
def test_hidden_variables_are_for_control_only(audience: Audience, expected: list[str]) -> None:
    assert [v.id for v in visible_variables(audience, mini().scenario)] == expected


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        (CONTROL, ["d_respond", "d_red"]),
        (EVALUATOR, ["d_respond", "d_red"]),
        (ROOM, ["d_respond"]),
        (BLUE, ["d_respond"]),
        (RED, ["d_red"]),
    ],
)
def test_a_cell_sees_its_own_open_decisions_and_the_room_the_public_ones(
    audience: Audience, expected: list[str]
) -> None:
    """Blue's `d_respond` is opened by a post to the room: the room watches it. Red's turn
    decision `d_red` (no inject, red's only) is red's: the projector showed red's prompt (a
    facilitator's review of the flagship)."""
    assert open_decisions(played(), audience) == expected


def test_a_decision_for_every_cell_is_the_rooms() -> None:
    compiled = mini()
    data = compiled.scenario.model_dump(by_alias=True, exclude_defaults=True)
    data["decisions"][0]["cells"] = ["blue", "red"]
    from engine.format.model import Scenario
    from engine.play.compiled import compile_scenario

    shared = played(compile_scenario(Scenario.model_validate(data), "x"))
    assert [sees_decision(audience, shared, "d_red") for audience in EVERYONE] == [True] * 5


def test_a_decision_opened_by_a_private_inject_is_not_the_rooms() -> None:
    compiled = mini()
    data = compiled.scenario.model_dump(by_alias=True, exclude_defaults=True)
    tasking = next(item for item in data["injects"] if item["id"] == "i_tasking")
    tasking["decision"] = {
        "id": "d_secret",
        "cells": ["red"],
        "prompt": "Which unit first?",
        "options": [{"id": "first", "label": "The 41st"}],
    }
    from engine.format.model import Scenario
    from engine.play.compiled import compile_scenario

    secret = compile_scenario(Scenario.model_validate(data), "x")
    session = played(secret)
    assert sees_decision(RED, session, "d_secret")
    assert not sees_decision(ROOM, session, "d_secret")
    assert not sees_decision(BLUE, session, "d_secret")
    assert sees_decision(EVALUATOR, session, "d_secret")


@pytest.mark.parametrize(
    ("audience", "blue", "red"),
    [
        (CONTROL, True, True),
        (EVALUATOR, True, True),
        (ROOM, False, False),
        (BLUE, True, False),
        (RED, False, True),
    ],
)
def test_what_a_cell_chose_is_shown_to_that_cell_and_to_control(
    audience: Audience, blue: bool, red: bool
) -> None:
    assert (sees_choice(audience, "blue"), sees_choice(audience, "red")) == (blue, red)


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        (CONTROL, ["k-blue", "k-red"]),
        (EVALUATOR, ["k-blue", "k-red"]),
        (ROOM, []),
        (BLUE, ["k-blue"]),
        (RED, ["k-red"]),
    ],
)
def test_a_cells_submissions_are_its_own(audience: Audience, expected: list[str]) -> None:
    session = played()
    session.execute(c.SubmitChoice("k-blue", "d_respond", "blue", "rebut", "fast"))
    session.execute(c.SubmitChoice("k-red", "d_red", "red", "amplify", "loud"))
    assert [item.key for item in submissions(session, audience)] == expected


def test_an_unavailable_options_condition_is_shown_unless_it_reads_a_hidden_variable() -> None:
    session = played()
    public = Option(id="sue", label="Sue", when="story")
    secret = Option(id="leak", label="Leak", when="exposure > 50 and story")
    assert unavailable_reason(BLUE, session, public) == "available only when Story published"
    assert unavailable_reason(BLUE, session, secret) == "not available at the moment"
    assert unavailable_reason(ROOM, session, secret) == "not available at the moment"
    assert unavailable_reason(CONTROL, session, secret) == (
        "available only when Personnel exposure > 50 and Story published"
    )
    assert unavailable_reason(BLUE, session, Option(id="x", label="X")) == ""


@pytest.mark.parametrize(
    ("when", "reasons"),
    [
        (
            "chose('d_respond', 'rebut') and trust >= 40",
            {
                BLUE: "available only when “Rebut it publicly” chosen for “How does public "
                "affairs respond to the post?” and Public trust ≥ 40",
                RED: "not available at the moment",
                ROOM: "available only when “Rebut it publicly” chosen for “How does public "
                "affairs respond to the post?” and Public trust ≥ 40",
            },
        ),
        (
            "delivered('i_tasking') and not chose('d_red', 'quiet')",
            {
                BLUE: "not available at the moment",
                RED: "available only when “Tasking: build the unit's roster” delivered and not "
                "“Stay quiet” chosen for “Does the troll farm amplify the post?”",
                ROOM: "not available at the moment",
            },
        ),
        ("rolled('d_respond', 'works')", {RED: "not available at the moment"}),
    ],
)
def test_a_condition_on_another_cells_decision_or_inject_is_not_named_to_it(
    when: str, reasons: dict[Audience, str]
) -> None:
    """Red's seat read "available only when chose('d_red_collection', 'targeted') and not
    chose('d_recruiter', 'block_report')", naming Blue's private decision (a facilitator's
    review of the flagship)."""
    session = played()
    option = Option(id="x", label="X", when=when)
    assert {audience: unavailable_reason(audience, session, option) for audience in reasons} == (
        reasons
    )
    assert "chose(" not in unavailable_reason(CONTROL, session, option)


def test_an_inject_with_no_addressees_is_for_everyone() -> None:
    scenario = mini().scenario
    assert all(sees_addressed(audience, (), scenario) for audience in EVERYONE)


def test_an_inject_to_one_cells_actor_shows_only_in_that_cells_view() -> None:
    scenario = mini().scenario  # troll is played by red
    assert [sees_addressed(a, ["troll"], scenario) for a in EVERYONE] == [
        True,
        True,
        False,
        False,
        True,
    ]


def test_addressing_every_cell_is_the_same_as_addressing_the_room() -> None:
    scenario = mini().scenario
    assert addressed_cells(["pao", "red"], scenario) == frozenset()
    assert sees_addressed(ROOM, ["pao", "troll"], scenario)


def test_green_actors_restrict_nothing() -> None:
    scenario = mini().scenario
    assert sees_addressed(ROOM, ["reporter"], scenario)
    assert addressed_cells(["reporter", "pao"], scenario) == frozenset({"blue"})


def test_a_cell_can_be_named_directly() -> None:
    scenario = mini().scenario
    assert sees_addressed(BLUE, ["blue"], scenario)
    assert not sees_addressed(RED, ["blue"], scenario)
