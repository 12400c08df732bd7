"""What compiling the play loop with mypyc buys (issue #24), measured rather than guessed.

The sources (`engine/`, `players/`) are copied into a temporary folder, mypyc compiles the
play loop's modules there (`COMPILED`; `INTERPRETED` names the ones left out, and why), and
`bench_play`'s loop then runs in a child process with that folder first on `sys.path`,
interleaved with the same loop on the plain sources (`ROUNDS` rounds each, and ink's runtime
in the same rounds where `bench/ink/node_modules` is installed). Each child also plays a few
seeds to the end and hashes the journal lines they would write: the compiled run must write
the very journal the interpreted one writes, or the bench fails instead of printing a speedup.

Nothing compiled ever lands in the source tree (a `.so` next to a `.py` would shadow later
edits in an editable install). Compiling takes minutes, so `python -m bench` runs this only
when asked (`python -m bench compiled`). Without a C compiler, mypyc or Python's headers it
says so and measures nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import import_module
from importlib.machinery import EXTENSION_SUFFIXES
from importlib.util import find_spec
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_MODULE = "bench.bench_compiled"
ROUNDS = 3
SEEDS = (0, 1, 2, 3, 4)
"""The playthroughs whose journals must come out the same, compiled or not."""

COPIED = ("engine", "players")
"""The packages the temporary folder holds."""

MYPY_CONFIG = """\
[mypy]
python_version = 3.11
plugins = pydantic.mypy
[mypy-transitions.*]
ignore_missing_imports = True
"""
"""The type checking mypyc needs: pyproject's plugin and override, not its strictness (with
pyproject's settings whole, mypy cannot settle `handlers.RATINGS` across an import cycle)."""

COMPILED = (
    "engine/play/session.py",
    "engine/play/rules.py",
    "engine/play/fold.py",
    "engine/play/state.py",
    "engine/play/history.py",
    "engine/play/compiled.py",
    "engine/play/triggers.py",
    "engine/play/clock.py",
    "engine/play/lifecycle.py",
    "engine/play/phase.py",
    "engine/play/context.py",
    "engine/play/posts.py",
    "engine/play/evaluation.py",
    "engine/play/engagement.py",
    "engine/expressions/__init__.py",
    "engine/expressions/closures.py",
    "engine/expressions/compiler.py",
    "engine/expressions/parts.py",
    "engine/expressions/templates.py",
    "players/autoplay.py",
    "players/policies.py",
)
"""The modules mypyc compiles: the play loop's, those that compile and still import."""

INTERPRETED = {
    "engine/play/commands.py": (
        "mypyc takes a frozen dataclass's `name: ClassVar[str] = ''` for a field with a default, "
        "so every command with a required field fails at import ('non-default argument "
        "follows default argument')"
    ),
    "engine/play/handlers.py": (
        "`CommandRules` is a generic dataclass (`Generic[C]`), which a mypyc build cannot "
        "import ('attribute __dict__ of type objects is not writable'); compiling it needs "
        "`CommandRules` moved to a module left interpreted, or made non-generic"
    ),
    "engine/play/events.py": (
        "its TypedDicts, compiled, no longer give `get_type_hints` their fields (the events "
        "table fails at import, KeyError 'type'); they are plain dicts at run time anyway"
    ),
}
"""Play-loop modules left interpreted, and what blocks each."""


@dataclass(frozen=True)
class Run:
    """One child's figures: its rate, its journals' hashes and which modules were compiled."""

    steps_per_second: float
    journals: dict[str, str]
    native: list[str]


def module_name(path: str) -> str:
    """The module a source path holds: `engine/expressions/__init__.py` → `engine.expressions`."""
    parts = Path(path).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def missing_toolchain() -> str | None:
    """Why nothing can be compiled here (no C compiler, mypyc or Python headers), or None."""
    compilers = [os.environ.get("CC", ""), "cc", "gcc", "clang"]
    if not any(shutil.which(name) for name in compilers if name):
        return "no C compiler found (cc, gcc or clang; or set CC)"
    if find_spec("mypyc") is None:
        return "mypyc is not installed (it comes with mypy)"
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").exists():
        return "Python's C headers (Python.h) are not installed"
    return None


def stage(folder: Path, root: Path = ROOT) -> None:
    """Copy the sources mypyc needs into `folder`, without caches or compiled files."""
    skip = shutil.ignore_patterns("__pycache__", "*.so", "*.pyd", "*.c", "build")
    for name in COPIED:
        shutil.copytree(root / name, folder / name, ignore=skip)
    (folder / "mypy.ini").write_text(MYPY_CONFIG, encoding="utf-8")


def _python(args: list[str], cwd: Path, env: dict[str, str], what: str) -> str:
    """What a child interpreter printed; RuntimeError with the end of its output if it failed."""
    done = subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{(done.stdout + done.stderr)[-2000:]}")
    return done.stdout


def build(folder: Path, modules: Sequence[str] = COMPILED) -> float:
    """Compile `modules` in place in `folder` with mypyc; the seconds it took.

    Raises:
        RuntimeError: mypyc or the C compiler failed (with the end of what it printed).
    """
    started = time.perf_counter()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    # Without PYTHONPATH: mypy must see the copies, not the sources.
    _python(["-m", "mypyc", *modules], folder, env, "mypyc")
    return time.perf_counter() - started


def journal_hashes(n_injects: int, seeds: Sequence[int] = SEEDS) -> dict[str, str]:
    """Per seed, the SHA-256 of the journal lines a playthrough writes (with an empty wall time).

    Every line is also read back through the codec's checks, as a journal being read is.
    """
    from bench import bench_play
    from engine.journal import codec
    from engine.journal.store import decode_line, encode_record
    from engine.play.session import Session
    from players.autoplay import play
    from players.policies import RandomPolicy

    compiled = bench_play.scenario(n_injects)
    cell = compiled.scenario.cells[0].id
    hashes: dict[str, str] = {}
    for seed in seeds:
        session = Session.start(compiled, seed)
        play(session, {cell: RandomPolicy(seed)}, max_choices=bench_play.MAX_CHOICES)
        digest = hashlib.sha256()
        for event in session.events:
            line = encode_record(codec.encode(event, ""))
            record = decode_line(line.rstrip(b"\n"))
            assert isinstance(record, dict), record
            codec.decode(record)
            digest.update(line)
        hashes[str(seed)] = f"{len(session.events)} events {digest.hexdigest()}"
    return hashes


def native_modules(modules: Sequence[str] = COMPILED) -> list[str]:
    """Which of `modules` this process imported as compiled extensions."""
    names = [module_name(path) for path in modules]
    suffixes = tuple(EXTENSION_SUFFIXES)
    return [name for name in names if str(import_module(name).__file__).endswith(suffixes)]


def child(n_injects: int, seconds: float) -> None:
    """In the child process: time the loop, hash the journals, print them as JSON."""
    from bench import bench_play

    rate = bench_play.run(n_injects, seconds)["choice steps/s"]
    figures = {"rate": rate, "journals": journal_hashes(n_injects), "native": native_modules()}
    print(json.dumps(figures))


def measure(first: Path | None, n_injects: int, seconds: float) -> Run:
    """Run `child` in a fresh interpreter, with `first` (the compiled folder) ahead of the sources.

    `-P` keeps the working folder off `sys.path`, so only PYTHONPATH decides what is imported.
    """
    path = [str(first)] if first is not None else []
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([*path, str(ROOT)])}
    out = _python(["-P", "-m", _MODULE, "--child", str(n_injects), str(seconds)], ROOT, env, "play")
    figures = json.loads(out.splitlines()[-1])
    return Run(float(figures["rate"]), dict(figures["journals"]), list(figures["native"]))


def check_runs(interpreted: Run, compiled: Run) -> None:
    """Refuse a comparison that is not one: the same journals, and really compiled or not.

    Raises:
        RuntimeError: the journals differ, or a run imported the wrong modules.
    """
    if interpreted.native:
        raise RuntimeError(f"the interpreted run imported compiled modules: {interpreted.native}")
    expected = [module_name(path) for path in COMPILED]
    if compiled.native != expected:
        missing = sorted(set(expected) - set(compiled.native))
        raise RuntimeError(f"the compiled run imported these from source: {missing}")
    if compiled.journals != interpreted.journals:
        raise RuntimeError(
            "compiled play wrote other journals than interpreted play: "
            f"{compiled.journals} != {interpreted.journals}"
        )


def _ink(n_injects: int) -> tuple[Path, Path] | None:
    """The ink story's folder and file when inkjs is installed (never installed from here)."""
    from bench import bench_ink, bench_play

    if shutil.which("node") is None or not (bench_ink.INK / "node_modules" / "inkjs").exists():
        print("ink side skipped: node or bench/ink/node_modules/inkjs is missing", file=sys.stderr)
        return None
    folder = Path(tempfile.mkdtemp(prefix="bench-ink-"))
    story = folder / "bench.ink"
    story.write_text(bench_ink.ink_story(bench_play.scenario(n_injects).scenario), "utf-8")
    return folder, story


def run(n_injects: int = 1000, seconds: float = 2.0) -> dict[str, float]:
    """Compile, then `ROUNDS` interleaved rounds of interpreted, compiled (and ink) play."""
    why_not = missing_toolchain()
    if why_not is not None:
        print(f"compiled bench skipped: {why_not}", file=sys.stderr)
        return {}
    from bench import bench_ink

    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-compiled-") as name:
        folder = Path(name)
        stage(folder)
        figures["compile s"] = build(folder)
        print(f"compiled: {', '.join(module_name(path) for path in COMPILED)}", file=sys.stderr)
        for path, why in INTERPRETED.items():
            print(f"interpreted: {module_name(path)}: {why}", file=sys.stderr)
        ink = _ink(n_injects)
        plain: list[float] = []
        fast: list[float] = []
        theirs: list[float] = []
        try:
            for round_ in range(1, ROUNDS + 1):
                interpreted = measure(None, n_injects, seconds)
                compiled = measure(folder, n_injects, seconds)
                check_runs(interpreted, compiled)
                plain.append(interpreted.steps_per_second)
                fast.append(compiled.steps_per_second)
                figures[f"round {round_} interpreted choice steps/s"] = plain[-1]
                figures[f"round {round_} compiled choice steps/s"] = fast[-1]
                if ink is not None:
                    theirs.append(bench_ink.ink_rate(ink[1], seconds))
                    figures[f"round {round_} ink choice steps/s"] = theirs[-1]
        finally:
            if ink is not None:
                shutil.rmtree(ink[0], ignore_errors=True)
    figures["interpreted choice steps/s (best)"] = max(plain)
    figures["compiled choice steps/s (best)"] = max(fast)
    figures["compiled / interpreted ratio"] = max(fast) / max(plain)
    figures["compiled / interpreted ratio (worst round)"] = min(
        f / p for f, p in zip(fast, plain, strict=True)
    )
    if theirs:
        figures["interpreted / ink ratio"] = max(plain) / max(theirs)
        figures["compiled / ink ratio"] = max(fast) / max(theirs)
    figures["journals identical (seeds)"] = len(SEEDS)
    figures["modules compiled"] = len(COMPILED)
    return figures


def main(argv: Sequence[str]) -> None:
    """`python -m bench.bench_compiled` runs the bench; `--child N SECONDS` is one measurement."""
    if argv[:1] == ["--child"]:
        child(int(argv[1]), float(argv[2]))
        return
    for key, value in run().items():
        print(f"{key:<44} {value:,.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
