"""Loading a scenario: cold load + validate against PyYAML's bare C compose, the cache, memory.

Side by side in one process, on the same generated file (`bench.generate`): the floor is
`yaml.compose(text, Loader=yaml.CSafeLoader)` (libyaml builds the node tree and nothing
else); a cold `load_scenario` reads, builds, validates, checks references, expressions and
lint, and hashes. Targets: cold load at most 1.5x compose; a cached second load under
0.03 s at N=1,000 and 0.3 s at N=10,000; peak memory at most 1.5x the compose's at N=10,000,
measured as the growth of the peak resident set (VmHWM, Linux only) of a fresh interpreter,
reading the file included for both.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from bench.generate import generate
from engine.collector import collector_paused
from engine.format.loader import load_scenario

ROOT = Path(__file__).resolve().parent.parent
SEED = 1

_PEAK = """
import gc, sys
from pathlib import Path
import yaml
from engine.format.loader import load_scenario

def peak_kb():
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent through exec.
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))

path, what = Path(sys.argv[1]), sys.argv[2]
gc.collect()
before = peak_kb()
if what == "compose":
    yaml.compose(path.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)
else:
    load_scenario(path, use_cache=False)
print(peak_kb() - before)
"""


def _seconds(action: Callable[[], object]) -> float:
    """Wall time of `action`; what it returns is freed only after the clock is read."""
    started = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - started
    del result
    return elapsed


def compose(path: Path) -> object:
    """The floor: read the file and let libyaml compose its node tree."""
    return yaml.compose(path.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)


def peak_mb(path: Path, what: str) -> float:
    """Growth of the peak resident set (MB) of a fresh interpreter doing `what` once."""
    out = subprocess.run(
        [sys.executable, "-c", _PEAK, str(path), what],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "WARGAME_CACHE_DIR": str(path.parent / "cache")},
    ).stdout
    return int(out.strip()) / 1024


@contextmanager
def cache_dir(directory: Path) -> Iterator[None]:
    """Point the scenario cache at `directory` for the duration."""
    old = os.environ.get("WARGAME_CACHE_DIR")
    os.environ["WARGAME_CACHE_DIR"] = str(directory)
    try:
        yield
    finally:
        if old is None:
            del os.environ["WARGAME_CACHE_DIR"]
        else:
            os.environ["WARGAME_CACHE_DIR"] = old


def compose_paused(path: Path) -> object:
    """The floor again, with the cyclic collector paused as `load_scenario` pauses it."""
    with collector_paused():
        return compose(path)


def measure(path: Path, n: int, repeats: int) -> dict[str, float]:
    """Median compose, cold-load and cached-load seconds for one file, interleaved."""
    actions: dict[str, Callable[[], object]] = {
        "compose": lambda: compose(path),
        "paused": lambda: compose_paused(path),
        "cold": lambda: cold_load(path),
    }
    timings: dict[str, list[float]] = {name: [] for name in actions}
    for attempt in range(repeats):
        # Rotate which goes first, so none always runs on a freshly collected heap.
        names = list(actions)
        for name in names[attempt % 3 :] + names[: attempt % 3]:
            timings[name].append(_seconds(actions[name]))
    with cache_dir(path.parent / f"cache-{n}"):
        load_scenario(path)  # fills the cache
        cached = [_seconds(lambda: load_scenario(path)) for _ in range(max(repeats, 5))]
    floor, paused, load = (statistics.median(timings[name]) for name in actions)
    return {
        f"compose N={n} s": floor,
        f"compose, collector paused N={n} s": paused,
        f"cold load N={n} s": load,
        f"cold load/compose N={n} ratio": load / floor,
        f"cold load/paused compose N={n} ratio": load / paused,
        f"cached load N={n} s": statistics.median(cached),
    }


def cold_load(path: Path) -> object:
    """A load that does all the work: the cache is not consulted."""
    return load_scenario(path, use_cache=False)


def run(
    sizes: tuple[int, ...] = (1_000, 10_000), repeats: int = 3, memory_size: int | None = 10_000
) -> dict[str, float]:
    """Measure each size; the memory figures at `memory_size` (None to skip them)."""
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-load-") as name:
        folder = Path(name)
        for n in sizes:
            path = folder / f"scenario-{n}.yaml"
            path.write_text(generate(n, SEED), encoding="utf-8")
            figures[f"file N={n} MB"] = path.stat().st_size / 1e6
            figures.update(measure(path, n, repeats))
        if memory_size is not None:
            path = folder / f"scenario-{memory_size}.yaml"
            if not path.exists():
                path.write_text(generate(memory_size, SEED), encoding="utf-8")
            floor = statistics.median(peak_mb(path, "compose") for _ in range(repeats))
            load = statistics.median(peak_mb(path, "load") for _ in range(repeats))
            figures[f"compose peak N={memory_size} MB"] = floor
            figures[f"cold load peak N={memory_size} MB"] = load
            figures[f"peak load/compose N={memory_size} ratio"] = load / floor
    return figures


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key:<40} {value:10.4g}")
