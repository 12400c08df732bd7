"""Decision support off the console's process: the odds computed in a worker process.

`engine.explore.odds` can take a second or more and pauses the garbage collector while it
works, so the console never runs it itself: a worker process (`python -m
players.console.odds_worker`, a fresh interpreter: no fork of the app's threads) replays the
session's events and computes every open decision's odds. The console asks again whenever the
state changes; if the worker is still busy with an older state, it is killed and a new one
started, so a stale computation never delays a fresh one and never competes with keys.
Answers are collected by polling (`poll`), never by waiting: a thread reads the worker's pipe,
and another starts, feeds and kills the process.

Requests and answers cross the pipes as length-prefixed pickles; both ends are this module.
"""

from __future__ import annotations

import pickle
import queue
import struct
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import IO, Any

from engine.explore.odds import DecisionOdds

_LENGTH = struct.Struct(">I")


@dataclass(frozen=True, slots=True)
class OddsRequest:
    """What the worker needs to rebuild the session: the scenario and the events so far."""

    generation: int
    scenario: Any
    """The pydantic `Scenario` (compiled closures do not cross processes; the model does)."""
    content_hash: str
    seed: int
    events: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class OddsAnswer:
    """The odds of every pending choice, for the state of one request."""

    generation: int
    odds: list[DecisionOdds]
    error: str = ""


def _write(stream: IO[bytes], value: object) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(data)) + data)
    stream.flush()


def _read(stream: IO[bytes]) -> Any:
    """The next value on the pipe (EOFError when it closed)."""
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        raise EOFError
    data = stream.read(_LENGTH.unpack(head)[0])
    return pickle.loads(data)  # our own worker's pipe only: never a file, never a peer


def serve(requests: IO[bytes], answers: IO[bytes]) -> None:
    """The worker's loop: a request in, its answer out, until the pipe closes."""
    from engine.explore.odds import all_decision_odds
    from engine.play.compiled import compile_scenario
    from engine.play.session import Session

    compiled_by_hash: dict[str, Any] = {}
    while True:
        try:
            request: OddsRequest = _read(requests)
        except EOFError:
            return
        try:
            compiled = compiled_by_hash.get(request.content_hash)
            if compiled is None:
                compiled = compile_scenario(request.scenario, request.content_hash)
                compiled_by_hash[request.content_hash] = compiled
            session = Session.replay(compiled, request.seed, request.events)
            answer = OddsAnswer(request.generation, all_decision_odds(session))
        except Exception as error:  # shown on screen; the console goes on without odds
            answer = OddsAnswer(request.generation, [], f"{type(error).__name__}: {error}")
        _write(answers, answer)


class OddsWorker:
    """One worker process at a time, computing the latest requested state's odds.

    Starting, feeding and killing the process happen on a thread of their own (in the order
    asked), so the console's event loop never waits for a fork or a kill; `poll` only looks at
    a queue, and drops answers to requests that were superseded.
    """

    def __init__(self) -> None:
        self._manager = ThreadPoolExecutor(max_workers=1, thread_name_prefix="odds-worker")
        self._process: subprocess.Popen[bytes] | None = None
        """Touched only on the manager thread."""
        self._answers: queue.Queue[OddsAnswer] = queue.Queue()
        self._wanted: int | None = None
        """The generation of the request whose answer is awaited (None: none is)."""
        self._computing = False
        """Manager thread: whether the process holds a request not answered yet."""

    def submit(self, request: OddsRequest) -> None:
        """Compute this request's odds, abandoning any computation still running."""
        self._wanted = request.generation
        self._manager.submit(self._send, request)

    def cancel(self) -> None:
        """Abandon the computation under way, if any."""
        if self._wanted is not None:
            self._wanted = None
            self._manager.submit(self._abandon)

    def poll(self) -> OddsAnswer | None:
        """The answer to the latest request, if it has come (never waits)."""
        while True:
            try:
                answer = self._answers.get_nowait()
            except queue.Empty:
                return None
            if answer.generation == self._wanted:
                self._wanted = None
                return answer

    @property
    def busy(self) -> bool:
        """Whether an answer is awaited."""
        return self._wanted is not None

    def close(self) -> None:
        """Stop the worker process (waits for the manager thread to do it)."""
        self._wanted = None
        self._manager.submit(self._stop)
        self._manager.shutdown(wait=True)

    # ------------------------------------------------------------ the manager thread
    def _send(self, request: OddsRequest) -> None:
        if self._computing:
            self._stop()  # busy with an older state: killing it is quicker than waiting
        if self._process is None:
            process = subprocess.Popen(
                [sys.executable, "-m", "players.console.odds_worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
            self._process = process
            threading.Thread(target=self._collect, args=(process,), daemon=True).start()
        assert self._process.stdin is not None
        try:
            _write(self._process.stdin, request)
        except OSError:  # the worker died: the next request starts another
            self._stop()
            return
        self._computing = True

    def _collect(self, process: subprocess.Popen[bytes]) -> None:
        """Read a worker's answers until its pipe closes (a reader thread per process)."""
        assert process.stdout is not None
        while True:
            try:
                answer: OddsAnswer = _read(process.stdout)
            except Exception:  # the pipe closed (or the worker was killed mid-answer)
                return
            try:
                self._manager.submit(self._answered, process, answer)
            except RuntimeError:  # the worker was closed meanwhile
                return

    def _answered(self, process: subprocess.Popen[bytes], answer: OddsAnswer) -> None:
        if process is self._process:
            self._computing = False
        self._answers.put(answer)

    def _abandon(self) -> None:
        if self._computing:
            self._stop()

    def _stop(self) -> None:
        process, self._process = self._process, None
        self._computing = False
        if process is not None:
            process.kill()
            process.wait()
            for stream in (process.stdin, process.stdout):
                if stream is not None:
                    stream.close()


if __name__ == "__main__":
    # Through the module's own name: what crosses the pipe must unpickle as
    # `players.console.odds_worker.OddsAnswer`, not `__main__.OddsAnswer`.
    from players.console import odds_worker

    odds_worker.serve(sys.stdin.buffer, sys.stdout.buffer)
