"""Exploring: states/s and peak memory on the bundled scenarios and on the shape that blew up.

Each search runs in a fresh interpreter (`python -m bench.bench_explore SCENARIO [--no-reduction]`
prints one JSON line), so its peak resident set (VmHWM, Linux) is its own: the figure the
`--max-memory` bound is about. The generated shape is `bench.simultaneous.generate`: four cells,
four turns, three decisions opened at once in each (three options each, resolved on choice,
each option adding to the decision's own score and to the shared tension), a timed inject
between turns. Target: it explores completely within 10 s and 1 GB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TypedDict

from bench.simultaneous import generate

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = (
    "portrait",
    "gray_zone.yaml",
    "invisible_accounts.yaml",
    "blueleaks.yaml",
    "clean_network.yaml",
)


class Shape(TypedDict):
    """The arguments of `bench.simultaneous.generate` that size the generated scenario."""

    cells: int
    turns: int
    per_turn: int
    options: int


SHAPE: Shape = {"cells": 4, "turns": 4, "per_turn": 3, "options": 3}


def measure(path: Path, *, reduce: bool = True) -> dict[str, float]:
    """One search of `path` in a fresh interpreter: time, states, moves, peak MB, complete."""
    command = [sys.executable, "-m", "bench.bench_explore", str(path)]
    if not reduce:
        command.append("--no-reduction")
    out = subprocess.run(
        command, cwd=ROOT, check=True, capture_output=True, text=True, env=dict(os.environ)
    ).stdout
    figures: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return figures


def run(
    shape: Shape | None = None, bundled: tuple[str, ...] = BUNDLED
) -> dict[str, float]:
    """The figures: for each bundled scenario and for the shape (with and without reduction
    for the three-turn shape, whose full search is still affordable)."""
    results: dict[str, float] = {}
    for name in bundled:
        figures = measure(ROOT / "scenarios" / name)
        results[f"{name} search s"] = figures["seconds"]
        results[f"{name} states"] = figures["states"]
        results[f"{name} states/s"] = figures["states"] / max(figures["seconds"], 1e-9)
        results[f"{name} peak MB"] = figures["peak_mb"]
    shape = shape or SHAPE
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "shape.yaml"
        path.write_text(generate(**shape), encoding="utf-8")
        figures = measure(path)
        label = "shape {cells}x{turns}x{per_turn}x{options}".format(**shape)
        results[f"{label} search s"] = figures["seconds"]
        results[f"{label} states"] = figures["states"]
        results[f"{label} moves"] = figures["moves"]
        results[f"{label} peak MB"] = figures["peak_mb"]
        results[f"{label} complete ratio"] = figures["complete"]
        path.write_text(generate(**shape, timed=False), encoding="utf-8")
        figures = measure(path)
        results[f"{label} untimed search s"] = figures["seconds"]
        results[f"{label} untimed states"] = figures["states"]
        results[f"{label} untimed moves"] = figures["moves"]
        results[f"{label} untimed peak MB"] = figures["peak_mb"]
        results[f"{label} untimed complete ratio"] = figures["complete"]
        smaller: Shape = {**shape, "turns": max(1, shape["turns"] - 1)}
        path.write_text(generate(**smaller), encoding="utf-8")
        small = "shape {cells}x{turns}x{per_turn}x{options}".format(**smaller)
        for reduce, how in ((True, "reduced"), (False, "full")):
            figures = measure(path, reduce=reduce)
            results[f"{small} {how} search s"] = figures["seconds"]
            results[f"{small} {how} states"] = figures["states"]
            results[f"{small} {how} moves"] = figures["moves"]
    return results


def _main(argv: list[str]) -> None:
    from engine.explore.search import explore
    from players.simulate import load_compiled

    compiled = load_compiled(Path(argv[0]))
    started = time.perf_counter()
    result = explore(compiled, budget=10**8, reduce="--no-reduction" not in argv)
    seconds = time.perf_counter() - started
    with open("/proc/self/status") as status:
        peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    figures = {
        "seconds": seconds,
        "states": result.states,
        "moves": result.edges,
        "complete": float(result.complete),
        "peak_mb": peak_kb / 1024,
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    _main(sys.argv[1:])
