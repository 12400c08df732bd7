"""Conditional text in titles and bodies: `{if ...}` phrases, alternatives, values in words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from test_loader_checks import messages

from engine.expressions import ExpressionError, SymbolTable, VariableSpec, compile_template
from engine.format.loader import load_scenario
from engine.play import commands as c
from engine.play.compiled import compile_scenario
from engine.play.session import Session

WriteYaml = Callable[..., Path]
SYMBOLS = SymbolTable(
    variables={
        "trust": VariableSpec("int", 0, 100),
        "lockdown": VariableSpec("bool", words=(("true", "in lockdown"), ("false", "open"))),
        "alert": VariableSpec("bool"),
        "posture": VariableSpec(
            "enum", values=("quiet", "engaged"), words=(("quiet", "keeping quiet"),)
        ),
    }
)
VALUES: dict[str, object] = {"trust": 30, "lockdown": True, "alert": False, "posture": "quiet"}


def rendered(text: str, **changes: object) -> str:
    return compile_template(text, SYMBOLS).render({**VALUES, **changes})


def test_a_phrase_shows_only_while_its_condition_holds() -> None:
    text = "The base is calm.{if trust < 40:  Trust is collapsing ({trust}).}"
    assert rendered(text) == "The base is calm.Trust is collapsing (30)."
    assert rendered(text, trust=80) == "The base is calm."


def test_the_first_alternative_that_holds_is_shown() -> None:
    text = "Trust is {if trust < 40: low | elif trust < 70: shaky | else: steady}."
    assert [rendered(text, trust=t) for t in (10, 50, 90)] == [
        "Trust is low.",
        "Trust is shaky.",
        "Trust is steady.",
    ]


def test_bools_and_enums_read_in_their_words() -> None:
    assert rendered("The base is {lockdown}; PA is {posture}.") == (
        "The base is in lockdown; PA is keeping quiet."
    )
    assert rendered("{lockdown}, {posture}, {alert}", lockdown=False, posture="engaged") == (
        "open, engaged, false"
    )


def test_literal_braces_and_bars_survive() -> None:
    assert rendered("{{a|b}} {if alert: x | else: y{{|}}z}") == "{a|b} y|z"
    assert rendered("[{if alert: x}]") == "[]"


@pytest.mark.parametrize(
    ("text", "message", "offset"),
    [
        ("a {if trust < 40 low}", "an `{if CONDITION: phrase}` needs a ':' after its condition", 2),
        ("a {if trust < 40: low", "this `{if ...}` is never closed with '}'", 2),
        ("{if trsut < 40: low}", "unknown variable 'trsut'", 4),
        ("{if turn > 1: late}", "a condition in a text reads variables only, not 'turn'", 4),
        (
            "{if delivered('x'): y}",
            "a condition in a text reads variables only, not 'delivered'",
            4,
        ),
        ("{if alert: {if lockdown: x}}", "an `{if ...}` cannot hold another `{if ...}`", 11),
        ("{if alert: x | else: y | else: z}", "`else` is the last branch of an `{if ...}`", 23),
        (
            "{if alert: x | otherwise: y}",
            "after '|' in an `{if ...}` comes `elif CONDITION:` or `else:`",
            13,
        ),
        ("{if alert: {nope}}", "unknown variable 'nope'", 11),
    ],
)
def test_a_bad_choice_is_refused_at_its_offset(text: str, message: str, offset: int) -> None:
    with pytest.raises(ExpressionError) as caught:
        compile_template(text, SYMBOLS)
    assert (caught.value.message, caught.value.offset) == (message, offset)


SCENARIO = """\
format: 1
id: words
title: Words
turns: {count: 1}
cells:
  - {id: blue, name: Blue, side: blue}
variables:
  - {id: trust, initial: 30, min: 0, max: 100}
  - id: lockdown
    type: bool
    initial: true
    words: {true: in lockdown, false: open}
channels:
  - {id: news, kind: news, name: The Bugle}
injects:
  - id: memo
    title: "Base {lockdown}"
    channel: news
    turn: 1
    fictional: true
    body: |
      The memo is short.
      {if trust < 40: Trust is collapsing.| else: Trust holds.}
endings:
  - {id: time_up, title: Time is up}
"""


def test_a_delivered_inject_reads_its_conditional_text(write_yaml: WriteYaml) -> None:
    loaded = load_scenario(write_yaml(SCENARIO))
    session = Session.start(compile_scenario(loaded.scenario, loaded.content_hash), seed=1)
    events = session.execute(c.Begin())
    (delivered,) = [e for e in events if e["type"] == "inject_delivered"]
    assert delivered["title"] == "Base in lockdown"
    assert delivered["body"] == "The memo is short.\nTrust is collapsing.\n"
    assert load_scenario(write_yaml(SCENARIO)).scenario.variables[1].words == {
        "true": "in lockdown",
        "false": "open",
    }


def test_a_problem_in_a_block_bodys_condition_is_at_its_line_and_column(
    write_yaml: WriteYaml,
) -> None:
    path = write_yaml(SCENARIO.replace("trust < 40", "trust < 4O"))
    assert messages(path) == ["23:19: error: not a valid expression: invalid decimal literal"]


def test_words_must_name_values_of_the_variable(write_yaml: WriteYaml) -> None:
    path = write_yaml(SCENARIO.replace("false: open", "flase: open"))
    assert messages(path) == [
        "9:5: error: variable 'lockdown': `words` names 'flase', not one of true, false"
    ]
