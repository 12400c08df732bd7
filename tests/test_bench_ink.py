"""The side-by-side ink benchmark: the ink story plays like the generated scenario."""

from __future__ import annotations

import re
import shutil

import pytest

from bench import bench_ink, bench_play


def test_the_ink_story_has_a_knot_per_inject_and_a_choice_per_option() -> None:
    scenario = bench_play.scenario(40).scenario
    story = bench_ink.ink_story(scenario)
    assert story.startswith("VAR gold = 0\nVAR morale = 10\n-> inj_0\n")
    assert re.findall(r"^=== (\w+) ===$", story, re.M) == [i.id for i in scenario.injects]
    options = sum(len(i.decision.options) for i in scenario.injects if i.decision)
    assert story.count("\n+ ") == options
    gamble = scenario.injects[0].decision.options[2]  # type: ignore[union-attr]
    assert f"+ {{{gamble.when}}} [{gamble.label}]" in story
    endings = sum(1 for i in scenario.injects if i.decision for o in i.decision.options if o.ending)
    assert story.count("-> END") == endings > 0


@pytest.mark.skipif(
    shutil.which("node") is None or not (bench_ink.INK / "node_modules" / "inkjs").exists(),
    reason="node or inkjs (installed by `make bench`) is not here",
)
def test_the_ink_side_plays_the_story_and_the_ratio_is_printed() -> None:
    figures = bench_ink.run(n_injects=30, seconds=0.2)
    assert figures["ours / ink ratio"] > 0
    assert figures["ink choice steps/s (best)"] > 0
