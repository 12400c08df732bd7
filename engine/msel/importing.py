"""Importing a spreadsheet: our own export read back, or any planner's MSEL made into a scenario.

A workbook with a `Scenario` sheet, or an MSEL sheet with an `Inject ID` column, is one
`wargame msel export` wrote (perhaps edited since): it is read back field for field. Anything
else is a planner's MSEL (`engine.msel.planner`). Either way the result is checked like a
scenario file — pydantic, references, expressions, lint — with every problem at its cell.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from engine.errors import ScenarioInvalid
from engine.format.model import Scenario
from engine.format.problems import Problem, has_errors
from engine.msel import planner
from engine.msel.scenario_sheets import MSEL, SCENARIO, from_workbook
from engine.msel.sheets import Cell, Sheet, Workbook
from engine.msel.validation import validated


@dataclass(frozen=True)
class Imported:
    """The scenario a sheet made, and the warnings it loads with."""

    scenario: Scenario
    warnings: list[Problem]
    own: bool
    """True when the sheet was one of our own exports (read back field for field)."""


def is_own_export(workbook: Workbook) -> bool:
    """Whether `wargame msel export` wrote this workbook."""
    if workbook.get(SCENARIO) is not None:
        return True
    msel = workbook.get(MSEL)
    return msel is not None and "Inject ID" in msel.header


def import_workbook(
    workbook: Workbook,
    *,
    display: str,
    mapping: planner.Mapping | None = None,
    header_row: int | None = None,
    scenario_id: str = "imported",
    title: str = "Imported MSEL",
) -> Imported:
    """The scenario a workbook holds or stands for.

    Raises:
        ScenarioInvalid: every problem, each at its `file:Sheet!C4`.
    """
    mapping = mapping or planner.Mapping()
    problems: list[Problem] = []
    if is_own_export(workbook) and header_row is None and not mapping.columns:
        data, places, problems = from_workbook(workbook)
        own = True
    else:
        sheet = workbook.get(MSEL) or (workbook.sheets[0] if workbook.sheets else None)
        if sheet is None or not sheet.header:
            name = sheet.name if sheet is not None else "MSEL"
            raise ScenarioInvalid([Problem("the sheet is empty", f"{display}:{name}")])
        if header_row is not None:
            sheet = _reheaded(sheet, header_row, display)
        else:
            found = planner.find_header_row(sheet, mapping)
            if found is not None:
                raise ScenarioInvalid(
                    [
                        Problem(
                            f"the header is not on row {sheet.header_row}: row {found} looks like "
                            "it (it names MSEL columns)",
                            sheet.header_place(0),
                            suggestion=f"delete the rows above it, or pass --header-row {found}",
                        )
                    ]
                )
        data, places, problems = planner.scenario_data(
            sheet, mapping, scenario_id=scenario_id, title=workbook.title or title
        )
        own = False
    if has_errors(problems) and not data:
        raise ScenarioInvalid(problems)
    try:
        scenario, warnings = validated(data, places, display)
    except ScenarioInvalid as error:
        raise ScenarioInvalid(_merged(problems, error.problems)) from None
    if has_errors(problems):
        raise ScenarioInvalid(problems + warnings)
    return Imported(scenario, problems + warnings, own)


def _merged(first: list[Problem], then: list[Problem]) -> list[Problem]:
    """Both lists, less the later problems at a cell the first list already reports on."""
    reported = {p.place for p in first}
    return first + [p for p in then if p.place not in reported]


def _reheaded(sheet: Sheet, header_row: int, display: str) -> Sheet:
    skip = header_row - sheet.header_row - 1
    if header_row < sheet.header_row or skip >= len(sheet.rows):
        raise ScenarioInvalid(
            [
                Problem(
                    f"--header-row {header_row}: the sheet has no such row",
                    f"{display}:{sheet.name}",
                )
            ]
        )
    if skip < 0:
        return sheet
    header = ["" if v is None else str(v).strip() for v in sheet.rows[skip]]
    return Sheet(sheet.name, header, sheet.rows[skip + 1 :], sheet.file, header_row)


def t3sf_workbook(raw: bytes, display: str) -> Workbook:
    """A T3SF MSEL in JSON (a list of inject objects, or an object holding one) as a sheet.

    Raises:
        ScenarioInvalid: it is no JSON, or no list of objects.
    """
    try:
        data: Any = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ScenarioInvalid([Problem(f"is not JSON: {error}", display)]) from None
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list)]
        data = lists[0] if len(lists) == 1 else data
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ScenarioInvalid(
            [Problem("expected a list of injects (JSON objects), as T3SF's MSEL holds", display)]
        )
    header: list[str] = []
    for item in data:
        header += [str(key) for key in item if str(key) not in header]
    rows: list[list[Cell]] = [[_cell(item.get(h)) for h in header] for item in data]
    sheet = Sheet(MSEL, header, rows, file=display)
    return Workbook([sheet])


def _cell(value: Any) -> Cell:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return json.dumps(value, ensure_ascii=False)
