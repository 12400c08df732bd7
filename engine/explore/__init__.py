"""Exploration: the model checker's search, the state graph it builds, and its findings."""
