"""The core stays pure: no engine module pulls in Textual (checked in a fresh interpreter)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import engine

ENGINE_MODULES = sorted(
    info.name for info in pkgutil.walk_packages(engine.__path__, prefix="engine.") if not info.ispkg
)


def test_the_engine_has_modules_to_check() -> None:
    assert "engine.play.session" in ENGINE_MODULES
    assert "engine.format.model" in ENGINE_MODULES


def test_no_engine_module_imports_textual() -> None:
    script = (
        "import importlib, sys\n"
        f"for name in {ENGINE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert result.stdout.strip() == ""
