"""The exercise's phases, and the groups of them the rules ask about.

Only the names: which phase may follow which, and what a move does, is the lifecycle's
(`engine.play.lifecycle`), which the state, the events and the rules cannot import (its moves
call the rules).
"""

from __future__ import annotations

from enum import StrEnum


class Phase(StrEnum):
    """Where the exercise is in its lifecycle."""

    SETUP = "setup"
    BRIEFING = "briefing"
    DELIVERY = "delivery"
    DELIBERATION = "deliberation"
    DECISIONS = "decisions"
    ADJUDICATION = "adjudication"
    TURN_END = "turn_end"
    PAUSED = "paused"
    HOTWASH = "hotwash"
    ENDED = "ended"


RUNNING = (Phase.DELIVERY, Phase.DELIBERATION, Phase.DECISIONS, Phase.ADJUDICATION, Phase.TURN_END)
"""The phases of a turn, in order: the exercise is live in any of them."""

CHOOSING = (Phase.DELIVERY, Phase.DELIBERATION, Phase.DECISIONS)
"""The phases in which cells may record choices."""

FINISHED = (Phase.HOTWASH, Phase.ENDED)
"""The phases after the exercise's end: nothing more happens in the story."""
