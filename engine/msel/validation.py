"""Checking scenario data read from a sheet: pydantic, then every check the loader runs.

The loader's checks ask a `SourceMap` where a value came from; `CellMap` answers with the
spreadsheet cell instead of a YAML line, so every problem of an imported sheet is reported at
its `file:Sheet!C4`, all at once, in the loader's own words.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from pydantic import ValidationError

from engine.errors import ScenarioInvalid
from engine.format.lint import lint_scenario
from engine.format.model import Scenario
from engine.format.problems import Position, Problem, has_errors
from engine.format.references import check_expressions, check_references
from engine.format.source_map import SourceMap
from engine.msel.scenario_sheets import Places

Loc = tuple[str | int, ...]
_CELL_LINE = 0
"""Positions from a `CellMap` carry line 0: "a cell, not a line" (dropped before printing)."""


class CellMap(SourceMap):
    """A source map whose places are spreadsheet cells."""

    def __init__(self, places: Places, display: str) -> None:
        super().__init__()
        self.places = places
        self.display = display

    def position_of(self, loc: Loc) -> Position | None:
        """The cell of the value at `loc`, or of its nearest ancestor read from a cell."""
        for end in range(len(loc), -1, -1):
            found = self.places.get(loc[:end])
            if found is not None:
                return Position(found, _CELL_LINE, _CELL_LINE)
        return Position(self.display, _CELL_LINE, _CELL_LINE)

    def key_position_of(self, loc: Loc) -> Position | None:
        """The cell of the value (a sheet has no separate place for a key)."""
        return self.position_of(loc)

    def text_position(self, loc: Loc, offset: int | None, text: str = "") -> Position | None:
        """The cell (a column within a cell's text is not shown)."""
        return self.position_of(loc)

    def is_flagged(self, loc: Loc) -> bool:
        """Nothing was reported while reading cells that the checks should stay quiet on."""
        return False


def as_cell_problem(problem: Problem) -> Problem:
    """The problem with the "line 0" of a cell position dropped."""
    if problem.line == _CELL_LINE:
        return dataclasses.replace(problem, line=None, column=None)
    return problem


def validated(data: dict[str, Any], places: Places, display: str) -> tuple[Scenario, list[Problem]]:
    """The scenario and its warnings.

    Raises:
        ScenarioInvalid: every error (and warning), each at its cell.
    """
    cells = CellMap(places, display)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        raise ScenarioInvalid([_pydantic_problem(e, cells) for e in error.errors()]) from None
    problems = check_references(scenario, cells)
    checked = check_expressions(scenario, cells)
    problems += checked.problems
    problems += lint_scenario(scenario, cells, checked.effects)
    problems = [as_cell_problem(p) for p in problems]
    if has_errors(problems):
        raise ScenarioInvalid(problems)
    return scenario, problems


def _pydantic_problem(error: Any, cells: CellMap) -> Problem:
    loc = tuple(error["loc"])
    position = cells.position_of(loc)
    field = ".".join(str(part) for part in loc if isinstance(part, str)) or "scenario"
    message = str(error["msg"])
    if error["type"] == "missing":
        message = f"`{loc[-1]}` is missing: this column (or key) must have a value"
    return as_cell_problem(Problem.at(position, f"{field}: {message}"))
