"""Loading scenarios: files and folders, includes, and pydantic's errors in an author's words."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from engine.errors import ScenarioInvalid
from engine.format.canonical import content_hash
from engine.format.loader import LoadedScenario, load_scenario
from engine.format.problems import Position

WriteYaml = Callable[..., Path]

MINIMAL = """
format: 1
id: mini
title: Mini
turns:
  count: 2
cells:
  - id: blue
    name: Blue
    side: blue
channels:
  - id: news
    kind: news
    name: The Bugle
endings:
  - id: time_up
    title: Time is up
    condition: turn >= 2
"""


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ScenarioInvalid) as raised:
        load_scenario(path)
    return [str(problem) for problem in raised.value.problems]


def copy_good(good: Path, tmp_path: Path) -> Path:
    target = tmp_path / "good"
    shutil.copytree(good, target)
    return target


def test_the_good_scenario_folder_loads_with_no_problems(good_scenario: Path) -> None:
    loaded = load_scenario(good_scenario)
    assert isinstance(loaded, LoadedScenario)
    assert loaded.problems == []
    assert [path.name for path in loaded.files] == [
        "scenario.yaml",
        "injects.yaml",
        "decisions.yaml",
    ]
    assert len(loaded.scenario.injects) == 6
    assert [d.id for d in loaded.scenario.all_decisions()] == ["answer_reporter", "red_push"]


def test_the_content_hash_is_the_canonical_hash_of_the_validated_scenario(
    good_scenario: Path,
) -> None:
    loaded = load_scenario(good_scenario)
    assert loaded.content_hash == content_hash(loaded.scenario)
    assert len(loaded.content_hash) == 64


def test_included_items_keep_the_file_and_line_they_came_from(good_scenario: Path) -> None:
    loaded = load_scenario(good_scenario)
    folder = str(good_scenario)
    at = loaded.positions.position_of(("injects", 1, "decision"))
    assert at == Position(f"{folder}/injects.yaml", 29, 7)
    decision = loaded.positions.position_of(("decisions", 0, "id"))
    assert decision == Position(f"{folder}/decisions.yaml", 3, 9)
    assert loaded.positions.position_of(("cells", 1)) == Position(f"{folder}/scenario.yaml", 34, 5)


def test_a_file_path_loads_as_well_as_a_folder(good_scenario: Path) -> None:
    loaded = load_scenario(good_scenario / "scenario.yaml")
    assert loaded.scenario.id == "harbour_leak"


def test_a_missing_path_and_a_folder_without_scenario_yaml_are_reported(tmp_path: Path) -> None:
    assert problems_of(tmp_path / "nope.yaml") == [
        f"{tmp_path}/nope.yaml: error: no such file or folder"
    ]
    assert problems_of(tmp_path) == [f"{tmp_path}: error: folder has no scenario.yaml"]


def test_errors_in_included_files_are_reported_with_the_main_files_all_at_once(
    good_scenario: Path, tmp_path: Path
) -> None:
    folder = copy_good(good_scenario, tmp_path)
    injects = folder / "injects.yaml"
    injects.write_text(
        injects.read_text().replace(
            "channel: clipit\n    from: troll\n    turn: 1",
            "channel: clipit\n    from: troll\n    turn: 1\n    turn: 2",
        )
    )
    scenario = folder / "scenario.yaml"
    scenario.write_text(scenario.read_text().replace("    side: red", "    side: rouge"))
    assert problems_of(folder) == [
        f"{folder}/injects.yaml:8:5: error: duplicate key 'turn' (first at line 7)",
        f"{folder}/scenario.yaml:36:11: error: 'side' must be blue, red, white, green or other,"
        " got 'rouge'",
    ]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("../outside.yaml", "include '../outside.yaml' is outside the scenario's folder"),
        ("/etc/passwd", "include '/etc/passwd' must be a path relative to the scenario's folder"),
        ("scenario.yaml", "the scenario includes itself"),
        ("injets.yaml", "include 'injets.yaml': no such file (did you mean 'injects.yaml'?)"),
    ],
)
def test_an_include_must_be_a_file_inside_the_scenarios_folder(
    write_yaml: WriteYaml, tmp_path: Path, entry: str, message: str
) -> None:
    (tmp_path / "outside.yaml").write_text("injects: []\n")
    write_yaml("injects: []\n", "s/injects.yaml")
    path = write_yaml(MINIMAL + f"include:\n  - {entry}\n", "s/scenario.yaml")
    assert problems_of(path) == [f"{path}:19:5: error: {message}"]


def test_a_symlink_that_escapes_the_folder_is_refused(
    write_yaml: WriteYaml, tmp_path: Path
) -> None:
    secret = write_yaml("injects: []\n", "secret.yaml")
    path = write_yaml(MINIMAL + "include: [link.yaml]\n", "s/scenario.yaml")
    (tmp_path / "s" / "link.yaml").symlink_to(secret)
    assert problems_of(path) == [
        f"{path}:18:11: error: include 'link.yaml' is outside the scenario's folder"
    ]


def test_an_included_file_holds_only_lists_and_cannot_include(write_yaml: WriteYaml) -> None:
    write_yaml("include: [more.yaml]\ntitel: x\ninjects: []\n", "s/part.yaml")
    path = write_yaml(MINIMAL + "include: [part.yaml]\n", "s/scenario.yaml")
    part = path.parent / "part.yaml"
    assert problems_of(path) == [
        f"{part}:1:1: error: an included file cannot include other files",
        f"{part}:2:1: error: an included file holds only lists (sources, objectives, cells,"
        " actors, variables, channels, injects, decisions, endings, glossary); 'titel' belongs"
        " in the scenario file",
    ]


def test_the_same_file_cannot_be_included_twice(write_yaml: WriteYaml) -> None:
    write_yaml("injects: []\n", "s/part.yaml")
    path = write_yaml(MINIMAL + "include: [part.yaml, ./part.yaml]\n", "s/scenario.yaml")
    assert problems_of(path) == [f"{path}:18:22: error: './part.yaml' is included twice"]


def test_a_missing_key_is_reported_at_the_mapping_that_lacks_it(write_yaml: WriteYaml) -> None:
    path = write_yaml(
        MINIMAL + "injects:\n  - id: leak\n    channel: news\n    turn: 1\n    fictional: true\n"
    )
    assert problems_of(path) == [f"{path}:19:5: error: inject 'leak' is missing 'title'"]


def test_an_item_without_an_id_is_named_by_its_place(write_yaml: WriteYaml) -> None:
    path = write_yaml(MINIMAL + "injects:\n  - title: Leak\n    channel: news\n    turn: 1\n")
    assert problems_of(path) == [f"{path}:19:5: error: injects[0] is missing 'id'"]


def test_nested_items_are_named_with_their_parent(write_yaml: WriteYaml) -> None:
    path = write_yaml(
        MINIMAL
        + """\
decisions:
  - id: choose
    cells: [blue]
    prompt: What now?
    turn: 1
    options:
      - id: wait
        labl: Wait
"""
    )
    assert problems_of(path) == [
        f"{path}:25:9: error: unknown key 'labl' in option 'wait' of decision 'choose'"
        " (did you mean 'label'?)"
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("title: Mini", "title: 1984", "'title' must be text, got 1984 (quote it: '1984')"),
        (
            "title: Mini",
            "title: Mini\nauthors: Ann",
            "'authors' must be a list, got 'Ann' (write [Ann])",
        ),
        ("format: 1", "format: 2", "'format' must be 1, got 2"),
        ("count: 2", "count: two", "'count' must be a whole number, got 'two'"),
        (
            "count: 2",
            "count: 2\n  length: 2 hours",
            "'2 hours' is not a duration; write it like '2h', '30m' or '1h30m'",
        ),
        (
            "side: blue",
            "side: blu",
            "'side' must be blue, red, white, green or other, got 'blu' (did you mean 'blue'?)",
        ),
        ("    condition: turn >= 2", "    condition: ''", "'condition' must not be empty"),
    ],
)
def test_type_errors_say_what_was_expected_and_what_was_found(
    write_yaml: WriteYaml, old: str, new: str, message: str
) -> None:
    path = write_yaml(MINIMAL.replace(old, new, 1))
    (problem,) = problems_of(path)
    assert problem.split(": error: ", 1)[1] == message


def test_a_model_validator_message_is_passed_on_with_the_item_named(
    write_yaml: WriteYaml,
) -> None:
    path = write_yaml(MINIMAL + "variables:\n  - id: trust\n    initial: 120\n    max: 100\n")
    assert problems_of(path) == [
        f"{path}:19:5: error: variable 'trust': `initial` (120) is outside `min`..`max`"
    ]


def test_a_value_already_reported_while_reading_is_not_reported_again(
    write_yaml: WriteYaml,
) -> None:
    path = write_yaml(
        MINIMAL + "injects:\n  - id: leak\n    title: Leak\n    channel: news\n"
        "    turn: 1\n    fictional: yes\n"
    )
    assert problems_of(path) == [
        f"{path}:23:16: error: 'yes' is read as true/false by YAML 1.1 tools; quote it ('yes')"
        " if you mean text, or write true/false"
    ]
