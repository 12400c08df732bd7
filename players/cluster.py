"""`wargame simulate --cluster`: the playthroughs on a Dask distributed cluster.

We do not schedule anything ourselves: Dask's scheduler hands tasks to workers, retries a
task whose worker died, and gives the results back. A task is a run of consecutive batches
(`TASK_BATCHES` of `players.simulate.CHUNK` playthroughs) so a task's overhead is spread over
a thousand playthroughs; the batches inside keep their fixed size, and their tallies are
merged in batch order, so a cluster's report is the same, byte for byte, as `--jobs 1`'s.

The scenario travels once to every worker (scattered), not once per task. A worker whose
wargame is another version than ours would play another game: every task says which version
ran it, and a mismatch is refused.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import engine
from engine.errors import UserError
from players.progress import Progress
from players.simulate import Batch, Tally, Work, run_batch

TASK_BATCHES = 20
"""Batches per cluster task: 1,000 playthroughs, so a task costs far more than its overhead."""
INSTALL_HINT = (
    "simulate --cluster runs on Dask's distributed scheduler, which is not installed: "
    "pip install 'wargame[cluster]' (in this checkout: .venv/bin/pip install -e '.[cluster]')"
)
KILL_ONCE = "WARGAME_TEST_KILL_WORKER_ONCE"
"""Test hook: a file path; the task holding playthrough 0 kills its own worker once, first
creating the file, so the test of a worker lost mid-run is deterministic."""
CONNECT_TIMEOUT = "10s"
"""How long to wait for a scheduler to answer before saying it did not."""
LOCAL = "local"
"""`--cluster local` or `local:N`: a cluster of N worker processes on this machine, for trying."""


def run_on_cluster(
    address: str, work: Work, batches: list[Batch], progress: Progress | None = None
) -> Iterator[Tally]:
    """The tallies of `batches`, in order, played on the Dask cluster at `address`.

    Raises:
        UserError: Dask is not installed, the scheduler cannot be reached, a task failed for
            good, or a worker runs another version of wargame.
    """
    try:
        from distributed import Client
    except ImportError:
        raise UserError(INSTALL_HINT) from None
    cluster, client = _connect(address, Client)
    try:
        scenario = client.scatter(work, broadcast=True)
        tasks = [batches[i : i + TASK_BATCHES] for i in range(0, len(batches), TASK_BATCHES)]
        futures = [
            client.submit(play_task, scenario, task, pure=False, retries=2) for task in tasks
        ]
        if progress is not None:
            _report_progress(futures, tasks, progress)
        for future in futures:  # in task order: the merge never depends on who finished first
            try:
                version, tallies = future.result()
            except Exception as error:
                raise UserError(f"a simulate task failed on the cluster: {error}") from None
            if version != engine.__version__:
                raise UserError(
                    f"a worker of the cluster at {address} runs wargame {version}, this is "
                    f"{engine.__version__}: install the same version on every worker"
                )
            yield from tallies
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def play_task(work: Work, batches: list[Batch]) -> tuple[str, list[Tally]]:
    """Play a task's batches on a worker; also say which version of wargame played them."""
    marker = os.environ.get(KILL_ONCE)
    if marker and batches[0].start == 0 and not Path(marker).exists():
        Path(marker).touch()
        os._exit(70)  # the worker dies mid-task, as a machine that loses power would
    return engine.__version__, [run_batch(work, batch) for batch in batches]


def _connect(address: str, client_class: Any) -> tuple[Any, Any]:
    if address == LOCAL or address.startswith(LOCAL + ":"):
        from distributed import LocalCluster

        workers = _local_workers(address)
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=50,
        )
        return cluster, client_class(cluster)
    try:
        return None, client_class(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as error:
        raise UserError(
            f"--cluster {address}: no Dask scheduler answered there ({error}); start one with "
            "`dask scheduler` and point workers at it (docs/simulate.md)"
        ) from None


def _local_workers(address: str) -> int:
    _, _, count = address.partition(":")
    if not count:
        return os.cpu_count() or 1
    if not count.isdigit() or int(count) < 1:
        raise UserError(f"--cluster {address}: write local:N with N a number of workers, 1 or more")
    return int(count)


def _report_progress(futures: list[Any], tasks: list[list[Batch]], progress: Progress) -> None:
    from distributed import as_completed

    total = tasks[-1][-1].stop
    sizes = {
        future.key: sum(batch.stop - batch.start for batch in task)
        for future, task in zip(futures, tasks, strict=True)
    }
    done = 0
    for future in as_completed(futures):  # type: ignore[no-untyped-call]
        done += sizes[future.key]
        progress(done, total)
