"""One contract for every LockProvider, and the Redis lease that outlives a dead holder."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from switchboard.auth.locks import InProcessLocks, LockProvider, RedisLocks
from switchboard.errors import RateLimited
from tests.backends import redis_or_fail, unique_prefix


@pytest.fixture(params=["memory", "redis"])
async def locks(request: pytest.FixtureRequest) -> AsyncIterator[LockProvider]:
    if request.param == "memory":
        yield InProcessLocks()
        return
    client = await redis_or_fail()
    yield RedisLocks(client, unique_prefix())
    await client.aclose()


async def test_holders_are_exclusive(locks: LockProvider) -> None:
    inside = 0
    most = 0

    async def worker() -> None:
        nonlocal inside, most
        async with locks.lock("k", wait=5):
            inside += 1
            most = max(most, inside)
            await asyncio.sleep(0.01)
            inside -= 1

    await asyncio.gather(*(worker() for _ in range(20)))
    assert most == 1


async def test_waiting_too_long_raises(locks: LockProvider) -> None:
    async with locks.lock("busy", wait=1):
        with pytest.raises(RateLimited, match="busy"):
            async with locks.lock("busy", wait=0.1):
                pass


async def test_different_keys_do_not_block(locks: LockProvider) -> None:
    async with locks.lock("a", wait=1), locks.lock("b", wait=0.1):
        pass


async def test_redis_lease_expires_when_the_holder_dies() -> None:
    client = await redis_or_fail()
    prefix = unique_prefix()
    dead = RedisLocks(client, prefix, lease=0.3)
    holder = dead.lock("k", wait=1)
    await holder.__aenter__()  # acquired and never released: its process "died"
    async with RedisLocks(client, prefix).lock("k", wait=2):
        pass
    await client.aclose()
