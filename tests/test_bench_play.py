"""The play and console benchmarks run and report their figures (smoke tests, not measurements)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bench import bench_console, bench_play


def test_the_play_benchmark_plays_whole_playthroughs_and_reports_rates() -> None:
    figures = bench_play.run(n_injects=60, seconds=0.05)
    assert set(figures) == {"choice steps/s", "playthroughs/s", "choices per playthrough"}
    assert figures["choice steps/s"] > figures["playthroughs/s"] > 0
    assert 1 <= figures["choices per playthrough"] <= bench_play.MAX_CHOICES


def test_the_console_benchmark_times_key_presses(tmp_path: Path) -> None:
    timings = asyncio.run(bench_console.key_latencies(tmp_path, 3))
    assert len(timings) == 3 and all(0 < seconds < 5 for seconds in timings)


def test_the_explore_benchmark_reports_time_states_and_peak_memory() -> None:
    from bench import bench_explore

    figures = bench_explore.run(
        shape={"cells": 2, "turns": 2, "per_turn": 2, "options": 2}, bundled=("blueleaks.yaml",)
    )
    assert figures["blueleaks.yaml states"] > 0
    assert 0 < figures["blueleaks.yaml peak MB"] < 1024
    assert figures["shape 2x2x2x2 complete ratio"] == 1.0
    assert figures["shape 2x1x2x2 reduced states"] <= figures["shape 2x1x2x2 full states"]
