"""Benchmarks: each bench_*.py module measures one thing and returns its figures."""
