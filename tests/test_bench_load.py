"""The load and resume benchmarks run end to end on small sizes (they are not timed tests)."""

from __future__ import annotations

from pathlib import Path

from bench import bench_load, bench_resume
from bench.generate import generate
from engine.format.loader import load_scenario


def test_the_generated_scenario_is_deterministic_varied_and_clean(tmp_path: Path) -> None:
    text = generate(300, 7)
    assert text == generate(300, 7)
    assert text != generate(300, 8)
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load_scenario(path, use_cache=False)
    assert loaded.problems == []
    assert len(loaded.scenario.injects) == 300
    assert len(loaded.scenario.endings) > 1


def test_the_load_benchmark_reports_every_figure_as_a_positive_number() -> None:
    figures = bench_load.run(sizes=(50,), repeats=1, memory_size=50)
    for key in (
        "compose N=50 s",
        "cold load N=50 s",
        "cold load/compose N=50 ratio",
        "cached load N=50 s",
        "compose peak N=50 MB",
        "cold load peak N=50 MB",
    ):
        assert figures[key] >= 0, key
    assert figures["cold load N=50 s"] > 0


def test_the_resume_benchmark_replays_a_real_journal() -> None:
    figures = bench_resume.run(events=200, repeats=1)
    assert figures["resume journal events count"] >= 200
    assert figures["resume median s"] > 0
