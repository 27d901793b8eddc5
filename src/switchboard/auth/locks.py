"""Locks for the refresh coordinator: a protocol, and the in-process default.

The Redis implementation (scale-out) holds a lease that expires if its holder dies; the
store's credentials version is the fencing token that stops a late holder's write.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Protocol

from switchboard.errors import RateLimited


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
