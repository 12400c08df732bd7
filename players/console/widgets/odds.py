"""Decision support for the White cell: where each option of an open decision tends to end.

Facilitator-only (the players' view has no such panel). The odds come from a worker process
(`players.console.odds_worker`): `show` asks for the state's odds when the state changed, a
timer collects the answer, and until it comes the panel says it is computing.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.timer import Timer

from engine.explore.odds import DecisionOdds
from engine.play.session import Session
from players.console.odds_worker import OddsRequest, OddsWorker
from players.console.widgets.redrawn import Redrawn

DEBOUNCE = 0.25
"""Seconds of quiet before asking (a burst of keys asks once, for the last state)."""
POLL = 0.1
"""Seconds between looks for the worker's answer."""


def method_line(odds: DecisionOdds) -> str:
    """How the odds were computed, in words (shown under them)."""
    if odds.method == "exact":
        return f"exact over every playthrough ({odds.states:,} states), bots choosing at random"
    return (
        f"a sample of {odds.samples:,} playthroughs per option (more than {odds.states:,} "
        "states), bots choosing at random"
    )


def shares_text(session: Session, endings: dict[str | None, float], stuck: float) -> str:
    """`Managed risk 73% · Unit profiled 19%`, the likeliest first."""
    titles = {ending.id: ending.title for ending in session.compiled.scenario.endings}
    shares = [
        (share, titles.get(ending, ending) if ending else "no ending")
        for ending, share in endings.items()
    ]
    if stuck:
        shares.append((stuck, "dead end"))
    shares.sort(key=lambda item: -item[0])
    return " · ".join(f"{name} {share:.0%}" for share, name in shares if share >= 0.005) or "—"


def odds_renderable(session: Session, answer: list[DecisionOdds]) -> Group:
    """Each pending choice's options with their shares of endings."""
    compiled = session.compiled
    cells = {cell.id: cell.name for cell in compiled.scenario.cells}
    parts: list[RenderableType] = []
    for odds in answer:
        decision = compiled.decisions[odds.decision]
        parts.append(
            Text(f"{decision.source.prompt} ({cells.get(odds.cell, odds.cell)})", style="bold")
        )
        for option in odds.options:
            label = decision.options[option.option].label
            if not option.available:
                parts.append(Text(f"  ✗ {label}: unavailable", style="dim"))
                continue
            line = Text(f"  {label}: ", style="bold")
            line.append(shares_text(session, dict(option.endings), option.stuck), style="")
            parts.append(line)
    if answer:
        parts.append(Text(method_line(answer[0]), style="dim italic"))
    return Group(*parts)


class OddsPanel(Redrawn):
    """The odds of every open decision's options, computed away from the keys."""

    DEFAULT_CSS = """
    OddsPanel { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.worker: OddsWorker | None = None
        self._generation = 0
        self._key: object = None
        self._session: Session | None = None
        self._asking: Timer | None = None
        self.answered: list[DecisionOdds] | None = None
        """The odds on screen (None while computing or when nothing is open)."""

    def on_mount(self) -> None:
        """Start the odds worker and collect its answers every `POLL` seconds."""
        self.worker = OddsWorker()
        self.set_interval(POLL, self._collect)

    def on_unmount(self) -> None:
        """Stop the odds worker."""
        if self.worker is not None:
            self.worker.close()

    def show(self, session: Session) -> None:
        """Ask for the odds of the session's state, if it changed since the last ask."""
        key = (session.state.key(), tuple(session.pending_choices()))
        if key == self._key:
            return
        self._key = key
        self._session = session
        self._generation += 1
        self.answered = None
        if self._asking is not None:
            self._asking.stop()
        if self.worker is not None:
            self.worker.cancel()
        if not session.pending_choices():
            self.display = False
            return
        self.display = True
        self.draw(Text("Computing the odds of each option…", style="dim italic"))
        self._asking = self.set_timer(DEBOUNCE, self._ask)

    def _ask(self) -> None:
        session = self._session
        if session is None or self.worker is None:
            return
        compiled = session.compiled
        self.worker.submit(
            OddsRequest(
                self._generation,
                compiled.scenario,
                compiled.content_hash,
                session.seed,
                list(session.events),
            )
        )

    def _collect(self) -> None:
        if self.worker is None or self._session is None:
            return
        answer = self.worker.poll()
        if answer is None or answer.generation != self._generation:
            return
        if answer.error:
            self.draw(Text(f"Odds not available: {answer.error}", style="dim"))
            return
        self.answered = answer.odds
        self.draw(odds_renderable(self._session, answer.odds))
