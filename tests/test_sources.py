"""Sources: several per inject, web addresses and citations without a file, `based_on`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from test_loader_checks import BASE, messages

from engine.format.loader import load_scenario

WriteYaml = Callable[..., Path]

SOURCES = """\
sources:
  - {id: report, file: report.txt}
  - {id: memo, file: memo.txt}
  - {id: article, url: "https://example.org/story", title: The story}
  - {id: book, citation: "A. Author, A Book, 2020."}
"""


def _with(injects: str) -> str:
    return BASE + SOURCES + "injects:\n" + injects


def test_an_inject_may_cite_several_sources_and_each_quote_is_checked(
    write_yaml: WriteYaml, tmp_path: Path
) -> None:
    (tmp_path / "report.txt").write_text("The data was sold to a broker.", encoding="utf-8")
    (tmp_path / "memo.txt").write_text("Nobody was told.", encoding="utf-8")
    path = write_yaml(
        _with(
            "  - id: leak\n    title: T\n    channel: news\n    turn: 1\n"
            "    source: {document: report, quote: 'data was sold'}\n"
            "    sources:\n"
            "      - {document: memo, quote: 'Nobody was told'}\n"
            "      - {document: memo, quote: 'Everybody knew'}\n"
        )
    )
    assert messages(path, sources_dir=tmp_path) == [
        '31:33: error: quote not found in memo.txt: "Everybody knew"'
    ]
    inject = load_scenario(path).scenario.injects[0]
    assert [c.document for c in inject.citations()] == ["report", "memo", "memo"]


def test_a_quote_from_a_source_without_a_file_is_said_to_be_unchecked(
    write_yaml: WriteYaml, tmp_path: Path
) -> None:
    for name in ("report.txt", "memo.txt"):
        (tmp_path / name).write_text("", encoding="utf-8")
    path = write_yaml(
        _with(
            "  - id: story\n    title: T\n    channel: news\n    turn: 1\n"
            "    sources:\n"
            "      - {document: article, quote: 'anything it says'}\n"
            "      - {document: book, quote: 'anything at all'}\n"
        )
    )
    assert messages(path) == []
    assert messages(path, sources_dir=tmp_path) == [
        "29:36: warning: quote not checked: source 'article' has no local `file`",
        "30:33: warning: quote not checked: source 'book' has no local `file`",
    ]


def test_an_inject_based_on_a_source_may_be_fictional_and_needs_no_quote(
    write_yaml: WriteYaml,
) -> None:
    path = write_yaml(
        _with(
            "  - {id: drawn, title: T, channel: news, turn: 1,"
            " based_on: [article, book], fictional: true}\n"
            "  - {id: plain, title: T, channel: news, turn: 1, based_on: [report]}\n"
        )
    )
    assert messages(path) == []
    assert load_scenario(path).scenario.injects[0].based_on == ("article", "book")


def test_a_source_url_must_be_a_web_address(write_yaml: WriteYaml) -> None:
    path = write_yaml(
        BASE + "sources:\n  - {id: page, url: 'javascript:alert(1)'}\n"
        "injects:\n  - {id: a, title: T, channel: news, turn: 1, based_on: [page]}\n"
    )
    assert messages(path) == [
        "19:21: error: a source's `url` starts with http:// or https:// and has no spaces"
    ]
