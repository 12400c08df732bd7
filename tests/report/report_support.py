"""Fixed journals for the report tests: the fixture scenario played by a script, a fixed clock.

Every journal here is the same bytes on every run: the seed, the commands and the wall clock
(a minute and a half per command from 2025-03-01 09:00 UTC) are all fixed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from engine.explore.odds import DecisionOdds, OptionOdds
from engine.format.loader import load_scenario
from engine.journal.journaled_session import JournaledSession
from engine.play import commands as c
from engine.play.compiled import CompiledScenario, compile_scenario
from engine.play.session import Session

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCENARIO = FIXTURES / "scenario.yaml"
SEED = 7
START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def fixed_clock(step: timedelta = timedelta(seconds=90)) -> Callable[[], datetime]:
    """A wall clock that starts at START and moves `step` on every reading."""
    ticks: Iterator[int] = iter(range(1_000_000))

    def now() -> datetime:
        return START + step * next(ticks)

    return now


def compiled_fixture() -> CompiledScenario:
    """The fixture scenario, loaded and compiled."""
    loaded = load_scenario(SCENARIO)
    return compile_scenario(loaded.scenario, loaded.content_hash)


FULL_SCRIPT: tuple[c.Command, ...] = (
    c.Begin(),
    c.AddNote(
        "The PIO spotted the video within minutes of it posting.",
        kind="strength",
        inject="rumour",
        objective="obj_warning",
        cell="blue",
    ),
    c.RecordChoice("d_answer", "blue", "silent", "Wait for the engineers' report."),
    c.Undo(),
    c.RecordChoice("d_answer", "blue", "deny", "The engineers say the levee is sound."),
    c.OverrideOutcome("d_answer", "blue", "doubted", "The engineers contradicted it on camera."),
    c.AdvanceClock(60),
    c.AddNote(
        "The statement took 40 minutes to clear; nobody owned the sign-off.",
        kind="improvement",
        decision="d_answer",
        objective="obj_warning",
        corrective_action="Name a duty releasing officer for flood statements.",
        capability_element="planning",
        responsible="County EOC",
        contact="Dana Reyes",
        start="2025-04-01",
        completion="2025-06-30",
    ),
    c.AddNote(
        "Draft a pre-cleared holding statement for levee rumours.",
        kind="action",
        objective="obj_coord",
        capability_element="training",
    ),
    c.AddNote("A participant pasted <script>alert(1)</script> into the chat.", kind="observation"),
    c.RateTask(
        "obj_warning",
        "issue_warning",
        "S",
        "The warning went out late but was accurate.",
        evaluator="Lee Park",
    ),
    c.RateTask("obj_coord", "one_plan", "P", "The director and PIO agreed before acting."),
    c.AddNote(
        "The PIO drafted the warning before the director asked.",
        kind="observation",
        objective="obj_warning",
    ),
    c.RateCapability("obj_coord", "S", "One plan, but agreed late.", evaluator="Ana Ruiz"),
    c.ReleaseInject("spare_sandbags"),
    c.AddInject("Radio: caller reports water on Mill Road", channel="radio", to=("director",)),
    c.SetVariable("trust", 55, "The mayor praised the EOC on air."),
    c.Undo(),
    c.Redo(),
    c.Pause(),
    c.Resume(),
    c.NextPhase(),
    c.NextPhase(),
    c.NextPhase(),
    c.NextPhase(),
    c.NextPhase(),
    c.RecordChoice("d_push", "red", "amplify", "Promoted posts are cheap."),
    c.NextPhase(),
    c.NextPhase(),
    c.NextPhase(),
    c.NextPhase(),
    c.NextPhase(),
    c.NextPhase(),
    c.NextPhase(),
    c.NextPhase(),
    c.NextPhase(),
    c.AddNote("The room agreed the denial was a gamble.", kind="hotwash", cell="blue"),
    c.RecordFeedback(
        "More time for the second turn, please.", participant="Sam Okafor", cell="blue"
    ),
)
"""The whole exercise: every section of the report gets something."""


def write_journal(path: Path, script: tuple[c.Command, ...] = FULL_SCRIPT) -> Path:
    """Play `script` on the fixture scenario into a new journal at `path`; return the path."""
    exercise = JournaledSession.create(compiled_fixture(), SEED, path, wall=fixed_clock())
    with exercise:
        for command in script:
            exercise.execute(command)
    return path


def write_incomplete_journal(path: Path) -> Path:
    """A journal cut short in turn 1 (no ending) whose last line was torn by a crash."""
    write_journal(path, FULL_SCRIPT[:6])
    with path.open("ab") as stream:
        stream.write(b'{"seq":999,"type":"note_added","te')
    return path


GOLDEN = Path(__file__).resolve().parent / "golden"
SCENARIO_HASH = "<scenario-hash>"


def fake_explorer(
    session: Session, choices: list[tuple[str, str]], budget: int
) -> list[DecisionOdds] | None:
    """A stand-in for the decision support, so golden files do not follow the real one's changes.

    Gives up (None) when trust is below 40; otherwise every available option gets fixed odds:
    calm held 3 in 4 in turn 1, always after.
    """
    trust = session.state.values["trust"]
    assert isinstance(trust, int)
    if trust < 40:
        return None
    endings: dict[str | None, float] = (
        {"calm_held": 0.75, "panic_spreads": 0.25} if session.state.turn < 2 else {"calm_held": 1.0}
    )
    return [
        DecisionOdds(
            decision,
            cell,
            tuple(
                OptionOdds(option.id, ok, endings if ok else {})
                for option, ok in session.options(decision)
            ),
            "exact",
            123,
            0,
        )
        for decision, cell in choices
    ]


def normalised(text: str, scenario_hash: str) -> str:
    """Report text with what changes whenever the scenario format grows taken out."""
    return text.replace(scenario_hash, SCENARIO_HASH)
