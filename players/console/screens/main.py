"""The main screen: MSEL, the current inject, situation, decisions and ratings, and every key.

Each action opens a dialog where one is needed; the dialog returns a command; the app runs
it through the journal and only then redraws this screen from the session's state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, TypeVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer

from engine.audience import Audience, sees_inject
from engine.errors import CommandRefused
from engine.play import commands as c
from engine.play.clock import awaiting_confirmation
from engine.play.lifecycle import RUNNING, Phase
from engine.play.session import RATINGS, Session
from engine.play.state import InjectStatus
from players.console.keys import MAIN_KEYS, key_label
from players.console.names import Names
from players.console.presenting import presented, waiting
from players.console.screens.adhoc import AdhocScreen
from players.console.screens.choice import ChoiceScreen
from players.console.screens.confirm import ConfirmScreen
from players.console.screens.end import EndScreen
from players.console.screens.evaluation_actions import EvaluationActions
from players.console.screens.inject_picker import InjectPickerScreen
from players.console.screens.note import KIND_LABELS, NoteScreen
from players.console.screens.notes import NotesScreen
from players.console.screens.override import OverrideScreen
from players.console.screens.posts import PostsScreen, waiting_posts
from players.console.screens.rating import RatingScreen
from players.console.screens.seats import SeatsScreen
from players.console.screens.set_variable import SetVariableScreen
from players.console.screens.submissions import SubmissionsScreen
from players.console.screens.submissions import waiting as waiting_submissions
from players.console.widgets.banner import ClassificationBanner
from players.console.widgets.decisions import DecisionPanel, latest_rolls
from players.console.widgets.inject_view import InjectView
from players.console.widgets.msel import MselTable
from players.console.widgets.objectives import ObjectivesPanel
from players.console.widgets.odds import OddsPanel
from players.console.widgets.scenario_clock import ClockPanel
from players.console.widgets.situation import SituationPanel

if TYPE_CHECKING:
    from players.console.app import ConsoleApp

C = TypeVar("C", bound=c.Command)

_OPEN = (InjectStatus.PENDING, InjectStatus.SCHEDULED, InjectStatus.HELD, InjectStatus.AWAITING)


def _any_option(session: Session, decision: str) -> str:
    """An option to dry-run a choice with (an available one when there is one)."""
    options = session.available_options(decision) or [
        option for option, _ in session.options(decision)
    ]
    return options[0].id


class MainScreen(EvaluationActions, Screen[None]):
    """Where the facilitator runs the exercise."""

    BINDINGS: ClassVar[list[BindingType]] = list(MAIN_KEYS)

    def __init__(self) -> None:
        super().__init__()
        self._shown_last: str | None = None
        self._selected: str | None = None
        self._inject_titles: tuple[str, str] | None = None

    @property
    def console(self) -> ConsoleApp:
        """The console app this screen belongs to."""
        return cast("ConsoleApp", self.app)

    @property
    def session(self) -> Session:
        """The exercise's session (re-read every time: undo rebuilds it)."""
        return self.console.exercise.session

    def compose(self) -> ComposeResult:
        """The MSEL and the inject; beside them situation, decisions, odds and ratings."""
        yield ClassificationBanner(self.console.classification)
        with Horizontal(id="body"):
            with Vertical(id="left"):
                yield MselTable(id="msel")
                yield InjectView(id="inject")
            with VerticalScroll(id="side"):
                yield SituationPanel(
                    self.console.clock,
                    self.console.turn_limit,
                    wall=self.console.wall,
                    rate=self.console.rate,
                    id="situation",
                )
                yield DecisionPanel(id="decisions")
                if self.console.decision_support:
                    yield OddsPanel(id="odds")
                yield ObjectivesPanel(id="objectives")
        yield Footer()

    def on_mount(self) -> None:
        """Title each panel's border and draw the state."""
        self.query_one("#msel").border_title = "MSEL"
        self.query_one("#inject").border_title = "Inject"
        self.query_one("#situation").border_title = "Situation"
        self.query_one("#decisions").border_title = "Decisions"
        self.query_one("#objectives").border_title = "Ratings"
        for odds in self.query(OddsPanel):
            odds.border_title = "Odds (facilitator only)"
        self.show_state()

    def show_state(self) -> None:
        """Redraw every panel from the session's current state."""
        session = self.session
        last = presented(session) or session.state.last_inject
        if last != self._shown_last:
            self._selected = None  # another inject is presented: show it
            self._shown_last = last
        self.query_one(MselTable).show(session)
        if session.finished and self._selected is None:
            self.query_one(InjectView).show_ending(session, self.console.journal_path)
        else:
            self.query_one(InjectView).show(session, self._selected or last)
        self._title_inject_panel(session, last)
        self.query_one(SituationPanel).show(session)
        self.query_one(DecisionPanel).show(session)
        if self.console.decision_support:  # by id: a query of every OddsPanel walks the screen
            self.query_one("#odds", OddsPanel).show(session)
        self.query_one(ObjectivesPanel).show(session)

    def _title_inject_panel(self, session: Session, on_show: str | None) -> None:
        """`Inject · presented` (or `preview`), and how many delivered ones wait, with the key."""
        panel = self.query_one(InjectView)
        shown = self._selected or on_show
        queue = waiting(session)
        if shown is None or (session.finished and self._selected is None):
            title = "Inject"
        elif shown == presented(session) and not sees_inject(Audience.room(), session, shown):
            title = "Inject · presented to its cells only (the projector keeps the last public one)"
        elif shown == presented(session):
            title = "Inject · presented to the room"
        else:
            title = "Inject · preview (the room does not see it)"
        key = key_label(next(b for b in MAIN_KEYS if b.action == "present_next"))
        subtitle = f"{len(queue)} more delivered · {key}: present the next" if queue else ""
        if (title, subtitle) != self._inject_titles:  # setting a title repaints the panel
            self._inject_titles = (title, subtitle)
            panel.border_title = title
            panel.border_subtitle = subtitle

    @on(MselTable.InjectSelected)
    def _inject_selected(self, event: MselTable.InjectSelected) -> None:
        self._selected = event.inject
        self.query_one(InjectView).show(self.session, event.inject)
        self._title_inject_panel(self.session, event.inject)

    @on(ClockPanel.Reached)
    def _clock_reached(self, event: ClockPanel.Reached) -> None:
        """The running clock reached a stop: journal it, delivering what falls due there."""
        if self.session.state.clock_rate is not None:
            self.console.execute(c.AdvanceClock(event.minutes))

    def _write_running_minutes(self) -> None:
        """Journal the minutes the running clock ran since its last stop (before it stops)."""
        minutes = self.query_one(ClockPanel).running_clock.unjournaled(self.session)
        if minutes > 0:
            self.console.execute(c.AdvanceClock(minutes))

    # ------------------------------------------------------------------ helpers
    def _ask(self, dialog: Screen[C | None], saved: Callable[[C], str] | None = None) -> None:
        """Open a dialog and run the command it returns (then say `saved`, if given)."""

        def done(command: C | None) -> None:
            if command is not None and self.console.execute(command) and saved is not None:
                self.notify(saved(command), title="Saved")

        self.app.push_screen(dialog, done)

    def _confirm(self, question: str, then: Callable[[], object]) -> None:
        def done(confirmed: bool | None) -> None:
            if confirmed:
                then()

        self.app.push_screen(ConfirmScreen(question), done)

    def _pick(
        self, title: str, wanted: tuple[InjectStatus, ...], then: Callable[[str], object]
    ) -> None:
        session = self.session
        choices = [
            (inject.id, f"{inject.title} [{session.state.status_of(inject.id).value}]")
            for inject in session.compiled.scenario.injects
            if session.state.status_of(inject.id) in wanted
        ]
        if not choices:
            self.notify("No inject can take that now.", severity="warning")
            return
        current = self.query_one(MselTable).highlighted_inject()

        def done(inject: str | None) -> None:
            if inject is not None:
                then(inject)

        self.app.push_screen(InjectPickerScreen(title, choices, current), done)

    # ------------------------------------------------------------------ actions
    def action_next_phase(self) -> None:
        """Move to the next phase (or the next turn)."""
        self.console.execute(c.NextPhase())

    def action_present_next(self) -> None:
        """Present the next delivered inject waiting (or the one selected in the MSEL)."""
        session = self.session
        queue = waiting(session)
        selected = self._selected
        if queue:
            inject = queue[0]
        elif selected is not None and selected != presented(session):
            inject = selected
        else:
            self.notify("Every delivered inject has been presented.", severity="warning")
            return
        self._selected = None
        self.console.execute(c.PresentInject(inject))

    def action_record_choice(self) -> None:
        """Record a choice for a (decision, cell) that is waiting for one."""
        session = self.session
        pending = session.pending_choices()
        if not pending:
            self.notify("No decision is waiting for a choice.", severity="warning")
            return
        decision, cell = pending[0]
        try:  # refused before the dialog opens, so no rationale is typed in vain
            session.check(c.RecordChoice(decision, cell, _any_option(session, decision)))
        except CommandRefused as refused:
            self.notify(str(refused), title="Not now", severity="warning")
            return
        self._ask(ChoiceScreen(session, pending))

    def action_override_roll(self) -> None:
        """Replace the outcome of the latest roll, with a reason."""
        rolls = latest_rolls(self.session, limit=1)
        if not rolls:
            self.notify("There is no roll to override.", severity="warning")
            return
        self._ask(OverrideScreen(self.session, rolls[0]))

    def action_release_inject(self) -> None:
        """Deliver a pending, scheduled or held inject now."""
        self._pick(
            "Release which inject now?",
            _OPEN,
            lambda inject: self.console.execute(c.ReleaseInject(inject)),
        )

    def action_hold_inject(self) -> None:
        """Hold a pending inject, or unhold a held one."""

        def toggle(inject: str) -> None:
            held = self.session.state.status_of(inject) is InjectStatus.HELD
            self.console.execute(c.UnholdInject(inject) if held else c.HoldInject(inject))

        self._pick("Hold (or unhold) which inject?", _OPEN, toggle)

    def action_cancel_inject(self) -> None:
        """Cancel an inject, after a confirmation."""

        def cancel(inject: str) -> None:
            self._confirm(
                f"Cancel inject {inject}? It will never be delivered.",
                lambda: self.console.execute(c.CancelInject(inject)),
            )

        self._pick("Cancel which inject?", _OPEN, cancel)

    def action_add_inject(self) -> None:
        """Write an ad-hoc inject and deliver it."""
        self._ask(AdhocScreen(self.session.compiled.scenario))

    def action_set_variable(self) -> None:
        """Set a variable, with a reason."""
        if not self.session.compiled.scenario.variables:
            self.notify("This scenario has no variables.", severity="warning")
            return
        self._ask(SetVariableScreen(self.session))

    def action_advance_clock(self) -> None:
        """Move the scenario clock forward 30 minutes."""
        self.console.execute(c.AdvanceClock(30))

    def action_toggle_clock(self) -> None:
        """Start the running clock at the console's rate, or stop it where it stands."""
        if self.session.state.clock_rate is not None:
            self._write_running_minutes()
            self.console.execute(c.StopClock())
        elif self.console.rate is None:
            self.notify(
                "The clock moves by hand (+): run the console with --rate N, or give the "
                "scenario a turns.rate, to let it run.",
                severity="warning",
            )
        else:
            self.console.execute(c.StartClock(self.console.rate))

    def action_confirm_inject(self) -> None:
        """Deliver the first inject that fell due and waits for the facilitator."""
        waiting = awaiting_confirmation(self.session.compiled, self.session.state)
        if waiting is None:
            self.notify("No inject is waiting for confirmation.", severity="warning")
            return
        self.console.execute(c.ReleaseInject(waiting))

    def action_rate_task(self) -> None:
        """Rate a critical task P, S, M or U."""
        if not self.session.compiled.scenario.objectives:
            self.notify("This scenario has no objectives to rate.", severity="warning")
            return
        names = Names(self.session.compiled.scenario)
        self._ask(
            RatingScreen(self.session),
            lambda rated: (
                f"Rating saved: {rated.rating} ({RATINGS[rated.rating]}) for "
                f"“{names.of('task', rated.task)}”."
            ),
        )

    def action_add_note(self) -> None:
        """Add a note, tagged to the inject on screen."""
        names = Names(self.session.compiled.scenario)

        def saved(note: c.AddNote) -> str:
            about = f", about “{names.of('inject', note.inject)}”" if note.inject else ""
            return f"Note saved ({KIND_LABELS[note.kind].lower()}{about})."

        self._ask(NoteScreen(self.session, presented(self.session)), saved)

    def action_show_notes(self) -> None:
        """Review the notes and ratings taken so far."""
        self.app.push_screen(NotesScreen(self.session))

    def action_undo(self) -> None:
        """Take back the last exercise action, after showing what it was."""
        group = self.session.undoable()
        if group is None:
            self.notify("Nothing to undo.", severity="warning")
            return
        names = Names(self.session.compiled.scenario)
        what = names.command(self.session.command_of(group), self.session.state)
        self._confirm(f"Undo step {group}: {what}?", lambda: self.console.execute(c.Undo()))

    def action_redo(self) -> None:
        """Apply again the action last undone."""
        self.console.execute(c.Redo())

    def action_toggle_pause(self) -> None:
        """Pause a running exercise, or resume a paused one."""
        paused = self.session.state.phase is Phase.PAUSED
        if not paused:
            self._write_running_minutes()  # pausing stops the clock where it stands
        self.console.execute(c.Resume() if paused else c.Pause())

    def action_end_exercise(self) -> None:
        """End the exercise at an ending (or none); in the hotwash, close it."""
        phase = self.session.state.phase
        if phase is Phase.HOTWASH:
            self._confirm(
                "Close the hotwash? The exercise will be over.",
                lambda: self.console.execute(c.CloseExercise()),
            )
        elif phase in (*RUNNING, Phase.PAUSED):
            self._ask(EndScreen(self.session.compiled.scenario))
        else:
            self.notify(f"Nothing to end during {phase.value}.", severity="warning")

    def action_answer_submissions(self) -> None:
        """Accept a choice sent from a seat, or send it back with a word."""
        if not waiting_submissions(self.session):
            self.notify("No choice sent from the seats is waiting.", severity="warning")
            return
        self._ask(SubmissionsScreen(self.session))

    # the feed (issue 17): the cells' posts
    def action_answer_posts(self) -> None:
        """Release a post written at a seat (edited if need be), or send it back."""
        if not waiting_posts(self.session):
            self.notify("No post written at the seats is waiting.", severity="warning")
            return
        self._ask(PostsScreen(self.session))

    def action_show_seats(self) -> None:
        """Show the room's links as QR codes and who is connected."""
        if self.console.room is None:
            self.notify(
                "The room is not open: start the console with --serve PORT.", severity="warning"
            )
            return
        self.app.push_screen(SeatsScreen(self.console.room))
