"""The `w` dialog's list: the submissions still waiting, for decisions still open."""

from __future__ import annotations

from fixtures.room import played

from engine.play import commands as c
from players.console.screens.submissions import waiting


def test_a_submission_the_facilitator_recorded_by_hand_leaves_the_w_list() -> None:
    """The `w` dialog listed Red's stale submission first after the facilitator recorded Red's
    choice with `c`; ctrl+s on it said "decision 'd_red_collection' is not open" (a
    facilitator's review of the flagship)."""
    session = played()
    session.execute(c.SubmitChoice("r1", "d_red", "red", "quiet", "Lie low."))
    session.execute(c.SubmitChoice("b1", "d_respond", "blue", "rebut", "Fast."))
    assert [key for key, _ in waiting(session)] == ["r1", "b1"]
    session.execute(c.RecordChoice("d_red", "red", "amplify"))
    assert waiting(session) == [("b1", "Public affairs: Rebut it publicly — “Fast.”")]
    session.execute(c.RecordChoice("d_respond", "blue", "ignore"))  # closes the decision
    assert waiting(session) == []
