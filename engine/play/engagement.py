"""Engagement counts that move with the story: a post's views, likes, shares and comments.

A count comes from the inject's own `engagement` expression, else the number its `post`
writes, else its channel's `engagement` expression, else 0 (a cell's post takes its
channel's). The expressions are compiled once with the scenario (the loader has checked them
at their `file:line:column`) and read on the server whenever a screen draws the post: a seat
receives the numbers, never the variables they are computed from.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from engine.expressions import ExpressionState, SymbolTable, compile_number
from engine.format.model import Engagement, Scenario, SocialPost

COUNTS = ("views", "likes", "shares", "comments")
"""The counts shown under a post, in the order the screens show them (views first)."""
NOT_A_COUNT = "an engagement count must be a whole number"
"""What the compiler says of an engagement expression that is not an int."""

Count = Callable[[ExpressionState], int]


def compile_count(text: str, symbols: SymbolTable) -> Count:
    """Compile one engagement expression (raises ExpressionError, with its offset)."""
    return compile_number(text, symbols, NOT_A_COUNT)


def _compiled(engagement: Engagement | None, symbols: SymbolTable) -> dict[str, Count]:
    if engagement is None:
        return {}
    found = {name: getattr(engagement, name) for name in COUNTS}
    return {name: compile_count(text, symbols) for name, text in found.items() if text}


@dataclass(frozen=True, slots=True)
class EngagementTable:
    """Every engagement expression of a scenario, compiled, by channel and by inject."""

    channels: Mapping[str, dict[str, Count]]
    injects: Mapping[str, dict[str, Count]]

    @classmethod
    def empty(cls) -> EngagementTable:
        """No engagement expressions."""
        return cls({}, {})

    @classmethod
    def of(cls, scenario: Scenario, symbols: SymbolTable) -> EngagementTable:
        """Compile the scenario's engagement expressions."""
        return cls(
            {ch.id: _compiled(ch.engagement, symbols) for ch in scenario.channels if ch.engagement},
            {i.id: _compiled(i.engagement, symbols) for i in scenario.injects if i.engagement},
        )

    def counts(
        self,
        state: ExpressionState,
        channel: str,
        inject: str | None = None,
        post: SocialPost | None = None,
    ) -> dict[str, int]:
        """The counts shown now for a post on `channel` (a scenario `inject`, or a cell's)."""
        own = self.injects.get(inject, {}) if inject is not None else {}
        shared = self.channels.get(channel, {})
        shown: dict[str, int] = {}
        written = post.model_fields_set if post is not None else set()
        for name in COUNTS:
            count = own.get(name)
            if count is None and name not in written:
                count = shared.get(name)
            fixed = int(getattr(post, name)) if post is not None else 0
            shown[name] = max(0, count(state)) if count is not None else fixed
        return shown

    def moves(self, channel: str, inject: str | None = None) -> bool:
        """Whether any count of such a post is computed from the story."""
        return bool(self.channels.get(channel)) or bool(inject and self.injects.get(inject))
