"""The range every number in an exercise stays inside, so no value can grow without bound.

An integer in Python has no size limit: three chained `x = x * x * x` effects make a number
of thousands of digits, which the journal then cannot write and every later step takes longer
to compute. So a number written in a scenario, and the result of every effect, must lie within
±10^15 (a float must also be finite); outside it the scenario is refused at load, and an
effect is refused at play with a message naming it. 10^15 is far beyond any count, budget or
score an exercise needs, and still exact as a float.
"""

from __future__ import annotations

import math

MAX_MAGNITUDE = 10**15
"""The largest absolute value of a number in a scenario or an exercise's state."""
RANGE = "±10^15"
"""The range as messages name it."""


def out_of_range(value: object) -> bool:
    """Whether `value` is a number outside ±`MAX_MAGNITUDE` (or a float that is not finite)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return not -MAX_MAGNITUDE <= value <= MAX_MAGNITUDE
    if isinstance(value, float):
        return not (math.isfinite(value) and -MAX_MAGNITUDE <= value <= MAX_MAGNITUDE)
    return False
