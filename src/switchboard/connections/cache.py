"""A short-lived, per-process cache of call targets, so most calls never wait on the database.

Writes made through this process drop the entries they touch at once; writes made through
another worker are seen within ``ttl`` seconds (the stated bound, ``SWITCHBOARD_CACHE_SECONDS``).
Stale OAuth tokens are harmless: the refresh coordinator re-reads the store before refreshing.
An account's list of account connectors (what its tool list is built from) is kept the same way.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

from switchboard.store.account_connectors import CallTarget, Installed

Key = tuple[int, str, int]  # partner id, account API ID, account connector id
AccountKey = tuple[int, str]  # partner id, account API ID

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class _Entries(Generic[K, V]):
    """Values for ``ttl`` seconds, bounded; concurrent misses for one key share one load."""

    def __init__(self, ttl: float, max_entries: int) -> None:
        self.ttl = ttl
        self._max = max_entries
        self.entries: dict[K, tuple[V, float]] = {}
        self._loading: dict[K, asyncio.Future[V]] = {}

    async def get_or_load(self, key: K, load: Callable[[], Awaitable[V]]) -> V:
        found = self.entries.get(key)
        if found is not None and found[1] > time.monotonic():
            return found[0]
        pending = self._loading.get(key)
        if pending is None:
            pending = self._loading[key] = asyncio.ensure_future(self._load(key, load))
            pending.add_done_callback(lambda _: self._loading.pop(key, None))
        return await asyncio.shield(pending)

    async def _load(self, key: K, load: Callable[[], Awaitable[V]]) -> V:
        value = await load()
        self.put(key, value)
        return value

    def put(self, key: K, value: V) -> None:
        if self.ttl <= 0:
            return
        if len(self.entries) >= self._max:
            self.entries.clear()  # crude but bounded; a refill costs one query per key
        self.entries[key] = (value, time.monotonic() + self.ttl)


class TargetCache:
    def __init__(self, ttl: float, max_entries: int = 50_000) -> None:
        self.ttl = ttl
        self._targets: _Entries[Key, CallTarget] = _Entries(ttl, max_entries)
        self._installed: _Entries[AccountKey, tuple[Installed, ...]] = _Entries(ttl, max_entries)
        # Told of every drop, so caches of other views of connections (provider hooks) drop theirs too.
        self.on_forget: list[Callable[[], None]] = []

    async def get_or_load(self, key: Key, load: Callable[[], Awaitable[CallTarget]]) -> CallTarget:
        """The cached target, or ``load()``'s; concurrent misses for one key share one load.

        When an entry expires under load, the database sees one read, not one per waiting call.
        """
        return await self._targets.get_or_load(key, load)

    async def installed(
        self, key: AccountKey, load: Callable[[], Awaitable[tuple[Installed, ...]]]
    ) -> tuple[Installed, ...]:
        """The account's account connectors, cached as targets are (every tool call needs them)."""
        return await self._installed.get_or_load(key, load)

    def put(self, key: Key, target: CallTarget) -> None:
        self._targets.put(key, target)

    def forget_connection(self, account_connector_id: int) -> None:
        entries = self._targets.entries
        for key in [k for k in entries if k[2] == account_connector_id]:
            del entries[key]
        # The lists do not say which account a connection is in: all go (one query per account refills them).
        self._installed.entries.clear()
        self._told()

    def forget_installed(self) -> None:
        """An account connector was created: the account's list (and its tools' names) changed."""
        self._installed.entries.clear()

    def clear(self) -> None:
        self._targets.entries.clear()
        self._installed.entries.clear()
        self._told()

    def _told(self) -> None:
        for listener in self.on_forget:
            listener()
