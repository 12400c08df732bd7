"""The scenario shape that made `wargame explore` eat the machine: decisions open at once.

`generate(cells, turns, per_turn, options)` returns the YAML of a valid scenario: in every
turn, `per_turn` injects arrive together, each with a decision for one cell (the cells take
turns), resolved on choice, of `options` options; option k adds k to the decision's own score
and k - 1 to the shared `tension`. A timed inject falls between one turn's decisions and the
next turn's. The crisis ending comes once the tension reaches twice the number of turns; the
calm ending when the last turn ends without it. The scores are shown in the texts, never
tested by a condition. Deterministic: the same arguments give the same text.
"""

from __future__ import annotations

TURN_HOURS = 2
START_HOUR = 8


def generate(
    cells: int = 4, turns: int = 4, per_turn: int = 3, options: int = 3, *, timed: bool = True
) -> str:
    """The YAML text of the scenario (cells >= 1, turns >= 1, per_turn >= 1, options >= 1).

    `timed=False` leaves the timed injects out: then nothing makes the cells choose before the
    turn moves on, and every decision may stay open into the following turns (the harder
    case for the search).
    """
    lines = [
        "format: 1",
        f"id: simultaneous_{cells}_{turns}_{per_turn}_{options}{'' if timed else '_untimed'}",
        f'title: "{per_turn} decisions at once, {turns} turns, {cells} cells"',
        f'turns: {{count: {turns}, length: "{TURN_HOURS}h", start: "D+0 {START_HOUR:02}:00"}}',
        "cells:",
        *(f"  - {{id: cell_{c}, name: Cell {c}, side: blue}}" for c in range(cells)),
        "channels:",
        "  - {id: wire, kind: intel, name: Wire}",
        "variables:",
        "  - {id: tension, type: int, initial: 0, min: 0, max: 1000}",
    ]
    decisions = [(t, k) for t in range(1, turns + 1) for k in range(per_turn)]
    lines += [f"  - {{id: score_{t}_{k}, type: int, initial: 0}}" for t, k in decisions]
    lines.append("injects:")
    for turn in range(1, turns + 1):
        for k in range(per_turn):
            cell = (turn - 1 + k) % cells
            lines += [
                f"  - id: news_{turn}_{k}",
                f'    title: "News {turn}.{k}"',
                "    channel: wire",
                "    fictional: true",
                f"    turn: {turn}",
                "    decision:",
                f"      id: answer_{turn}_{k}",
                f"      cells: [cell_{cell}]",
                '      prompt: "How do you answer?"',
                "      options:",
            ]
            lines += [
                f"        - {{id: option_{o}, label: Option {o},"
                f" effects: ['score_{turn}_{k} += {o}', 'tension += {o - 1}']}}"
                for o in range(1, options + 1)
            ]
        if timed and turn < turns:
            hour = START_HOUR + turn * TURN_HOURS - 1
            scores = ", ".join(f"{{score_{turn}_{k}}}" for k in range(per_turn))
            lines += [
                f"  - id: update_{turn}",
                f'    title: "Update after turn {turn}"',
                "    channel: wire",
                "    fictional: true",
                f'    time: "D+0 {hour:02}:30"',
                f'    body: "Scores so far: {scores}; tension {{tension}}."',
            ]
    lines += [
        "endings:",
        f"  - {{id: crisis, title: Crisis, condition: 'tension >= {2 * turns}'}}",
        f"  - {{id: calm, title: Calm, condition: 'turn >= {turns}'}}",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(generate(*(int(arg) for arg in sys.argv[1:5])))
