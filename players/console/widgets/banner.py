"""The classification banner shown at the top of every screen, coloured by its marking."""

from __future__ import annotations

from textual.widgets import Static


def marking_class(classification: str) -> str:
    """The CSS class for a marking: the colours the banners of real documents use."""
    text = classification.upper()
    if "TOP SECRET" in text:
        return "-top-secret"
    if "SECRET" in text:
        return "-secret"
    if "CONFIDENTIAL" in text:
        return "-confidential"
    return "-unclassified"


class ClassificationBanner(Static):
    """One line, centred, in the colour of the classification."""

    DEFAULT_CSS = """
    ClassificationBanner {
        dock: top;
        width: 100%;
        height: 1;
        content-align: center middle;
        text-style: bold;
        color: white;
        background: #007a33;
    }
    ClassificationBanner.-confidential { background: #0033a0; }
    ClassificationBanner.-secret { background: #c8102e; }
    ClassificationBanner.-top-secret { background: #ff8c00; color: black; }
    """

    def __init__(self, classification: str) -> None:
        super().__init__(classification, markup=False, classes=marking_class(classification))
