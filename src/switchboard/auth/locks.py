"""Locks for the refresh coordinator: a protocol, the in-process default, and Redis.

The Redis lock holds a lease that expires if its holder dies; the store's credentials
version is the fencing token that stops a late holder's write from replacing a newer set.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress
from typing import TYPE_CHECKING, Protocol

from switchboard.errors import RateLimited, Unavailable

if TYPE_CHECKING:
    from redis.asyncio import Redis

# Longer than a token request may take (30 s), so a live holder keeps it; short enough that a
# dead holder's lease ends soon.
LEASE_SECONDS = 45.0


class LockProvider(Protocol):
    def lock(self, key: str, *, wait: float) -> AbstractAsyncContextManager[None]:
        """Hold ``key`` exclusively; waiting longer than ``wait`` seconds raises."""
        ...


class InProcessLocks:
    """asyncio locks by key, dropped when nobody holds or waits for them."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def lock(self, key: str, *, wait: float) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            try:
                async with asyncio.timeout(wait):
                    await lock.acquire()
            except TimeoutError:
                raise RateLimited(f"Another request holds {key} for too long; try again", retry_after=1) from None
            try:
                yield
            finally:
                lock.release()
        finally:
            lock, users = self._locks[key]
            if users <= 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)


class RedisLocks:
    """Locks shared by every worker on every host (redis-py's token-checked ``Lock``)."""

    def __init__(self, client: Redis, prefix: str = "switchboard:", lease: float = LEASE_SECONDS) -> None:
        self._client = client
        self._prefix = f"{prefix}lock:"
        self._lease = lease

    @asynccontextmanager
    async def lock(self, key: str, *, wait: float) -> AsyncIterator[None]:
        from redis.exceptions import RedisError  # the scale-out extra: present whenever a client is

        lock = self._client.lock(self._prefix + key, timeout=self._lease, sleep=0.01, blocking_timeout=wait)
        try:
            acquired = await lock.acquire()
        except RedisError:
            raise Unavailable(f"Redis, which keeps {_kept(key)}, cannot be reached just now; try again") from None
        if not acquired:
            raise RateLimited(f"Another worker holds {key} for too long; try again", retry_after=1)
        try:
            yield
        finally:
            # If the lease ran out first (LockError) or Redis went away, release fails: the lease ends on its own,
            # and the fencing check already guarded our write.
            with suppress(RedisError):
                await lock.release()


def _kept(key: str) -> str:
    """What a lock's key guards, in the words of an outage's 503 (its key holds a hash or an id: never said)."""
    if key.startswith("idempotency:"):
        return "the locks that hold a repeated Idempotency-Key until the first call has answered"
    if key.startswith("refresh:"):
        return "the token refresh locks"
    return "the locks shared by every worker"


def create_locks(redis: Redis | None, prefix: str) -> LockProvider:
    return RedisLocks(redis, prefix) if redis is not None else InProcessLocks()
