"""The main screen's keys for the evaluation team and the roster (issue 17).

A mixin of `MainScreen`: the roster (and each evaluator's seat and grant), the evaluators'
ratings side by side with settling, and a core capability's overall rating.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from engine.play import commands as c
from engine.play.evaluation import RATINGS
from players.console.screens.capability import CapabilityScreen
from players.console.screens.evaluations import EvaluationsScreen
from players.console.screens.roster import RosterScreen

if TYPE_CHECKING:
    from players.console.screens.main import MainScreen


def _roster_saved(command: c.Command) -> str:
    if isinstance(command, c.AddParticipant):
        return f"{command.person} is on the roster ({command.role})."
    if isinstance(command, c.RemoveParticipant):
        return f"{command.person} is off the roster."
    if isinstance(command, c.GrantEvaluator):
        how = "now sees" if command.granted else "no longer sees"
        return f"{command.evaluator} {how} the control notes."
    return "Saved."


class EvaluationActions:
    """Actions for the roster, settling ratings and rating a capability."""

    @property
    def _main(self) -> MainScreen:
        return cast("MainScreen", self)

    def action_show_roster(self) -> None:
        """Who takes part: add or remove a person, grant an evaluator the control notes."""
        main = self._main
        main._ask(RosterScreen(main.session), _roster_saved)

    def action_settle_ratings(self) -> None:
        """The evaluators' ratings side by side; settle the one that counts."""
        main = self._main
        if not any(o.critical_tasks for o in main.session.compiled.scenario.objectives):
            main.notify("This scenario has no critical tasks to rate.", severity="warning")
            return
        main._ask(
            EvaluationsScreen(main.session),
            lambda settled: f"Settled on {settled.rating} ({RATINGS[settled.rating]}).",
        )

    def action_rate_capability(self) -> None:
        """Rate an objective's core capability overall."""
        main = self._main
        if not main.session.compiled.scenario.objectives:
            main.notify("This scenario has no objectives to rate.", severity="warning")
            return
        main._ask(
            CapabilityScreen(main.session),
            lambda rated: f"Capability rated {rated.rating} ({RATINGS[rated.rating]}).",
        )
