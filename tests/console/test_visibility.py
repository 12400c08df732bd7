"""Who sees an inject: the room, a cell, or only some cells."""

from __future__ import annotations

from engine.play.compiled import CompiledScenario
from players.console.visibility import addressed_cells, visible_to, visible_to_addressees


def test_an_inject_with_no_addressees_is_for_everyone(mini: CompiledScenario) -> None:
    post = mini.injects["i_post"].source
    assert visible_to(post, mini.scenario, None)
    assert visible_to(post, mini.scenario, "blue")
    assert visible_to(post, mini.scenario, "red")


def test_an_inject_to_one_cells_actor_shows_only_in_that_cells_view(
    mini: CompiledScenario,
) -> None:
    tasking = mini.injects["i_tasking"].source  # to: [troll], played by red
    assert visible_to(tasking, mini.scenario, "red")
    assert not visible_to(tasking, mini.scenario, "blue")


def test_a_cell_only_inject_never_shows_on_the_rooms_screen(mini: CompiledScenario) -> None:
    assert not visible_to(mini.injects["i_tasking"].source, mini.scenario, None)
    assert not visible_to(mini.injects["i_mail"].source, mini.scenario, None)


def test_addressing_every_cell_is_the_same_as_addressing_the_room(
    mini: CompiledScenario,
) -> None:
    assert addressed_cells(["pao", "red"], mini.scenario) == frozenset()
    assert visible_to_addressees(["pao", "troll"], mini.scenario, None)


def test_green_actors_restrict_nothing(mini: CompiledScenario) -> None:
    assert visible_to_addressees(["reporter"], mini.scenario, None)
    assert addressed_cells(["reporter", "pao"], mini.scenario) == frozenset({"blue"})


def test_a_cell_can_be_named_directly(mini: CompiledScenario) -> None:
    assert visible_to_addressees(["blue"], mini.scenario, "blue")
    assert not visible_to_addressees(["blue"], mini.scenario, "red")
