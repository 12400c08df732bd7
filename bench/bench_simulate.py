"""Monte Carlo speed: playthroughs/s with one process, two, and a two-worker Dask cluster.

`wargame simulate` on the flagship (`scenarios/portrait`), random bots. The cluster is a
`LocalCluster` of two worker processes on this machine, already started (its start-up time is
a figure of its own), so the rates compare the work, and the per-task overhead says what a
cluster adds to every task. Skipped (figures absent) when `distributed` is not installed.
"""

from __future__ import annotations

import time
from pathlib import Path

from players.simulate import CHUNK, Batch, Work, load_compiled, run_batch, run_simulation

FLAGSHIP = Path(__file__).resolve().parent.parent / "scenarios" / "portrait"


def _rate(n: int, **options: object) -> float:
    compiled = load_compiled(FLAGSHIP)
    started = time.perf_counter()
    run_simulation(compiled, n=n, seed=1, **options)  # type: ignore[arg-type]
    return n / (time.perf_counter() - started)


def run(n: int = 6000) -> dict[str, float]:
    """Rates for `n` playthroughs each way, and the cluster's fixed costs."""
    figures = {
        "simulate --jobs 1 playthroughs/s": _rate(n, jobs=1),
        "simulate --jobs 2 playthroughs/s": _rate(n, jobs=2),
    }
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        return figures
    started = time.perf_counter()
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        silence_logs=50,
    ) as cluster:  # type: ignore[no-untyped-call]
        figures["local cluster start-up s"] = time.perf_counter() - started
        address = cluster.scheduler_address
        figures["simulate --cluster (2 workers) playthroughs/s"] = _rate(n, cluster=address)
        figures["cluster overhead per task ms"] = 1000 * _task_overhead(
            Client(address)  # type: ignore[no-untyped-call]  # distributed has no annotations here
        )
    return figures


def _task_overhead(client: object, tasks: int = 40) -> float:
    """Seconds a cluster task costs beyond its work: tasks of one playthrough, less that work."""
    from players.cluster import play_task

    compiled = load_compiled(FLAGSHIP)
    from engine.format.canonical import canonical_form

    work = Work(canonical_form(compiled.scenario), compiled.content_hash)
    batches = [[Batch("random", 1, i * CHUNK, i * CHUNK + 1, 1000)] for i in range(tasks)]
    started = time.perf_counter()
    for batch in batches:
        run_batch(work, batch[0])
    alone = time.perf_counter() - started
    scattered = client.scatter(work, broadcast=True)  # type: ignore[attr-defined]
    client.gather(  # type: ignore[attr-defined]
        [client.submit(play_task, scattered, b, pure=False) for b in batches[:2]]  # type: ignore[attr-defined]
    )  # warm: every worker has compiled the scenario once
    started = time.perf_counter()
    futures = [client.submit(play_task, scattered, b, pure=False) for b in batches]  # type: ignore[attr-defined]
    client.gather(futures)  # type: ignore[attr-defined]
    on_cluster = time.perf_counter() - started
    client.close()  # type: ignore[attr-defined]
    return max(0.0, on_cluster - alone / 2) / tasks  # two workers share the work


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key:<48} {value:,.2f}")
