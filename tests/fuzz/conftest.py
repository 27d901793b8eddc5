"""Report how many cases the fuzzer ran, and what the server answered."""

from __future__ import annotations

from _pytest.terminal import TerminalReporter

from tests.fuzz.test_schema import CASES, STATUSES


def pytest_terminal_summary(terminalreporter: TerminalReporter) -> None:
    if CASES:
        statuses = ", ".join(f"{status}: {count}" for status, count in sorted(STATUSES.items()))
        terminalreporter.write_line(
            f"fuzz: {CASES.total()} cases over {len(CASES)} operations and modes; answers {statuses}"
        )
