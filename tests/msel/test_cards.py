"""Paper cards: the players' packet carries nothing for control only; the control packet does."""

from __future__ import annotations

from pathlib import Path

from markupsafe import escape

from engine.format.loader import load_scenario
from engine.msel.cards import cards_html

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
