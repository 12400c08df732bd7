"""Per-cell visibility of variables: a variable shown to some cells, hidden from the others."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fixtures.room import mini
from rich.console import Console
from test_loader_checks import BASE, messages

from engine.audience import Audience, visible_variables
from engine.format.loader import load_scenario
from engine.format.model import Scenario, Variable
from engine.play.compiled import compile_scenario
from engine.play.session import Session
from players.console.widgets.situation import variable_rows

WriteYaml = Callable[..., Path]
MORALE = Variable.model_validate(
    {"id": "blue_morale", "initial": 5, "label": "Blue morale", "visibility": "players",
     "cells": ["blue"]}
)  # fmt: skip


def _scenario() -> Scenario:
    scenario = mini().scenario
    return scenario.model_copy(update={"variables": (*scenario.variables, MORALE)})


@pytest.mark.parametrize(
    ("audience", "sees"),
    [
        (Audience.control(), True),
        (Audience.evaluator(), True),
        (Audience.room(), False),
        (Audience.of_cell("blue"), True),
        (Audience.of_cell("red"), False),
    ],
)
def test_a_variable_for_some_cells_is_shown_to_them_and_not_the_room(
    audience: Audience, sees: bool
) -> None:
    scenario = _scenario()
    assert ("blue_morale" in [v.id for v in visible_variables(audience, scenario)]) is sees


def test_a_cells_view_shows_its_own_variables_and_the_rooms_view_does_not(
    write_yaml: WriteYaml,
) -> None:
    path = write_yaml(
        BASE.replace(
            "  - {id: lockdown, type: bool, initial: false}\n",
            "  - {id: lockdown, type: bool, initial: false}\n"
            "  - {id: red_cash, label: Red cash, initial: 9, visibility: players, cells: [red]}\n",
        )
    )
    loaded = load_scenario(path)
    session = Session.start(compile_scenario(loaded.scenario, loaded.content_hash), seed=1)

    def shown(cell: str | None) -> str:
        console = Console(width=80, record=True)
        console.print(variable_rows(session, players_only=True, cell=cell))
        return console.export_text()

    assert "Red cash" in shown("red")
    assert "Red cash" not in shown("blue")
    assert "Red cash" not in shown(None)


def test_cells_need_players_visibility_and_known_cells(write_yaml: WriteYaml) -> None:
    path = write_yaml(
        BASE.replace(
            "  - {id: lockdown, type: bool, initial: false}\n",
            "  - {id: lockdown, type: bool, initial: false}\n"
            "  - {id: secret, initial: 1, cells: [red]}\n"
            "  - {id: cash, initial: 1, visibility: players, cells: [rde]}\n",
        )
    )
    assert messages(path) == [
        "14:5: error: variable 'secret': `cells` shows a variable to some cells:"
        " it needs `visibility: players`",
        "15:57: error: unknown cell 'rde' (did you mean 'red'?)",
    ]
