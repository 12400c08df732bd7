"""Situation charts: each int variable over the turns, and the geometry of its SVG line chart.

The report model holds only the numbers (`Series`); `line_chart` turns them into coordinates
the HTML template writes straight into an inline `<svg>`: no script, no external file.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.format.model import Scenario, VariableType
from engine.play.state import Value
from engine.report.model import Series

WIDTH = 560
HEIGHT = 180
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 28
MAX_LABELS = 12
"""X-axis labels shown at most; with more turns, every n-th."""


def build_series(
    scenario: Scenario, turn_values: list[dict[str, Value]], final: dict[str, Value]
) -> list[Series]:
    """Each int variable's value at the start of every turn, then at the end."""
    series = []
    for variable in scenario.variables:
        if variable.type is not VariableType.INT:
            continue
        points = [
            (f"T{turn}", int(values.get(variable.id, 0)))
            for turn, values in enumerate(turn_values, start=1)
        ]
        points.append(("end", int(final.get(variable.id, 0))))
        series.append(
            Series(
                variable=variable.id,
                label=variable.label or variable.id,
                minimum=variable.min,
                maximum=variable.max,
                points=points,
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
    return Chart(WIDTH, HEIGHT, path, dots, labels, ticks, LEFT, RIGHT, TOP, BOTTOM)
