"""Retry-After parsing: seconds, HTTP dates, and nonsense."""

from __future__ import annotations

import pytest

from switchboard.engine.retry import backoff, parse_retry_after


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("5", 5.0, id="seconds"),
        pytest.param("0.5", 0.5, id="fraction"),
        pytest.param("-3", None, id="negative"),
        pytest.param("nan", None, id="nan"),
        pytest.param("inf", None, id="infinite"),
        pytest.param("1e400", None, id="overflows-to-infinite"),
        pytest.param("Wed, 21 Oct 2015 07:28:10 GMT", 10.0, id="http-date"),
        pytest.param("Wed, 21 Oct 2015 07:27:00 GMT", 0.0, id="date-in-the-past"),
        pytest.param("soon", None, id="garbage"),
        pytest.param("", None, id="empty"),
        pytest.param(None, None, id="absent"),
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    now = 1445412480.0  # Wed, 21 Oct 2015 07:28:00 GMT
    assert parse_retry_after(value, now=now) == expected


def test_backoff_grows_and_is_capped() -> None:
    assert all(0 <= backoff(1) <= 0.2 for _ in range(50))
    assert all(0 <= backoff(10) <= 5.0 for _ in range(50))
