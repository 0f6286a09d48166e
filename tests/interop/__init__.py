"""Interop tests (a package so that its conftest does not shadow tests/aggregator's `conftest`)."""
