"""The paper fallback: the MSEL and one card per inject, as HTML to print when a screen fails.

`wargame cards` prints this page to PDF. The players' packet shows each inject as the room
would see it — no facilitator notes, discussion questions, expected actions or objectives
(`engine.audience` decides, as it does for every screen) — and says which cell a private
inject is for; the control packet (`--controller`) adds them, with each inject's trigger and
source. A `{variable}` in a body is printed as `[its label]`: on paper the value is read out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from engine.audience import Audience, addressed_cells, hidden_inject_fields
from engine.format.model import Inject, Scenario
from engine.msel.columns import MSEL_COLUMNS
from engine.report.markdown import to_html

TEMPLATES = Path(__file__).resolve().parent / "templates"
_FIELD = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


@dataclass(frozen=True)
class Card:
    """One inject's card, holding only what its audience may read."""

    number: int
    inject: Inject
    channel: str
    sender: str
    for_cells: str
    """Empty for the whole room; else the cells a private inject is for."""
    body: str
    trigger: str
    capability: str


def cards_html(scenario: Scenario, *, controller: bool = False) -> bytes:
    """The printable page of the MSEL and its cards, for the players or for control."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    audience = Audience.control() if controller else Audience.room()
    hidden = hidden_inject_fields(audience)
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True)
    )
    page = environment.get_template("cards.html.j2").render(
        scenario=scenario,
        cards=[
            _card(scenario, inject, number) for number, inject in enumerate(scenario.injects, 1)
        ],
        controller=controller,
        shows=lambda field: field not in hidden,
        markdown=to_html,
    )
    return page.encode("utf-8")


def _card(scenario: Scenario, inject: Inject, number: int) -> Card:
    derived = {c.header: c.derive for c in MSEL_COLUMNS if c.derive is not None}
    channels = {c.id: c.name for c in scenario.channels}
    actors = {a.id: a.name for a in scenario.actors}
    cells = {c.id: c.name for c in scenario.cells}
    labels = {v.id: v.label or v.id for v in scenario.variables}
    restricted = addressed_cells(inject.to, scenario)
    return Card(
        number=number,
        inject=inject,
        channel=channels.get(inject.channel, inject.channel),
        sender=actors.get(inject.from_ or "", inject.from_ or ""),
        for_cells=", ".join(cells.get(c, c) for c in sorted(restricted)),
        body=_FIELD.sub(lambda m: f"[{labels.get(m[1], m[1])}]", inject.body),
        trigger=str(derived["Trigger"](scenario, inject, number) or ""),
        capability=str(derived["Core capability"](scenario, inject, number) or ""),
    )
