"""Benchmarks of the pipeline, shared by the CLI and the management commands."""
