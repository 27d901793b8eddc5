"""The in-process limiter: waits for a slot, counts costs, gives up past the allowed wait."""

from __future__ import annotations

import asyncio
import time

import pytest

from switchboard.errors import RateLimited
from switchboard.ratelimit import InMemoryRateLimiter, Limit


async def test_paces_to_the_limit() -> None:
    limiter = InMemoryRateLimiter()
    limit = Limit("k", limit=4, per=0.5)
    stamps = []

    async def one() -> None:
        permit = await limiter.acquire([limit], max_wait=5)
        stamps.append(time.monotonic())
        await permit.release()

    started = time.monotonic()
    await asyncio.gather(*(one() for _ in range(12)))
    elapsed = time.monotonic() - started
    assert 1.0 <= elapsed < 1.5  # 4 now, 4 after 0.5 s, 4 after 1.0 s
    stamps.sort()
    for i in range(4, len(stamps)):
        assert stamps[i] - stamps[i - 4] >= 0.5 - 0.01


async def test_costs_count_against_the_limit() -> None:
    limiter = InMemoryRateLimiter()
    await (await limiter.acquire([Limit("k", limit=10, per=60, cost=8)], max_wait=0)).release()
    with pytest.raises(RateLimited) as caught:
        await (await limiter.acquire([Limit("k", limit=10, per=60, cost=3)], max_wait=0.1)).release()
    assert 59 < caught.value.retry_after <= 60
    await (await limiter.acquire([Limit("k", limit=10, per=60, cost=2)], max_wait=0)).release()


async def test_every_limit_must_have_room() -> None:
    limiter = InMemoryRateLimiter()
    second = Limit("per-second", limit=5, per=1)
    day = Limit("per-day", limit=2, per=86_400, window="utc_day")
    await (await limiter.acquire([second, day], max_wait=0)).release()
    await (await limiter.acquire([second, day], max_wait=0)).release()
    with pytest.raises(RateLimited, match="per-day"):
        await (await limiter.acquire([second, day], max_wait=1)).release()


async def test_a_caller_with_a_free_slot_still_queues_behind_one_already_waiting() -> None:
    """Arrival order: the free slot goes to nobody ahead of the caller who waits for two."""
    limiter = InMemoryRateLimiter()
    granted: list[str] = []

    async def take(name: str, cost: int) -> None:
        permit = await limiter.acquire([Limit("k", limit=2, per=0.3, cost=cost)], max_wait=2)
        granted.append(name)
        await permit.release()

    await take("first", 1)  # one slot of two used: the next caller's two do not fit
    waiting = asyncio.create_task(take("two slots", 2))
    await asyncio.sleep(0.02)  # it has queued
    await take("one slot", 1)  # one slot is free now, but it is not this caller's turn
    await waiting
    assert granted == ["first", "two slots", "one slot"]


async def test_release_moves_the_slot_to_the_answer_time() -> None:
    limiter = InMemoryRateLimiter()
    limit = Limit("k", limit=1, per=0.3)
    permit = await limiter.acquire([limit], max_wait=0)
    await asyncio.sleep(0.2)
    await permit.release()  # the answer came at +0.2 s: the window runs from there
    started = time.monotonic()
    await (await limiter.acquire([limit], max_wait=1)).release()
    assert time.monotonic() - started >= 0.25


async def test_a_cost_above_the_limit_never_fits() -> None:
    with pytest.raises(RateLimited):
        await InMemoryRateLimiter().acquire([Limit("k", limit=1, per=1, cost=2)], max_wait=10)


async def test_background_work_leaves_a_fifth_of_each_window_to_live_calls() -> None:
    from switchboard.ratelimit import background_limits

    limiter = InMemoryRateLimiter()
    live = [Limit("k", limit=10, per=60)]
    background = background_limits(live)
    assert background[0].limit == 8 and background[0].key == "k"  # the same window, a smaller share
    for _ in range(8):
        await (await limiter.acquire(background, max_wait=0)).release()
    with pytest.raises(RateLimited):
        await (await limiter.acquire(background, max_wait=0)).release()  # the sync waits ...
    for _ in range(2):
        await (await limiter.acquire(live, max_wait=0)).release()  # ... while live calls still get slots at once
    with pytest.raises(RateLimited):
        await (await limiter.acquire(live, max_wait=0)).release()  # and the window as a whole is still 10
    assert background_limits([Limit("one", limit=1, per=1)])[0].limit == 1


async def test_a_sync_waiting_for_its_share_does_not_hold_up_a_live_call() -> None:
    from switchboard.ratelimit import background_limits

    limiter = InMemoryRateLimiter()
    live = [Limit("k", limit=5, per=1.0)]
    background = background_limits(live)
    for _ in range(4):
        await (await limiter.acquire(background, max_wait=0)).release()
    waiting = asyncio.ensure_future(limiter.acquire(background, max_wait=5))  # sleeps for its share
    await asyncio.sleep(0.05)
    started = time.monotonic()
    await (await limiter.acquire(live, max_wait=5)).release()  # the headroom is free: no wait behind the sync
    assert time.monotonic() - started < 0.5  # behind the sync it would wait about a second
    await waiting
