"""Choices submitted from the cells' seats: received, accepted (re-checked) or sent back."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.room import SEED, mini, played

from engine.errors import CommandRefused
from engine.journal.journaled_session import JournaledSession
from engine.play import commands as c
from engine.play.events import DecisionClosed
from engine.play.fold import apply
from engine.play.session import Session
from engine.play.state import SubmissionStatus

SUBMIT = c.SubmitChoice("k1", "d_respond", "blue", "rebut", "Answer fast, with facts.")


def status(session: Session) -> SubmissionStatus:
    """The status of submission `k1`, read afresh: mypy keeps the narrowing of an `is` check
    across `execute` and would call the next check impossible."""
    return session.state.submissions["k1"].status


def test_a_submission_waits_without_becoming_a_choice() -> None:
    session = played()
    events = session.execute(SUBMIT)
    assert [e["type"] for e in events] == ["command", "choice_submitted"]
    assert status(session) is SubmissionStatus.WAITING
    assert session.state.open_decisions["d_respond"].choices == {}


def test_accepting_a_submission_records_it_as_the_cells_choice() -> None:
    session = played()
    session.execute(SUBMIT)
    events = session.execute(c.AcceptSubmission("k1"))
    assert [e["type"] for e in events][:3] == ["command", "submission_accepted", "choice_recorded"]
    recorded = next(e for e in events if e["type"] == "choice_recorded")
    assert (recorded["option"], recorded["rationale"]) == ("rebut", "Answer fast, with facts.")
    assert status(session) is SubmissionStatus.ACCEPTED


def test_undoing_an_accept_returns_the_submission_to_waiting() -> None:
    session = played()
    session.execute(SUBMIT)
    session.execute(c.AcceptSubmission("k1"))
    session.execute(c.Undo())
    assert status(session) is SubmissionStatus.WAITING
    assert "d_respond" in session.state.open_decisions
    assert "d_respond" not in session.state.resolved
    session.execute(c.Redo())
    assert status(session) is SubmissionStatus.ACCEPTED


def test_undo_passes_over_a_submission_it_is_a_record_of_what_a_cell_sent() -> None:
    session = played()
    session.execute(c.SetVariable("trust", 50, "test"))
    session.execute(SUBMIT)
    session.execute(c.Undo())
    assert session.state.values["trust"] == 60
    assert "k1" in session.state.submissions


def test_a_returned_submission_carries_the_facilitators_word_and_may_be_sent_again() -> None:
    session = played()
    session.execute(SUBMIT)
    session.execute(c.ReturnSubmission("k1", "Say who signs the statement."))
    returned = session.state.submissions["k1"]
    assert (returned.status, returned.reason) == (
        SubmissionStatus.RETURNED,
        "Say who signs the statement.",
    )
    session.execute(c.SubmitChoice("k2", "d_respond", "blue", "rebut", "The PAO signs."))
    assert session.state.submissions["k2"].status is SubmissionStatus.WAITING


WAITING = "your earlier submission is still waiting for the facilitator"


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (
            c.SubmitChoice("k9", "d_red", "blue", "amplify"),
            "your cell does not take part in this decision",
        ),
        (c.SubmitChoice("k9", "d_respond", "blue", "nope"), "this decision has no such option"),
        (
            c.SubmitChoice("", "d_respond", "blue", "rebut"),
            "a submission's key has 1 to 100 characters",
        ),
        (
            c.SubmitChoice("k1", "d_respond", "blue", "ignore"),
            "this submission was already received",
        ),
        (c.SubmitChoice("k9", "d_respond", "blue", "ignore"), WAITING),
        (c.AcceptSubmission("nope"), "no submission 'nope'"),
    ],
)
def test_a_bad_submission_is_refused_in_the_seats_words(command: c.Command, message: str) -> None:
    session = played()
    session.execute(SUBMIT)
    before = len(session.events)
    with pytest.raises(CommandRefused) as refused:
        session.execute(command)
    assert str(refused.value) == message
    assert len(session.events) == before


def test_a_submission_of_an_unavailable_option_is_refused_with_its_label() -> None:
    session = played()
    session.execute(c.SetVariable("story", False, "the story is pulled"))
    with pytest.raises(CommandRefused) as refused:
        session.execute(c.SubmitChoice("k9", "d_respond", "blue", "sue"))
    assert str(refused.value) == (
        "“Sue the account (only once the story is out)” is not available now"
    )


def test_a_submission_for_a_closed_decision_is_refused() -> None:
    session = played()
    session.execute(c.RecordChoice("d_respond", "blue", "ignore"))
    with pytest.raises(CommandRefused, match=r"^this decision is closed$"):
        session.execute(SUBMIT)


def test_a_waiting_submission_is_settled_when_the_facilitator_records_the_choice() -> None:
    session = played()
    session.execute(SUBMIT)
    session.execute(c.RecordChoice("d_respond", "blue", "ignore"))  # the facilitator's own entry
    assert status(session) is SubmissionStatus.SETTLED
    with pytest.raises(CommandRefused, match=r"^the submission 'k1' was already settled$"):
        session.execute(c.AcceptSubmission("k1"))
    session.execute(c.Undo())  # derived by the fold: undoing the entry makes it wait again
    assert status(session) is SubmissionStatus.WAITING


def test_a_submission_is_settled_by_the_cells_recorded_choice_while_the_decision_stays_open() -> (
    None
):
    """Red sent a choice from its seat, the facilitator recorded Red's choice with `c`: the
    submission stayed waiting, first in the `w` dialog (a facilitator's review of the
    flagship)."""
    session = played()
    session.execute(c.SubmitChoice("r1", "d_red", "red", "amplify", "Loud."))
    session.execute(c.ReturnSubmission("r1", "no"))
    session.execute(c.SubmitChoice("r2", "d_red", "red", "quiet", "Then quiet."))
    session.execute(c.RecordChoice("d_red", "red", "amplify"))
    assert "d_red" in session.state.open_decisions
    statuses = {key: item.status for key, item in session.state.submissions.items()}
    assert statuses == {"r1": SubmissionStatus.RETURNED, "r2": SubmissionStatus.SETTLED}


def test_a_waiting_submission_is_settled_when_its_decision_closes() -> None:
    session = played()
    session.execute(SUBMIT)
    state = session.state.copy()
    closed: DecisionClosed = {
        "type": "decision_closed", "decision": "d_respond", "seq": 0, "turn": 1, "clock": 0,
        "group": 0,
    }  # fmt: skip
    apply(state, closed)  # with no choice recorded
    assert state.submissions["k1"].status is SubmissionStatus.SETTLED


def test_an_accepted_submission_cannot_be_accepted_or_returned_again() -> None:
    session = played()
    session.execute(SUBMIT)
    session.execute(c.AcceptSubmission("k1"))
    for command in (c.AcceptSubmission("k1"), c.ReturnSubmission("k1")):
        with pytest.raises(CommandRefused, match=r"^the submission 'k1' was already accepted$"):
            session.execute(command)


def test_submissions_survive_the_journal_and_a_replay(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    exercise = JournaledSession.create(mini(), SEED, path)
    for command in (c.Begin(), c.NextPhase(), SUBMIT, c.AcceptSubmission("k1")):
        exercise.execute(command)
    exercise.close()
    resumed = JournaledSession.resume(path).exercise
    try:
        replayed: Session = resumed.session
        assert status(replayed) is SubmissionStatus.ACCEPTED
        replayed.execute(c.Undo())
        assert status(replayed) is SubmissionStatus.WAITING
    finally:
        resumed.close()
