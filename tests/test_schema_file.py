"""The `$schema` line of a written scenario: a reference an editor can resolve, or none."""

from __future__ import annotations

from pathlib import Path

from players.schema_file import SCHEMA, schema_reference

REPOSITORY = Path(__file__).resolve().parent.parent


def test_inside_the_checkout_the_reference_is_relative() -> None:
    assert SCHEMA == REPOSITORY / "schema" / "scenario.schema.json"
    folder = REPOSITORY / "scenarios" / "imported"
    assert schema_reference(folder) == "../../schema/scenario.schema.json"
    assert (folder / "../../schema/scenario.schema.json").resolve() == SCHEMA


def test_outside_the_checkout_the_reference_is_the_schemas_own_path(tmp_path: Path) -> None:
    assert schema_reference(tmp_path / "imported") == SCHEMA.as_posix()


def test_with_no_schema_file_there_is_no_reference(tmp_path: Path) -> None:
    assert schema_reference(tmp_path, tmp_path / "schema" / "scenario.schema.json") is None
