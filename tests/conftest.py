"""Shared fixtures: the valid scenario folder, the bad-scenario corpus, a YAML file writer."""

from __future__ import annotations

import os
import shutil
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

TESTS = Path(__file__).resolve().parent
GOOD_SCENARIO = TESTS / "good_scenario"
"""A small valid scenario folder (with `include:`) any test may load."""
BAD_SCENARIOS = TESTS / "bad_scenarios"
"""The golden corpus: each `x.yaml` beside `x.expected`, the exact `wargame validate` output."""


@pytest.fixture
def good_scenario() -> Path:
    """The valid scenario folder (read-only: copy it before changing it)."""
    return GOOD_SCENARIO


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write dedented YAML text to `tmp_path / name` and return the path."""

    def write(text: str, name: str = "scenario.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


def pytest_configure(config: pytest.Config) -> None:
    """Keep the compiled scenario cache (`engine.format.cache`) of the run in a temporary folder.

    A hook rather than a session fixture: some test modules load scenarios at import time,
    during collection, before any fixture runs.
    """
    folder = tempfile.mkdtemp(prefix="wargame-cache-")
    patch = pytest.MonkeyPatch()
    patch.setenv("WARGAME_CACHE_DIR", folder)
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
    config.add_cleanup(patch.undo)


# In CI (CI=true) property tests run a fixed, reproducible set of examples; locally they vary.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _record_notices(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every notice a Textual app shows (`tests/notices.py`), for tests to read."""
    from notices import record
    from textual.app import App

    shown = App.notify

    def notify(self: App[Any], message: str, **options: Any) -> None:
        record(self, message, options.get("severity", "information"), options.get("title", ""))
        shown(self, message, **options)

    monkeypatch.setattr(App, "notify", notify)
