"""Whoever makes decisions: the facilitator console, bot policies, and the command line."""
