"""`python -m bench` (or `make bench`): run every benchmark, print a table, write JSON.

Each `bench/bench_*.py` module exposes `run() -> dict[str, float]`; a figure's name ends with
its unit in the table (`choice steps/s`, `... s`, `... ms`, `... MB`, `ratio`). The benches in
`ON_REQUEST` take minutes and run only when named (`python -m bench compiled`).
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import bench

RESULTS = Path(__file__).resolve().parent / "results.json"
ON_REQUEST = frozenset({"bench_compiled"})
"""Left out of the default run: `bench_compiled` builds the play loop with mypyc (minutes)."""


def _modules(selected: list[str]) -> list[str]:
    names = sorted(
        info.name for info in pkgutil.iter_modules(bench.__path__) if info.name.startswith("bench_")
    )
    if selected:
        return [name for name in names if any(part in name for part in selected)]
    return [name for name in names if name not in ON_REQUEST]


def _format(value: float) -> str:
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.4g}"


def main(argv: list[str] | None = None) -> int:
    """Run the selected benchmarks (all by default) and print one figure a line."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("only", nargs="*", help="run only benchmarks whose name contains this")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the JSON")
    args = parser.parse_args(argv)
    figures: dict[str, dict[str, float]] = {}
    for name in _modules(args.only):
        module = importlib.import_module(f"bench.{name}")
        started = time.perf_counter()
        print(f"# {name}", flush=True)
        results = module.run()
        for key, value in results.items():
            print(f"{key:<48} {_format(value):>14}", flush=True)
        print(f"# {name} took {time.perf_counter() - started:.1f} s\n", flush=True)
        figures[name] = results
    record = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "python": sys.version.split()[0],
        "figures": figures,
    }
    args.output.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
