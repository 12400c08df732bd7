"""wargame's pure core: the scenario format, loader, rules, state machine, journal and reports.

Nothing here imports Textual; the clock and the terminal come in from the edge.
"""

__version__ = "0.1.0"
