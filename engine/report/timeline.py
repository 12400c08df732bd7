"""The timeline: every inject, decision, choice, roll, override and facilitator intervention.

Entries follow the journal's order, taken-back ones included and marked, so the report shows
what the room saw and what the facilitator changed, not only the path that stood.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from engine.format.scenario_time import format_duration
from engine.play.evaluation import FEEDBACK_ANSWERS
from engine.play.events import Record
from engine.report import posts
from engine.report.markdown import to_plain
from engine.report.model import TimelineEntry
from engine.report.names import Names, shorten
from engine.report.prose import sentences
from engine.report.walk import Walk, wall_time

_SHOWN_BY_THEIR_EVENTS = {"add_inject", "override_outcome", "undo", "redo"}
BODY_LIMIT = 240
"""Characters of an inject's body the timeline line shows (cut at a word)."""
_RERUN = "override_outcome"
"""An override re-runs the target's command: its choices are not new decisions."""


def build_timeline(walk: Walk, names: Names) -> list[TimelineEntry]:
    """The timeline entries, in journal order."""
    entries: list[TimelineEntry] = []
    opened_at: dict[str, Record] = {}
    for event in walk.records:
        kind = event["type"]
        if kind == "decision_opened":
            opened_at[event["decision"]] = event
        describe = _DESCRIBERS.get(kind)
        if describe is None:
            continue
        described = describe(event, walk, names)
        if described is None:
            continue
        entry_kind, title, detail, who = described
        seconds = None
        if kind == "choice_recorded":
            if walk.commands.get(event["group"], {}).get("name") == _RERUN:
                continue
            seconds = _seconds(opened_at.get(event["decision"]), event)
        entries.append(
            TimelineEntry(
                seq=int(event["seq"]),
                group=int(event["group"]),
                turn=int(event.get("turn", 0)),
                clock=names.time(int(event.get("clock", 0))),
                wall=str(event.get("wall", "")),
                kind=entry_kind,
                title=title,
                detail=detail,
                who=who,
                taken_back=_taken_back(event, walk),
                decide_seconds=seconds,
                body=str(event.get("body", "")) if kind == "inject_delivered" else "",
            )
        )
    return entries


def _taken_back(event: Record, walk: Walk) -> str:
    why = walk.taken_back.get(int(event["group"]), "")
    if why == "overridden" and event["type"] == "choice_recorded":
        return ""  # the override re-ran the same choice with another outcome
    return why


def _seconds(opened: Record | None, chosen: Record) -> float | None:
    start = wall_time(opened) if opened else None
    end = wall_time(chosen)
    if start is None or end is None:
        return None
    return max(0.0, (end - start).total_seconds())


Described = tuple[str, str, str, str] | None
"""(kind, title, detail, who), or None to leave the event out."""


def _command(event: Record, walk: Walk, names: Names) -> Described:
    command: dict[str, Any] = event.get("command") or {}
    name = command.get("name", "")
    if name in _SHOWN_BY_THEIR_EVENTS:
        return None
    text = _INTERVENTIONS.get(name)
    if text is None:
        return None
    return "intervention", text(command, names), str(command.get("reason", "")), "facilitator"


_INTERVENTIONS: dict[str, Callable[[dict[str, Any], Names], str]] = {
    "release_inject": lambda c, n: f"Released inject “{n.inject_title(c['inject'])}”",
    "hold_inject": lambda c, n: f"Held inject “{n.inject_title(c['inject'])}”",
    "unhold_inject": lambda c, n: f"Unheld inject “{n.inject_title(c['inject'])}”",
    "cancel_inject": lambda c, n: f"Cancelled inject “{n.inject_title(c['inject'])}”",
    "set_variable": lambda c, n: f"Set {n.variable(c['variable'])} to {_value(c['value'])}",
    "advance_clock": lambda c, n: f"Moved the clock forward {format_duration(c['minutes'])}",
    "expire_decision": lambda c, n: f"Ran out the time on “{n.prompt(c['decision'])}”",
    "pause": lambda c, n: "Paused the exercise",
    "resume": lambda c, n: "Resumed the exercise",
    "end_exercise": lambda c, n: f"Ended the exercise ({n.ending(c.get('ending'))})",
}


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _inject(event: Record, walk: Walk, names: Names) -> Described:
    adhoc = event.get("adhoc")
    inject = names.injects.get(event["inject"])
    if adhoc:
        channel, to = adhoc.get("channel", ""), list(adhoc.get("to", []))
    elif inject is not None:
        channel, to = inject.channel, list(inject.to)
    else:
        channel, to = "", []
    where = names.channels.get(channel, channel) or "no channel"
    recipients = ", ".join(names.recipient(target) for target in to) or "the room"
    title = str(event.get("title", event["inject"]))
    kind = "intervention" if adhoc else "inject"
    label = f"Ad-hoc inject “{title}”" if adhoc else title
    detail = shorten(to_plain(event.get("body", "")), BODY_LIMIT)
    if inject is not None and inject.attachments and not adhoc:
        attached = "; ".join(f"{item.alt} ({item.file})" for item in inject.attachments)
        detail = f"{detail} Attached: {attached}".strip()
    return kind, label, detail, f"{where} → {recipients}"


def _status(event: Record, walk: Walk, names: Names) -> Described:
    command = walk.commands.get(event["group"], {}).get("name")
    if command in ("hold_inject", "unhold_inject", "cancel_inject"):
        return None  # the facilitator's command already says it
    title = f"Inject “{names.inject_title(event['inject'])}” {event['status']}"
    return "inject", title, "", ""


def _opened(event: Record, walk: Walk, names: Names) -> Described:
    decision = names.decisions.get(event["decision"])
    cells = ", ".join(names.cell(cell) for cell in decision.cells) if decision else ""
    deadline = event.get("deadline")
    detail = f"deadline {names.time(deadline)}" if deadline is not None else ""
    return "decision", f"Decision opened: {names.prompt(event['decision'])}", detail, cells


def _choice(event: Record, walk: Walk, names: Names) -> Described:
    label = names.option(event["decision"], event["option"])
    how = "took the default" if event.get("defaulted") else "chose"
    detail = bot_words(str(event.get("rationale", ""))) or (
        "(time ran out)" if event.get("defaulted") else ""
    )
    cell = names.cell(event["cell"])
    return "choice", f"{cell} {how}: {label}", detail, cell


def _roll(event: Record, walk: Walk, names: Names) -> Described:
    outcome = names.outcome(event["decision"], event["option"], event["outcome"])
    forced = " (outcome set by the facilitator)" if event.get("overridden") else ""
    title = f"Roll {event['roll']} on d100 → {outcome}{forced}"
    option = names.option(event["decision"], event["option"])
    return "roll", title, option, names.cell(event["cell"])


def _override(event: Record, walk: Walk, names: Names) -> Described:
    option = event.get("option") or _rolled_option(walk, event)
    rolled = names.outcome(event["decision"], option, event["rolled"])
    chosen = names.outcome(event["decision"], option, event["outcome"])
    title = f"Outcome overridden: rolled {event['roll']} ({rolled}) → {chosen}"
    return "override", title, str(event.get("reason", "")), "facilitator"


def _rolled_option(walk: Walk, override: Record) -> str:
    roll = walk.rolls.get((int(override["target"]), str(override["cell"])))
    return str(roll["option"]) if roll is not None else ""


def _changed(event: Record, walk: Walk, names: Names) -> Described:
    before = walk.before.get(int(event["seq"]), {})
    parts = []
    for variable, value in (event.get("changes") or {}).items():
        old = before.get(variable)
        arrow = f"{_value(old)} → {_value(value)}" if old is not None else f"→ {_value(value)}"
        parts.append(f"{names.variable(variable)} {arrow}")
    cause = str(event.get("cause", ""))
    return "change", "; ".join(parts), _cause(cause, names), ""


def _cause(cause: str, names: Names) -> str:
    kind, _, rest = cause.partition(":")
    if kind == "facilitator":
        return f"set by the facilitator: {rest}"
    if kind == "inject":
        return f"from inject “{names.inject_title(rest)}”"
    decision, _, choice = rest.partition(".")
    if kind == "option":
        return f"from option “{names.option(decision, choice)}”"
    if kind == "outcome":
        return f"from outcome “{names.any_outcome(decision, choice)}”"
    return cause


def _ending(event: Record, walk: Walk, names: Names) -> Described:
    return "ending", f"Ending reached: {names.ending(event.get('ending'))}", "", ""


def _exhausted(event: Record, walk: Walk, names: Names) -> Described:
    return "ending", "The last turn ended with no ending's condition true", "", ""


def _turn(event: Record, walk: Walk, names: Names) -> Described:
    return "turn", f"Turn {event['turn']} begins", "", ""


def _note(event: Record, walk: Walk, names: Names) -> Described:
    return "note", f"Note ({event.get('kind', 'observation')})", str(event.get("text", "")), ""


def _rated(event: Record, walk: Walk, names: Names) -> Described:
    title = f"Rated {event['rating']}: {names.task(event['objective'], event['task'])}"
    return "rating", title, str(event.get("observation", "")), _evaluator(event)


def _capability_rated(event: Record, walk: Walk, names: Names) -> Described:
    title = f"Capability rated {event['rating']}: {names.objective(event['objective'])}"
    return "rating", title, str(event.get("reason", "")), _evaluator(event)


def _evaluator(event: Record) -> str:
    return str(event.get("evaluator") or "") or "evaluator (not named)"


def _feedback(event: Record, walk: Walk, names: Names) -> Described:
    who = str(event.get("participant", "")) or names.cell(event.get("cell")) or "participant"
    return "feedback", "Participant feedback", str(event.get("text", "")), who


# ------------------------------------------------------------------------- the roster, settling
# and the feedback form (issue 17)
def _settled(event: Record, walk: Walk, names: Names) -> Described:
    title = f"Rating settled on {event['rating']}: {names.task(event['objective'], event['task'])}"
    return (
        "rating",
        title,
        str(event.get("reason", "")),
        str(event.get("settled_by") or "facilitator"),
    )


def _feedback_form(event: Record, walk: Walk, names: Names) -> Described:
    answers = [f"{label}: {event[key]}" for key, label in FEEDBACK_ANSWERS if event.get(key)]
    if event.get("rating"):
        answers.append(f"Rating of the exercise: {event['rating']} of 5")
    who = str(event.get("name") or "") or names.cell(event.get("cell")) or "participant"
    return "feedback", "Participant feedback form", sentences(answers), who


def _roster(event: Record, walk: Walk, names: Names) -> Described:
    if event["type"] == "roster_set":
        people = len(event.get("participants") or ())
        source = f" from {event['source']}" if event.get("source") else ""
        return "roster", f"Roster set: {people} people{source}", "", "facilitator"
    if event["type"] == "participant_added":
        entry = event["participant"]
        return "roster", f"On the roster: {entry['name']} ({entry['role']})", "", "facilitator"
    return "roster", f"Off the roster: {event['name']}", "", "facilitator"


def _access(event: Record, walk: Walk, names: Names) -> Described:
    how = "granted" if event.get("granted") else "no longer granted"
    title = f"{event['evaluator']} {how} the control notes"
    return "intervention", title, "", "facilitator"


def _undone(event: Record, walk: Walk, names: Names) -> Described:
    verb = "Undid" if event["type"] == "undone" else "Redid"
    command = walk.commands.get(int(event["target"]), {})
    return "intervention", f"{verb}: {describe_command(command, names)}", "", "facilitator"


def describe_command(command: dict[str, Any], names: Names) -> str:
    """What a command did, in a reader's words (for undo and redo, which name one)."""
    name = str(command.get("name", ""))
    if name == "record_choice":
        label = names.option(command.get("decision", ""), command.get("option", ""))
        return f"{names.cell(command.get('cell'))} chose “{label}”"
    text = _INTERVENTIONS.get(name)
    if text is not None:
        try:
            return text(command, names)
        except KeyError:
            pass
    if name == "add_inject":
        return f"added the inject “{command.get('title', '')}”"
    return _WORDS.get(name, name.replace("_", " ") or "an action")


_WORDS = {
    "next_phase": "moved the exercise to its next phase",
    "begin": "began the exercise",
    "open_briefing": "opened the briefing",
    "pause": "paused the exercise",
    "override_outcome": "overrode an outcome",
}


_DESCRIBERS: dict[str, Callable[[Record, Walk, Names], Described]] = {
    "command": _command,
    "turn_started": _turn,
    "inject_delivered": _inject,
    "inject_status_changed": _status,
    "decision_opened": _opened,
    "choice_recorded": _choice,
    "roll_made": _roll,
    "outcome_overridden": _override,
    "variables_changed": _changed,
    "ending_reached": _ending,
    "turns_exhausted": _exhausted,
    "note_added": _note,
    "task_rated": _rated,
    "capability_rated": _capability_rated,
    "feedback_recorded": _feedback,
    "undone": _undone,
    "redone": _undone,
    # the cells' posts (issue 17)
    "post_released": posts.released,
    "post_returned": posts.returned,
    # the roster, settling and the feedback form (issue 17)
    "rating_settled": _settled,
    "feedback_submitted": _feedback_form,
    "roster_set": _roster,
    "participant_added": _roster,
    "participant_removed": _roster,
    "evaluator_access_set": _access,
}


_BOT_RATIONALES = (
    (re.compile(r"^random$"), "Played by a bot, which picked at random."),
    (re.compile(r"^least used$"), "Played by a bot, which picked the option used least so far."),
    (
        re.compile(r"^greedy \(score [-+0-9.]+\)$"),
        "Played by a bot, which picked what best serves the cell's goals.",
    ),
)
"""The rationales the bots journal (unchanged since 0.1.0, so journals replay byte for byte)
and the words the report's reader gets for them, never a bot's score."""


def bot_words(rationale: str) -> str:
    """A bot's journaled rationale in words; any other rationale as it was written."""
    for pattern, words in _BOT_RATIONALES:
        if pattern.match(rationale):
            return words
    return rationale
