"""A key redraws only the panels whose content changed, and lays the screen out only when a
panel's size changed (`players/console/widgets/redrawn.py`, issue #16's key-to-screen)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from console_support import console, drive, fixed_wall, plain
from rich.console import Group
from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Static

from engine.format.loader import load_scenario
from engine.journal.journaled_session import JournaledSession
from engine.play.compiled import compile_scenario
from players.console.screens.main import MainScreen
from players.console.widgets.redrawn import Redrawn, drawn_key

FLAGSHIP = Path(__file__).resolve().parents[2] / "scenarios" / "portrait"

Refreshes = list[tuple[Widget, bool]]


@contextmanager
def refreshes(monkeypatch: pytest.MonkeyPatch) -> Iterator[Refreshes]:
    """Every widget's `refresh` while inside, with whether it asked for a layout."""
    seen: Refreshes = []
    original = Widget.refresh

    def recording(self: Widget, *regions: object, **flags: bool) -> Widget:
        seen.append((self, flags.get("layout", False)))
        return original(self, *regions, **flags)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(Widget, "refresh", recording)
        yield seen


def flagship(tmp_path: Path) -> JournaledSession:
    """A fresh exercise on the flagship, in the briefing."""
    loaded = load_scenario(FLAGSHIP)
    compiled = compile_scenario(loaded.scenario, loaded.content_hash)
    return JournaledSession.create(compiled, 11, tmp_path / "p.jsonl", wall=fixed_wall)


async def main_screen(pilot: Pilot[None]) -> MainScreen:
    """Past the briefing, the main screen."""
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    return screen


def panels(screen: MainScreen) -> dict[str, Static]:
    """The main screen's panels (every Static under the body), by id."""
    return {
        str(widget.id): widget
        for widget in screen.query_one("#body").query(Static)
        if widget.id is not None
    }


def clipped(widget: Static) -> bool:
    """Whether a panel whose height follows its content is laid out shorter (or taller)."""
    height = widget.styles.height
    if not widget.display or height is None or not height.is_auto:
        return False
    width = widget.size.width
    wanted = widget.get_content_height(widget.container_size, widget.app.size, width)
    return wanted != widget.size.height


def test_a_clock_key_on_the_flagship_repaints_only_what_changed_and_lays_nothing_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exercise = flagship(tmp_path)
    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        screen = await main_screen(pilot)
        before = {name: plain(panel) for name, panel in panels(screen).items()}
        body = screen.query_one("#body")
        with refreshes(monkeypatch) as seen:
            await pilot.press("plus")
            await pilot.pause()
        after = {name: plain(panel) for name, panel in panels(screen).items()}
        changed = {name for name in after if after[name] != before[name]}
        assert changed == {"situation-status"}  # the time, and nothing else
        under_body = [(w, layout) for w, layout in seen if body in w.ancestors_with_self]
        assert {str(w.id) for w, _ in under_body} == changed
        assert not [w for w, layout in under_body if layout]
        assert not [name for name, panel in panels(screen).items() if clipped(panel)]

    drive(app, steps)
    exercise.close()


def test_no_panel_is_clipped_after_the_keys_of_the_flagships_first_turn(tmp_path: Path) -> None:
    exercise = flagship(tmp_path)
    app = console(exercise)

    async def steps(pilot: Pilot[None]) -> None:
        screen = await main_screen(pilot)
        heights: set[tuple[str, int]] = set()
        for key in ["plus", "n", "plus", "n", "n", "plus", "n", "n"]:
            await pilot.press(key)
            await pilot.pause()
            shown = panels(screen)
            assert not [name for name, panel in shown.items() if clipped(panel)], key
            heights |= {(name, panel.size.height) for name, panel in shown.items()}
        # on the way the status line wrapped onto a second line: laid out, not cut
        assert {("situation-status", 1), ("situation-status", 2)} <= heights

    drive(app, steps)
    exercise.close()


class _Panels(App[None]):
    """One `Redrawn` panel between two lines, its height (and maybe width) its content's."""

    CSS = """
    #panel { height: auto; }
    #panel.-auto-width { width: auto; }
    """

    def __init__(self, *, auto_width: bool = False) -> None:
        super().__init__()
        self.auto_width = auto_width

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("above")
            yield Redrawn(id="panel", classes="-auto-width" if self.auto_width else None)
            yield Static("below", id="below")


def _play(app: _Panels, steps: object) -> None:
    async def main() -> None:
        async with app.run_test(size=(40, 12)) as pilot:
            await pilot.pause()
            await steps(pilot)  # type: ignore[operator]

    asyncio.run(main())


def _line(widget: Widget, y: int) -> str:
    return widget.render_line(y).text.rstrip()


def test_a_panel_whose_content_grows_is_laid_out_and_shows_every_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = _Panels()

    async def steps(pilot: Pilot[None]) -> None:
        panel = app.query_one(Redrawn)
        below = app.query_one("#below")
        panel.draw(Text("one"))
        await pilot.pause()
        assert panel.size.height == 1
        top = below.region.y
        with refreshes(monkeypatch) as seen:
            assert panel.draw(Group(Text("one"), Text("two"), Text("three")))
        assert (panel, True) in seen
        await pilot.pause()
        assert panel.size.height == 3
        assert [_line(panel, y) for y in range(3)] == ["one", "two", "three"]
        assert below.region.y == top + 2  # what follows moved down: nothing is drawn over

    _play(app, steps)


def test_a_panel_whose_content_keeps_its_height_is_repainted_without_a_layout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = _Panels()

    async def steps(pilot: Pilot[None]) -> None:
        panel = app.query_one(Redrawn)
        panel.draw(Text("D+0 20:00"))
        await pilot.pause()
        with refreshes(monkeypatch) as seen:
            assert panel.draw(Text("D+0 20:30"))
            await pilot.pause()
        assert seen and not [widget for widget, layout in seen if layout]
        assert _line(panel, 0) == "D+0 20:30"

    _play(app, steps)


def test_the_same_content_again_is_not_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    app = _Panels()

    async def steps(pilot: Pilot[None]) -> None:
        panel = app.query_one(Redrawn)
        panel.draw(Group(Text("a"), Text("b", style="bold")))
        await pilot.pause()
        with refreshes(monkeypatch) as seen:
            assert not panel.draw(Group(Text("a"), Text("b", style="bold")))
            await pilot.pause()
        assert not [widget for widget, _ in seen if widget is panel]

    _play(app, steps)


def test_a_panel_as_wide_as_its_content_is_laid_out_when_it_widens(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = _Panels(auto_width=True)

    async def steps(pilot: Pilot[None]) -> None:
        panel = app.query_one(Redrawn)
        panel.draw(Text("⏱ 59:59 / 15:00"))
        await pilot.pause()
        assert panel.size.width == 15
        with refreshes(monkeypatch) as seen:
            panel.draw(Text("⏱ 1:00:00 / 15:00"))
        assert (panel, True) in seen
        await pilot.pause()
        assert panel.size.width == 17
        assert _line(panel, 0) == "⏱ 1:00:00 / 15:00"

    _play(app, steps)


def test_the_drawn_key_tells_a_style_from_another_and_equal_texts_alike() -> None:
    assert drawn_key(Text("waiting", style="dim")) != drawn_key(Text("waiting", style="bold"))
    assert drawn_key(Text("x", overflow="ellipsis")) != drawn_key(Text("x"))
    assert drawn_key(Group(Text("a"), Text("b"))) == drawn_key(Group(Text("a"), Text("b")))
    assert drawn_key(Group(Text("a"))) != drawn_key(Text("a"))
    with pytest.raises(TypeError, match="cannot compare a Table: draw it with draw_from"):
        from rich.table import Table

        drawn_key(Table())
