"""``SignInThrottle``: failures per address and per Client ID from an address, in a sliding window."""

from __future__ import annotations

import pytest

from switchboard.errors import RateLimited
from switchboard.ratelimit.failures import SignInLimits, SignInThrottle
from tests.unit.fakes import Clock


def test_a_client_id_past_its_limit_from_an_address_waits_for_its_oldest_failure_to_leave_the_window() -> None:
    clock = Clock(1000.0)
    throttle = SignInThrottle(SignInLimits(per_address=100, per_client=3, window=60), clock)
    for step in range(3):
        throttle.check("10.0.0.1", "acme")
        throttle.failed("10.0.0.1", "acme")
        clock.now += 5 * (step + 1)  # failures at 1000, 1005, 1015; now 1030
    with pytest.raises(RateLimited) as refused:
        throttle.check("10.0.0.1", "acme")
    assert refused.value.retry_after == pytest.approx(1000 + 60 - clock.now)
    throttle.check("10.0.0.1", "other")  # another Client ID from the same address is not throttled
    clock.now = 1060.5
    throttle.check("10.0.0.1", "acme")  # the first failure left the window


def test_wrong_secrets_from_one_address_do_not_lock_a_client_id_out_elsewhere() -> None:
    """The Client ID is public: failures sent for it from one address leave every other address alone."""
    throttle = SignInThrottle(SignInLimits(per_address=100, per_client=3, window=60), Clock(1000.0))
    for n in range(50):
        throttle.failed("203.0.113.7", "acme")
        throttle.failed(f"198.51.100.{n}", "acme")  # and from many addresses, two at most each
        throttle.failed(f"198.51.100.{n}", "acme")
    with pytest.raises(RateLimited):
        throttle.check("203.0.113.7", "acme")
    throttle.check("10.0.0.1", "acme")  # the partner's own server still gets its token


def test_an_address_past_its_limit_is_throttled_whatever_client_id_it_tries() -> None:
    clock = Clock(1000.0)
    throttle = SignInThrottle(SignInLimits(per_address=4, per_client=100, window=60), clock)
    for n in range(4):
        throttle.failed("10.0.0.9", f"guess-{n}")
    with pytest.raises(RateLimited):
        throttle.check("10.0.0.9", "fresh-guess")
    throttle.check("10.0.0.10", "fresh-guess")


def test_memory_stays_bounded_under_a_flood_of_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("switchboard.ratelimit.failures.MAX_KEYS", 100)
    throttle = SignInThrottle(SignInLimits(), Clock(1000.0))
    for n in range(1000):
        throttle.failed(f"10.0.{n // 256}.{n % 256}", f"id-{n}")
    assert len(throttle._failures) <= 100


def test_a_huge_client_id_is_counted_by_its_first_characters() -> None:
    throttle = SignInThrottle(SignInLimits(per_address=100, per_client=1, window=60), Clock(1000.0))
    throttle.failed("10.0.0.1", "x" * 1_000_000)
    assert max(len(k) for k in throttle._failures) < 300
    with pytest.raises(RateLimited):
        throttle.check("10.0.0.1", "x" * 1_000_001)
