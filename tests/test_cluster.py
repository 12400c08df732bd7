"""`wargame simulate --cluster`: the same report as `--jobs 1`, even when a worker dies."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from fixtures.engine import SESSION

from players import cluster as cluster_module
from players.cli import main

distributed = pytest.importorskip("distributed")
if TYPE_CHECKING:
    from distributed import LocalCluster

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = ROOT / "scenarios" / "portrait"


def simulate_text(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["simulate", *argv])
    return code, capsys.readouterr().out


def local_cluster() -> LocalCluster:
    cluster: LocalCluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=50
    )
    return cluster


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with local_cluster() as cluster:
        yield cluster.scheduler_address


@pytest.mark.parametrize("policy", ["random", "least-used", "greedy"])
def test_a_cluster_gives_the_same_report_byte_for_byte_as_one_job(
    scheduler: str, policy: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [str(FLAGSHIP), "-n", "1100", "--seed", "5", "--policy", policy]
    one = simulate_text(capsys, *argv, "--jobs", "1")
    on_cluster = simulate_text(capsys, *argv, "--cluster", scheduler)
    assert on_cluster == one
    assert "1,100 playthroughs" in one[1]


def test_a_worker_killed_mid_run_is_replaced_and_the_report_is_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    marker = tmp_path / "killed"
    monkeypatch.setenv(cluster_module.KILL_ONCE, str(marker))  # the workers inherit it
    argv = [str(SESSION), "-n", "1500", "--seed", "3", "--format", "json"]
    with local_cluster() as cluster:
        on_cluster = simulate_text(capsys, *argv, "--cluster", cluster.scheduler_address)
    assert marker.exists()  # the first task really did kill its worker
    monkeypatch.delenv(cluster_module.KILL_ONCE)
    assert on_cluster == simulate_text(capsys, *argv, "--jobs", "1")


def test_without_dask_the_message_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed now fails
    code = main(["simulate", str(SESSION), "-n", "10", "--cluster", "tcp://127.0.0.1:8786"])
    assert code == 1
    assert capsys.readouterr().err == (
        "wargame: error: simulate --cluster runs on Dask's distributed scheduler, which is not "
        "installed: pip install 'wargame[cluster]' (in this checkout: .venv/bin/pip install "
        "-e '.[cluster]')\n"
    )


def test_a_scheduler_that_does_not_answer_is_a_clean_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cluster_module, "CONNECT_TIMEOUT", "1s")
    code = main(["simulate", str(SESSION), "-n", "10", "--cluster", "tcp://127.0.0.1:9"])
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "wargame: error: --cluster tcp://127.0.0.1:9: no Dask scheduler answered there"
    )
    assert "Traceback" not in err


def test_a_malformed_local_cluster_is_a_clean_error(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["simulate", str(SESSION), "-n", "10", "--cluster", "local:two"])
    assert code == 1
    assert capsys.readouterr().err == (
        "wargame: error: --cluster local:two: write local:N with N a number of workers, 1 or more\n"
    )
