"""A large, varied, valid scenario for the benchmarks: `generate(n, seed)` returns its YAML.

One cell, one channel, one turn and two int variables (`gold`, `morale`); `n` injects, each
with a decision of three options whose constants, texts and targets come from a seeded RNG,
so no two injects are alike and the loader cannot win by caching one repeated string. About
2% of the injects (never the first) stand for endings: an option that would release one of
them ends the exercise there instead. The text is the same for the same `(n, seed)`.
"""

from __future__ import annotations

import json
import random

_WORDS = (
    "harbour", "convoy", "ledger", "rumour", "signal", "patrol", "envoy", "levee", "cipher",
    "beacon", "archive", "courier", "garrison", "tariff", "drought", "militia", "embargo",
    "frigate", "census", "border", "relay", "uplink", "quarry", "famine", "pamphlet", "siege",
    "ration", "treaty", "smuggler", "outpost", "caravan",
)  # fmt: skip
ENDING_SHARE = 0.02
"""The share of injects that stand for an ending."""


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _phrase(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(count))


def generate(n: int, seed: int) -> str:
    """The YAML text of a valid scenario with `n` injects (n >= 2)."""
    rng = random.Random(seed)
    endings = {k for k in range(1, n) if rng.random() < ENDING_SHARE}
    if not endings and n > 1:
        endings = {n - 1}
    lines = [
        "format: 1",
        f"id: bench_{n}_{seed}",
        f"title: {_q(f'Benchmark scenario of {n} injects')}",
        "turns: {count: 1}",
        "cells:",
        "  - {id: council, name: The Council, side: blue}",
        "channels:",
        "  - {id: dispatch, kind: intel, name: Dispatches}",
        "variables:",
        "  - {id: gold, type: int, initial: 0, min: -100000, max: 100000}",
        "  - {id: morale, type: int, initial: 10, min: -100000, max: 100000}",
        "injects:",
    ]

    def consequence(target: int) -> str:
        if target in endings:
            return f"ending: end_{target}"
        return f"releases: [inj_{target}]"

    for k in range(n):
        k1, k2 = rng.randint(1, 500), rng.randint(1, 50)
        k3, k4 = rng.randint(1, 5000), rng.randint(1, 20)
        targets = [rng.randrange(1, n) for _ in range(3)]
        trigger = "turn: 1" if k == 0 else "contingency: true"
        body = f"Gold is {{gold}} and morale is {{morale}}. {_phrase(rng, 6).capitalize()}."
        lines += [
            f"  - id: inj_{k}",
            f"    title: {_q(f'{_phrase(rng, 3).title()} {k}')}",
            "    channel: dispatch",
            f"    {trigger}",
            "    fictional: true",
            f"    body: {_q(body)}",
            "    decision:",
            f"      id: dec_{k}",
            "      cells: [council]",
            f"      prompt: {_q(f'What of the {rng.choice(_WORDS)}?')}",
            "      options:",
            f"        - {{id: spend, label: {_q(f'Pay the {rng.choice(_WORDS)}')},"
            f" effects: ['gold += {k1}'], {consequence(targets[0])}}}",
            f"        - {{id: rally, label: {_q(f'Rally the {rng.choice(_WORDS)}')},"
            f" effects: ['morale -= {k2}'], {consequence(targets[1])}}}",
            f"        - {{id: gamble, label: {_q(f'Bet on the {rng.choice(_WORDS)}')},"
            f" when: 'gold >= {k3} and morale > 0',"
            f" effects: ['gold -= {k3}', 'morale += {k4}'], {consequence(targets[2])}}}",
        ]
    lines.append("endings:")
    for k in sorted(endings):
        lines += [
            f"  - id: end_{k}",
            f"    title: {_q(f'The {_phrase(rng, 2)} ends it ({k})')}",
        ]
    lines += [
        "  - id: time_runs_out",
        "    title: Time runs out",
        "    condition: 'turn >= 1'",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(generate(int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1))
