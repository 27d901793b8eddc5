"""A short-lived, per-process cache of call targets, so most calls never wait on the database.

Writes made through this process drop the entries they touch at once; writes made through
another worker are seen within ``ttl`` seconds (the stated bound, ``SWITCHBOARD_CACHE_SECONDS``).
Stale OAuth tokens are harmless: the refresh coordinator re-reads the store before refreshing.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from switchboard.store.account_connectors import CallTarget

Key = tuple[int, str, int]  # partner id, account API ID, account connector id


class TargetCache:
    def __init__(self, ttl: float, max_entries: int = 50_000) -> None:
        self.ttl = ttl
        self._max = max_entries
        self._entries: dict[Key, tuple[CallTarget, float]] = {}
        self._loading: dict[Key, asyncio.Future[CallTarget]] = {}
        # Told of every drop, so caches of other views of connections (provider hooks) drop theirs too.
        self.on_forget: list[Callable[[], None]] = []

    async def get_or_load(self, key: Key, load: Callable[[], Awaitable[CallTarget]]) -> CallTarget:
        """The cached target, or ``load()``'s; concurrent misses for one key share one load.

        When an entry expires under load, the database sees one read, not one per waiting call.
        """
        found = self._entries.get(key)
        if found is not None and found[1] > time.monotonic():
            return found[0]
        pending = self._loading.get(key)
        if pending is None:
            pending = self._loading[key] = asyncio.ensure_future(self._load(key, load))
            pending.add_done_callback(lambda _: self._loading.pop(key, None))
        return await asyncio.shield(pending)

    async def _load(self, key: Key, load: Callable[[], Awaitable[CallTarget]]) -> CallTarget:
        target = await load()
        self.put(key, target)
        return target

    def put(self, key: Key, target: CallTarget) -> None:
        if self.ttl <= 0:
            return
        if len(self._entries) >= self._max:
            self._entries.clear()  # crude but bounded; a refill costs one query per key
        self._entries[key] = (target, time.monotonic() + self.ttl)

    def forget_connection(self, account_connector_id: int) -> None:
        for key in [k for k in self._entries if k[2] == account_connector_id]:
            del self._entries[key]
        self._told()

    def clear(self) -> None:
        self._entries.clear()
        self._told()

    def _told(self) -> None:
        for listener in self.on_forget:
            listener()
