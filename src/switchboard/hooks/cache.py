"""The per-URL lookups of the request path, kept a second: the partner by hook key, the connection
by hook id, and the decrypted keys that may sign for them.

A write in this process that changes what they hold (a learned or minted secret, the settings, a
deleted connection or account) calls ``forget``; other workers see it when the entry expires, within
``ttl`` (one second). A lookup that started before a ``forget`` is not kept, so it cannot put back a
value the write replaced.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

TTL_SECONDS = 1.0


class HookCache:
    """Entries for ``ttl`` seconds; concurrent misses of one key share one load; bounded in size."""

    def __init__(self, ttl: float = TTL_SECONDS, max_entries: int = 20_000) -> None:
        self._ttl = ttl
        self._max = max_entries
        self._entries: dict[Hashable, tuple[Any, float]] = {}
        self._loading: dict[Hashable, asyncio.Future[Any]] = {}
        self._generation = 0

    async def get(self, key: Hashable, load: Callable[[], Awaitable[T]]) -> T:
        found = self._entries.get(key)
        if found is not None and found[1] > time.monotonic():
            return found[0]  # type: ignore[no-any-return]
        pending = self._loading.get(key)
        if pending is None:
            pending = self._loading[key] = asyncio.ensure_future(self._load(key, load))
            pending.add_done_callback(lambda done: self._settled(key, done))
        return await asyncio.shield(pending)

    async def _load(self, key: Hashable, load: Callable[[], Awaitable[T]]) -> T:
        generation = self._generation
        value = await load()
        if generation == self._generation and self._ttl > 0:
            if len(self._entries) >= self._max:
                self._entries.clear()  # crude but bounded: a refill is one query per URL
            self._entries[key] = (value, time.monotonic() + self._ttl)
        return value

    def _settled(self, key: Hashable, done: asyncio.Future[Any]) -> None:
        if self._loading.get(key) is done:
            del self._loading[key]

    def forget(self) -> None:
        """Drop everything (secrets or connections changed); loads under way are not kept."""
        self._generation += 1
        self._entries.clear()
        self._loading.clear()
