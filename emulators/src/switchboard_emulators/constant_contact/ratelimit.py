"""Constant Contact's two limits per OAuth application: 4 requests/second and 10,000/day.

The per-second limit is a sliding 1.0 s window over the requests that were let through
(a request at ``t`` counts if it arrived after ``t - 1.0``), so a client that spaces
requests 250 ms apart is never throttled. The daily quota counts requests let through
since 00:00 UTC. Refused requests count towards neither.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

THROTTLED = "throttled"
QUOTA_EXCEEDED = "quota_exceeded"
WINDOW = 1.0


class RateLimiter:
    """Decides whether one more request for an app is allowed; not thread-safe on its own."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic, wall: Callable[[], float] = time.time) -> None:
        self._monotonic = monotonic
        self._wall = wall
        self._recent: dict[str, deque[float]] = {}
        self._daily: dict[str, tuple[str, int]] = {}
        self.refused = 0

    def check(self, key: str, per_second: int, daily: int) -> str | None:
        """None if allowed (and counted), else ``throttled`` or ``quota_exceeded``."""
        day = time.strftime("%Y-%m-%d", time.gmtime(self._wall()))
        seen_day, used = self._daily.get(key, (day, 0))
        if seen_day != day:
            used = 0
        if used >= daily:
            self.refused += 1
            return QUOTA_EXCEEDED
        now = self._monotonic()
        recent = self._recent.setdefault(key, deque())
        while recent and recent[0] <= now - WINDOW:
            recent.popleft()
        if len(recent) >= per_second:
            self.refused += 1
            return THROTTLED
        recent.append(now)
        self._daily[key] = (day, used + 1)
        return None

    def used_today(self, key: str) -> int:
        day = time.strftime("%Y-%m-%d", time.gmtime(self._wall()))
        seen_day, used = self._daily.get(key, (day, 0))
        return used if seen_day == day else 0
