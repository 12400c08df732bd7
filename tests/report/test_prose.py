"""Observations and a form's answers read as sentences, one after another."""

from __future__ import annotations

from engine.report.prose import sentence, sentences


def test_a_text_without_an_ending_gets_a_full_stop_and_one_with_an_ending_is_kept() -> None:
    assert sentence("Shared a turn late") == "Shared a turn late."
    assert sentence(" Why so late? ") == "Why so late?"
    assert sentence("") == ""


def test_several_texts_read_one_after_another_without_doubled_punctuation() -> None:
    joined = sentences(["The move was already under way.", "J. Alvarez: Shared late", "  "])
    assert joined == "The move was already under way. J. Alvarez: Shared late."
