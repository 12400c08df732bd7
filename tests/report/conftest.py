"""Fixtures for the report tests: the fixed journals, written once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_support import write_incomplete_journal, write_journal


@pytest.fixture(scope="session")
def complete_journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture scenario played to its ending, with every kind of note and intervention."""
    return write_journal(tmp_path_factory.mktemp("journals") / "complete.jsonl")


@pytest.fixture(scope="session")
def incomplete_journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture scenario stopped in turn 1, its last line torn."""
    return write_incomplete_journal(tmp_path_factory.mktemp("journals") / "incomplete.jsonl")
