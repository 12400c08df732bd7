"""A panel that redraws only when what it shows changed, and asks for a layout only when its size
may have.

`Static.update` repaints and lays the whole screen out again (every widget's box, then every
panel re-rendered), whatever changed: with every panel of the main screen updated after each
key, a key cost a full reflow. `Redrawn.draw` compares what the panel would show with what it
shows (`drawn_key`): the same again costs nothing; something else is drawn in place, and the
screen is laid out only when the panel's size, along the axes its content decides (`auto`
width or height), is not what it was.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from rich.console import Group
from rich.text import Text
from textual.visual import VisualType
from textual.widgets import Static

_NOTHING = object()
"""What a panel has drawn before its first `draw` (equal to no key)."""


def drawn_key(content: object) -> Hashable:
    """What `content` shows, comparable with `==`: a `Text` by its text, spans and every
    setting that changes how it is drawn (`Text`'s own `==` looks at the text and spans only,
    so a dim and a bold line of the same words would compare equal), a `Group` by its parts,
    and strings, `None` and tuples or lists of these as they are.

    Anything else (a `Table`, `Markdown`) cannot be compared: draw it with `Redrawn.draw_from`
    and the inputs it is drawn from.
    """
    if content is None or isinstance(content, str):
        return content
    if isinstance(content, Text):
        return (
            content.plain,
            tuple(content.spans),
            str(content.style),
            content.justify,
            content.overflow,
            content.no_wrap,
            content.end,
            content.tab_size,
        )
    if isinstance(content, Group):
        return ("group", content.fit, drawn_key(content.renderables))
    if isinstance(content, tuple | list):
        return tuple(drawn_key(part) for part in content)
    raise TypeError(f"cannot compare a {type(content).__name__}: draw it with draw_from")


class Redrawn(Static):
    """A `Static` whose `draw` repaints only a change, and lays out only a change of size."""

    def __init__(
        self, content: VisualType = "", *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(content, id=id, classes=classes)
        self._drawn: object = _NOTHING

    def draw(self, content: Text | Group | str) -> bool:
        """Show `content` unless it is what the panel shows; True when it was drawn."""
        return self.draw_from(drawn_key(content), lambda: content)

    def draw_from(self, key: object, render: Callable[[], VisualType]) -> bool:
        """Show `render()` unless `key` (what it is drawn from) is the one last drawn.

        True when it was drawn.
        """
        if key == self._drawn:
            return False
        self._drawn = key
        before = self._natural_size()
        self.update(render(), layout=False)
        if before is None or self._natural_size() != before:
            self.refresh(layout=True)
        return True

    def _natural_size(self) -> tuple[int | None, int | None] | None:
        """The content's width and height along the axes the content decides (None along a
        fixed one); None before the panel is laid out."""
        width = self.size.width
        if not self.is_mounted or not width:
            return None
        styles = self.styles
        container = self.container_size - styles.gutter.totals - styles.margin.totals
        viewport = self.app.size
        auto_width = styles.width is not None and styles.width.is_auto
        auto_height = styles.height is not None and styles.height.is_auto
        return (
            self.get_content_width(container, viewport) if auto_width else None,
            self.get_content_height(container, viewport, width) if auto_height else None,
        )
