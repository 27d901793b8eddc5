"""Report how many cases the fuzzer ran, and what the server answered (from each test's report, so
the totals are whole when xdist's workers ran the tests)."""

from __future__ import annotations

from collections import Counter

import pytest
from _pytest.terminal import TerminalReporter

OPERATIONS: Counter[str] = Counter()  # cases per operation and mode
STATUSES: Counter[int] = Counter()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    for name, value in report.user_properties:
        if name == "fuzz" and report.when == "call":
            OPERATIONS[report.nodeid] += value["cases"]
            STATUSES.update({int(status): count for status, count in value["statuses"].items()})


def pytest_terminal_summary(terminalreporter: TerminalReporter) -> None:
    if OPERATIONS:
        statuses = ", ".join(f"{status}: {count}" for status, count in sorted(STATUSES.items()))
        terminalreporter.write_line(
            f"fuzz: {OPERATIONS.total()} cases over {len(OPERATIONS)} operations and modes; answers {statuses}"
        )
