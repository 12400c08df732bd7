"""Paper cards: the players' packet carries nothing for control only; the control packet does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from markupsafe import escape

from engine.format.loader import load_scenario
from engine.msel.cards import cards_html
from players.cli import main
from players.report_exports import find_chromium

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = load_scenario(ROOT / "scenarios" / "portrait").scenario


def test_the_players_cards_carry_no_notes_questions_or_expected_actions() -> None:
    page = cards_html(FLAGSHIP).decode()
    for inject in FLAGSHIP.injects:
        assert escape(inject.title) in page
        for secret in (inject.notes, *inject.questions, *inject.expected_actions):
            if secret.strip():
                assert escape(secret.strip().splitlines()[0]) not in page, inject.id


def test_the_control_packet_adds_the_notes_questions_and_triggers() -> None:
    page = cards_html(FLAGSHIP, controller=True).decode()
    noted = next(i for i in FLAGSHIP.injects if i.notes.strip())
    assert "Facilitator notes" in page
    assert "Trigger" in page and "turn 1" in page
    assert escape(noted.notes.strip().splitlines()[0]) in page


def test_a_private_inject_says_which_cell_it_is_for() -> None:
    from engine.audience import addressed_cells

    private = next(i for i in FLAGSHIP.injects if addressed_cells(i.to, FLAGSHIP))
    page = cards_html(FLAGSHIP).decode()
    assert "only</span>" in page
    assert escape(private.title) in page


def test_a_variable_in_a_body_prints_as_its_label() -> None:
    with_field = next(i for i in FLAGSHIP.injects if "{" in i.body)
    page = cards_html(FLAGSHIP).decode()
    name = with_field.body.split("{", 1)[1].split("}", 1)[0]
    label = next(v.label or v.id for v in FLAGSHIP.variables if v.id == name)
    assert f"[{label}]" in page


def _page_texts(pdf: Path) -> list[str]:
    import subprocess

    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


@pytest.mark.skipif(
    find_chromium() is None or shutil.which("pdftotext") is None,
    reason="needs chromium and poppler-utils (pdftotext); .ci/run installs them",
)
@pytest.mark.parametrize("controller", [False, True], ids=["players", "control"])
def test_the_printed_cards_have_the_banner_and_page_number_on_every_page(
    controller: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "cards.pdf"
    flags = ["--controller"] if controller else []
    assert main(["cards", str(ROOT / "scenarios" / "portrait"), "-o", str(pdf), *flags]) == 0
    pages = _page_texts(pdf)
    assert len(pages) > 5
    for number, page in enumerate(pages, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines[0] == FLAGSHIP.classification, number
        assert FLAGSHIP.classification in lines[-1], number
        assert f"Page {number} of {len(pages)}" in lines[-1], number
    noted = next(i for i in FLAGSHIP.injects if i.notes.strip())
    first_note_words = " ".join(noted.notes.split()[:4])
    printed = " ".join(" ".join(pages).split())
    assert (first_note_words in printed) is controller
