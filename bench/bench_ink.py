"""Side by side with ink: our play loop and the ink runtime on the same story, interleaved.

`bench.generate` makes the 1,000-inject scenario `bench_play` plays; `ink_story` turns that
very scenario into an ink story (a knot per inject, its text, a sticky choice per option with
the option's condition and effects, a divert to the inject it releases or to END), and
`bench/ink/run.js` plays it with inkjs (ink's JavaScript runtime, pinned in
`bench/ink/package.json`) in the same loop: random choices, at most 200 per playthrough.
Ours and ink's runs alternate, three rounds each, so a busy machine slows both alike; the
ratio of the best rounds is the figure to trust (absolute figures move ±25% here).

Needs node and npm (the npm registry is reached once, to install inkjs into
`bench/ink/node_modules`); without them the ratio is skipped and said so, and our own figure
is still measured.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import bench_play
from engine.format.model import Scenario

INK = Path(__file__).resolve().parent / "ink"
ROUNDS = 3


def ink_story(scenario: Scenario) -> str:
    """The ink story that plays like `scenario` (a `bench.generate` scenario)."""
    lines = [f"VAR {v.id} = {v.initial}" for v in scenario.variables]
    first = next(i for i in scenario.injects if i.turn is not None)
    lines += [f"-> {first.id}", ""]
    for inject in scenario.injects:
        lines += [f"=== {inject.id} ===", str(inject.body).strip()]
        assert inject.decision is not None
        for option in inject.decision.options:
            condition = f"{{{option.when}}} " if option.when else ""
            lines.append(f"+ {condition}[{option.label}]")
            lines += [f"    ~ {effect}" for effect in option.effects]
            target = "END" if option.ending else option.releases[0]
            lines.append(f"    -> {target}")
        lines.append("")
    return "\n".join(lines)


def _node_ready() -> str | None:
    """Why the ink side cannot run, or None when it can (installing inkjs the first time)."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        return "node and npm are not installed"
    if not (INK / "node_modules" / "inkjs").exists():
        done = subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--silent"],
            cwd=INK,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if done.returncode != 0:
            return f"npm could not install inkjs: {done.stderr.strip()[:200]}"
    return None


def ink_rate(story: Path, seconds: float) -> float:
    """Ink's choice steps per second on `story`, played by `bench/ink/run.js` for `seconds`."""
    done = subprocess.run(
        ["node", str(INK / "run.js"), str(story), str(seconds), str(bench_play.MAX_CHOICES)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    figures = json.loads(done.stdout)
    return float(figures["choices"]) / float(figures["seconds"])


def run(n_injects: int = 1000, seconds: float = 2.0) -> dict[str, float]:
    """Best-of-three rounds of ours and ink's, alternating, and their ratio."""
    why_not = _node_ready()
    ours: list[float] = []
    if why_not is not None:
        print(f"ink side skipped: {why_not}", file=sys.stderr)
        for _ in range(ROUNDS):
            ours.append(bench_play.run(n_injects, seconds)["choice steps/s"])
        return {"ours choice steps/s (best)": max(ours)}
    theirs: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        story = Path(folder) / "bench.ink"
        story.write_text(ink_story(bench_play.scenario(n_injects).scenario), encoding="utf-8")
        for _ in range(ROUNDS):
            ours.append(bench_play.run(n_injects, seconds)["choice steps/s"])
            theirs.append(ink_rate(story, seconds))
    return {
        "ours choice steps/s (best)": max(ours),
        "ink choice steps/s (best)": max(theirs),
        "ours / ink ratio": max(ours) / max(theirs),
        "ours / ink ratio (worst round)": min(o / t for o, t in zip(ours, theirs, strict=True)),
    }


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key:<40} {value:,.2f}")
