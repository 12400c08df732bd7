"""The roster, several evaluators' ratings, settling, grants and the feedback form (engine)."""

from __future__ import annotations

import pytest
from fixtures.room import mini, played

from engine import audience as a
from engine.errors import CommandRefused
from engine.play import commands as c
from engine.play.evaluation import counted_rating, seat_slug
from engine.play.session import Session

TASK = ("obj_info", "answer_press")


def _rated(session: Session) -> None:
    session.execute(c.RateTask(*TASK, "S", "late", evaluator="Dana Reyes"))
    session.execute(c.RateTask(*TASK, "M", "no clearance", evaluator="Lee Park"))


def test_a_second_evaluator_never_overwrites_the_first() -> None:
    session = played()
    _rated(session)
    kept = session.state.evaluator_ratings[TASK]
    assert {name: r["rating"] for name, r in kept.items()} == {"Dana Reyes": "S", "Lee Park": "M"}
    assert TASK not in session.state.ratings  # no facilitator's own rating yet


def test_evaluators_who_differ_count_the_lower_rating_until_it_is_settled() -> None:
    session = played()
    _rated(session)
    counted = counted_rating(session.state, *TASK)
    assert counted is not None
    assert (counted.code, counted.basis, counted.is_settled) == ("M", "lowest", False)
    session.execute(c.SettleRating(*TASK, "S", settled_by="Dana Reyes", reason="agreed"))
    counted = counted_rating(session.state, *TASK)
    assert counted is not None
    assert (counted.code, counted.basis, counted.by) == ("S", "settled", "Dana Reyes")


def test_a_rating_without_an_evaluator_is_the_facilitators_and_counts_as_settled() -> None:
    session = played()
    _rated(session)
    session.execute(c.RateTask(*TASK, "P", "fine"))
    counted = counted_rating(session.state, *TASK)
    assert counted is not None
    assert (counted.code, counted.basis) == ("P", "facilitator")
    assert session.state.ratings[TASK]["rating"] == "P"


def test_a_command_without_the_new_fields_writes_what_0_1_0_wrote() -> None:
    assert c.RateTask(*TASK, "S", "late").to_dict() == {
        "name": "rate_task", "objective": "obj_info", "task": "answer_press", "rating": "S",
        "observation": "late",
    }  # fmt: skip
    session = played()
    (event,) = [e for e in session.execute(c.RateTask(*TASK, "S")) if e["type"] == "task_rated"]
    assert "evaluator" not in event and "key" not in event


def test_a_seat_sending_the_same_rating_twice_is_refused_the_second_time() -> None:
    session = played()
    session.execute(c.RateTask(*TASK, "S", evaluator="Dana Reyes", key="k1"))
    with pytest.raises(CommandRefused, match="this was already received"):
        session.execute(c.RateTask(*TASK, "U", evaluator="Dana Reyes", key="k1"))


def test_the_roster_is_checked_person_by_person() -> None:
    session = played()
    for people, message in (
        (
            ({"name": "Ann", "role": "umpire"},),
            "Ann: the role is one of player, evaluator, controller, observer (not 'umpire')",
        ),
        (({"name": "Ann", "cell": "green"},), "Ann: no cell 'green' (the cells: blue, red)"),
        (({"name": "Ann"}, {"name": "Ann"}), "Ann is on the roster twice"),
        (
            (
                {"name": "Dana Reyes", "role": "evaluator"},
                {"name": "dana  reyes", "role": "evaluator"},
            ),
            "Dana Reyes and dana  reyes would share the seat /evaluator/dana-reyes",
        ),
    ):
        with pytest.raises(CommandRefused) as refused:
            session.execute(c.SetRoster(people))
        assert str(refused.value).startswith(message)
    session.execute(c.SetRoster(({"name": "Ann", "cell": "blue"},), source="r.csv"))
    assert session.state.roster["Ann"]["role"] == "player"


def test_roster_grants_and_feedback_are_record_only_and_undo_passes_over_them() -> None:
    session = played()
    session.execute(c.AddParticipant("Dana Reyes", role="evaluator"))
    session.execute(c.GrantEvaluator("Dana Reyes"))
    with pytest.raises(CommandRefused, match="nothing to undo"):
        for _ in range(10):
            session.execute(c.Undo())
    assert session.state.roster and session.state.granted == {"Dana Reyes"}


def test_an_evaluator_sees_notes_and_hidden_variables_only_once_granted() -> None:
    session = played()
    session.execute(c.AddParticipant("Dana Reyes", role="evaluator"))
    session.execute(c.AddNote("control only"))
    plain = a.evaluator_audience(session, "Dana Reyes")
    assert "notes" in a.hidden_inject_fields(plain)
    assert "exposure" not in {v.id for v in a.visible_variables(plain, session.compiled.scenario)}
    assert a.facilitator_notes(session, plain) == []
    session.execute(c.GrantEvaluator("Dana Reyes"))
    granted = a.evaluator_audience(session, "Dana Reyes")
    assert a.hidden_inject_fields(granted) == frozenset()
    assert "exposure" in {v.id for v in a.visible_variables(granted, session.compiled.scenario)}
    assert [n["text"] for n in a.facilitator_notes(session, granted)] == ["control only"]


def test_the_feedback_form_opens_at_the_hotwash_and_needs_an_answer() -> None:
    session = played()
    form = c.SubmitFeedback("f1", cell="blue", person="Sam", strengths="clear", rating=4)
    with pytest.raises(CommandRefused, match="the feedback form opens at the hotwash"):
        session.execute(form)
    session.execute(c.EndExercise())
    with pytest.raises(CommandRefused, match="the form is empty"):
        session.execute(c.SubmitFeedback("f0", cell="blue"))
    with pytest.raises(CommandRefused, match="the exercise is rated 1 to 5"):
        session.execute(c.SubmitFeedback("f0", cell="blue", rating=6))
    session.execute(form)
    (kept,) = session.state.feedback_forms
    assert (kept["cell"], kept["name"], kept["strengths"], kept["rating"]) == (
        "blue",
        "Sam",
        "clear",
        4,
    )
    with pytest.raises(CommandRefused, match="this was already received"):
        session.execute(form)


def test_an_evaluators_seat_link_is_made_from_their_name() -> None:
    assert seat_slug("Dana Reyes") == "dana-reyes"
    assert seat_slug("José  O'Neil-Smith") == "jose-o-neil-smith"
    assert mini().scenario.id == "mini"


def test_a_copied_state_keeps_its_roster_ratings_and_forms_when_the_session_moves_on() -> None:
    session = played()
    session.execute(c.AddParticipant("Dana Reyes", role="evaluator"))
    session.execute(c.RateTask(*TASK, "S", evaluator="Dana Reyes", key="k1"))
    before = session.state.copy()
    session.execute(c.AddParticipant("Lee Park", role="evaluator"))
    session.execute(c.RateTask(*TASK, "M", evaluator="Lee Park", key="k2"))
    session.execute(c.GrantEvaluator("Dana Reyes"))
    session.execute(c.SettleRating(*TASK, "S"))
    assert list(before.roster) == ["Dana Reyes"]
    assert list(before.evaluator_ratings[TASK]) == ["Dana Reyes"]
    assert (before.received, before.granted, before.settled) == (frozenset({"k1"}), frozenset(), {})
