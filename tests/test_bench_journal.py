"""The journal benchmark runs and reports every figure (a smoke test, not a measurement)."""

from __future__ import annotations

from bench import bench_journal


def test_the_journal_benchmark_reports_positive_figures() -> None:
    figures = bench_journal.run(n=20)
    assert set(figures) == {
        "journal append median ms",
        "bare write+fsync median ms",
        "append/bare ratio",
        "read 10k records s",
        "read peak MB per journal MB",
    }
    assert all(value > 0 for value in figures.values()), figures
