"""Situation charts: each int variable that moved, over the turns, and its SVG geometry.

The report model holds only the numbers (`Series`): the values at each turn's start, what the
variable measures, the thresholds the endings test it against (read from their conditions)
and the choices that moved it. `line_chart` turns them into coordinates the HTML template
writes straight into an inline `<svg>`: no script, no external file. A variable that never
moved gets no chart (the start and end table still lists it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.format.model import Scenario, VariableType
from engine.play.events import Value
from engine.report.model import Series, Threshold

WIDTH = 560
HEIGHT = 180
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 28
MAX_LABELS = 12
"""X-axis labels shown at most; with more turns, every n-th."""


_COMPARISON = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*)\s*(<=|>=|<|>|==)\s*(-?\d+)\b")


def thresholds(scenario: Scenario, variable: str) -> list[Threshold]:
    """The values the endings' conditions compare `variable` with, and the ending's title."""
    found = []
    for ending in scenario.endings:
        for name, op, number in _COMPARISON.findall(ending.condition or ""):
            if name == variable:
                found.append(Threshold(int(number), op, ending.title))
    return found


def build_series(
    scenario: Scenario,
    turn_values: list[dict[str, Value]],
    final: dict[str, Value],
    moves: dict[str, list[tuple[int, str]]] | None = None,
) -> list[Series]:
    """Each int variable that moved: its value at the start of every turn, then at the end.

    `moves` gives, per variable, the turns in which a choice changed it and the choice.
    """
    series = []
    for variable in scenario.variables:
        if variable.type is not VariableType.INT:
            continue
        points = [
            (f"T{turn}", int(values.get(variable.id, 0)))
            for turn, values in enumerate(turn_values, start=1)
        ]
        points.append(("end", int(final.get(variable.id, 0))))
        if len({value for _, value in points}) < 2:
            continue
        series.append(
            Series(
                variable=variable.id,
                label=variable.label or variable.id,
                minimum=variable.min,
                maximum=variable.max,
                points=points,
                description=variable.description,
                thresholds=thresholds(scenario, variable.id),
                markers=[
                    (min(turn, len(points) - 1), what)
                    for turn, what in (moves or {}).get(variable.id, [])
                ],
            )
        )
    return series


@dataclass(frozen=True, slots=True)
class Chart:
    """Everything the template needs to draw one line chart."""

    width: int
    height: int
    path: str
    """The line's `d` attribute."""
    dots: list[tuple[float, float, str, int]]
    """(x, y, label, value) for each point."""
    x_labels: list[tuple[float, str]]
    y_ticks: list[tuple[float, int]]
    lines: list[tuple[float, str]]
    """(y, label) of each ending threshold within the chart's range."""
    marks: list[tuple[float, str]]
    """(x, label) of each choice that moved the variable (a vertical tick)."""
    left: int
    right: int
    top: int
    bottom: int


def line_chart(series: Series) -> Chart:
    """The chart of one series, scaled to the variable's bounds (or its range when unbounded)."""
    values = [value for _, value in series.points]
    low = series.minimum if series.minimum is not None else min(values)
    high = series.maximum if series.maximum is not None else max(values)
    low, high = min(low, *values), max(high, *values)
    if high == low:
        low, high = low - 1, high + 1
    inner_w = WIDTH - LEFT - RIGHT
    inner_h = HEIGHT - TOP - BOTTOM
    step = inner_w / max(1, len(values) - 1)

    def x(i: int) -> float:
        return round(LEFT + i * step if len(values) > 1 else LEFT + inner_w / 2, 1)

    def y(value: int) -> float:
        return round(TOP + (high - value) / (high - low) * inner_h, 1)

    dots = [(x(i), y(v), label, v) for i, (label, v) in enumerate(series.points)]
    path = " ".join(f"{'M' if i == 0 else 'L'}{dx},{dy}" for i, (dx, dy, _, _) in enumerate(dots))
    every = max(1, -(-len(dots) // MAX_LABELS))
    labels = [(dx, label) for i, (dx, _, label, _) in enumerate(dots) if i % every == 0]
    if dots and labels[-1][1] != dots[-1][2]:
        labels.append((dots[-1][0], dots[-1][2]))
    middle = (low + high) // 2
    ticks = [(y(value), value) for value in sorted({low, middle, high})]
    lines = [
        (y(t.value), f"{t.op} {t.value}: {t.ending}")
        for t in series.thresholds
        if low <= t.value <= high
    ]
    # A choice made during turn n moved the value seen at the start of turn n + 1 (index n).
    marks = [(round((x(i - 1) + x(i)) / 2, 1), what) for i, what in series.markers if i >= 1]
    return Chart(
        WIDTH, HEIGHT, path, dots, labels, ticks, lines, marks, LEFT, RIGHT, TOP, BOTTOM
    )
