"""Benchmark harness: speed and memory targets live here, never in timed tests."""
