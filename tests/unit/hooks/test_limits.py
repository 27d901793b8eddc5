"""``PerMinute``: requests per minute per hook URL, with a bound on the keys it remembers."""

from __future__ import annotations

import pytest

from switchboard.errors import RateLimited
from switchboard.hooks.limits import PerMinute
from tests.unit.fakes import Clock


def test_a_url_past_its_minute_waits_for_the_next() -> None:
    clock = Clock(600.0)
    limits = PerMinute(3, clock)
    for _ in range(3):
        limits.take("c:real")
    with pytest.raises(RateLimited) as refused:
        limits.take("c:real")
    assert refused.value.retry_after == pytest.approx(60)
    limits.take("c:other")  # another URL has its own allowance
    clock.now += 60
    limits.take("c:real")


def test_a_flood_of_made_up_urls_does_not_reset_a_real_ones_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("switchboard.hooks.limits.MAX_KEYS", 50)
    clock = Clock(600.0)
    limits = PerMinute(3, clock)
    for _ in range(3):
        limits.take("c:real")
    for n in range(500):
        limits.take(f"c:made-up-{n}")
    with pytest.raises(RateLimited):
        limits.take("c:real")  # still spent this minute
    assert len(limits._counts) <= 50
    clock.now += 60  # past minutes' counts make room again
    limits.take("c:fresh")
    assert "c:fresh" in limits._counts
