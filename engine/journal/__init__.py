"""The journal: the durable record of an exercise, and a session bound to it."""
