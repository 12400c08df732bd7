"""Golden files and generated files: exact validator output, the schema and the reference."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.format import reference_doc
from engine.format.schema import schema_text
from players.cli import main

REPOSITORY = Path(__file__).resolve().parent.parent
BAD_SCENARIOS = REPOSITORY / "tests" / "bad_scenarios"
CORPUS = sorted(BAD_SCENARIOS.glob("*.yaml"))
WARNINGS_ONLY = {"warnings", "hashtag_comment"}
"""Scenarios that load, with warnings: `validate` exits 0 on them."""
REQUIRED = {
    "misspelled_key",
    "duplicate_key",
    "duplicate_id",
    "dangling_reference",
    "bad_type",
    "out_of_range",
    "bad_id",
    "python_tag",
    "alias_bomb",
    "too_deep",
    "norway",
    "syntax_error",
    "tab_indent",
    "over_indent",
    "empty",
    "bad_expression",
    "include_escape",
    "multiple_errors",
    "huge_int",
    "number_in_expression",
    "surrogate_literal",
    "control_character",
    "include_nul",
    "include_long_name",
    "structural_and_semantic",
    "hints",
    "chance",
    "tasks_and_glossary",
    "attachments",
    "combine",
    "sources",
}


def test_the_corpus_covers_every_kind_of_mistake_it_promises() -> None:
    assert {path.stem for path in CORPUS} >= REQUIRED
    assert all(path.with_suffix(".expected").is_file() for path in CORPUS)


@pytest.mark.parametrize("scenario", CORPUS, ids=lambda path: path.stem)
def test_validate_prints_exactly_the_expected_problems(
    scenario: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(BAD_SCENARIOS)
    code = main(["validate", scenario.name])
    output = capsys.readouterr()
    assert output.out == scenario.with_suffix(".expected").read_text(encoding="utf-8")
    assert output.err == ""
    assert code == (0 if scenario.stem in WARNINGS_ONLY else 1)


def test_the_committed_json_schema_matches_the_models() -> None:
    committed = (REPOSITORY / "schema" / "scenario.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), (
        "schema/scenario.schema.json is out of date: run `make schema`"
        " (or `wargame schema > schema/scenario.schema.json`)"
    )


def test_the_schema_forbids_unknown_keys_and_explains_every_field() -> None:
    schema = json.loads(schema_text())
    assert schema["$schema"].startswith("https://json-schema.org/")
    inject = schema["$defs"]["Inject"]
    assert inject["additionalProperties"] is False
    assert "from" in inject["properties"]
    assert inject["properties"]["id"]["description"] == "The inject's id, unique in the scenario."
    for name, definition in schema["$defs"].items():
        for key, field in definition.get("properties", {}).items():
            assert field.get("description"), f"{name}.{key} has no description"


def test_the_committed_field_reference_matches_the_models() -> None:
    guide = reference_doc.GUIDE.read_text(encoding="utf-8")
    assert guide == reference_doc.with_reference(guide), (
        f"docs/authoring.md's field reference is out of date: run `{reference_doc.REGENERATE}`"
    )


def test_the_field_reference_lists_every_model_and_key() -> None:
    text = reference_doc.reference_markdown()
    for model in reference_doc.models_in_order():
        assert f"### {model.__name__}" in text
        for name, info in model.model_fields.items():
            assert f"| `{info.alias or name}` |" in text


def test_sample_scenarios_start_with_the_schema_line(good_scenario: Path) -> None:
    for path in sorted(good_scenario.glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../schema/scenario.schema.json"
