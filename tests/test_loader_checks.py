"""Checks after the model validates: ids, references, expressions, warnings and quotes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from engine.errors import ScenarioInvalid
from engine.format.loader import load_scenario
from engine.format.model import InjectDecision, Option
from engine.format.problems import Severity
from engine.format.sources import closest_passage, normalise

WriteYaml = Callable[..., Path]

BASE = """\
format: 1
id: mini
title: Mini
turns:
  count: 2
cells:
  - {id: blue, name: Blue, side: blue}
  - {id: red, name: Red, side: red}
actors:
  - {id: pao, name: Public affairs officer, cell: blue}
variables:
  - {id: trust, type: int, initial: 50, min: 0, max: 100}
  - {id: lockdown, type: bool, initial: false}
channels:
  - {id: news, kind: news, name: The Bugle}
endings:
  - {id: time_up, title: Time is up, condition: turn >= 2}
"""
INJECT = "  - {{id: {id}, title: T, channel: news, turn: 1, fictional: true{more}}}\n"


def inject(ident: str, more: str = "") -> str:
    return INJECT.format(id=ident, more=more)


def messages(path: Path, sources_dir: Path | None = None) -> list[str]:
    """Every problem as `line:col: severity: message (suggestion)`, without the file name."""
    try:
        problems = load_scenario(path, sources_dir=sources_dir).problems
    except ScenarioInvalid as error:
        problems = error.problems
    return [str(problem).removeprefix(f"{path}:") for problem in problems]


def test_a_duplicate_id_names_the_line_of_the_first(write_yaml: WriteYaml) -> None:
    path = write_yaml(BASE + "injects:\n" + inject("leak") + inject("leak"))
    assert messages(path) == ["20:10: error: duplicate inject id 'leak' (first at line 19)"]


def test_decision_ids_are_unique_across_injects_and_turns(write_yaml: WriteYaml) -> None:
    decision = "{id: choose, cells: [blue], prompt: P, options: [{id: a, label: A}]}"
    path = write_yaml(
        BASE
        + "injects:\n"
        + inject("leak", f", decision: {decision}")
        + "decisions:\n"
        + "  - {id: choose, cells: [blue], prompt: P, turn: 1, options: [{id: a, label: A},"
        " {id: a, label: B}]}\n"
    )
    assert messages(path) == [
        "21:10: error: duplicate decision id 'choose' (first at line 19)",
        "21:87: error: duplicate option id 'a' (first at line 21, column 68)",
    ]


def test_dangling_references_suggest_the_closest_declared_id(write_yaml: WriteYaml) -> None:
    path = write_yaml(
        BASE
        + "injects:\n"
        + inject("leak", ", to: [poa, red], objectives: [obj], after: leek")
        + "decisions:\n"
        + "  - id: choose\n    cells: [bleu]\n    prompt: P\n    turn: 3\n    default: wiat\n"
        + "    time_limit: 1h\n    options:\n      - {id: wait, label: W, releases: [lek],"
        " ending: time_upp}\n"
    )
    assert messages(path) == [
        "19:72: error: unknown actor or cell 'poa' (did you mean 'pao'?)",
        "19:96: error: unknown objective 'obj' (the scenario declares no objectives)",
        "19:109: error: unknown inject 'leek' (did you mean 'leak'?)",
        "22:13: error: unknown cell 'bleu' (did you mean 'blue'?)",
        "24:11: error: turn 3 is past the last turn (turns: count is 2)",
        "25:14: error: 'wiat' is not an option of decision 'choose' (did you mean 'wait'?)",
        "28:41: error: unknown inject 'lek' (did you mean 'leak'?)",
        "28:55: error: unknown ending 'time_upp' (did you mean 'time_up'?)",
    ]


def test_a_channel_named_by_its_kind_suggests_the_channels_of_that_kind(
    write_yaml: WriteYaml,
) -> None:
    channels = "  - {id: news, kind: news, name: The Bugle}\n"
    renamed = BASE.replace(
        channels,
        "  - {id: herald, kind: news, name: The Herald}\n"
        "  - {id: clipit, kind: social, name: ClipIt}\n"
        "  - {id: wire, kind: news, name: The Wire}\n",
    )
    path = write_yaml(
        renamed
        + "injects:\n"
        + inject("one").replace("channel: news", "channel: social")
        + inject("two").replace("channel: news", "channel: newz")
        + inject("three").replace("channel: news", "channel: tv")
    )
    assert messages(path) == [
        "21:34: error: unknown channel 'social' (did you mean 'clipit', the social channel?"
        " `channel:` takes a channel's id, not its kind)",
        "22:34: error: unknown channel 'newz' (did you mean one of the news channels: 'herald',"
        " 'wire'? `channel:` takes a channel's id, not its kind)",
        "23:36: error: unknown channel 'tv' (the channels declared: 'clipit', 'herald', 'wire')",
    ]


def test_an_unknown_variable_in_an_expression_points_at_the_name(write_yaml: WriteYaml) -> None:
    path = write_yaml(BASE + "injects:\n" + inject("leak", ", when: 'turn >= 1 and trsut < 40'"))
    assert messages(path) == ["19:88: error: unknown variable 'trsut' (did you mean 'trust'?)"]


def test_effects_and_templates_are_compiled_too(write_yaml: WriteYaml) -> None:
    path = write_yaml(
        BASE + "injects:\n" + inject("leak", ", effects: ['trust == 5'], body: 'Trust is {trus}'")
    )
    assert messages(path) == [
        "19:84: error: an effect sets a variable, such as 'trust -= 10' or 'lockdown = true'"
        " (did you mean '='?)",
        "19:108: error: unknown variable 'trus' (did you mean 'trust'?)",
    ]


def test_an_inject_nothing_delivers_is_a_warning_not_an_error(write_yaml: WriteYaml) -> None:
    path = write_yaml(
        BASE
        + "injects:\n  - {id: lost, title: T, channel: news, fictional: true}\n"
        + "  - {id: spare, title: T, channel: news, fictional: true, contingency: true}\n"
    )
    loaded = load_scenario(path)
    assert [problem.severity for problem in loaded.problems] == [Severity.WARNING]
    assert messages(path) == [
        "19:5: warning: inject 'lost' is never delivered: it has no turn, time, after or when,"
        " and no option releases it (add a trigger, or 'contingency: true' if the facilitator"
        " releases it)"
    ]


def test_an_inject_that_cites_nothing_and_is_not_fictional_is_a_warning(
    write_yaml: WriteYaml,
) -> None:
    path = write_yaml(BASE + "injects:\n  - {id: claim, title: T, channel: news, turn: 1}\n")
    assert messages(path) == [
        "19:5: warning: inject 'claim' cites no source; add source:, based_on: or fictional: true"
    ]


@pytest.mark.parametrize(
    ("condition", "reason"),
    [
        ("trust > 100", "'trust' is at most 100"),
        ("trust >= 101", "'trust' is at most 100"),
        ("trust < 0", "'trust' is at least 0"),
        ("-1 >= trust", "'trust' is at least 0"),
        ("lockdown and trust == 200", "'trust' is at most 100"),
    ],
)
def test_an_ending_that_can_never_hold_given_the_bounds_is_a_warning(
    write_yaml: WriteYaml, condition: str, reason: str
) -> None:
    path = write_yaml(BASE + f"  - {{id: never, title: Never, condition: '{condition}'}}\n")
    assert messages(path) == [f"18:42: warning: '{condition}' can never hold: {reason}"]


@pytest.mark.parametrize("condition", ["trust >= 100", "trust > 99 or trust < 0", "turn > 5"])
def test_a_condition_that_can_hold_is_not_warned_about(
    write_yaml: WriteYaml, condition: str
) -> None:
    path = write_yaml(BASE + f"  - {{id: maybe, title: Maybe, condition: '{condition}'}}\n")
    assert messages(path) == []


def test_an_effect_larger_than_the_variables_range_is_a_warning(write_yaml: WriteYaml) -> None:
    path = write_yaml(BASE + "injects:\n" + inject("leak", ", effects: ['trust += 150']"))
    assert messages(path) == [
        "19:77: warning: 'trust += 150' moves 'trust' by 150, more than its whole range (0..100):"
        " it always ends at its max"
    ]


# --- quotes ---------------------------------------------------------------------------------

DOCUMENT = (
    "The agency asked for \u201cinvisible\u201d accounts \u2014 ones that hide\n  their origin.\n"
)


def cited(quote: str) -> str:
    return (
        BASE
        + "sources:\n  - {id: doc, file: doc.txt}\n"
        + "injects:\n  - id: ask\n    title: T\n    channel: news\n    turn: 1\n"
        + f"    source: {{document: doc, quote: {quote}}}\n"
    )


def test_a_quote_matches_despite_curly_quotes_dashes_and_line_breaks(
    write_yaml: WriteYaml, tmp_path: Path
) -> None:
    (tmp_path / "doc.txt").write_text(DOCUMENT, encoding="utf-8")
    quote = "'asked for \"invisible\" accounts - ones that hide their origin'"
    path = write_yaml(cited(quote))
    assert messages(path, sources_dir=tmp_path) == []


def test_a_quote_not_in_the_document_is_an_error_with_the_closest_passage(
    write_yaml: WriteYaml, tmp_path: Path
) -> None:
    (tmp_path / "doc.txt").write_text(DOCUMENT, encoding="utf-8")
    path = write_yaml(cited("'asked for hidden accounts'"))
    assert messages(path, sources_dir=tmp_path) == [
        '25:36: error: quote not found in doc.txt: "asked for hidden accounts"'
        ' (closest passage: "asked for "invisible" acc")'
    ]


def test_quotes_are_case_sensitive(write_yaml: WriteYaml, tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(DOCUMENT, encoding="utf-8")
    path = write_yaml(cited("'THE AGENCY asked'"))
    (problem,) = messages(path, sources_dir=tmp_path)
    assert "quote not found in doc.txt" in problem


def test_a_missing_source_document_is_an_error(write_yaml: WriteYaml, tmp_path: Path) -> None:
    path = write_yaml(cited("'anything at all'"))
    assert messages(path, sources_dir=tmp_path) == [
        f"19:21: error: document 'doc.txt' is not in {tmp_path}"
    ]


def test_quote_normalisation_and_the_closest_passage_are_bounded() -> None:
    assert normalise("a \u2018b\u2019  \n c\u2013d") == "a 'b' c-d"
    document = "lorem ipsum " * 20_000 + "the needle in the haystack" + " dolor" * 1000
    assert closest_passage("the needle in a haystack", document) is not None
    assert closest_passage("zzzzqqqq", "abc") is None


def test_an_inject_decision_dumped_whole_loads_again() -> None:
    # A journal's header holds the scenario dumped whole: `turn: null` and `when: null` too.
    decision = InjectDecision(
        id="d", cells=("blue",), prompt="P", options=(Option(id="a", label="A"),)
    )
    dumped = decision.model_dump(mode="json")
    assert (dumped["turn"], dumped["when"]) == (None, None)
    assert InjectDecision.model_validate(dumped) == decision
