"""The export registry: one table of report formats feeding `report -o/--format` and the docs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.journal.store import read_journal
from engine.report import build_report, exports
from players.cli import build_parser, main
from players.report_exports import register_exports

DOCS = Path(__file__).resolve().parents[2] / "docs" / "aar.md"


def _sample() -> exports.Export:
    return exports.Export("sample", (".smp",), "text/plain", lambda r: b"x", "a sample")


def test_every_registered_format_has_its_own_name_and_suffixes() -> None:
    register_exports()
    found = exports.exports()
    assert {"html", "markdown", "json", "pdf"} <= {e.name for e in found}
    claimed = [suffix for e in found for suffix in e.suffixes]
    assert len(claimed) == len(set(claimed))
    assert all(suffix.startswith(".") and suffix == suffix.lower() for suffix in claimed)


def test_a_second_format_claiming_a_taken_suffix_is_refused() -> None:
    clash = exports.Export("webpage", (".htm",), "text/html", lambda r: b"", "a clash")
    with pytest.raises(ValueError, match=r"the suffix '\.htm' already means 'html'"):
        exports.register(clash)


def test_a_format_taking_another_formats_alias_is_refused() -> None:
    clash = exports.Export("md", (".mdown",), "text/markdown", lambda r: b"", "a clash")
    with pytest.raises(ValueError, match="the report format name 'md' is already taken"):
        exports.register(clash)


def test_registering_the_same_entry_twice_is_harmless() -> None:
    register_exports()
    register_exports()
    assert [e.name for e in exports.exports()].count("pdf") == 1


def test_the_suffix_and_the_alias_find_the_format() -> None:
    assert exports.for_path(Path("AAR.MD")) is exports.named("md")
    assert exports.for_path(Path("aar.txt")) is None
    with pytest.raises(exports.UnknownFormat, match="unknown report format 'rtf'; use one of"):
        exports.named("rtf")


def test_the_command_line_offers_exactly_the_registered_formats() -> None:
    parser = build_parser()
    report = parser._subparsers._group_actions[0].choices["report"]  # type: ignore[union-attr, index]
    (action,) = [a for a in report._actions if a.dest == "format"]
    assert list(action.choices) == exports.names()


def test_the_aar_guide_lists_every_format_with_its_suffixes() -> None:
    register_exports()
    guide = DOCS.read_text(encoding="utf-8")
    for export in exports.exports():
        row = next((line for line in guide.splitlines() if line.startswith(f"| `{export.name}`")),
                   None)  # fmt: skip
        assert row is not None, f"docs/aar.md has no row for the {export.name} format"
        for suffix in export.suffixes:
            assert f"`{suffix}`" in row


def test_every_text_format_renders_the_same_report(complete_journal: Path) -> None:
    report = build_report(read_journal(complete_journal), budget=0, max_points=0)
    for export in exports.exports():
        if export.text:
            assert export.render(report).decode("utf-8")
    data = json.loads(exports.named("json").render(report))
    assert data["overview"]["name"] == report.overview.name


def test_a_pdf_cannot_go_to_stdout(
    complete_journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(complete_journal), "--format", "pdf", "--budget", "0"]) == 1
    assert capsys.readouterr().err == (
        "wargame: error: a pdf report is not text: write it to a file with -o\n"
    )
