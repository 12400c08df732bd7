"""Scenario expressions: what compiles, what it computes, and how refusals read to an author."""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.expressions import (
    MAX_LENGTH,
    ExpressionError,
    SymbolTable,
    VariableSpec,
    compile_condition,
    compile_effect,
    compile_template,
    names_in,
    suggest,
)

SYMBOLS = SymbolTable(
    variables={
        "trust": VariableSpec("int", 0, 100),
        "gold": VariableSpec("int"),
        "debt": VariableSpec("int", minimum=-10),
        "morale": VariableSpec("int", maximum=10),
        "lockdown": VariableSpec("bool"),
        "alert": VariableSpec("bool"),
        "phase": VariableSpec("enum", values=("calm", "tense", "crisis")),
        "stage": VariableSpec("enum", values=("calm", "tense")),
        "note": VariableSpec("text"),
    },
    injects=frozenset({"leak", "press_release"}),
    decisions={"respond": frozenset({"deny", "apologise"}), "plan": frozenset({"wait"})},
    outcomes={"respond": frozenset({"believed", "mocked"}), "plan": frozenset()},
)


@dataclass
class State:
    """A stand-in for the session's state: just what expressions read."""

    values: dict[str, int | bool | str] = field(
        default_factory=lambda: {
            "trust": 50,
            "gold": 7,
            "debt": 0,
            "morale": 5,
            "lockdown": False,
            "alert": True,
            "phase": "calm",
            "stage": "tense",
            "note": "hello",
        }
    )
    delivered: set[str] = field(default_factory=set)
    chosen: set[tuple[str, str]] = field(default_factory=set)
    rolled: set[tuple[str, str]] = field(default_factory=set)
    turn: int = 3
    clock: int = 600


def state(**values: int | bool | str) -> State:
    result = State()
    result.values.update(values)
    return result


def holds(text: str, **values: int | bool | str) -> bool:
    return compile_condition(text, SYMBOLS)(state(**values))


def refusal(compile_: Callable[[str, SymbolTable], object], text: str) -> ExpressionError:
    with pytest.raises(ExpressionError) as caught:
        compile_(text, SYMBOLS)
    return caught.value


# --- conditions ----------------------------------------------------------------------------

COMPARISONS = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


@pytest.mark.parametrize("symbol", COMPARISONS)
@pytest.mark.parametrize("trust", [49, 50, 51])
def test_each_comparison_agrees_with_python_whichever_side_the_constant_is_on(
    symbol: str, trust: int
) -> None:
    python = COMPARISONS[symbol]
    assert holds(f"trust {symbol} 50", trust=trust) is python(trust, 50)
    assert holds(f"50 {symbol} trust", trust=trust) is python(50, trust)
    assert holds(f"trust + 0 {symbol} 50", trust=trust) is python(trust, 50)
    assert holds(f"trust {symbol} gold", trust=trust, gold=50) is python(trust, 50)


@pytest.mark.parametrize(
    ("trust", "expected"), [(9, False), (10, True), (15, True), (20, True), (21, False)]
)
def test_a_chained_comparison_holds_only_when_every_link_holds(trust: int, expected: bool) -> None:
    assert holds("10 <= trust <= 20", trust=trust) is expected
    assert holds("0 < 10 <= trust <= 20 < 100", trust=trust) is expected


@pytest.mark.parametrize(("gold", "expected"), [(0, False), (1, True), (4, True), (5, False)])
def test_a_chained_comparison_around_a_computed_value_holds_only_when_every_link_holds(
    gold: int, expected: bool
) -> None:
    assert holds("3 <= gold * 3 <= 12", gold=gold) is expected
    assert holds("0 < 3 <= gold * 3 <= 12 < 13", gold=gold) is expected
    assert holds("0 < 3 <= gold * 3 <= 12 < 12", gold=gold) is False


def test_a_chained_comparison_of_constants_is_folded() -> None:
    assert holds("1 < 2 < 3")
    assert not holds("1 < 3 < 2")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lockdown and alert", False),
        ("lockdown or alert", True),
        ("not lockdown", True),
        ("not alert", False),
        ("not (trust > 10)", False),
        ("alert and trust > 10 and gold == 7", True),
        ("lockdown or trust < 10 or gold != 7", False),
        ("true and not false", True),
        ("True or False", True),
        ("alert and true", True),
    ],
)
def test_and_or_not_follow_boolean_logic(text: str, expected: bool) -> None:
    assert holds(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gold + 3", 10),
        ("gold - 10", -3),
        ("gold * 3", 21),
        ("gold // 2", 3),
        ("-gold // 2", -4),
        ("-gold", -7),
        ("100 // gold", 14),
        ("gold * gold - gold", 42),
        ("2 + 3 * 4", 14),
        ("(2 + 3) * 4", 20),
        ("turn * 100 + clock", 900),
    ],
)
def test_arithmetic_on_ints_matches_python(text: str, expected: int) -> None:
    assert compile_effect(f"gold = {text}", SYMBOLS).compute(state()) == expected


def test_dividing_by_a_variable_that_is_zero_gives_zero_instead_of_crashing() -> None:
    assert compile_effect("gold = 10 // debt", SYMBOLS).compute(state(debt=0)) == 0
    assert compile_effect("gold = gold // debt", SYMBOLS).compute(state(debt=0)) == 0


def test_dividing_by_a_literal_zero_is_refused() -> None:
    error = refusal(compile_condition, "gold // 0 > 1")
    assert (error.message, error.offset) == ("division by zero", 5)
    assert refusal(compile_condition, "gold // (2 - 2) > 1").message == "division by zero"


def test_turn_and_clock_read_the_state() -> None:
    assert holds("turn == 3 and clock >= 600")
    assert not holds("turn > 3")


def test_a_declared_variable_named_turn_shadows_the_built_in() -> None:
    symbols = SymbolTable(variables={"turn": VariableSpec("bool")})
    assert compile_condition("turn", symbols)(State(values={"turn": True})) is True


def test_text_and_enum_variables_compare_with_text() -> None:
    assert holds("phase == 'calm' and note != \"bye\"")
    assert holds("phase != stage")
    assert holds("phase == note", note="calm")


def test_the_functions_read_deliveries_choices_and_rolls() -> None:
    condition = compile_condition(
        "delivered('leak') and chose('respond', 'deny') and rolled('respond', 'mocked')",
        SYMBOLS,
    )
    current = State()
    assert not condition(current)
    current.delivered.add("leak")
    current.chosen.add(("respond", "deny"))
    assert not condition(current)
    current.rolled.add(("respond", "mocked"))
    assert condition(current)


def test_a_constant_condition_is_still_a_callable() -> None:
    assert compile_condition("true", SYMBOLS)(State()) is True
    assert compile_condition("1 > 2", SYMBOLS)(State()) is False


def test_line_breaks_and_leading_spaces_are_allowed() -> None:
    assert holds("  trust > 10\n  and alert\n")


# --- refusals in conditions ----------------------------------------------------------------


def test_an_unknown_variable_suggests_the_closest_name() -> None:
    error = refusal(compile_condition, "alert and trsut > 3")
    assert error.message == "unknown variable 'trsut'"
    assert error.offset == 10
    assert error.suggestion == "did you mean 'trust'?"
    assert str(error) == "unknown variable 'trsut'; did you mean 'trust'?"


def test_an_unknown_name_far_from_every_known_one_has_no_suggestion() -> None:
    assert refusal(compile_condition, "zzzzzz > 1").suggestion is None


@pytest.mark.parametrize(
    ("text", "message", "offset", "suggestion"),
    [
        ("delivered('lek')", "unknown inject 'lek'", 10, "did you mean 'leak'?"),
        ("chose('respnd', 'deny')", "unknown decision 'respnd'", 6, "did you mean 'respond'?"),
        (
            "chose('respond', 'deni')",
            "decision 'respond' has no option 'deni'",
            17,
            "did you mean 'deny'?",
        ),
        (
            "rolled('respond', 'mocke')",
            "decision 'respond' has no outcome 'mocke'",
            18,
            "did you mean 'mocked'?",
        ),
        (
            "rolled('plan', 'wait')",
            "decision 'plan' has no adjudication table, so nothing is rolled",
            7,
            None,
        ),
    ],
)
def test_an_unknown_id_in_a_function_is_named_with_a_suggestion(
    text: str, message: str, offset: int, suggestion: str | None
) -> None:
    error = refusal(compile_condition, text)
    assert (error.message, error.offset, error.suggestion) == (message, offset, suggestion)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("delivered(leak)", "delivered() takes quoted ids: write delivered('inject_id')"),
        (
            "delivered()",
            "delivered() takes 1 quoted id(s): write delivered('inject_id')",
        ),
        (
            "chose('respond')",
            "chose() takes 2 quoted id(s): write chose('decision_id', 'option_id')",
        ),
        (
            "delivered(id='leak')",
            "delivered() takes 1 quoted id(s): write delivered('inject_id')",
        ),
        ("delivered", "'delivered' is a function; call it like delivered('inject_id')"),
    ],
)
def test_a_function_needs_its_quoted_ids(text: str, message: str) -> None:
    assert refusal(compile_condition, text).message == message


@pytest.mark.parametrize(
    ("text", "message", "offset"),
    [
        ("().__class__", "attribute access ('.__class__') is not allowed in an expression", 2),
        (
            "().__class__.__bases__[0].__subclasses__()",
            "attribute access ('.__subclasses__') is not allowed in an expression",
            25,
        ),
        ("trust.real > 1", "attribute access ('.real') is not allowed in an expression", 5),
        ("lambda: true", "'lambda' is not allowed in an expression", 0),
        ("(lambda: true)()", "'lambda' is not allowed in an expression", 1),
        ("note[0] == 'h'", "indexing with '[...]' is not allowed in an expression", 0),
        ("[x for x in note]", "a comprehension is not allowed in an expression", 0),
        ("(x for x in note) == 1", "a comprehension is not allowed in an expression", 0),
        ("f'{trust}' == 'a'", "an f-string is not allowed in an expression", 0),
        ("(alert := true)", "':=' is not allowed in an expression", 1),
        ("'a' in note", "'in' is not allowed in an expression", 4),
        ("'a' not in note", "'not in' is not allowed in an expression", 4),
        ("trust is 3", "'is' is not allowed in an expression", 6),
        ("1.5 < trust", "a decimal number is not allowed in an expression", 0),
        ("b'x' == note", "bytes is not allowed in an expression", 0),
        ("2j == trust", "an imaginary number is not allowed in an expression", 0),
        ("None == trust", "'None' is not allowed in an expression", 0),
        ("import os", "'import' is not allowed in an expression", 0),
        ("from os import path", "'import' is not allowed in an expression", 0),
        ("def f(): pass", "'def' is not allowed in an expression", 0),
        ("class A: pass", "'class' is not allowed in an expression", 0),
        ("del trust", "'del' is not allowed in an expression", 0),
        ("alert if true else lockdown", "'if ... else' is not allowed in an expression", 0),
        ("(alert, lockdown)", "a tuple is not allowed in an expression", 0),
        ("[alert]", "a list is not allowed in an expression", 0),
        ("{alert}", "a set is not allowed in an expression", 0),
        ("{1: alert}", "a dict is not allowed in an expression", 0),
        ("trust ** 2 > 1", "'**' is not allowed in an expression", 6),
        ("trust % 2 == 0", "'%' is not allowed in an expression", 6),
        ("trust @ 2 == 0", "'@' is not allowed in an expression", 6),
        ("trust << 2 == 0", "'<<' is not allowed in an expression", 6),
        ("~trust == 0", "unary '~' is not allowed in an expression", 0),
        ("+trust == 0", "unary '+' is not allowed in an expression", 0),
        ("'a'() == 1", "calling a value is not allowed in an expression", 0),
    ],
)
def test_every_construct_outside_the_language_is_named_and_refused(
    text: str, message: str, offset: int
) -> None:
    error = refusal(compile_condition, text)
    assert (error.message, error.offset) == (message, offset)


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("trust / 2 > 1", "did you mean '//'?"),
        ("alert | lockdown", "did you mean 'or'?"),
        ("alert & lockdown", "did you mean 'and'?"),
        ("~alert", "did you mean 'not'?"),
        ("trust is not 3", "did you mean '!='?"),
        ("deliverd('leak')", "did you mean 'delivered'?"),
    ],
)
def test_a_python_habit_gets_a_hint_towards_the_language(text: str, suggestion: str) -> None:
    assert refusal(compile_condition, text).suggestion == suggestion


def test_calling_a_python_builtin_is_refused_with_the_list_of_functions() -> None:
    error = refusal(compile_condition, "__import__('os')")
    assert error.message == (
        "calling '__import__' is not allowed in an expression; "
        "the functions are delivered(), chose() and rolled()"
    )
    assert error.offset == 0


def test_a_syntax_error_gives_the_parsers_reason_and_offset() -> None:
    error = refusal(compile_condition, "trust > ")
    assert (error.message, error.offset) == ("not a valid expression: invalid syntax", 8)
    error = refusal(compile_condition, "(trust > 1")
    assert (error.message, error.offset) == ("not a valid expression: '(' was never closed", 0)


def test_offsets_count_characters_not_bytes_and_include_leading_spaces() -> None:
    error = refusal(compile_condition, "  note == 'é' and trsut > 1")
    assert error.offset == 18
    error = refusal(compile_condition, "  'é' == (")
    assert error.offset == 9


@pytest.mark.parametrize(
    ("text", "message", "offset"),
    [
        (
            "phase == 'calmm'",
            "'calmm' is not a value of 'phase' (one of: calm, tense, crisis)",
            9,
        ),
        (
            "'crises' != phase",
            "'crises' is not a value of 'phase' (one of: calm, tense, crisis)",
            0,
        ),
    ],
)
def test_an_enum_compared_with_a_value_it_lacks_suggests_one_it_has(
    text: str, message: str, offset: int
) -> None:
    error = refusal(compile_condition, text)
    assert (error.message, error.offset) == (message, offset)
    assert error.suggestion in ("did you mean 'calm'?", "did you mean 'crisis'?")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("trust and alert", "'and' needs true/false values; 'trust' is an int"),
        ("alert or phase", "'or' needs true/false values; 'phase' is an enum"),
        ("not gold", "'not' needs a true/false value; 'gold' is an int"),
        ("-alert", "'-' needs an int; 'alert' is a bool"),
        ("trust + true > 1", "'+' needs ints; 'true' is a bool"),
        ("note * 2 == 'a'", "'*' needs ints; 'note' is text"),
        (
            "trust == 'high'",
            "'==' compares values of one type; 'trust' is an int and 'high' is text",
        ),
        ("alert == 1", "'==' compares values of one type; 'alert' is a bool and '1' is an int"),
        ("phase < 'tense'", "'<' needs ints; 'phase' is an enum"),
        ("alert >= lockdown", "'>=' needs ints; 'alert' is a bool"),
        ("trust + 1", "a condition must be true or false; 'trust + 1' is an int"),
        ("phase", "a condition must be true or false; 'phase' is an enum"),
    ],
)
def test_a_type_error_names_the_operand_and_its_type(text: str, message: str) -> None:
    assert refusal(compile_condition, text).message == message


def test_an_assignment_in_a_condition_suggests_double_equals() -> None:
    error = refusal(compile_condition, "trust = 3")
    assert error.message == "a condition compares values; it cannot set a variable"
    assert (error.offset, error.suggestion) == (6, "did you mean '=='?")


def test_several_statements_are_refused() -> None:
    error = refusal(compile_condition, "alert; lockdown")
    assert (error.message, error.offset) == ("write one expression, not several", 7)


def test_an_empty_expression_is_refused() -> None:
    assert refusal(compile_condition, "   ").message == "the expression is empty"


def test_an_expression_over_the_length_limit_is_refused() -> None:
    text = "alert or " * 60 + "alert"
    error = refusal(compile_condition, text)
    assert error.message == (
        f"an expression may be at most {MAX_LENGTH} characters; this one has {len(text)}"
    )
    assert len("alert or " * 50 + "alert") < MAX_LENGTH
    assert holds("alert or " * 50 + "alert")


def test_an_expression_with_too_many_nodes_is_refused() -> None:
    error = refusal(compile_condition, "1" + "+1" * 150 + " > 0")
    assert error.message == "the expression is too complex (304 parts; at most 200): split it"


# --- effects -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lockdown = true", True),
        ("lockdown = trust > 10 and not alert", False),
        ("phase = 'crisis'", "crisis"),
        ("phase = stage", "tense"),
        ("note = 'written'", "written"),
        ("note = phase", "calm"),
        ("gold = gold * 2", 14),
        ("gold += 3", 10),
        ("gold -= 10", -3),
        ("gold += turn", 10),
        ("gold -= turn", 4),
    ],
)
def test_an_effect_returns_the_new_value(text: str, expected: object) -> None:
    assert compile_effect(text, SYMBOLS).compute(state()) == expected


def test_an_effect_keeps_its_target_operator_and_text() -> None:
    effect = compile_effect("trust -= 10", SYMBOLS)
    assert (effect.target, effect.operator, effect.text) == ("trust", "-=", "trust -= 10")


@pytest.mark.parametrize(
    ("text", "delta"),
    [
        ("trust += 5", 5),
        ("trust -= 5", -5),
        ("trust -= -5", 5),
        ("trust += 2 * 3", 6),
        ("trust += gold", None),
        ("trust = 5", None),
        ("lockdown = true", None),
    ],
)
def test_a_constant_delta_is_known_for_lint(text: str, delta: int | None) -> None:
    assert compile_effect(text, SYMBOLS).constant_delta == delta


@pytest.mark.parametrize(
    ("text", "before", "after"),
    [
        ("trust += 80", 50, 100),
        ("trust -= 80", 50, 0),
        ("trust = 500", 50, 100),
        ("trust = gold * -1", 50, 0),
        ("trust = gold * 100", 50, 100),
        ("debt -= 100", 0, -10),
        ("debt += 100", 0, 100),
        ("morale += 100", 5, 10),
        ("morale -= 100", 5, -95),
    ],
)
def test_an_int_result_is_clamped_to_its_bounds(text: str, before: int, after: int) -> None:
    name = text.split()[0]
    assert compile_effect(text, SYMBOLS).compute(state(**{name: before})) == after


@given(
    start=st.integers(0, 100),
    delta=st.integers(-300, 300),
    low=st.integers(-50, 50),
    span=st.integers(0, 100),
)
def test_adding_a_constant_always_lands_within_the_bounds(
    start: int, delta: int, low: int, span: int
) -> None:
    high = low + span
    symbols = SymbolTable(variables={"x": VariableSpec("int", low, high)})
    effect = compile_effect(f"x += {delta}", symbols)
    assert effect.compute(State(values={"x": start})) == min(max(start + delta, low), high)


@pytest.mark.parametrize(
    ("text", "message", "offset"),
    [
        ("lockdown += 1", "'+=' needs an int variable; 'lockdown' is a bool", 0),
        ("phase -= 1", "'-=' needs an int variable; 'phase' is an enum", 0),
        ("trust *= 2", "'*=' is not allowed in an effect; use '=', '+=' or '-='", 6),
        ("trust = 'high'", "'trust' is an int variable; 'high' is text", 8),
        ("lockdown = 1", "'lockdown' is a bool variable; '1' is an int", 11),
        ("trust += alert", "'trust' is an int variable; 'alert' is a bool", 9),
        ("note = 3", "'note' is text variable; '3' is an int", 7),
        (
            "phase = 'panic'",
            "'panic' is not a value of 'phase' (one of: calm, tense, crisis)",
            8,
        ),
        (
            "stage = phase",
            "'stage' takes only its own values; 'phase' is an enum and may hold others",
            8,
        ),
        (
            "stage = note",
            "'stage' takes only its own values; 'note' is text and may hold others",
            8,
        ),
        ("turn = 3", "'turn' is kept by the engine and cannot be set", 0),
        ("gold = gold = 1", "an effect sets one variable", 7),
        ("trust.x = 1", "attribute access ('.x') is not allowed in an expression", 5),
        ("trust[0] = 1", "indexing with '[...]' is not allowed in an expression", 0),
        ("x: int = 1", "an annotated assignment is not allowed in an expression", 0),
        ("trust > 3", "an effect sets a variable, such as 'trust -= 10' or 'lockdown = true'", 0),
        ("import os", "'import' is not allowed in an expression", 0),
    ],
)
def test_a_bad_effect_is_refused_in_the_authors_words(text: str, message: str, offset: int) -> None:
    error = refusal(compile_effect, text)
    assert (error.message, error.offset) == (message, offset)


def test_an_effect_on_an_unknown_variable_suggests_the_closest_name() -> None:
    error = refusal(compile_effect, "trsut -= 10")
    assert (error.message, error.offset) == ("unknown variable 'trsut'", 0)
    assert error.suggestion == "did you mean 'trust'?"


def test_a_comparison_written_as_an_effect_suggests_single_equals() -> None:
    error = refusal(compile_effect, "lockdown == true")
    assert (error.offset, error.suggestion) == (9, "did you mean '='?")


def test_an_enum_assigned_a_value_it_lacks_suggests_one() -> None:
    assert refusal(compile_effect, "phase = 'crisiss'").suggestion == "did you mean 'crisis'?"


# --- templates -----------------------------------------------------------------------------


def test_a_template_replaces_each_field_with_the_value() -> None:
    template = compile_template("Trust is {trust}; lockdown {lockdown}; {phase}/{note}.", SYMBOLS)
    assert template.render(state().values) == "Trust is 50; lockdown false; calm/hello."
    assert template.render(state(lockdown=True).values).endswith("lockdown true; calm/hello.")
    assert template.names == ("trust", "lockdown", "phase", "note")


def test_a_template_renders_doubled_braces_as_literal_braces() -> None:
    template = compile_template("{{trust}} is {{{trust}}} }}{{", SYMBOLS)
    assert template.render(state().values) == "{trust} is {50} }{"
    assert template.names == ("trust",)


def test_a_template_without_fields_renders_its_text() -> None:
    template = compile_template("Plain text, no fields.", SYMBOLS)
    assert template.render({}) == "Plain text, no fields."
    assert template.names == ()


def test_a_template_lists_each_name_once_and_allows_spaces_in_fields() -> None:
    template = compile_template("{ gold } and {gold}", SYMBOLS)
    assert template.render(state().values) == "7 and 7"
    assert template.names == ("gold",)


@pytest.mark.parametrize(
    ("text", "message", "offset", "suggestion"),
    [
        ("Trust {trsut}", "unknown variable 'trsut'", 6, "did you mean 'trust'?"),
        ("a { b", "a lone '{'; write '{{' for a literal brace", 2, None),
        ("a } b", "a lone '}'; write '}}' for a literal brace", 2, None),
        ("{a{trust}", "a lone '{'; write '{{' for a literal brace", 0, None),
        ("x {}", "'{}' is not a variable's name; only '{name}' fields are allowed", 2, None),
        (
            "{trust + 1}",
            "'{trust + 1}' is not a variable's name; only '{name}' fields are allowed",
            0,
            None,
        ),
    ],
)
def test_a_bad_template_field_is_refused_with_its_offset(
    text: str, message: str, offset: int, suggestion: str | None
) -> None:
    error = refusal(compile_template, text)
    assert (error.message, error.offset, error.suggestion) == (message, offset, suggestion)


def test_templates_are_not_bound_by_the_expression_length_limit() -> None:
    text = "x" * 2000 + "{gold}"
    assert compile_template(text, SYMBOLS).render(state().values).endswith("x7")


# --- names_in, suggest, from_scenario ------------------------------------------------------


def test_names_in_lists_the_names_an_expression_reads() -> None:
    assert names_in("trust > 3 and not lockdown or delivered('leak')") == {"trust", "lockdown"}
    assert names_in("gold += debt * turn") == {"debt", "turn"}
    assert names_in("true or False") == set()


def test_names_in_refuses_bad_syntax() -> None:
    with pytest.raises(ExpressionError, match="not a valid expression"):
        names_in("trust >")


def test_suggest_offers_the_closest_name_or_nothing() -> None:
    assert suggest("trsut", ["trust", "gold"]) == "did you mean 'trust'?"
    assert suggest("xyz", ["trust", "gold"]) is None


def test_a_symbol_table_is_read_from_a_scenario() -> None:
    from engine.format.model import Scenario  # the only test that needs the scenario format

    outcome = {"label": "", "effects": [], "releases": [], "cancels": []}
    scenario = Scenario.model_validate(
        {
            "format": 1,
            "id": "demo",
            "title": "Demo",
            "turns": {"count": 2},
            "cells": [{"id": "blue", "name": "Blue", "side": "blue"}],
            "channels": [{"id": "news", "kind": "news", "name": "News"}],
            "endings": [{"id": "end", "title": "End"}],
            "variables": [
                {"id": "trust", "initial": 5, "min": 0, "max": 10},
                {"id": "phase", "type": "enum", "initial": "a", "values": ["a", "b"]},
            ],
            "injects": [{"id": "leak", "title": "Leak", "channel": "news"}],
            "decisions": [
                {
                    "id": "respond",
                    "cells": ["blue"],
                    "prompt": "?",
                    "options": [
                        {"id": "wait", "label": "Wait"},
                        {
                            "id": "act",
                            "label": "Act",
                            "adjudication": {
                                "outcomes": [
                                    {"id": "win", "chance": 60, **outcome},
                                    {"id": "lose", "chance": 40, **outcome},
                                ]
                            },
                        },
                    ],
                }
            ],
        }
    )
    symbols = SymbolTable.from_scenario(scenario)
    assert symbols.variables["trust"] == VariableSpec("int", 0, 10, ())
    assert symbols.variables["phase"] == VariableSpec("enum", None, None, ("a", "b"))
    assert symbols.injects == {"leak"}
    assert symbols.decisions == {"respond": {"wait", "act"}}
    assert symbols.outcomes == {"respond": {"win", "lose"}}


# --- properties: compiled closures agree with Python computed on the generated tree ---------

Tree = Any  # an int leaf, a variable name, ("neg", tree) or (symbol, tree, tree)
VARIABLES = {"a": -7, "b": 0, "c": 13}
ARITH = VariableSpec("int")
ARITH_SYMBOLS = SymbolTable(variables=dict.fromkeys((*VARIABLES, "out"), ARITH))


def trees() -> st.SearchStrategy[Tree]:
    leaves = st.integers(0, 999) | st.sampled_from(sorted(VARIABLES))
    return st.recursive(
        leaves,
        lambda inner: (
            st.tuples(st.just("neg"), inner)
            | st.tuples(st.sampled_from(["+", "-", "*", "//"]), inner, inner)
        ),
        max_leaves=20,
    )


def source(tree: Tree) -> str:
    if isinstance(tree, int | str):
        return str(tree)
    if tree[0] == "neg":
        return f"(-{source(tree[1])})"
    return f"({source(tree[1])} {tree[0]} {source(tree[2])})"


def evaluate(tree: Tree) -> tuple[int, bool, bool]:
    """The value, whether it is constant, and whether a constant divisor is zero somewhere."""
    if isinstance(tree, int):
        return tree, True, False
    if isinstance(tree, str):
        return VARIABLES[tree], False, False
    if tree[0] == "neg":
        value, constant, bad = evaluate(tree[1])
        return -value, constant, bad
    left, left_constant, left_bad = evaluate(tree[1])
    right, right_constant, right_bad = evaluate(tree[2])
    bad = left_bad or right_bad or (tree[0] == "//" and right_constant and right == 0)
    if tree[0] == "+":
        value = left + right
    elif tree[0] == "-":
        value = left - right
    elif tree[0] == "*":
        value = left * right
    else:
        value = left // right if right else 0
    return value, left_constant and right_constant, bad


@settings(max_examples=300)
@given(trees())
def test_random_int_arithmetic_agrees_with_python(tree: Tree) -> None:
    text = source(tree)
    expected, _, divides_by_literal_zero = evaluate(tree)
    current = State(values=dict(VARIABLES))
    if divides_by_literal_zero:
        with pytest.raises(ExpressionError, match="division by zero"):
            compile_effect(f"out = {text}", ARITH_SYMBOLS)
        return
    assert compile_effect(f"out = {text}", ARITH_SYMBOLS).compute(current) == expected
    assert compile_condition(f"{text} == {expected}", ARITH_SYMBOLS)(current) is True
    assert compile_condition(f"{text} < {expected}", ARITH_SYMBOLS)(current) is False


FLAGS = {"p": True, "q": False, "r": True}
FLAG_SYMBOLS = SymbolTable(variables={name: VariableSpec("bool") for name in FLAGS})


def logic() -> st.SearchStrategy[Tree]:
    leaves = st.sampled_from([*sorted(FLAGS), "true", "false"])
    return st.recursive(
        leaves,
        lambda inner: (
            st.tuples(st.just("not"), inner)
            | st.tuples(st.sampled_from(["and", "or", "==", "!="]), inner, inner)
        ),
        max_leaves=20,
    )


def logic_source(tree: Tree) -> str:
    if isinstance(tree, str):
        return tree
    if tree[0] == "not":
        return f"(not {logic_source(tree[1])})"
    return f"({logic_source(tree[1])} {tree[0]} {logic_source(tree[2])})"


def logic_value(tree: Tree) -> bool:
    if isinstance(tree, str):
        return {"true": True, "false": False}.get(tree, FLAGS.get(tree, False))
    if tree[0] == "not":
        return not logic_value(tree[1])
    left, right = logic_value(tree[1]), logic_value(tree[2])
    return {
        "and": left and right,
        "or": left or right,
        "==": left == right,
        "!=": left != right,
    }[tree[0]]


@settings(max_examples=300)
@given(logic())
def test_random_boolean_logic_agrees_with_python(tree: Tree) -> None:
    condition = compile_condition(logic_source(tree), FLAG_SYMBOLS)
    assert condition(State(values=dict(FLAGS))) is logic_value(tree)
