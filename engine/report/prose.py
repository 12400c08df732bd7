"""Short texts (observations, a form's answers) joined into prose that reads as sentences."""

from __future__ import annotations

from collections.abc import Iterable

_ENDINGS = (".", "!", "?", "…")


def sentence(text: str) -> str:
    """The text ending as a sentence does (a full stop added where it has no ending)."""
    text = text.strip()
    return text if not text or text.endswith(_ENDINGS) else f"{text}."


def sentences(texts: Iterable[str]) -> str:
    """The non-empty texts one after another, each a sentence: `Kept. Lee Park: Late.`"""
    return " ".join(sentence(text) for text in texts if text.strip())
