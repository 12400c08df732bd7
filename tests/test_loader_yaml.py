"""Reading YAML safely: YAML 1.2 scalars, positions, and refusals with their places."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.format import yaml_document as yaml_source
from engine.format.problems import Position
from engine.format.source_map import SourceMap
from engine.format.yaml_document import parse_yaml


def parse(text: str) -> yaml_source.YamlDocument:
    return parse_yaml(textwrap.dedent(text).lstrip("\n").encode(), "f.yaml")


def messages(text: str) -> list[str]:
    return [str(problem) for problem in parse(text).problems]


def test_plain_scalars_follow_yaml_1_2_so_times_and_dates_stay_text() -> None:
    document = parse(
        """
        time: 08:00
        clock: 12:30
        date: 2020-04-01
        count: 12
        signed: -3
        padded: 007
        share: 0.5
        yes_really: TRUE
        nothing: ~
        empty:
        quoted_number: "12"
        quoted_bool: 'true'
        """
    )
    assert document.problems == []
    assert document.data == {
        "time": "08:00",
        "clock": "12:30",
        "date": "2020-04-01",
        "count": 12,
        "signed": -3,
        "padded": "007",
        "share": 0.5,
        "yes_really": True,
        "nothing": None,
        "empty": None,
        "quoted_number": "12",
        "quoted_bool": "true",
    }


@pytest.mark.parametrize("word", ["no", "No", "YES", "on", "off", "y", "n"])
def test_a_yaml_1_1_boolean_word_is_an_error_that_says_to_quote_it(word: str) -> None:
    assert messages(f"country: {word}\n") == [
        f"f.yaml:1:10: error: '{word}' is read as true/false by YAML 1.1 tools;"
        f" quote it ('{word}') if you mean text, or write true/false"
    ]


def test_a_quoted_yaml_1_1_boolean_word_is_text() -> None:
    document = parse("country: 'no'\n")
    assert document.problems == []
    assert document.data == {"country": "no"}


def test_a_duplicate_key_names_the_line_of_the_first() -> None:
    document = parse(
        """
        a: 1
        b: 2
        a: 3
        """
    )
    assert [str(p) for p in document.problems] == [
        "f.yaml:3:1: error: duplicate key 'a' (first at line 1)"
    ]
    assert document.data == {"a": 1, "b": 2}


def test_a_python_tag_is_refused_and_nothing_is_constructed() -> None:
    document = parse("x: !!python/object/apply:os.system ['echo pwned']\n")
    assert [str(p) for p in document.problems] == [
        "f.yaml:1:4: error: tag '!!python/object/apply:os.system' is not allowed"
    ]
    assert document.data == {"x": None}


@pytest.mark.parametrize("tag", ["!custom", "!!float", "!!timestamp", "!!binary"])
def test_any_tag_outside_str_int_bool_null_seq_and_map_is_refused(tag: str) -> None:
    assert messages(f"x: {tag} 1\n") == [f"f.yaml:1:4: error: tag '{tag}' is not allowed"]


def test_standard_tags_are_honoured() -> None:
    document = parse("a: !!str 12\nb: !!int '12'\nc: !!bool 'true'\nd: !!null ''\n")
    assert document.problems == []
    assert document.data == {"a": "12", "b": 12, "c": True, "d": None}


def test_merge_keys_are_refused() -> None:
    assert messages("base: &b {x: 1}\nother:\n  <<: *b\n") == [
        "f.yaml:3:3: error: merge keys ('<<') are not supported; write the keys out"
    ]


def test_an_alias_bomb_stops_at_the_node_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_source, "MAX_NODES", 50)
    document = parse("a: &a [1, 2, 3, 4, 5, 6, 7, 8]\nb: [*a, *a, *a, *a, *a, *a, *a, *a]\n")
    assert document.data is None
    assert "expands to more than 50 values" in document.problems[0].message


def test_nesting_deeper_than_the_bound_is_refused() -> None:
    text = "x: " + "[" * 80 + "]" * 80 + "\n"
    (problem,) = parse(text).problems
    assert problem.message == "the file nests deeper than 64 levels"


def test_a_recursive_alias_is_refused_not_followed_forever() -> None:
    (problem,) = parse("a: &a [*a]\n").problems
    assert problem.message == "the file nests deeper than 64 levels"


def test_a_file_over_the_size_bound_is_refused_before_parsing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yaml_source, "MAX_BYTES", 10)
    assert messages("a: 12345678901\n") == ["f.yaml: error: the file is 15 bytes; the limit is 10"]


def test_text_that_is_not_utf8_names_the_line_and_column_of_the_bad_byte() -> None:
    (problem,) = parse_yaml(b"a: 1\nb: caf\xe9\n", "f.yaml").problems
    assert str(problem) == (
        "f.yaml:2:7: error: the file is not UTF-8 text (byte 0xe9) (save it as UTF-8)"
    )


def test_a_syntax_error_keeps_pyyamls_line_and_column() -> None:
    (problem,) = parse("a: [1, 2\nb: 3\n").problems
    assert problem.message.startswith("YAML syntax error: ")
    assert (problem.line, problem.column) == (2, 2)


def test_an_empty_file_and_a_top_level_list_are_refused() -> None:
    assert messages("") == ["f.yaml: error: the file is empty"]
    assert messages("# only a comment\n") == ["f.yaml: error: the file is empty"]
    assert messages("- a\n") == [
        "f.yaml:1:1: error: the top level must be a mapping of keys, such as 'format: 1'"
    ]


def test_every_value_and_key_has_its_position() -> None:
    source_map = parse(
        """
        injects:
          - id: a
            title: Hello
        """
    ).source_map
    assert source_map.position_of(("injects", 0, "title")) == Position("f.yaml", 3, 12)
    assert source_map.key_position_of(("injects", 0, "title")) == Position("f.yaml", 3, 5)


def test_position_of_walks_up_to_the_nearest_known_node_and_never_invents_one() -> None:
    source_map = parse("injects:\n  - id: a\n").source_map
    assert source_map.position_of(("injects", 0, "title", "x")) == Position("f.yaml", 2, 5)
    assert SourceMap().position_of(("anything",)) is None


@pytest.mark.parametrize(
    ("line", "column"),
    [("when: a and b", 7), ("when: 'a and b'", 8), ('when: "a and b"', 8)],
)
def test_text_positions_add_an_offset_only_where_columns_match_characters(
    line: str, column: int
) -> None:
    source_map = parse(line + "\n").source_map
    assert source_map.text_position(("when",), 6) == Position("f.yaml", 1, column + 6)


def test_text_positions_of_block_scalars_stay_at_the_scalar_start() -> None:
    source_map = parse("when: >-\n  a and\n  b\n").source_map
    assert source_map.text_position(("when",), 6) == Position("f.yaml", 1, 7)


# --- a hashtag after unquoted text is a comment --------------------------------------------

_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJ", min_size=1, max_size=8).filter(
    lambda word: word.lower() not in {"yes", "no", "on", "off", "y", "n", "null", "true", "false"}
)
"""A word YAML reads as text (not yes/no, null or true/false in any case)."""


@given(
    words=st.lists(_WORD, min_size=1, max_size=5), tag=_WORD, gap=st.sampled_from([" ", "  ", "\t"])
)
def test_a_hashtag_after_plain_text_is_reported_where_it_starts(
    words: list[str], tag: str, gap: str
) -> None:
    text = " ".join(words)
    document = parse_yaml(f"title: {text}{gap}#{tag}\n".encode(), "s.yaml")
    assert document.data == {"title": text}  # what YAML keeps: the comment is gone
    [problem] = document.problems
    assert problem.severity.value == "warning"
    assert (problem.line, problem.column) == (1, len("title: ") + len(text) + len(gap) + 1)
    assert problem.message.startswith(f"'#{tag}' starts a YAML comment")


@given(words=st.lists(_WORD, min_size=1, max_size=5), tag=_WORD)
def test_quoted_text_and_spaced_comments_raise_no_hashtag_warning(
    words: list[str], tag: str
) -> None:
    text = " ".join(words)
    quoted = parse_yaml(f'title: "{text} #{tag}"  #{tag}\n'.encode(), "s.yaml")
    assert quoted.data == {"title": f"{text} #{tag}"} and quoted.problems == []
    commented = parse_yaml(f"title: {text}  # {tag}\n".encode(), "s.yaml")
    assert commented.data == {"title": text} and commented.problems == []


@pytest.mark.parametrize(
    ("plain", "value"),
    [
        ("true", True), ("True", True), ("TRUE", True), ("false", False), ("FALSE", False),
        ("null", None), ("Null", None), ("NULL", None), ("~", None),
        ("truE", "truE"), ("fAlse", "fAlse"), ("nULL", "nULL"),
    ],
)  # fmt: skip
def test_only_the_core_schema_spellings_are_booleans_and_null(plain: str, value: object) -> None:
    document = parse_yaml(f"key: {plain}\n".encode(), "s.yaml")
    assert document.data == {"key": value} and document.problems == []
