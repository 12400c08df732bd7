"""The mypyc bench's pure parts: its module lists, its staging, its checks and its skip.

Nothing here compiles (that takes minutes): `python -m bench compiled` does.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench import bench_compiled
from bench.__main__ import _modules
from bench.bench_compiled import COMPILED, INTERPRETED, ROOT, Run, check_runs, module_name


def test_a_source_path_names_its_module() -> None:
    assert module_name("engine/play/session.py") == "engine.play.session"
    assert module_name("engine/expressions/__init__.py") == "engine.expressions"


def test_every_module_of_the_play_loop_is_compiled_or_says_why_not() -> None:
    loop = {
        path.relative_to(ROOT).as_posix()
        for folder in ("engine/play", "engine/expressions")
        for path in (ROOT / folder).glob("*.py")
    } - {"engine/play/__init__.py"}
    assert set(COMPILED) | set(INTERPRETED) == loop | {"players/autoplay.py", "players/policies.py"}
    assert not set(COMPILED) & set(INTERPRETED)
    assert all((ROOT / path).is_file() for path in COMPILED)


def test_the_staged_copy_carries_no_compiled_files(tmp_path: Path) -> None:
    root, folder = tmp_path / "root", tmp_path / "stage"
    for name in ("engine/a.py", "engine/a.cpython-311-x86_64-linux-gnu.so", "engine/a.c",
                 "engine/__pycache__/a.cpython-311.pyc", "players/b.py"):  # fmt: skip
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("", encoding="utf-8")
    folder.mkdir()
    bench_compiled.stage(folder, root)
    staged = sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*.*"))
    assert staged == ["engine/a.py", "mypy.ini", "players/b.py"]
    assert "plugins = pydantic.mypy" in (folder / "mypy.ini").read_text(encoding="utf-8")


def test_without_a_c_compiler_the_bench_says_so_and_measures_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert bench_compiled.missing_toolchain() == "no C compiler found (cc, gcc or clang; or set CC)"
    assert bench_compiled.run() == {}
    assert capsys.readouterr().err == (
        "compiled bench skipped: no C compiler found (cc, gcc or clang; or set CC)\n"
    )


def _run(journals: dict[str, str], native: list[str]) -> Run:
    return Run(1000.0, journals, native)


def test_a_compiled_run_must_write_the_same_journals_from_compiled_modules() -> None:
    compiled = [module_name(path) for path in COMPILED]
    check_runs(_run({"0": "a"}, []), _run({"0": "a"}, compiled))
    with pytest.raises(RuntimeError) as other:
        check_runs(_run({"0": "a"}, []), _run({"0": "b"}, compiled))
    assert str(other.value) == (
        "compiled play wrote other journals than interpreted play: {'0': 'b'} != {'0': 'a'}"
    )
    with pytest.raises(RuntimeError) as partly:
        check_runs(_run({"0": "a"}, []), _run({"0": "a"}, compiled[1:]))
    assert str(partly.value) == (
        "the compiled run imported these from source: ['engine.play.session']"
    )
    with pytest.raises(RuntimeError) as shadowed:
        check_runs(_run({"0": "a"}, ["engine.play.rules"]), _run({"0": "a"}, compiled))
    assert str(shadowed.value) == (
        "the interpreted run imported compiled modules: ['engine.play.rules']"
    )


def test_the_interpreted_child_reports_its_rate_and_its_journals() -> None:
    measured = bench_compiled.measure(None, 30, 0.05)
    assert measured.steps_per_second > 0
    assert measured.native == []
    assert list(measured.journals) == [str(seed) for seed in bench_compiled.SEEDS]
    again = bench_compiled.measure(None, 30, 0.05)
    assert again.journals == measured.journals


def test_python_m_bench_runs_the_compiled_bench_only_when_named() -> None:
    assert "bench_compiled" not in _modules([])
    assert "bench_play" in _modules([])
    assert _modules(["compiled"]) == ["bench_compiled"]
