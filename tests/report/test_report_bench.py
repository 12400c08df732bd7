"""The report benchmark runs end to end on a 10,000-event journal (a smoke test).

Its timing is a figure of `make bench` recorded in docs/performance.md, not an assertion:
a loaded machine would make a timed test fail for nothing (the guide: no timed unit tests).
"""

from __future__ import annotations

import pytest

from bench import bench_report


@pytest.mark.slow
def test_the_report_benchmark_builds_a_ten_thousand_event_report() -> None:
    figures = bench_report.run(rounds=1)
    assert figures["journal events"] >= 10_000
    assert figures["build + html s"] > 0
