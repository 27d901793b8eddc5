"""Which failed calls become events, with what in them; the retry schedule; reason codes."""

from __future__ import annotations

import time

import pytest

from switchboard.api.events_bridge import reason_code
from switchboard.errors import InputError, RateLimited, UpstreamError, UpstreamUnavailable
from switchboard.events import RetrySchedule, call_failure


def test_an_upstream_error_is_call_failed_without_its_body() -> None:
    exc = UpstreamError("Salesloft answered 500", status=500, body=b'{"secret": "s3cr3t"}')
    kind, data = call_failure("List accounts", exc) or ("", {})
    assert kind == "call.failed"
    assert data == {"Method": "List accounts", "Status": 500, "Message": "Salesloft answered 500", "Source": "Upstream"}
    assert "s3cr3t" not in str(data)


def test_unreachable_upstream_and_short_limits_are_call_failed() -> None:
    assert (call_failure("m", UpstreamUnavailable("timed out", status=504)) or ("",))[0] == "call.failed"
    assert (call_failure("m", RateLimited("no slot", retry_after=2)) or ("",))[0] == "call.failed"


def test_a_spent_daily_quota_is_ratelimit_exhausted_with_its_reset() -> None:
    found = call_failure("m", RateLimited("app_day spent", retry_after=7200))
    assert found is not None and found[0] == "ratelimit.exhausted"
    resets = time.mktime(time.strptime(found[1]["ResetsAt"], "%Y-%m-%dT%H:%M:%SZ")) - time.timezone
    assert abs(resets - (time.time() + 7200)) < 5
    upstream = call_failure("m", UpstreamError("429", status=429, retry_after=86400))
    assert upstream is not None and upstream[0] == "ratelimit.exhausted"


def test_the_callers_own_mistakes_are_no_event() -> None:
    assert call_failure("m", InputError("Parameter page must be a number")) is None


def test_the_schedule_jitters_within_bounds_and_ends() -> None:
    schedule = RetrySchedule((10.0, 100.0), jitter=0.2)
    waits = [schedule.after(1) for _ in range(200)]
    assert all(w is not None and 8.0 <= w <= 12.0 for w in waits)
    assert len(set(waits)) > 1
    assert schedule.after(2) == pytest.approx(100.0, rel=0.2)
    assert schedule.after(3) is None


@pytest.mark.parametrize(
    ("reason", "code"),
    [
        ("the provider refused the refresh token (Token revoked)", "revoked"),
        ("the provider refused the refresh token (refresh token expired)", "refresh_token_expired"),
        ("the provider refused the refresh token (invalid_grant)", "invalid_grant"),
    ],
)
def test_reason_codes(reason: str, code: str) -> None:
    assert reason_code(reason) == code
