"""The partner token cache: bounded, and no entry believed past its second (or its token's expiry)."""

from __future__ import annotations

import asyncio
import time

from switchboard.api.allow_list import PartnerAccess
from switchboard.api.tokens import TokenCache
from tests.unit.fakes import Clock


def access(partner_id: int) -> PartnerAccess:
    return PartnerAccess.of(partner_id, [], None)


def test_an_entry_is_believed_for_its_ttl_and_no_longer() -> None:
    clock = Clock(100.0)
    cache = TokenCache(ttl=1.0, clock=clock)
    cache.put("Bearer a", access(1), expires_at=time.time() + 3600)
    clock.now += 0.99
    assert cache.get("Bearer a") == access(1)
    clock.now += 0.02
    assert cache.get("Bearer a") is None
    assert len(cache) == 0  # the stale entry is gone, not just hidden


def test_a_token_expiring_sooner_than_the_ttl_is_kept_until_its_expiry_only() -> None:
    clock = Clock(100.0)
    cache = TokenCache(ttl=1.0, clock=clock)
    cache.put("Bearer soon", access(1), expires_at=time.time() + 0.2)
    clock.now += 0.3
    assert cache.get("Bearer soon") is None
    cache.put("Bearer gone", access(1), expires_at=time.time() - 1)
    assert cache.get("Bearer gone") is None and len(cache) == 0


def test_the_least_recently_used_entry_goes_first_past_the_bound() -> None:
    cache = TokenCache(max_entries=2, clock=Clock(100.0))
    future = time.time() + 3600
    cache.put("Bearer a", access(1), future)
    cache.put("Bearer b", access(2), future)
    assert cache.get("Bearer a") == access(1)  # a is now the most recently used
    cache.put("Bearer c", access(3), future)
    assert len(cache) == 2
    assert cache.get("Bearer b") is None
    assert cache.get("Bearer a") == access(1) and cache.get("Bearer c") == access(3)


def test_keys_are_the_raw_header_values() -> None:
    cache = TokenCache(clock=Clock(100.0))
    cache.put("Bearer a", access(1), time.time() + 3600)
    assert cache.get("bearer a") is None and cache.get("Bearer a ") is None
    cache.clear()
    assert cache.get("Bearer a") is None


async def test_misses_for_one_header_together_are_looked_up_once() -> None:
    cache = TokenCache()
    calls: list[str] = []
    release = asyncio.Event()

    async def look_up() -> PartnerAccess | None:
        calls.append("lookup")
        await release.wait()
        return access(7)

    waiters = [asyncio.create_task(cache.coalesced("Bearer a", look_up)) for _ in range(32)]
    await asyncio.sleep(0)
    waiters[0].cancel()  # one caller gone: the others still get the answer
    release.set()
    answers = await asyncio.gather(*waiters[1:])
    assert calls == ["lookup"] and answers == [access(7)] * 31
    assert await cache.coalesced("Bearer a", look_up) == access(7) and calls == ["lookup", "lookup"]  # done: a new one


def test_a_token_that_never_expires_is_kept_for_the_ttl() -> None:
    clock = Clock(100.0)
    cache: TokenCache[str] = TokenCache(ttl=1.0, clock=clock)  # any value: MCP token scopes too
    cache.put("sbmcp_a", "scope", expires_at=None)
    clock.now += 0.99
    assert cache.get("sbmcp_a") == "scope"
    clock.now += 0.02
    assert cache.get("sbmcp_a") is None
