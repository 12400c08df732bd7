"""Chances that depend on the state: an outcome's chance written as an expression."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from engine.explore.search import explore
from engine.format.branch_graph import branch_graph
from engine.format.loader import load_scenario
from engine.play import commands as c
from engine.play.compiled import CompiledScenario, compile_scenario
from engine.play.rules import outcome_shares, pick_outcome
from engine.play.session import Session
from players.policies import make_policy

WriteYaml = Callable[..., Path]
SCENARIO = """\
format: 1
id: chancy
title: Chances
turns: {count: 1}
cells:
  - {id: blue, name: Blue, side: blue, goals: [{variable: trust, direction: raise}]}
variables:
  - {id: trust, initial: TRUST, min: 0, max: 100}
  - {id: spin, initial: 0, min: 0, max: 10}
channels:
  - {id: news, kind: news, name: The Bugle}
decisions:
  - id: deny
    turn: 1
    cells: [blue]
    prompt: Deny it?
    resolve: on_choice
    options:
      - id: deny_it
        label: Deny
        adjudication:
          outcomes:
            - {id: believed, chance: trust * 2, ending: held, effects: [trust += 50]}
            - {id: mocked, chance: 0, ending: lost}
      - id: admit_it
        label: Admit
        effects: [trust += 1]
        ending: lost
endings:
  - {id: held, title: Held}
  - {id: lost, title: Lost}
"""


def compiled(write_yaml: WriteYaml, trust: int) -> CompiledScenario:
    loaded = load_scenario(write_yaml(SCENARIO.replace("TRUST", str(trust))))
    return compile_scenario(loaded.scenario, loaded.content_hash)


def test_a_chance_is_read_from_the_state_at_the_roll_and_the_last_outcome_takes_the_rest(
    write_yaml: WriteYaml,
) -> None:
    scenario = compiled(write_yaml, trust=20)
    outcomes = scenario.decisions["deny"].options["deny_it"].outcomes
    state = Session.start(scenario, seed=1).state
    assert outcome_shares(outcomes, state) == [40, 60]
    assert pick_outcome(outcomes, 40, state).id == "believed"
    assert pick_outcome(outcomes, 41, state).id == "mocked"
    state.values["trust"] = 70  # 140%, held to 100
    assert outcome_shares(outcomes, state) == [100, 0]
    state.values["trust"] = 0
    assert outcome_shares(outcomes, state) == [0, 100]


def test_the_session_rolls_on_the_chances_of_its_state(write_yaml: WriteYaml) -> None:
    for trust, ending in ((0, "lost"), (60, "held")):
        session = Session.start(compiled(write_yaml, trust), seed=3)
        session.execute(c.Begin())
        events = session.execute(c.RecordChoice("deny", "blue", "deny_it"))
        assert [e["ending"] for e in events if e["type"] == "ending_reached"] == [ending]


def test_explore_branches_only_on_outcomes_with_a_chance_in_the_state(
    write_yaml: WriteYaml,
) -> None:
    assert explore(compiled(write_yaml, trust=0)).endings_unreachable == ["held"]
    assert explore(compiled(write_yaml, trust=30)).endings_unreachable == []


def test_greedy_bots_weigh_outcomes_by_their_chance_in_the_state(write_yaml: WriteYaml) -> None:
    for trust, expected in ((0, "admit_it"), (60, "deny_it")):
        session = Session.start(compiled(write_yaml, trust), seed=3)
        session.execute(c.Begin())
        options = list(session.compiled.decisions["deny"].options.values())
        choice = make_policy("greedy", 1).choose(session, "deny", "blue", options)
        assert choice.option == expected


def test_the_branch_graph_labels_a_chance_by_its_expression(write_yaml: WriteYaml) -> None:
    scenario = load_scenario(write_yaml(SCENARIO.replace("TRUST", "20"))).scenario
    labels = {node.label for node in branch_graph(scenario).nodes}
    assert {"believed (chance: trust * 2)", "mocked (0%)"} <= labels
