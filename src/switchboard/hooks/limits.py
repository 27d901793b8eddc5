"""Requests per minute per hook URL, in this process: a flood at one URL cannot starve the others."""

from __future__ import annotations

import time
from collections.abc import Callable

from switchboard.errors import RateLimited

MAX_KEYS = 100_000  # a bound on memory: past it, past minutes' counts go, and then new keys go uncounted


class PerMinute:
    """A fixed one-minute window per key; cheap enough for every inbound request."""

    def __init__(self, limit: int, clock: Callable[[], float] = time.monotonic) -> None:
        self._limit = limit
        self._clock = clock
        self._counts: dict[str, tuple[int, int]] = {}

    def take(self, key: str) -> None:
        """Count one request for ``key``; ``RateLimited`` once the minute's allowance is spent."""
        now = self._clock()
        window = int(now // 60)
        seen_window, count = self._counts.get(key, (window, 0))
        if seen_window != window:
            count = 0
        if count >= self._limit:
            raise RateLimited(
                f"More than {self._limit} webhook requests this minute at this URL", retry_after=60 - now % 60
            )
        if len(self._counts) >= MAX_KEYS and key not in self._counts:
            # Never start everyone's count over: a flood of made-up URLs would reset the real ones' limits.
            self._counts = {k: v for k, v in self._counts.items() if v[0] == window}
            if len(self._counts) >= MAX_KEYS:
                return
        self._counts[key] = (window, count + 1)
