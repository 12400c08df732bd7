"""Headless runs: one bot playthrough (`wargame play`) and many in parallel (`wargame simulate`).

Playthrough `i` of a simulation seeded `S` uses the seed `derive_seed(S, i)` for both the
engine's dice and the bots, and playthroughs are handed to worker processes in fixed chunks,
so the report is the same whatever the number of workers.
"""

from __future__ import annotations

import hashlib
import re
import shlex
import statistics
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from engine.errors import UserError
from engine.format.canonical import canonical_form, content_hash
from engine.format.model import Scenario, VariableType
from engine.play.compiled import CompiledScenario, compile_scenario
from engine.play.session import Session
from players.autoplay import DeadEnd, play
from players.policies import Policy, make_policy
from players.progress import Progress

CHUNK = 50
"""Playthroughs per unit of work: fixed, so results never depend on the number of workers."""
_CELL_SPEC = re.compile(r"^([a-z][a-z0-9_]*)=(.+)$")


def load_compiled(path: Path) -> CompiledScenario:
    """Load, check and compile a scenario file or folder.

    Raises:
        ScenarioInvalid: the scenario has problems (every one is listed).
    """
    from engine.format.loader import load_scenario

    loaded = load_scenario(path)
    return compile_scenario(loaded.scenario, loaded.content_hash)


def derive_seed(seed: int, index: int) -> int:
    """The seed of playthrough `index` of a run seeded `seed` (stable across Python versions)."""
    digest = hashlib.blake2b(f"{seed}:{index}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 33  # 31 bits: short enough to type back


SIMULATED = ("random", "least-used", "greedy")
"""The policies `simulate` can play (a script plays one playthrough, not thousands)."""


def policy_specs(specs: Iterable[str], cells: list[str], default: str = "random") -> dict[str, str]:
    """Each cell's policy from `--policy SPEC` (every cell) and `--policy CELL=SPEC` flags.

    Raises:
        UserError: a CELL=SPEC names a cell the scenario does not have.
    """
    chosen = dict.fromkeys(cells, default)
    per_cell: dict[str, str] = {}
    for spec in specs:
        match = _CELL_SPEC.match(spec)
        if match is None:
            chosen = dict.fromkeys(cells, spec)
            continue
        cell, cell_spec = match.groups()
        if cell not in chosen:
            raise UserError(
                f"--policy {spec}: no cell {cell!r} in this scenario; "
                f"its cells are {', '.join(cells)}"
            )
        per_cell[cell] = cell_spec
    chosen.update(per_cell)
    return chosen


def build_policies(
    specs: Mapping[str, str], seed: int, shared: Counter[tuple[str, str]] | None = None
) -> dict[str, Policy]:
    """One policy per cell, each seeded from `seed` and the cell's place.

    Raises:
        UserError: a spec is not a known policy, or a script cannot be read.
    """
    return {
        cell: make_policy(spec, derive_seed(seed, -1 - index), shared)
        for index, (cell, spec) in enumerate(specs.items())
    }


@dataclass
class Tally:
    """What a batch of playthroughs produced; tallies of consecutive batches add up."""

    count: int = 0
    endings: Counter[str] = field(default_factory=Counter)
    injects: Counter[str] = field(default_factory=Counter)
    options: Counter[str] = field(default_factory=Counter)
    values: dict[str, Counter[int]] = field(default_factory=dict)
    longest: tuple[int, int, int] | None = None
    """(choices, index, seed) of the playthrough with the most choices (the first one on ties)."""
    shortest: tuple[int, int, int] | None = None
    errors: list[tuple[int, int, str]] = field(default_factory=list)
    """(index, seed, message) of every playthrough that failed."""

    def add(self, other: Tally) -> None:
        """Add a later batch's tally to this one."""
        self.count += other.count
        self.endings.update(other.endings)
        self.injects.update(other.injects)
        self.options.update(other.options)
        for name, counts in other.values.items():
            self.values.setdefault(name, Counter()).update(counts)
        self.longest = _pick(self.longest, other.longest, longest=True)
        self.shortest = _pick(self.shortest, other.shortest, longest=False)
        self.errors += other.errors


def _pick(
    mine: tuple[int, int, int] | None, theirs: tuple[int, int, int] | None, *, longest: bool
) -> tuple[int, int, int] | None:
    if mine is None or theirs is None:
        return mine or theirs
    if longest:
        return theirs if (theirs[0], -theirs[1]) > (mine[0], -mine[1]) else mine
    return theirs if (theirs[0], theirs[1]) < (mine[0], mine[1]) else mine


NO_ENDING = "(no ending)"
CHOICE_LIMIT = "(choice limit)"
FAILED = "(error)"

_WORKER_CACHE: dict[str, CompiledScenario] = {}


def _compiled(canonical: dict[str, Any], digest: str) -> CompiledScenario:
    """The scenario, loaded and compiled once per worker process."""
    found = _WORKER_CACHE.get(digest)
    if found is None:
        scenario = Scenario.model_validate(canonical)
        found = _WORKER_CACHE[digest] = compile_scenario(scenario, content_hash(scenario))
    return found


@dataclass(frozen=True)
class Batch:
    """Playthroughs `start..stop-1` of a run: the unit of work handed to a process or a worker."""

    policy: str
    seed: int
    start: int
    stop: int
    max_choices: int
    per_cell: tuple[tuple[str, str], ...] = ()
    """Cells that play another policy than `policy`: (cell, policy) pairs."""


@dataclass(frozen=True)
class Work:
    """What every batch of one run shares: the scenario (canonical form) and its content hash."""

    canonical: dict[str, Any]
    digest: str


def run_batch(work: Work, batch: Batch) -> Tally:
    """Play one batch (in a worker process, a cluster worker, or this process)."""
    compiled = _compiled(work.canonical, work.digest)
    cells = [cell.id for cell in compiled.scenario.cells]
    ints = [v.id for v in compiled.scenario.variables if v.type is VariableType.INT]
    tally = Tally(values={name: Counter() for name in ints})
    shared: Counter[tuple[str, str]] = Counter()  # least-used spreads over the batch
    for index in range(batch.start, batch.stop):
        seed = derive_seed(batch.seed, index)
        tally.count += 1
        session = Session.start(compiled, seed)
        try:
            specs = dict.fromkeys(cells, batch.policy) | dict(batch.per_cell)
            policies = build_policies(specs, seed, shared)
            result = play(session, policies, max_choices=batch.max_choices)
        except DeadEnd as dead_end:
            tally.errors.append((index, seed, f"dead end in turn {session.state.turn}: {dead_end}"))
            tally.endings[FAILED] += 1
            continue
        except Exception as error:  # a bug in the engine or the scenario: report it, go on
            tally.errors.append((index, seed, f"{type(error).__name__}: {error}"))
            tally.endings[FAILED] += 1
            continue
        if result.ending is not None:
            tally.endings[result.ending] += 1
        else:
            tally.endings[CHOICE_LIMIT if result.stopped == "choice limit" else NO_ENDING] += 1
        state = session.state
        tally.injects.update(state.delivered)
        tally.options.update(f"{decision}.{option}" for decision, option in state.chosen)
        for name in ints:
            tally.values[name][int(state.values[name])] += 1
        mark = (result.choices, index, seed)
        tally.longest = _pick(tally.longest, mark, longest=True)
        tally.shortest = _pick(tally.shortest, mark, longest=False)
    return tally


def run_simulation(
    compiled: CompiledScenario,
    *,
    n: int,
    seed: int,
    jobs: int = 1,
    policy: str = "random",
    max_choices: int = 1000,
    progress: Progress | None = None,
    cluster: str | None = None,
    per_cell: Mapping[str, str] | None = None,
) -> Tally:
    """Play `n` playthroughs in `jobs` processes (or on a Dask cluster) and add them up.

    The batches are fixed (`CHUNK` playthroughs each) and their tallies are added in batch
    order, so the result is the same for any `jobs` and on a cluster. Every cell plays
    `policy` except those `per_cell` gives another.

    Raises:
        UserError: a policy is not one simulation can use, or the cluster cannot be used.
    """
    others = tuple((per_cell or {}).items())
    for spec in (policy, *(spec for _, spec in others)):
        if spec not in SIMULATED:
            raise UserError(f"simulate plays random, least-used or greedy bots, not {spec!r}")
    work = Work(canonical_form(compiled.scenario), compiled.content_hash)
    batches = [
        Batch(policy, seed, start, min(start + CHUNK, n), max_choices, others)
        for start in range(0, n, CHUNK)
    ]
    if cluster is not None:
        from players.cluster import run_on_cluster

        tallies: Iterable[Tally] = run_on_cluster(cluster, work, batches, progress)
    elif jobs <= 1 or len(batches) <= 1:
        tallies = (run_batch(work, batch) for batch in batches)
    else:
        tallies = _in_processes(work, batches, jobs)
    total = Tally()
    for tally in tallies:  # in batch order, so the sums never depend on where batches ran
        total.add(tally)
        if progress and cluster is None:
            progress(total.count, n)
    return total


def _in_processes(work: Work, batches: list[Batch], jobs: int) -> Iterator[Tally]:
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(partial(run_batch, work), batches)


def summary(
    compiled: CompiledScenario,
    tally: Tally,
    *,
    seed: int,
    policy: str,
    per_cell: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The report `wargame simulate` prints, as JSON-ready data."""
    scenario = compiled.scenario
    policies = dict.fromkeys((cell.id for cell in scenario.cells), policy) | dict(per_cell or {})
    if len(set(policies.values())) > 1:
        policy = ", ".join(f"{cell}={spec}" for cell, spec in policies.items())
    count = max(tally.count, 1)
    order = [e.id for e in scenario.endings] + [NO_ENDING, CHOICE_LIMIT, FAILED]
    endings = {
        ending: {"count": tally.endings[ending], "share": round(tally.endings[ending] / count, 4)}
        for ending in order
        if tally.endings[ending] or ending in {e.id for e in scenario.endings}
    }
    options = [
        f"{decision.id}.{option.id}"
        for decision in scenario.all_decisions()
        for option in decision.options
    ]
    return {
        "scenario": scenario.id,
        "playthroughs": tally.count,
        "seed": seed,
        "policy": policy,
        "policies": policies,
        "endings": endings,
        "injects_never_delivered": [i.id for i in scenario.injects if not tally.injects[i.id]],
        "options_never_chosen": [o for o in options if not tally.options[o]],
        "variables": {name: _distribution(counts) for name, counts in tally.values.items()},
        "longest": _mark(tally.longest),
        "shortest": _mark(tally.shortest),
        "errors": [{"seed": seed_, "error": message} for _, seed_, message in tally.errors],
    }


def _mark(mark: tuple[int, int, int] | None) -> dict[str, int] | None:
    return None if mark is None else {"choices": mark[0], "seed": mark[2]}


def _distribution(counts: Counter[int], bins: int = 8) -> dict[str, Any]:
    if not counts:
        return {"min": None, "median": None, "max": None, "histogram": []}
    values = sorted(counts.elements())
    low, high = values[0], values[-1]
    width = max(1, -(-(high - low + 1) // bins))  # ceiling division: every value has a bin
    histogram = []
    for start in range(low, high + 1, width):
        stop = start + width - 1
        histogram.append([start, stop, sum(n for v, n in counts.items() if start <= v <= stop)])
    return {
        "min": low,
        "median": statistics.median_low(values),
        "max": high,
        "histogram": histogram,
    }


def as_text(report: dict[str, Any], source: str | None = None) -> str:
    """The report for a terminal; `source` (the scenario's path) makes failures replayable."""
    total = max(report["playthroughs"], 1)
    lines = [
        f"{report['scenario']}: {report['playthroughs']:,} playthroughs, seed {report['seed']}, "
        f"policy {report['policy']}",
        "endings:",
    ]
    for ending, data in report["endings"].items():
        lines.append(f"  {ending:<28} {data['count']:>8,}  {100 * data['count'] / total:5.1f}%")
    never = report["injects_never_delivered"]
    lines.append(f"injects never delivered: {', '.join(never) if never else 'none'}")
    unchosen = report["options_never_chosen"]
    lines.append(f"options never chosen: {', '.join(unchosen) if unchosen else 'none'}")
    for name, data in report["variables"].items():
        if data["min"] is None:
            continue
        lines.append(f"{name}: min {data['min']}, median {data['median']}, max {data['max']}")
        peak = max(count for _, _, count in data["histogram"]) or 1
        for start, stop, count in data["histogram"]:
            label = f"{start}" if start == stop else f"{start}..{stop}"
            lines.append(f"  {label:>14} {'█' * round(20 * count / peak):<20} {count:,}")
    for which in ("shortest", "longest"):
        mark = report[which]
        if mark is not None:
            lines.append(f"{which}: {mark['choices']} choices (seed {mark['seed']})")
    for error in report["errors"][:20]:
        lines.append(f"error: seed {error['seed']}: {error['error']}")
    if len(report["errors"]) > 20:
        lines.append(f"error: … and {len(report['errors']) - 20} more (see --format json)")
    if report["errors"] and source is not None:
        lines.append(_replay_hint(report, source))
    return "\n".join(lines)


def _replay_hint(report: dict[str, Any], source: str) -> str:
    specs = set(report["policies"].values())
    if "least-used" in specs:
        return (
            "to see a failure again, rerun this same simulate: a least-used playthrough depends "
            "on the ones before it, so its seed alone does not replay it"
        )
    seed = report["errors"][0]["seed"]
    flags = (
        [f"--policy {shlex.quote(specs.pop())}"]
        if len(specs) == 1
        else [f"--policy {shlex.quote(f'{c}={p}')}" for c, p in report["policies"].items()]
    )
    return (
        f"replay a failure with its journal: wargame play {shlex.quote(source)} "
        f"{' '.join(flags)} --seed {seed}"
    )
