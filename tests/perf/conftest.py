"""The benchmarks run only when asked for (``--benchmark-only``); in the normal test run they are skipped before
their fixtures build blueprints of thousands of steps."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # --benchmark-skip comes with every run (pyproject's addopts); --benchmark-only on the command line wins.
    if config.getoption("benchmark_only", default=False) or not config.getoption("benchmark_skip", default=False):
        return
    skip = pytest.mark.skip(reason="a benchmark: run with python -m pytest tests/perf --benchmark-only")
    for item in items:
        if "benchmark" in getattr(item, "fixturenames", ()):
            item.add_marker(skip)
