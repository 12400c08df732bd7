"""The search's reductions find what the full search finds: same endings, injects, decisions
opened, options chosen, dead ends, loops.

With `reduce=False` the model checker tries every order of simultaneous choices; with the
default it tries fewer (`engine.explore.reduction`) and keys states on what can still matter
(`engine.explore.state_key`). Both must report the same thing, on every bundled scenario and
on generated ones.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from fixtures.engine import HERE
from fixtures.engine import compiled as load_fixture
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.simultaneous import generate
from engine.explore import search
from engine.explore.findings import ExploreResult
from engine.explore.independence import Independence
from engine.explore.search import explore
from engine.explore.state_key import StateKeys
from engine.format.loader import load_scenario
from engine.play import commands as c
from engine.play.compiled import CompiledScenario, compile_scenario
from engine.play.session import Session

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = [
    ROOT / "scenarios" / "portrait",
    *sorted((ROOT / "scenarios").glob("*.yaml")),
    *sorted(HERE.glob("*.yaml")),
]


def what_it_finds(result: ExploreResult) -> dict[str, object]:
    """Everything the search reports about the story (not its size, nor its example paths)."""
    assert result.complete
    return {
        "endings": sorted(result.endings),
        "endings_facilitator_only": sorted(result.endings_facilitator_only),
        "endings_unreachable": result.endings_unreachable,
        "injects": result.injects,
        "injects_facilitator_only": sorted(result.injects_facilitator_only),
        "injects_unreachable": result.injects_unreachable,
        "decisions_facilitator_only": sorted(result.decisions_facilitator_only),
        "decisions_unreachable": result.decisions_unreachable,
        "options_facilitator_only": sorted(result.options_facilitator_only),
        "options_unreachable": result.options_unreachable,
        "findings": sorted((f.kind, f.id or "", f.message) for f in result.findings),
    }


def compile_text(text: str) -> CompiledScenario:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scenario.yaml"
        path.write_text(text, encoding="utf-8")
        loaded = load_scenario(path, use_cache=False)
    return compile_scenario(loaded.scenario, loaded.content_hash)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda path: path.name)
def test_with_and_without_the_reduction_the_search_finds_the_same(path: Path) -> None:
    scenario = load_fixture(path)
    reduced = explore(scenario)
    full = explore(scenario, reduce=False)
    assert what_it_finds(reduced) == what_it_finds(full)
    assert reduced.edges <= full.edges


def test_the_shape_that_blew_up_is_searched_in_far_fewer_moves_with_the_same_findings() -> None:
    scenario = compile_text(generate(cells=4, turns=2, per_turn=3, options=3))
    reduced = explore(scenario)
    full = explore(scenario, reduce=False)
    assert what_it_finds(reduced) == what_it_finds(full)
    assert reduced.states * 10 < full.states  # the scores no condition reads are left out
    assert reduced.edges * 10 < full.edges


AT_ADJUDICATION = """\
format: 1
id: at_adjudication
title: Three decisions resolved at adjudication
turns: {count: 1}
cells:
  - {id: red, name: Red, side: red}
  - {id: blue, name: Blue, side: blue}
channels:
  - {id: wire, kind: intel, name: Wire}
variables:
  - {id: tension, type: int, initial: 0}
decisions:
  - id: first
    turn: 1
    cells: [red]
    prompt: First?
    options:
      - {id: a, label: A, effects: ['tension += 1']}
      - {id: b, label: B, effects: ['tension += 2']}
  - id: second
    turn: 1
    cells: [blue]
    prompt: Second?
    options:
      - {id: a, label: A, effects: ['tension += 1']}
      - {id: b, label: B, effects: ['tension += 2']}
  - id: third
    turn: 1
    cells: [red, blue]
    prompt: Third?
    options:
      - {id: a, label: A, effects: ['tension += 1']}
      - {id: b, label: B, when: 'tension < 100', effects: ['tension += 2']}
endings:
  - {id: hot, title: Hot, condition: 'tension >= 6'}
  - {id: cold, title: Cold, condition: 'turn >= 1'}
"""


def test_choices_resolved_at_adjudication_are_tried_in_one_order() -> None:
    scenario = compile_text(AT_ADJUDICATION)
    reduced = explore(scenario)
    full = explore(scenario, reduce=False)
    assert what_it_finds(reduced) == what_it_finds(full)
    assert set(reduced.endings) == {"hot", "cold"}
    # The three decisions' choices in every order make every subset of them a state; one
    # order makes only the prefixes of it (first, then second, then third's two cells).
    assert reduced.states < full.states


def test_a_choice_that_writes_what_another_option_reads_does_not_commute() -> None:
    text = AT_ADJUDICATION.replace("turn: 1\n", "turn: 1\n    resolve: on_choice\n")
    text = text.replace(
        "prompt: Second?\n    options:\n      - {id: a, label: A,",
        "prompt: Second?\n    options:\n      - {id: a, label: A, when: 'tension < 2',",
    )
    independence = Independence(compile_text(text))
    second_a = independence.footprint("second", "a")
    assert not independence.independent(independence.footprint("first", "b"), second_a)
    assert independence.independent(
        independence.footprint("first", "a"), independence.footprint("second", "b")
    )


def test_additions_that_a_bound_could_cut_off_do_not_commute() -> None:
    bounded = AT_ADJUDICATION.replace(
        "{id: tension, type: int, initial: 0}", "{id: tension, type: int, initial: 0, max: 5}"
    )
    assert "var:tension" in Independence(compile_text(bounded)).clamped
    assert "var:tension" not in Independence(compile_text(AT_ADJUDICATION)).clamped


def test_a_state_key_leaves_out_a_score_no_condition_reads() -> None:
    scenario = compile_text(generate(cells=2, turns=1, per_turn=2, options=2))
    keys = StateKeys(scenario.scenario)
    assert keys.variables == ("tension",)
    session = Session.start(scenario, 0)
    session.execute(c.Begin())
    state = session.state.copy()
    other = state.copy()
    other.values["score_1_0"] = 5
    assert keys.key(state) == keys.key(other)
    other.values["tension"] = 5
    assert keys.key(state) != keys.key(other)
    key = keys.key(state)
    assert isinstance(key, bytes) and len(key) == 16


# ------------------------------------------------------------------ generated scenarios


@st.composite
def scenarios(draw: st.DrawFn) -> str:
    """A small valid scenario mixing what the reductions reason about: decisions resolved on
    choice and at adjudication, opened at once, options with conditions, assignments and
    additions to a shared bounded variable, releases, endings, conditional injects."""
    turns = draw(st.integers(1, 2))
    cells = ["red", "blue"]
    bound = draw(st.sampled_from([None, 3]))
    data: dict[str, Any] = {
        "format": 1,
        "id": "generated",
        "title": "Generated",
        "turns": {"count": turns},
        "cells": [{"id": cell, "name": cell, "side": "blue"} for cell in cells],
        "channels": [{"id": "wire", "kind": "intel", "name": "Wire"}],
        "variables": [
            {
                "id": "shared",
                "type": "int",
                "initial": 0,
                "min": 0,
                **({"max": bound} if bound else {}),
            },
            {"id": "flag", "type": "bool", "initial": False},
        ],
        "injects": [],
        "decisions": [],
        "endings": [
            {"id": "high", "title": "High", "condition": f"shared >= {draw(st.integers(2, 4))}"},
            {"id": "flagged", "title": "Flagged"},
            {"id": "late", "title": "Late", "condition": f"turn >= {turns}"},
        ],
    }
    injects, decisions = data["injects"], data["decisions"]
    injects.append(
        {
            "id": "extra",
            "title": "Extra",
            "channel": "wire",
            "contingency": True,
            "fictional": True,
            "effects": ["shared += 1"],
        }
    )
    if draw(st.booleans()):
        injects.append(
            {
                "id": "alarm",
                "title": "Alarm",
                "channel": "wire",
                "fictional": True,
                "when": f"shared >= {draw(st.integers(1, 3))}",
                "effects": ["flag = true"],
            }
        )
    count = draw(st.integers(2, 4))
    for number in range(count):
        options = []
        for key in range(draw(st.integers(1, 3))):
            option: dict[str, Any] = {"id": f"o{key}", "label": f"Option {key}"}
            effect = draw(
                st.sampled_from(
                    ["shared += 1", "shared += 2", "shared -= 1", "shared = 1", "flag = true", None]
                )
            )
            if effect:
                option["effects"] = [effect]
            if key and draw(st.booleans()):
                option["when"] = draw(
                    st.sampled_from(
                        ["shared < 2", "not flag", "chose('d0', 'o0')" if number else "shared >= 0"]
                    )
                )
            extra = draw(st.sampled_from([None, "release", "end"]))
            if extra == "release":
                option["releases"] = ["extra"]
            elif extra == "end":
                option["ending"] = "flagged"
            options.append(option)
        decision: dict[str, Any] = {
            "id": f"d{number}",
            "cells": draw(st.sampled_from([["red"], ["blue"], ["red", "blue"]])),
            "prompt": "What now?",
            "options": options,
        }
        resolve = draw(st.sampled_from(["on_choice", "at_adjudication"]))
        decision["resolve"] = resolve
        if resolve == "at_adjudication" and draw(st.booleans()):
            decision["default"] = "o0"
        turn = draw(st.integers(1, turns))
        if draw(st.booleans()):
            injects.append(
                {
                    "id": f"i{number}",
                    "title": f"Inject {number}",
                    "channel": "wire",
                    "fictional": True,
                    "turn": turn,
                    "decision": decision,
                }
            )
        else:
            decisions.append({**decision, "turn": turn})
    return json.dumps(data)


GENERATED = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@GENERATED
@given(scenarios())
def test_on_generated_scenarios_the_reduction_finds_the_same(text: str) -> None:
    scenario = compile_text(text)
    assert what_it_finds(explore(scenario, budget=50_000)) == what_it_finds(
        explore(scenario, budget=50_000, reduce=False)
    )


@GENERATED
@given(scenarios())
def test_on_generated_scenarios_sleep_sets_alone_visit_every_state(text: str) -> None:
    scenario = compile_text(text)
    with patch.object(search, "reduce_moves", lambda compiled, state, moves: moves):
        asleep = explore(scenario, budget=50_000)
        with patch.object(Independence, "commute", lambda self, a, b: False):
            awake = explore(scenario, budget=50_000)  # nothing commutes: nothing sleeps
    assert asleep.states == awake.states
    assert asleep.edges <= awake.edges
    assert what_it_finds(asleep) == what_it_finds(awake)


LEAD_WITH_A_CONDITION = """\
format: 1
id: lead_with_a_condition
title: An option of the lead becomes available only after a choice resolved on the spot
turns: {count: 1}
cells:
  - {id: red, name: Red, side: red}
  - {id: blue, name: Blue, side: blue}
channels:
  - {id: wire, kind: intel, name: Wire}
variables:
  - {id: flag, type: bool, initial: false}
decisions:
  - id: lead
    turn: 1
    cells: [red]
    prompt: Lead?
    options:
      - {id: plain, label: Plain}
      - {id: bold, label: Bold, when: flag, ending: bold}
  - id: spark
    turn: 1
    resolve: on_choice
    cells: [blue]
    prompt: Spark?
    options:
      - {id: light, label: Light, effects: ['flag = true']}
endings:
  - {id: bold, title: Bold}
  - {id: quiet, title: Quiet, condition: 'turn >= 1'}
"""


def test_a_choice_that_could_make_an_option_of_the_lead_available_is_still_tried_first() -> None:
    # 'bold' is available only once blue has chosen: trying the lead's choices alone first
    # would lose it.
    result = explore(compile_text(LEAD_WITH_A_CONDITION))
    assert set(result.endings) == {"bold", "quiet"}
    assert result.endings["bold"][-2:] == ["red: lead=bold", "next phase"]


def test_a_variable_that_only_grows_is_kept_only_up_to_one_above_what_it_is_compared_with() -> None:
    scenario = compile_text(AT_ADJUDICATION)  # tension += 1 or 2; read as >= 6 and < 100
    keys = StateKeys(scenario.scenario)
    assert keys.ceilings == (101,)
    session = Session.start(scenario, 0)
    state, other = session.state.copy(), session.state.copy()
    state.values["tension"], other.values["tension"] = 150, 200
    assert keys.key(state) == keys.key(other)
    other.values["tension"] = 100
    assert keys.key(state) != keys.key(other)
    shrinking = AT_ADJUDICATION.replace(
        "'tension += 2']}\n  - id: second", "'tension -= 2']}\n  - id: second"
    )
    assert StateKeys(compile_text(shrinking).scenario).ceilings == (None,)


def test_a_variable_read_only_by_a_chance_is_kept_in_the_key() -> None:
    text = AT_ADJUDICATION.replace(
        "      - {id: b, label: B, effects: ['tension += 2']}\n  - id: second",
        "      - id: b\n        label: B\n        adjudication:\n          outcomes:\n"
        "            - {id: win, chance: 'tension * 10', effects: ['tension += 2']}\n"
        "            - {id: lose, chance: 0}\n  - id: second",
        1,
    ).replace("condition: 'tension >= 6'", "condition: 'turn >= 2'")
    text = text.replace("when: 'tension < 100', ", "")  # the chance is the only reader
    scenario = compile_text(text)
    assert StateKeys(scenario.scenario).variables == ("tension",)
    assert "var:tension" in Independence(scenario).footprint("first", "b").reads
