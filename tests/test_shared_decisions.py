"""Decisions shared by several cells: each cell's effects, or only the first or majority choice."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from engine.explore.search import explore
from engine.format.loader import load_scenario
from engine.play import commands as c
from engine.play.compiled import CompiledScenario, compile_scenario
from engine.play.session import Session

WriteYaml = Callable[..., Path]
SCENARIO = """\
format: 1
id: shared
title: Shared
turns: {count: 1}
cells:
  - {id: blue, name: Blue, side: blue}
  - {id: red, name: Red, side: red}
  - {id: green, name: Green, side: green}
variables:
  - {id: trust, initial: 50, min: 0, max: 100}
channels:
  - {id: news, kind: news, name: The Bugle}
decisions:
  - id: vote
    turn: 1
    cells: [blue, red, green]
    prompt: Which line does the coalition take?
    resolve: on_choice
    combine: COMBINE
    options:
      - {id: calm, label: Calm the room, effects: [trust += 10]}
      - {id: push, label: Push back, effects: [trust -= 5]}
endings:
  - {id: calmed, title: Calmed, condition: trust >= 60}
  - {id: time_up, title: Time is up, condition: turn >= 1}
"""


def compiled(write_yaml: WriteYaml, combine: str) -> CompiledScenario:
    loaded = load_scenario(write_yaml(SCENARIO.replace("COMBINE", combine)))
    return compile_scenario(loaded.scenario, loaded.content_hash)


def play(scenario: CompiledScenario, *choices: tuple[str, str]) -> tuple[int, list[str]]:
    """The trust after the choices, in the order given, and which cells' options were applied."""
    session = Session.start(scenario, seed=1)
    session.execute(c.Begin())
    resolved: list[str] = []
    for cell, option in choices:
        events = session.execute(c.RecordChoice("vote", cell, option))
        resolved += [f"{e['cell']}:{e['option']}" for e in events if e["type"] == "option_resolved"]
    return int(session.state.values["trust"]), resolved


@pytest.mark.parametrize(
    ("combine", "choices", "trust", "resolved"),
    [
        ("each", [("red", "push"), ("blue", "calm"), ("green", "calm")], 65,
         ["blue:calm", "red:push", "green:calm"]),
        ("first", [("red", "push"), ("blue", "calm"), ("green", "calm")], 45, ["red:push"]),
        ("majority", [("red", "push"), ("blue", "calm"), ("green", "calm")], 60, ["blue:calm"]),
        ("majority", [("green", "push"), ("blue", "calm"), ("red", "push")], 45, ["green:push"]),
    ],
)  # fmt: skip
def test_the_author_chooses_how_several_cells_choices_combine(
    write_yaml: WriteYaml,
    combine: str,
    choices: list[tuple[str, str]],
    trust: int,
    resolved: list[str],
) -> None:
    assert play(compiled(write_yaml, combine), *choices) == (trust, resolved)


def test_a_majority_tie_goes_to_the_option_chosen_first(write_yaml: WriteYaml) -> None:
    text = SCENARIO.replace("COMBINE", "majority").replace("[blue, red, green]", "[blue, red]")
    loaded = load_scenario(write_yaml(text))
    scenario = compile_scenario(loaded.scenario, loaded.content_hash)
    assert play(scenario, ("red", "push"), ("blue", "calm")) == (45, ["red:push"])


def test_explore_searches_a_shared_decision(write_yaml: WriteYaml) -> None:
    result = explore(compiled(write_yaml, "majority"))
    assert result.complete and set(result.endings) == {"calmed", "time_up"}


@pytest.mark.parametrize("combine", ["first", "majority"])
def test_a_combined_choice_is_taken_to_touch_what_any_of_its_options_touches(
    write_yaml: WriteYaml, combine: str
) -> None:
    """Which option takes effect depends on every cell's choice, so explore's reduction must
    not take one cell's choice for independent of what the other options would write."""
    from engine.explore.independence import Independence

    footprint = Independence(compiled(write_yaml, combine)).footprint("vote", "calm")
    assert "var:trust" in footprint.writes | footprint.adds
    assert {"chosen:vote:calm", "chosen:vote:push"} <= footprint.writes
