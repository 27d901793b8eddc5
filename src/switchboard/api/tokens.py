"""Token lookups cached per raw token value: no parsing nor hashing on a hit.

Partner lookups are keyed by the raw ``Authorization`` header value, MCP token lookups by the token.

Bounded (least recently used entries go first) and short-lived: an entry is believed for at most
``ttl`` seconds (1 s), the bound on how late a token revoked or changed by another worker or host
is noticed. A change made in this process clears the cache at once (``clear``). Misses for one
header value are looked up once at a time (``coalesced``).
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

V = TypeVar("V")

# How long a worker may keep believing a partner token it has seen.
TOKEN_CACHE_SECONDS = 1.0
TOKEN_CACHE_ENTRIES = 10_000


class TokenCache(Generic[V]):
    """Raw token (or ``Authorization`` value) -> what it grants, until its entry's deadline; never logged."""

    def __init__(
        self,
        *,
        ttl: float = TOKEN_CACHE_SECONDS,
        max_entries: int = TOKEN_CACHE_ENTRIES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._clock = clock
        self._entries: OrderedDict[str, tuple[V, float]] = OrderedDict()
        self._lookups: dict[str, asyncio.Future[V | None]] = {}

    def get(self, header: str) -> V | None:
        entry = self._entries.get(header)
        if entry is None:
            return None
        if entry[1] <= self._clock():
            del self._entries[header]
            return None
        self._entries.move_to_end(header)
        return entry[0]

    def put(self, header: str, value: V, expires_at: float | None) -> None:
        """Keep ``value`` for ``header`` for the TTL, or until the token's own expiry (wall clock) if sooner."""
        now = self._clock()
        left = self.ttl if expires_at is None else min(self.ttl, expires_at - time.time())
        if left <= 0:
            return
        self._entries[header] = (value, now + left)
        self._entries.move_to_end(header)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    async def coalesced(self, header: str, look_up: Callable[[], Awaitable[V | None]]) -> V | None:
        """``look_up()``, shared by every caller that misses ``header`` while it runs.

        When an entry expires, every call in flight with that token misses at once: each took a
        database connection (past the pool's size, a new one, with its thread) for the same row.
        """
        lookup = self._lookups.get(header)
        if lookup is None:
            lookup = self._lookups[header] = asyncio.ensure_future(look_up())
            lookup.add_done_callback(lambda done: self._finished(header, done))
        return await asyncio.shield(lookup)  # a caller gone does not cancel the others' lookup

    def _finished(self, header: str, lookup: asyncio.Future[V | None]) -> None:
        if self._lookups.get(header) is lookup:
            del self._lookups[header]
        if not lookup.cancelled():
            lookup.exception()  # retrieved: every waiter may have gone

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
