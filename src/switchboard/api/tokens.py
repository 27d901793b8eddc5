"""Partner lookups cached per raw ``Authorization`` header value: no parsing nor hashing on a hit.

Bounded (least recently used entries go first) and short-lived: an entry is believed for at most
``ttl`` seconds (1 s), the bound on how late a token revoked or changed by another worker or host
is noticed. A change made in this process clears the cache at once (``clear``).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

from switchboard.api.allow_list import PartnerAccess

# How long a worker may keep believing a partner token it has seen.
TOKEN_CACHE_SECONDS = 1.0
TOKEN_CACHE_ENTRIES = 10_000


class TokenCache:
    """``Authorization`` header value -> the partner behind it, until its entry's deadline."""

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
        self._entries: OrderedDict[str, tuple[PartnerAccess, float]] = OrderedDict()

    def get(self, header: str) -> PartnerAccess | None:
        entry = self._entries.get(header)
        if entry is None:
            return None
        if entry[1] <= self._clock():
            del self._entries[header]
            return None
        self._entries.move_to_end(header)
        return entry[0]

    def put(self, header: str, partner: PartnerAccess, expires_at: float) -> None:
        """Keep ``partner`` for ``header`` for the TTL, or until the token's own expiry (wall clock) if sooner."""
        now = self._clock()
        left = min(self.ttl, expires_at - time.time())
        if left <= 0:
            return
        self._entries[header] = (partner, now + left)
        self._entries.move_to_end(header)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
