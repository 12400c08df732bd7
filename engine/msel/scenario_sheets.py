"""A scenario as a workbook and back: the MSEL sheet, then a sheet for everything else it holds.

Export then import gives an equal scenario model (comments and key order aside): every field
of every model has a column (chosen from the models, so new fields come along), nested parts
(a decision's options, an objective's critical tasks) take one row each under their parent,
and the scenario's own fields sit on a `Scenario` sheet of keys and values. Reading a sheet
back collects every cell's problem at once, each at its `file:Sheet!C4`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from engine.format.model import (
    Actor,
    Cell,
    Channel,
    CriticalTask,
    Decision,
    Ending,
    Inject,
    Objective,
    Option,
    Scenario,
    Source,
    Variable,
)
from engine.format.problems import Problem
from engine.msel.columns import DERIVED, MSEL_COLUMNS, PRINTED
from engine.msel.fields import CellProblem, from_cell, is_default, kind_of, to_cell
from engine.msel.sheets import Sheet, Workbook, blank

Places = dict[tuple[str | int, ...], str]
"""Where each value of the scenario data came from: its path → `file:Sheet!C4`."""

MSEL = "MSEL"
SCENARIO = "Scenario"


@dataclass(frozen=True)
class Flat:
    """A section written one item a row: its sheet, the scenario key, the item model."""

    sheet: str
    key: str
    model: type[BaseModel]


@dataclass(frozen=True)
class Nested:
    """A section whose items each have several children, written one child a row."""

    sheet: str
    key: str
    model: type[BaseModel]
    children: str
    child: type[BaseModel]
    prefix: str
    child_prefix: str


FLAT = (
    Flat("Variables", "variables", Variable),
    Flat("Cells", "cells", Cell),
    Flat("Actors", "actors", Actor),
    Flat("Channels", "channels", Channel),
    Flat("Endings", "endings", Ending),
    Flat("Sources", "sources", Source),
)
OBJECTIVES = Nested(
    "Objectives", "objectives", Objective, "critical_tasks", CriticalTask, "objective.", "task."
)
DECISIONS = Nested("Decisions", "decisions", Decision, "options", Option, "decision.", "option.")
OWNER = "inject"
"""The Decisions sheet's first column: the inject a decision opens with (blank: top level)."""
SECTIONS = {s.key for s in FLAT} | {"objectives", "decisions", "injects", "include"}


def _fields(model: type[BaseModel], skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(attribute, key) of each field, the key as written in YAML."""
    return [
        (name, info.alias or name)
        for name, info in model.model_fields.items()
        if name not in skip and (info.alias or name) not in skip
    ]


def _cells(item: BaseModel, fields: list[tuple[str, str]]) -> list[Any]:
    infos = type(item).model_fields
    row = []
    for name, _ in fields:
        value = getattr(item, name)
        row.append(None if is_default(infos[name], value) else to_cell(value, kind_of(infos[name])))
    return row


def to_workbook(scenario: Scenario) -> Workbook:
    """Every sheet of the scenario, the MSEL first."""
    return Workbook([_msel(scenario), *_other_sheets(scenario)], title=scenario.title)


def _msel(scenario: Scenario) -> Sheet:
    named = {c.field for c in MSEL_COLUMNS if c.field}
    rest = [(n, k) for n, k in _fields(Inject, ("decision",)) if k not in named]
    by_key = {k: n for n, k in _fields(Inject)}
    sheet = Sheet(MSEL, [c.header for c in MSEL_COLUMNS] + [k for _, k in rest])
    sheet.print_columns = PRINTED  # paper gets HSEEP's columns; the rest are for the way back
    infos = Inject.model_fields
    for number, inject in enumerate(scenario.injects, start=1):
        row: list[Any] = []
        for column in MSEL_COLUMNS:
            if column.field is None:
                assert column.derive is not None
                row.append(column.derive(scenario, inject, number) or None)
            else:
                name = by_key[column.field]
                value = getattr(inject, name)
                default = is_default(infos[name], value)
                row.append(None if default else to_cell(value, kind_of(infos[name])))
        sheet.rows.append(row + _cells(inject, rest))
    return sheet


def _other_sheets(scenario: Scenario) -> Iterator[Sheet]:
    decisions: list[tuple[str | None, Any]] = [
        (i.id, i.decision) for i in scenario.injects if i.decision is not None
    ]
    decisions += [(None, d) for d in scenario.decisions]
    yield _nested(DECISIONS, decisions)
    for flat in FLAT:
        fields = _fields(flat.model)
        sheet = Sheet(flat.sheet, [k for _, k in fields])
        sheet.rows = [_cells(item, fields) for item in getattr(scenario, flat.key)]
        yield sheet
    yield _nested(OBJECTIVES, [(None, o) for o in scenario.objectives])
    yield _scenario_sheet(scenario)


def _nested(spec: Nested, items: list[tuple[str | None, Any]]) -> Sheet:
    parent = _fields(spec.model, (spec.children,))
    child = _fields(spec.child)
    owner = [OWNER] if spec is DECISIONS else []
    header = (
        owner + [spec.prefix + k for _, k in parent] + [spec.child_prefix + k for _, k in child]
    )
    sheet = Sheet(spec.sheet, header)
    for inject_id, item in items:
        for index, part in enumerate(getattr(item, spec.children)):
            head = _cells(item, parent) if index == 0 else [None] * len(parent)
            if index:  # later rows repeat only the parent's id, so a row says whose it is
                head[0] = item.id
            sheet.rows.append(([inject_id] if owner else []) + head + _cells(part, child))
    return sheet


def _scenario_sheet(scenario: Scenario) -> Sheet:
    sheet = Sheet(SCENARIO, ["key", "value"])
    for name, key in _fields(Scenario, tuple(SECTIONS)):
        info = Scenario.model_fields[name]
        value = getattr(scenario, name)
        if isinstance(value, BaseModel):  # `turns`: one row a field
            for sub, sub_key in _fields(type(value)):
                sub_info = type(value).model_fields[sub]
                sheet.rows.append(
                    [f"{key}.{sub_key}", to_cell(getattr(value, sub), kind_of(sub_info))]
                )
        elif not is_default(info, value):
            sheet.rows.append([key, to_cell(value, kind_of(info))])
    return sheet


# Reading back -------------------------------------------------------------------------------


class _Reader:
    """Turns our own workbook back into scenario data, noting each value's place."""

    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        self.problems: list[Problem] = []
        self.places: Places = {}

    def cell(self, sheet: Sheet, row: int, column: int, model: type[BaseModel], key: str) -> Any:
        value = sheet.rows[row][column] if column < len(sheet.rows[row]) else None
        names = {info.alias or name: name for name, info in model.model_fields.items()}
        info = model.model_fields[names[key]]
        try:
            return from_cell(value, kind_of(info))
        except CellProblem as problem:
            header = sheet.header[column]
            self.problems.append(Problem(f"{header}: {problem}", sheet.place(row, column)))
            return None

    def item(
        self,
        sheet: Sheet,
        row: int,
        columns: dict[int, str],
        model: type[BaseModel],
        loc: tuple[str | int, ...],
    ) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for column, key in columns.items():
            cells = sheet.rows[row]
            if column >= len(cells) or blank(cells[column]):
                continue
            value = self.cell(sheet, row, column, model, key)
            if value is not None:
                data[key] = value
                self.places[(*loc, key)] = sheet.place(row, column)
        self.places.setdefault(loc, sheet.place(row, 0))
        return data

    def columns(self, sheet: Sheet, model: type[BaseModel], prefix: str = "") -> dict[int, str]:
        """{column: field key} of the headers `prefix + key` naming a field of `model`."""
        known = {k for _, k in _fields(model)}
        return {
            index: header[len(prefix) :]
            for index, header in enumerate(sheet.header)
            if header.startswith(prefix) and header[len(prefix) :] in known
        }

    def refuse_unknown(self, sheet: Sheet, known: set[str]) -> None:
        """A problem for each header that is none of `known`."""
        for index, header in enumerate(sheet.header):
            if header not in known and not blank(header):
                self.problems.append(
                    Problem(
                        f"unknown column {header!r} on the {sheet.name} sheet",
                        sheet.header_place(index),
                        suggestion=_closest(header, known),
                    )
                )


def _closest(header: str, known: set[str]) -> str | None:
    from engine.format.messages import did_you_mean

    return did_you_mean(header, sorted(known))


def _headers(spec: Nested) -> set[str]:
    parent = {spec.prefix + k for _, k in _fields(spec.model, (spec.children,))}
    child = {spec.child_prefix + k for _, k in _fields(spec.child)}
    return parent | child | ({OWNER} if spec is DECISIONS else set())


def from_workbook(workbook: Workbook) -> tuple[dict[str, Any], Places, list[Problem]]:
    """The scenario data of a workbook `to_workbook` wrote (perhaps edited), and its problems."""
    reader = _Reader(workbook)
    data: dict[str, Any] = {}
    scenario_sheet = workbook.get(SCENARIO)
    if scenario_sheet is not None:
        data.update(_read_scenario_sheet(reader, scenario_sheet))
    msel = workbook.get(MSEL)
    injects: list[dict[str, Any]] = []
    if msel is not None:
        injects = _read_msel(reader, msel)
        data["injects"] = injects
    decisions = workbook.get(DECISIONS.sheet)
    if decisions is not None:
        _read_decisions(reader, decisions, injects, data)
    for flat in FLAT:
        sheet = workbook.get(flat.sheet)
        if sheet is not None:
            columns = reader.columns(sheet, flat.model)
            reader.refuse_unknown(sheet, {k for _, k in _fields(flat.model)})
            data[flat.key] = [
                reader.item(sheet, row, columns, flat.model, (flat.key, index))
                for index, row in enumerate(_filled_rows(sheet))
            ]
    objectives = workbook.get(OBJECTIVES.sheet)
    if objectives is not None:
        reader.refuse_unknown(objectives, _headers(OBJECTIVES))
        data["objectives"] = _read_nested(
            reader, objectives, OBJECTIVES, lambda i: ("objectives", i)
        )
    return data, reader.places, reader.problems


def _filled_rows(sheet: Sheet) -> list[int]:
    return [i for i, row in enumerate(sheet.rows) if not all(blank(c) for c in row)]


def _read_scenario_sheet(reader: _Reader, sheet: Sheet) -> dict[str, Any]:
    data: dict[str, Any] = {}
    top = {k: n for n, k in _fields(Scenario)}
    for row, cells in enumerate(sheet.rows):
        if not cells or blank(cells[0]):
            continue
        key = str(cells[0]).strip()
        value = cells[1] if len(cells) > 1 else None
        head, _, sub = key.partition(".")
        if head not in top or head in SECTIONS:
            reader.problems.append(Problem(f"unknown scenario key {key!r}", sheet.place(row, 0)))
            continue
        info = Scenario.model_fields[top[head]]
        if blank(value):
            continue
        if sub:
            model = info.annotation
            assert isinstance(model, type) and issubclass(model, BaseModel)
            if sub not in {k for _, k in _fields(model)}:
                reader.problems.append(
                    Problem(f"unknown scenario key {key!r}", sheet.place(row, 0))
                )
                continue
            parsed = reader.cell(sheet, row, 1, model, sub)
            data.setdefault(head, {})[sub] = parsed
            reader.places[(head, sub)] = sheet.place(row, 1)
        else:
            data[head] = reader.cell(sheet, row, 1, Scenario, head)
            reader.places[(head,)] = sheet.place(row, 1)
    return data


def _read_msel(reader: _Reader, sheet: Sheet) -> list[dict[str, Any]]:
    by_header = {c.header.lower(): c.field for c in MSEL_COLUMNS if c.field}
    known = {k for _, k in _fields(Inject, ("decision",))}
    columns: dict[int, str] = {}
    for index, header in enumerate(sheet.header):
        field = by_header.get(header.lower()) or (header if header in known else None)
        if field is not None:
            columns[index] = field
        elif header not in DERIVED and not blank(header):
            reader.problems.append(
                Problem(
                    f"unknown column {header!r} on the MSEL sheet",
                    sheet.header_place(index),
                    suggestion=_closest(header, {c.header for c in MSEL_COLUMNS} | known),
                )
            )
    return [
        reader.item(sheet, row, columns, Inject, ("injects", index))
        for index, row in enumerate(_filled_rows(sheet))
    ]


def _read_nested(
    reader: _Reader, sheet: Sheet, spec: Nested, loc_of: Any, rows: list[int] | None = None
) -> list[dict[str, Any]]:
    """The items of a nested sheet (or of some of its rows); `loc_of(n)` is item n's path."""
    parents = reader.columns(sheet, spec.model, spec.prefix)
    children = reader.columns(sheet, spec.child, spec.child_prefix)
    id_column = next((c for c, k in parents.items() if k == "id"), None)
    items: list[dict[str, Any]] = []
    for row in _filled_rows(sheet) if rows is None else rows:
        parent_id = sheet.rows[row][id_column] if id_column is not None else None
        if not items or (not blank(parent_id) and parent_id != items[-1].get("id")):
            items.append(reader.item(sheet, row, parents, spec.model, loc_of(len(items))))
            items[-1][spec.children] = []
        loc = (*loc_of(len(items) - 1), spec.children, len(items[-1][spec.children]))
        items[-1][spec.children].append(reader.item(sheet, row, children, spec.child, loc))
    return items


def _read_decisions(
    reader: _Reader, sheet: Sheet, injects: list[dict[str, Any]], data: dict[str, Any]
) -> None:
    """Each decision to the inject its `inject` cell names, or to the top-level list."""
    reader.refuse_unknown(sheet, _headers(DECISIONS))
    owner = sheet.header.index(OWNER) if OWNER in sheet.header else None
    id_column = sheet.header.index("decision.id") if "decision.id" in sheet.header else None
    by_id = {inject.get("id"): index for index, inject in enumerate(injects)}
    groups: list[tuple[Any, Any, list[int]]] = []  # (inject id, decision id, rows)
    for row in _filled_rows(sheet):
        decision_id = sheet.rows[row][id_column] if id_column is not None else None
        inject_id = sheet.rows[row][owner] if owner is not None else None
        if not groups or (not blank(decision_id) and decision_id != groups[-1][1]):
            groups.append((inject_id, decision_id, [row]))
        else:
            groups[-1][2].append(row)
    top: list[dict[str, Any]] = []
    for inject_id, _, rows in groups:
        if blank(inject_id):
            index = len(top)
            top += _read_nested(reader, sheet, DECISIONS, lambda _, i=index: ("decisions", i), rows)
        elif inject_id in by_id:
            at = by_id[inject_id]
            loc = ("injects", at, "decision")
            injects[at]["decision"] = _read_nested(
                reader, sheet, DECISIONS, lambda _, loc=loc: loc, rows
            )[0]
        else:
            reader.problems.append(
                Problem(
                    f"no inject {inject_id!r} on the MSEL sheet for this decision to open with",
                    sheet.place(rows[0], owner or 0),
                )
            )
    if top:
        data["decisions"] = top
