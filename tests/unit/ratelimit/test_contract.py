"""One contract for every RateLimiter: in-process and Redis behave the same."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest

from switchboard.errors import RateLimited
from switchboard.ratelimit import InMemoryRateLimiter, Limit, RateLimiter, RedisRateLimiter
from tests.backends import redis_or_fail, unique_prefix


@pytest.fixture(params=["memory", "redis"])
async def limiter(request: pytest.FixtureRequest) -> AsyncIterator[RateLimiter]:
    if request.param == "memory":
        yield InMemoryRateLimiter()
        return
    client = await redis_or_fail()
    yield RedisRateLimiter(client, unique_prefix())
    await client.aclose()


async def test_grants_up_to_the_limit_then_paces(limiter: RateLimiter) -> None:
    limit = Limit("pace", limit=3, per=0.6)
    stamps: list[float] = []

    async def one() -> None:
        permit = await limiter.acquire([limit], max_wait=5)
        stamps.append(time.monotonic())
        await permit.release()

    started = time.monotonic()
    await asyncio.gather(*(one() for _ in range(9)))
    assert 1.1 <= time.monotonic() - started < 2.2  # 3 now, 3 after 0.6 s, 3 after 1.2 s
    stamps.sort()
    for i in range(3, len(stamps)):
        assert stamps[i] - stamps[i - 3] >= 0.6 - 0.02


async def test_costs_and_retry_after(limiter: RateLimiter) -> None:
    await (await limiter.acquire([Limit("cost", limit=10, per=60, cost=8)], max_wait=0)).release()
    with pytest.raises(RateLimited) as caught:
        await (await limiter.acquire([Limit("cost", limit=10, per=60, cost=3)], max_wait=0.1)).release()
    assert 58 < caught.value.retry_after <= 60.1
    await (await limiter.acquire([Limit("cost", limit=10, per=60, cost=2)], max_wait=0)).release()


async def test_all_limits_must_have_room_and_nothing_is_taken_otherwise(limiter: RateLimiter) -> None:
    second = Limit("both-second", limit=5, per=60)
    day = Limit("both-day", limit=1, per=86_400, window="utc_day")
    await (await limiter.acquire([second, day], max_wait=0)).release()
    with pytest.raises(RateLimited, match="both-day"):
        await (await limiter.acquire([second, day], max_wait=0.1)).release()
    for _ in range(4):  # the refused attempt took nothing from the per-second window
        await (await limiter.acquire([second], max_wait=0)).release()


async def test_a_cost_above_the_limit_never_fits(limiter: RateLimiter) -> None:
    with pytest.raises(RateLimited):
        await (await limiter.acquire([Limit("never", limit=1, per=1, cost=2)], max_wait=5)).release()


async def test_release_counts_from_the_answer(limiter: RateLimiter) -> None:
    limit = Limit("release", limit=1, per=0.4)
    permit = await limiter.acquire([limit], max_wait=0)
    await asyncio.sleep(0.3)
    await permit.release()
    started = time.monotonic()
    await (await limiter.acquire([limit], max_wait=2)).release()
    assert time.monotonic() - started >= 0.3


async def test_redis_limiters_share_windows() -> None:
    """Two limiters (two workers) over one Redis count together."""
    client = await redis_or_fail()
    prefix = unique_prefix()
    first, second = RedisRateLimiter(client, prefix), RedisRateLimiter(client, prefix)
    limit = Limit("shared", limit=2, per=60)
    await (await first.acquire([limit], max_wait=0)).release()
    await (await second.acquire([limit], max_wait=0)).release()
    with pytest.raises(RateLimited):
        await (await first.acquire([limit], max_wait=0)).release()
    await client.aclose()


async def test_a_live_caller_waiting_goes_before_background_work(limiter: RateLimiter) -> None:
    # Two slots per 0.6 s, taken at 0 and 0.3. A sync asks at 0.35 (the first slot frees at 0.6);
    # a live call needing both asks at 0.4 (both free at 0.9). The sync must not take the slot
    # freed at 0.6, which would push the live call back to 1.2: it waits behind the live call.
    live = Limit("first", limit=2, per=0.6)
    background = Limit("first", limit=2, per=0.6, background=True)
    started = time.monotonic()
    await (await limiter.acquire([live], max_wait=0)).release()
    await asyncio.sleep(0.3)
    await (await limiter.acquire([live], max_wait=0)).release()
    order: list[str] = []

    async def take(name: str, limits: list[Limit]) -> float:
        await (await limiter.acquire(limits, max_wait=5)).release()
        order.append(name)
        return time.monotonic() - started

    await asyncio.sleep(0.05)
    sync = asyncio.ensure_future(take("sync", [background]))
    await asyncio.sleep(0.05)
    live_done = await take("live", [Limit("first", limit=2, per=0.6, cost=2)])
    sync_done = await sync
    assert order == ["live", "sync"]
    assert live_done < 1.1, live_done  # its own turn (0.9), not the one after the sync's (1.2)
    assert sync_done >= 1.4, sync_done  # the slot after the live call's


async def test_a_slot_still_in_flight_past_its_window_counts_until_its_answer(limiter: RateLimiter) -> None:
    limit = Limit("k", limit=1, per=0.2)
    slow = await limiter.acquire([limit], max_wait=0)  # its request is slower than the window
    waiting = asyncio.ensure_future(limiter.acquire([limit], max_wait=5))
    await asyncio.sleep(0.4)
    assert not waiting.done()  # the provider may have counted the slow request only now
    await slow.release()
    await asyncio.sleep(0.1)
    assert not waiting.done()  # the slot counts from the answer ...
    started = time.monotonic()
    await waiting  # ... and frees a window after it (0.1 s from here; held, it would time out)
    assert time.monotonic() - started < 0.5
